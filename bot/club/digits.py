"""Digit and text normalisation for Persian input.

Users type with Persian, Arabic or Latin keyboards (and paste from anywhere), so everything
that is stored or compared goes through these helpers first.
"""

import re
import unicodedata

_PERSIAN = "۰۱۲۳۴۵۶۷۸۹"
_ARABIC = "٠١٢٣٤٥٦٧٨٩"
_LATIN = "0123456789"

_TO_LATIN = str.maketrans(_PERSIAN + _ARABIC, _LATIN * 2)
_TO_PERSIAN = str.maketrans(_LATIN, _PERSIAN)
# Arabic keyboards produce look-alike letters; without this, a name typed with Arabic yeh
# (U+064A) and the same name with Persian yeh (U+06CC) would be two different names.
_ARABIC_LETTERS = str.maketrans({"\u064a": "\u06cc", "\u0649": "\u06cc", "\u0643": "\u06a9"})

_WHITESPACE = re.compile(r"\s+")
# Leading group of 1-3 digits then groups of exactly 3: "12,5" is rejected rather than guessed,
# because some people type a comma as a decimal point.
_GROUPED_INT = re.compile(r"[0-9]{1,3}(?:[,\u066c\u060c][0-9]{3})+|[0-9]+")

THOUSANDS_SEPARATOR = "\u066c"


def to_latin_digits(text: str) -> str:
    return text.translate(_TO_LATIN)


def to_persian_digits(text: str) -> str:
    return text.translate(_TO_PERSIAN)


def normalize_text(text: str) -> str:
    return _WHITESPACE.sub(" ", text.translate(_ARABIC_LETTERS)).strip()


# Bidi marks sneak in when people copy text (a date, a link) out of right-to-left text.
_BIDI_MARKS = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")


def without_bidi_marks(text: str) -> str:
    return _BIDI_MARKS.sub("", text)


def visible_text(text: str) -> str:
    """`normalize_text` without format characters (bidi marks and overrides, zero-width
    spaces), which show nothing yet can make a name look empty or reverse the text around it;
    the zero-width non-joiner stays (Persian words need it)."""
    kept = "".join(c for c in text if c == "\u200c" or unicodedata.category(c) != "Cf")
    return normalize_text(kept).strip("\u200c ")


def parse_int(text: str) -> int | None:
    """Parse a plain non-negative integer, or return None.

    Thousands separators must sit on proper 3-digit group boundaries; signs, decimals and
    anything else make the input invalid.
    """
    candidate = to_latin_digits(text).strip()
    if not _GROUPED_INT.fullmatch(candidate):
        return None
    return int(re.sub(r"[^0-9]", "", candidate))


def format_number(n: int) -> str:
    body = to_persian_digits(f"{abs(n):,}").replace(",", THOUSANDS_SEPARATOR)
    # ASCII minus keeps the sign visible in RTL text where U+2212 renders inconsistently.
    return f"-{body}" if n < 0 else body
