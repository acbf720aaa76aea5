"""Validation of member display names.

Names are shown to staff and printed on receipts, so they must be plain names: no links or
handles (spam), no digits or emoji.
"""

import re

from bot.club.digits import normalize_text

MAX_LENGTH = 60
MIN_LETTERS = 2

_ZWNJ = "\u200c"
# Apostrophe includes U+2019 because phone keyboards substitute it for "'" automatically.
_PUNCTUATION = frozenset({" ", _ZWNJ, "-", "'", "\u2019", "."})
# Arabic-script diacritics (tashdid, fatha, superscript alef...) are marks, not letters,
# yet they legitimately appear in names such as Mohammad written with a shadda (U+0651).
_ARABIC_MARKS = re.compile(r"[\u064b-\u065f\u0670]")

_TLDS = "com|net|org|ir|io|me|info|biz|co|app|xyz|ru|de|uk|site|online|shop|store|link|top|dev|ai"
_LINK = re.compile(
    rf"https?:|www\.|t\.me|ble\.ir|@|[^\W_]\.(?:{_TLDS})(?![^\W_])",
    re.IGNORECASE,
)


class InvalidName(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _allowed(ch: str) -> bool:
    return ch.isalpha() or ch in _PUNCTUATION or _ARABIC_MARKS.fullmatch(ch) is not None


def validate_name(text: str) -> str:
    name = normalize_text(text)
    if not name:
        raise InvalidName("error-name-empty")
    if _LINK.search(name):
        raise InvalidName("error-name-link")
    if len(name) > MAX_LENGTH:
        raise InvalidName("error-name-length")
    letters = sum(1 for ch in name if ch.isalpha())
    if letters == 0 or not all(_allowed(ch) for ch in name):
        raise InvalidName("error-name-letters")
    if letters < MIN_LETTERS:
        raise InvalidName("error-name-length")
    return name


def first_name(name: str) -> str:
    """What a referrer is told of the friend who joined: the first word of the name only."""
    words = name.split()
    return words[0] if words else name


def short_name(name: str | None) -> str | None:
    """A person on a public board (a quiz's leaders, a lottery's winners): the first name and
    the family name's first letter, `Sara M.`; None when no name is left (an erased member)."""
    words = (name or "").split()
    if not words:
        return None
    if len(words) == 1:
        return words[0]
    return f"{words[0]} {words[-1][0]}."
