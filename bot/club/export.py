"""A member's data as JSON-ready dict (privacy: "export my data")."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from bot.club import tickets
from bot.club.discount_codes import shown
from bot.storage.tables import (
    identities,
    ledger,
    members,
    purchases,
    redemptions,
    referrals,
    rewards,
)

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
                purchases.c.discount_toman,
                purchases.c.points_paid,
                purchases.c.points_paid_toman,
                purchases.c.points,
                purchases.c.receipt_id,
                purchases.c.created_at,
                purchases.c.voided_at,
            )
            .where(purchases.c.member_id == member_id)
            .order_by(purchases.c.id)
        )
        codes = await conn.execute(
            sa.select(
                rewards.c.title.label("reward"),
                redemptions.c.code,
                redemptions.c.partner_code,
                redemptions.c.cost,
                redemptions.c.status,
                redemptions.c.created_at,
                redemptions.c.expires_at,
                redemptions.c.used_at,
            )
            .join(rewards, rewards.c.id == redemptions.c.reward_id)
            .where(redemptions.c.member_id == member_id)
            .order_by(redemptions.c.id)
        )
        invited = await conn.scalar(
            sa.select(sa.func.count()).where(referrals.c.referrer_id == member_id)
        )
        return {
            "member": _plain(member, drop=("id", "birth_jmonth", "birth_jday", "deleted_at")),
            "identities": [_plain(r) for r in ids],
            "ledger": [_plain(r) for r in entries],
            "purchases": [_plain(r) for r in bought],
            "codes": [_plain(r) | {"code": shown(r.code)} for r in codes],
            "tickets": await tickets.export(conn, member_id=member_id),
            "friends_invited": int(invited or 0),
        }
