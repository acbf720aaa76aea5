"""The lottery draw as a pure function: anyone holding the revealed seed and the ordered
ticket list can recompute the winners, and the commitment published at creation proves the
seed was fixed before any ticket was sold.

Commitment: `SHA-256(seed)` as lowercase hex, where `seed` is 32 random bytes (`secrets`)
drawn when the lottery is created and revealed (as hex) with the result.

The ordered ticket list: the lottery's entries (one per purchase: a member and a ticket
count) ordered by entry id, the order the purchases were made. Ticket 0 is the first ticket of
the first entry; an entry of n tickets holds n consecutive ticket numbers.

Prizes are drawn in the order the admin listed them, k = 1, 2, ... For prize k:

1. The pool is every entry of members who have not won yet, in entry order; M is the sum of
   their tickets. When M is 0 the remaining prizes are not awarded.
2. For attempt = 0, 1, 2, ...: x = int.from_bytes(SHA-256(seed || k as 4 bytes big-endian
   || attempt as 4 bytes big-endian), "big"). When x < 2**256 - (2**256 mod M), r = x mod M
   and stop; otherwise try the next attempt (rejection sampling, so r is exactly uniform).
3. The winner is the member of the first pool entry whose running ticket total (in entry
   order, over the pool only) exceeds r.
4. One member wins at most one prize: all of the winner's entries leave the pool.

So each prize is ticket-weighted among the members still in the pool, and drawn without
replacement. The service (bot/club/lotteries.py) computes step 3 in SQL with a window sum,
never loading the tickets into Python; `winners` below is the reference it must agree with
(`python -m bot verify-draw <lottery>` compares the two).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

SEED_BYTES = 32
_SPACE = 2**256


@dataclass(frozen=True)
class Win:
    prize: int  # 1-based, in the order the prizes were listed
    member_id: int
    ticket: int  # r: the drawn ticket's number within the pool of this prize


def commitment(seed: bytes) -> str:
    """What is published before the draw: SHA-256 of the seed, hex."""
    return hashlib.sha256(seed).hexdigest()


def pick(seed: bytes, prize: int, pool: int) -> int:
    """The drawn ticket number r in [0, pool) for prize `prize` (steps 2 of the algorithm)."""
    if pool <= 0:
        raise ValueError("an empty pool has no ticket to draw")
    limit = _SPACE - _SPACE % pool
    attempt = 0
    while True:
        digest = hashlib.sha256(
            seed + prize.to_bytes(4, "big") + attempt.to_bytes(4, "big")
        ).digest()
        x = int.from_bytes(digest, "big")
        if x < limit:
            return x % pool
        attempt += 1


def winners(seed: bytes, entries: Sequence[tuple[int, int]], prizes: int) -> list[Win]:
    """The reference draw over (member_id, tickets) entries in entry order."""
    won: list[Win] = []
    out: set[int] = set()
    for prize in range(1, prizes + 1):
        pool = [(member, tickets) for member, tickets in entries if member not in out]
        size = sum(tickets for _, tickets in pool)
        if size == 0:
            break
        ticket = pick(seed, prize, size)
        running = 0
        for member, tickets in pool:
            running += tickets
            if running > ticket:
                won.append(Win(prize, member, ticket))
                out.add(member)
                break
    return won
