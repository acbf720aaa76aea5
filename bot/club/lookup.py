"""What a staff lookup (/member) reads: the last purchases and the phone as a role may see it.

Invariant: this module only reads; whether a person may see the full phone is the permission
matrix's answer, asked by the handler (bot/handlers/member.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa

from bot.storage.tables import purchases

if TYPE_CHECKING:
    from bot.club.club import Club

# How many purchases a lookup shows: enough to settle "did my last purchase count?".
LAST_PURCHASES = 5
# Bullets, not asterisks: they read as hidden digits in both scripts.
MASK = "\u2022\u2022\u2022"


@dataclass(frozen=True)
class PurchaseLine:
    number: int
    amount: int
    at: datetime
    voided: bool


async def last_purchases(
    club: Club, member_id: int, limit: int = LAST_PURCHASES
) -> list[PurchaseLine]:
    query = (
        sa.select(
            purchases.c.id, purchases.c.amount_toman, purchases.c.created_at, purchases.c.voided_at
        )
        .where(purchases.c.member_id == member_id)
        .order_by(purchases.c.id.desc())
        .limit(limit)
    )
    async with club.db.read() as conn:
        rows = (await conn.execute(query)).all()
    return [PurchaseLine(r.id, r.amount_toman, r.created_at, r.voided_at is not None) for r in rows]


def mask_phone(phone: str) -> str:
    """+989121234567 -> +98912 then bullets then 4567: enough to confirm, not to dial."""
    if len(phone) < 10:
        return MASK
    return phone[:6] + MASK + phone[-4:]
