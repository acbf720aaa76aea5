"""Phone-number normalisation to E.164.

Numbers arrive as Telegram/Bale contacts (often without "+"), or typed by members and
cashiers in every local style; the club stores one canonical form so lookups match.
"""

import re

from bot.club.digits import to_latin_digits

# National significant-number lengths we can vouch for. Only these countries get
# "bare national number" handling; for others a bare number must include the country code.
_NATIONAL_LENGTHS: dict[str, int] = {"98": 10}

_DECORATION = re.compile(r"[\s\-\u2010-\u2015()\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")
_DIGITS = re.compile(r"[0-9]+")

LRI = "\u2066"
PDI = "\u2069"


class InvalidPhone(ValueError):
    key = "error-phone-invalid"


def _to_international(number: str, default_country: str) -> str:
    """Return the number's digits including the country code, without any prefix."""
    if number.startswith("+"):
        return number[1:]
    if number.startswith("00"):
        return number[2:]
    if number.startswith("0"):
        return default_country + number[1:]
    national_length = _NATIONAL_LENGTHS.get(default_country)
    if national_length is not None:
        # A bare number of exactly national length is local ("9121234567"); anything else is
        # assumed to already carry its country code, as Telegram contacts do.
        return default_country + number if len(number) == national_length else number
    return number if number.startswith(default_country) else default_country + number


def normalize_phone(raw: str, *, default_country: str = "98") -> str:
    number = _DECORATION.sub("", to_latin_digits(raw))
    digits = _to_international(number, default_country)
    if not _DIGITS.fullmatch(digits) or digits.startswith("0"):
        raise InvalidPhone(raw)
    for country, length in _NATIONAL_LENGTHS.items():
        if not digits.startswith(country):
            continue
        national = digits[len(country) :]
        # "+98 0912..." keeps the trunk zero by habit; it is never part of the number.
        if len(national) == length + 1 and national.startswith("0"):
            national = national[1:]
        if len(national) != length:
            raise InvalidPhone(raw)
        digits = country + national
    if not 8 <= len(digits) <= 15:
        raise InvalidPhone(raw)
    return f"+{digits}"


def isolate_ltr(text: str) -> str:
    """Wrap text so it keeps left-to-right order when embedded in Persian sentences."""
    return f"{LRI}{text}{PDI}"
