"""Member codes: 8 digits, the last a Damm check digit.

Digits only, so a code can be read aloud or typed on a till keypad; the Damm digit catches
every single-digit typo and every swap of two adjacent digits before a lookup is even made.
"""

import re
import unicodedata
from typing import Literal, NamedTuple

from bot.club.digits import to_latin_digits
from bot.club.invisible import strip_invisible

# The standard order-10 weakly totally anti-symmetric quasigroup (Damm, 2004).
_DAMM_TABLE: tuple[tuple[int, ...], ...] = (
    (0, 3, 1, 7, 5, 9, 8, 6, 4, 2),
    (7, 0, 9, 2, 1, 5, 4, 8, 6, 3),
    (4, 2, 0, 6, 8, 7, 1, 3, 5, 9),
    (1, 7, 5, 0, 9, 8, 3, 4, 2, 6),
    (6, 1, 2, 3, 0, 4, 5, 9, 7, 8),
    (3, 6, 7, 4, 2, 0, 9, 5, 8, 1),
    (5, 8, 6, 9, 7, 2, 0, 1, 3, 4),
    (8, 9, 4, 5, 3, 6, 2, 0, 1, 7),
    (9, 4, 3, 8, 6, 1, 7, 2, 0, 5),
    (2, 5, 8, 1, 4, 3, 6, 7, 9, 0),
)

# Bodies live in 1_000_000..9_999_999 so no code starts with 0 (some tills drop leading
# zeros). The body is 1_000_000 + (seq * _MULTIPLIER + _OFFSET) % _BODY_SPACE: an affine map
# that is a bijection on residues because gcd(_MULTIPLIER, _BODY_SPACE) == 1, hence
# injective for seq in 1.._MAX_SEQ. A multiplier near _BODY_SPACE / golden ratio spreads
# consecutive members far apart, so codes don't reveal sign-up order or invite guessing.
_BODY_SPACE = 9_000_000  # 2**6 * 3**2 * 5**6
_MULTIPLIER = 5_562_307  # not divisible by 2, 3 or 5
_OFFSET = 2_718_281
MAX_SEQ = _BODY_SPACE
CODE_LENGTH = 8

_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015_]")
_ASCII_DIGITS = re.compile(r"[0-9]+")


def _damm_interim(digits: str) -> int:
    if not _ASCII_DIGITS.fullmatch(digits):
        raise ValueError(digits)
    interim = 0
    for ch in digits:
        interim = _DAMM_TABLE[interim][int(ch)]
    return interim


def damm_check_digit(digits: str) -> str:
    return str(_damm_interim(digits))


def damm_is_valid(code: str) -> bool:
    if not _ASCII_DIGITS.fullmatch(code):
        return False
    return _damm_interim(code) == 0


def make_member_code(seq: int) -> str:
    if not 1 <= seq <= MAX_SEQ:
        raise ValueError(seq)
    body = str(1_000_000 + (seq * _MULTIPLIER + _OFFSET) % _BODY_SPACE)
    return body + damm_check_digit(body)


def _candidate(text: str) -> str:
    text = strip_invisible(unicodedata.normalize("NFKC", text))
    return _SEPARATORS.sub("", to_latin_digits(text))


def parse_member_code(text: str) -> str | None:
    candidate = _candidate(text)
    if len(candidate) != CODE_LENGTH or not damm_is_valid(candidate):
        return None
    return candidate


class CodeReading(NamedTuple):
    """How typed text reads as a member code: ("code", code), ("mistyped", None) or
    ("not-a-code", None)."""

    kind: Literal["code", "mistyped", "not-a-code"]
    code: str | None


def classify_member_code(text: str) -> CodeReading:
    """Tell a member code from a mistyped one and from anything else (a phone, a name).

    Eight digits are always meant as a code: an Iranian mobile has ten or eleven, so eight
    digits failing the check digit are a typo, worth saying so rather than looking up a phone.
    """
    candidate = _candidate(text)
    if len(candidate) != CODE_LENGTH or not _ASCII_DIGITS.fullmatch(candidate):
        return CodeReading("not-a-code", None)
    if not damm_is_valid(candidate):
        return CodeReading("mistyped", None)
    return CodeReading("code", candidate)
