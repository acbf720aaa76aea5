"""Receipt ids typed or pasted by staff, in one canonical form.

A receipt id is part of a purchase's idempotency key (`purchase:receipt:<id>`), so two ways of
writing one receipt must become the same string, or it could earn points twice: "R-12",
"r-12", the same in Persian digits, with a direction mark from an RTL keyboard, or with
full-width letters from a pasted PDF. An id that cannot be stored whole is refused, never cut:
two long ids sharing a prefix would otherwise become one.
"""

import re
import unicodedata

from bot.club.digits import to_latin_digits
from bot.club.invisible import strip_invisible

MAX_LENGTH = 64
# A Telegram message is at most 4096 characters; this only spares NFKC a pathological input.
_MAX_RAW_LENGTH = 1024

TOO_LONG = "error-receipt-too-long"
INVALID = "error-receipt-invalid"

# Unicode categories that are not visible text: whitespace (Z*) and controls, format marks,
# surrogates, private use and unassigned code points (C*). None belongs inside an id.
_INVISIBLE_CATEGORIES = re.compile(r"[CZ].")


class ReceiptRefused(ValueError):
    """A receipt id that cannot be stored as typed; `key` names the message saying why."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def normalize_receipt(raw: str) -> str:
    """The canonical receipt id: NFKC, no direction marks, Latin digits, case-folded."""
    if len(raw) > _MAX_RAW_LENGTH:
        raise ReceiptRefused(TOO_LONG)
    text = to_latin_digits(strip_invisible(unicodedata.normalize("NFKC", raw))).strip()
    # Folding can produce text NFKC would change again (U+00DF then a combining dot above folds
    # to "ss" plus the dot, which composes to U+1E61), so normalise once more: the result is
    # then stable under a second pass.
    text = unicodedata.normalize("NFKC", text.casefold())
    if not text or any(_INVISIBLE_CATEGORIES.fullmatch(unicodedata.category(ch)) for ch in text):
        raise ReceiptRefused(INVALID)
    if len(text) > MAX_LENGTH:
        raise ReceiptRefused(TOO_LONG)
    return text
