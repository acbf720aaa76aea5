"""Numbers carried in button data (`history:<ledger id>`), read without trusting the client.

Callback data comes back from the messenger as the client sends it, and a client can send
anything. The bot only ever writes plain non-negative integers in canonical form, so anything
else (a sign, a leading zero, non-ASCII digits that `int()` would accept, a number too large
for a database integer) is a forged or stale button: None, never an exception.
"""

import re

# A signed 64-bit database integer holds 2**63 - 1; staying below keeps a margin for arithmetic.
DEFAULT_MAX = 2**62
_CANONICAL = re.compile(r"0|[1-9][0-9]*", re.ASCII)


def parse_callback_int(text: str, *, max_value: int = DEFAULT_MAX) -> int | None:
    """A non-negative integer written as the bot writes it, at most `max_value`, else None."""
    # Longer text than the bound's own digits is refused before int() ever sees it.
    if len(text) > len(str(max_value)) or not _CANONICAL.fullmatch(text):
        return None
    value = int(text)
    return value if value <= max_value else None


def parse_callback_field(data: str, prefix: str, *, max_value: int = DEFAULT_MAX) -> int | None:
    """The integer in `<prefix>:<n>` button data, or None for any other shape."""
    head, sep, tail = data.partition(":")
    if head != prefix or not sep:
        return None
    return parse_callback_int(tail, max_value=max_value)
