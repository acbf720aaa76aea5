"""Who a reward or a campaign code is for: a minimum tier and/or a saved segment."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.club import segments
from bot.club.rules import Tier
from bot.storage.tables import members


def tiers_from(tier: str | None, tiers: Sequence[Tier]) -> list[str] | None:
    """The tier keys at or above `tier` (None: every tier)."""
    if tier is None:
        return None
    keys = [t.key for t in tiers]
    return keys[keys.index(tier) :] if tier in keys else []


async def includes(
    conn: AsyncConnection,
    *,
    member_id: int,
    tier: str | None,
    segment_id: int | None,
    tiers: Sequence[Tier],
    now: datetime,
    timezone: str,
) -> bool:
    """Whether the member is in the audience now (a deleted segment admits nobody)."""
    terms: list[sa.ColumnElement[bool]] = [
        members.c.id == member_id,
        members.c.deleted_at.is_(None),
    ]
    allowed = tiers_from(tier, tiers)
    if allowed is not None:
        terms.append(members.c.tier.in_(allowed))
    if segment_id is not None:
        segment = await segments.get_in(conn, segment_id)
        if segment is None:
            return False
        terms.extend(segments.conditions(segment.criteria, now=now, timezone=timezone))
    return await conn.scalar(sa.select(members.c.id).where(*terms)) is not None
