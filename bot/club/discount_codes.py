"""Discount codes a reward hands out: ten characters a cashier can read aloud and type.

The alphabet leaves out 0/O and 1/I/L, which people confuse; its 31 characters make nine
random ones (from `secrets`) about 44.6 bits, beyond guessing at any rate /code allows. The
tenth is a check character: the positions are weighted 1..10 and the weighted sum of the values
is 0 modulo 31. Because 31 is prime and the weights are distinct and below it, every single
wrong character and every swap of two characters (adjacent or not) breaks the sum, so a typo
is told apart from an unknown code before any lookup.

Codes are stored normalised (no separator) and shown in two groups of five: `ABCDE-FGHJK`.
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from typing import Literal, NamedTuple

from bot.club.digits import to_latin_digits
from bot.club.invisible import strip_invisible

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}
_MODULUS = len(ALPHABET)  # 31, a prime
BODY_LENGTH = 9
CODE_LENGTH = BODY_LENGTH + 1
# The characters left out on purpose: a code that has one was mistyped, not made up.
CONFUSABLE = frozenset("0O1IL")

_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015_.]")


def _weighted_sum(chars: str) -> int:
    return sum((position + 1) * _VALUE[ch] for position, ch in enumerate(chars))


def check_character(body: str) -> str:
    """The character that makes the weighted sum of body + it zero modulo 31."""
    if len(body) != BODY_LENGTH or any(ch not in _VALUE for ch in body):
        raise ValueError(body)
    partial = _weighted_sum(body)
    # CODE_LENGTH * value == -partial (mod 31): multiply by the inverse of CODE_LENGTH.
    value = (-partial * pow(CODE_LENGTH, -1, _MODULUS)) % _MODULUS
    return ALPHABET[value]


def is_valid(code: str) -> bool:
    return (
        len(code) == CODE_LENGTH
        and all(ch in _VALUE for ch in code)
        and _weighted_sum(code) % _MODULUS == 0
    )


def new_code() -> str:
    """A fresh code, normalised (no separator)."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(BODY_LENGTH))
    return body + check_character(body)


def shown(code: str) -> str:
    """A normalised code as people read it: two groups of five."""
    return f"{code[:5]}-{code[5:]}"


def normalise(text: str) -> str:
    """Typed text as a code would be stored: Latin digits, capitals, no separator."""
    text = strip_invisible(unicodedata.normalize("NFKC", text))
    return _SEPARATORS.sub("", to_latin_digits(text)).upper()


class Reading(NamedTuple):
    """How typed text reads as a discount code: ("code", code), ("mistyped", None) when it
    has a code's shape but a wrong character, or ("not-a-code", None)."""

    kind: Literal["code", "mistyped", "not-a-code"]
    code: str | None


def read(text: str) -> Reading:
    candidate = normalise(text)
    if len(candidate) != CODE_LENGTH or not candidate.isascii() or not candidate.isalnum():
        return Reading("not-a-code", None)
    if is_valid(candidate):
        return Reading("code", candidate)
    return Reading("mistyped", None)
