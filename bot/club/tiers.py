"""Tier standing: derived from qualifying points in a rolling window; `members.tier` caches it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.club import ledger
from bot.club.rules import Tier, next_tier, tier_for
from bot.storage.tables import members

if TYPE_CHECKING:
    from bot.club.club import Club


@dataclass(frozen=True)
class Standing:
    balance: int
    qualifying: int
    tier: Tier
    next: Tier | None
    needed: int


@dataclass(frozen=True)
class TierChange:
    before: str
    after: str


class Tiers:
    def __init__(self, club: Club) -> None:
        self.club = club

    def window_start(self, now: datetime) -> datetime:
        return now - timedelta(days=self.club.settings.tier_window_days)

    async def current(self, conn: AsyncConnection, *, member_id: int, now: datetime) -> Tier:
        points = await ledger.qualifying_points(
            conn, member_id=member_id, since=self.window_start(now)
        )
        return tier_for(points, self.club.settings.tiers)

    async def refresh(self, conn: AsyncConnection, *, member_id: int, now: datetime) -> TierChange:
        """Recomputes the tier from the ledger and updates the cached column if it moved."""
        cached = await conn.scalar(sa.select(members.c.tier).where(members.c.id == member_id))
        tier = await self.current(conn, member_id=member_id, now=now)
        if tier.key != cached:
            await conn.execute(
                sa.update(members).where(members.c.id == member_id).values(tier=tier.key)
            )
        return TierChange(before=str(cached), after=tier.key)

    def is_upgrade(self, change: TierChange) -> bool:
        order = [t.key for t in self.club.settings.tiers]
        if change.before not in order:
            return False
        return order.index(change.after) > order.index(change.before)

    async def standing(self, *, member_id: int) -> Standing:
        now = self.club.now()
        async with self.club.db.read() as conn:
            balance, points = await ledger.balance_and_qualifying(
                conn, member_id=member_id, since=self.window_start(now)
            )
        tiers = self.club.settings.tiers
        upcoming = next_tier(points, tiers)
        return Standing(
            balance=balance,
            qualifying=points,
            tier=tier_for(points, tiers),
            next=upcoming[0] if upcoming else None,
            needed=upcoming[1] if upcoming else 0,
        )
