"""Phone numbers, read with libphonenumber and stored in E.164 ("+989121234567").

Where a number came from decides how its digits are read, so every caller says it:
- a CONTACT shared through the messenger carries the whole international number, usually
  without "+": "3545551234" is Iceland (+354 555 1234), never an Iranian landline;
- a number TYPED by a member or a cashier is read the way people in Iran write one: "0912...",
  "912...", "+98 912 ...", "0098 ...", in any digit script, with spaces, dashes, brackets and
  direction marks.
Only numbers libphonenumber calls valid come out. A typed Iranian number must be a mobile:
members join with the mobile their messenger account uses, so a typed landline can never
find a member and is refused with its own message instead of a fruitless lookup.
"""

import re
import unicodedata

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumber, PhoneNumberType, ValidationResult

from bot.club.digits import to_latin_digits
from bot.club.invisible import strip_invisible

LRI = "\u2066"
PDI = "\u2069"

IRAN = "IR"
# Refusals of a contact, and of a typed number at the till (keys of Fluent messages).
CONTACT_INVALID = "error-phone-invalid"
TYPED_INVALID = "error-phone-number-invalid"
TYPED_LENGTH = "error-phone-number-length"
TYPED_LANDLINE = "error-phone-number-landline"
# What the signup phone step answers to typed text: the contact button is the only way in.
STEP_TYPED = "error-phone-typed"
STEP_TYPED_VALID = "error-phone-typed-valid"
STEP_TYPED_INVALID = "error-phone-typed-invalid"

# Regions where a bare number of exactly this many digits is a national number typed without
# its trunk zero ("9121234567"); any other bare number is taken to carry its country code.
_BARE_NATIONAL_LENGTHS: dict[str, int] = {IRAN: 10}
_DECORATION = re.compile(r"[\s\-\u2010-\u2015\u2212()]")
_SHAPE = re.compile(r"\+?[0-9]+")
# E.164 allows 15 digits; "00" and a habitual trunk zero after the country code add three.
_MAX_DIGITS = 18
_LENGTH_REASONS = frozenset(
    {ValidationResult.TOO_SHORT, ValidationResult.TOO_LONG, ValidationResult.INVALID_LENGTH}
)


class InvalidPhone(ValueError):
    """A number that cannot be stored; `key` names the message that explains why.

    The number itself stays out of the exception's text, so it never reaches a log.
    """

    key = CONTACT_INVALID

    def __init__(self, key: str = CONTACT_INVALID) -> None:
        super().__init__(key)
        self.key = key


def _clean(raw: str) -> str:
    """Latin digits and "+" only, if the text is shaped like a number at all."""
    text = to_latin_digits(strip_invisible(unicodedata.normalize("NFKC", raw)))
    return _DECORATION.sub("", text)


def _parse(text: str, region: str, refusal: str) -> PhoneNumber:
    try:
        return phonenumbers.parse(text, region)
    except NumberParseException:
        raise InvalidPhone(refusal) from None


def _e164(number: PhoneNumber) -> str:
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_from_contact(raw: str) -> str:
    """A contact's number (messenger-provided) in E.164; its digits are international.

    "989121234567" and "+989121234567" are Iran; "3545551234" is Iceland. A leading single 0
    can only be a national number (no country code starts with 0): an Iranian one.
    """
    text = _clean(raw)
    if not _SHAPE.fullmatch(text) or len(text) > _MAX_DIGITS + 1:
        raise InvalidPhone(CONTACT_INVALID)
    if text.startswith("00"):
        text = "+" + text[2:]
    elif not text.startswith(("+", "0")):
        text = "+" + text
    number = _parse(text, IRAN, CONTACT_INVALID)
    if not phonenumbers.is_valid_number(number):
        raise InvalidPhone(CONTACT_INVALID)
    return _e164(number)


def _why_invalid(number: PhoneNumber) -> str:
    national = str(number.national_number)
    # Iran's possible lengths run from 4 to 10 digits, so libphonenumber calls a mobile with a
    # digit missing "possible"; a 9 opens only mobiles, which always have ten digits.
    if number.country_code == 98 and national.startswith("9") and len(national) != 10:
        return TYPED_LENGTH
    if phonenumbers.is_possible_number_with_reason(number) in _LENGTH_REASONS:
        return TYPED_LENGTH
    return TYPED_INVALID


def phone_from_typed(raw: str, *, region: str = IRAN) -> str:
    """A number typed by a member or a cashier, in E.164; Iranian numbers must be mobiles."""
    text = _clean(raw)
    if not _SHAPE.fullmatch(text) or len(text) > _MAX_DIGITS + 1:
        raise InvalidPhone(TYPED_INVALID)
    if text.startswith("00"):
        text = "+" + text[2:]
    elif not text.startswith(("+", "0")) and len(text) != _BARE_NATIONAL_LENGTHS.get(region):
        text = "+" + text
    number = _parse(text, region, TYPED_INVALID)
    if not phonenumbers.is_valid_number(number):
        raise InvalidPhone(_why_invalid(number))
    if number.country_code == 98 and phonenumbers.number_type(number) != PhoneNumberType.MOBILE:
        raise InvalidPhone(TYPED_LANDLINE)
    return _e164(number)


def normalize_phone(raw: str, *, default_country: str = "98") -> str:
    """A typed number in E.164 (kept for existing callers: `phone_from_typed` by country code)."""
    region = phonenumbers.region_code_for_country_code(int(default_country))
    return phone_from_typed(raw, region=region)


def typed_phone_hint(text: str) -> str:
    """The key the signup phone step answers typed text with; the button is needed either way."""
    try:
        phone_from_typed(text)
    except InvalidPhone:
        digits = sum(ch.isdigit() for ch in _clean(text))
        return STEP_TYPED_INVALID if digits >= 4 else STEP_TYPED
    return STEP_TYPED_VALID


def isolate_ltr(text: str) -> str:
    """Wrap text so it keeps left-to-right order when embedded in Persian sentences."""
    return f"{LRI}{text}{PDI}"
