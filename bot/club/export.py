"""A member's data as JSON-ready dict (privacy: "export my data")."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from bot.storage.tables import identities, ledger, members, purchases, referrals

if TYPE_CHECKING:
    from bot.club.club import Club


def _plain(row: Any, drop: tuple[str, ...] = ()) -> dict[str, Any]:
    return {
        key: value.isoformat() if hasattr(value, "isoformat") else value
        for key, value in row._mapping.items()
        if key not in drop
    }


async def export_member(club: Club, member_id: int) -> dict[str, Any]:
    async with club.db.read() as conn:
        member = (await conn.execute(sa.select(members).where(members.c.id == member_id))).one()
        ids = await conn.execute(
            sa.select(
                identities.c.platform,
                identities.c.platform_user_id,
                identities.c.username,
                identities.c.created_at,
            ).where(identities.c.member_id == member_id)
        )
        entries = await conn.execute(
            sa.select(ledger.c.delta, ledger.c.kind, ledger.c.ref, ledger.c.created_at)
            .where(ledger.c.member_id == member_id)
            .order_by(ledger.c.id)
        )
        bought = await conn.execute(
            sa.select(
                purchases.c.amount_toman,
                purchases.c.points,
                purchases.c.receipt_id,
                purchases.c.created_at,
                purchases.c.voided_at,
            )
            .where(purchases.c.member_id == member_id)
            .order_by(purchases.c.id)
        )
        invited = await conn.scalar(
            sa.select(sa.func.count()).where(referrals.c.referrer_id == member_id)
        )
        return {
            "member": _plain(member, drop=("id", "birth_jmonth", "birth_jday", "deleted_at")),
            "identities": [_plain(r) for r in ids],
            "ledger": [_plain(r) for r in entries],
            "purchases": [_plain(r) for r in bought],
            "friends_invited": int(invited or 0),
        }
