"""Tiers: the stored tier (`members.tier`) is the one truth; the ledger says where it heads.

- What the member sees (the points screen, the card) and the purchase multiplier are the
  stored tier. The ledger's qualifying points in the rolling window (TIER_WINDOW_DAYS) are
  the tier *earned*: where the stored tier is heading.
- Upgrades are immediate: a purchase whose points lift the earned tier above the stored one
  raises it in the purchase's own transaction (`refresh`).
- Falls belong to the nightly review (bot/club/tier_review.py): a warning TIER_WARNING_DAYS
  before, the tier kept TIER_GRACE_DAYS after (`tier_grace_until`), then the downgrade.
- A member whose earned tier is back up to the stored one (a purchase during the grace, or
  after a warning) leaves grace and warning behind at once.
- Voids: a void that takes away points the stored tier stood on (the earned tier reached the
  stored one before the void and falls below it after) drops the stored tier to the earned
  one at once, with no grace and no warning: those points were never earned. A void while the
  stored tier is already above what the ledger says (in its grace, or waiting for the night)
  changes nothing: that fall keeps its own schedule.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.club import ledger
from bot.club.clock import last_day_before
from bot.club.rules import Tier, tier_for
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
    # In its grace: the last club day the stored tier is kept, and the qualifying points
    # still missing by then to keep it (0 otherwise).
    kept_until: date | None = None
    keep_needed: int = 0


@dataclass(frozen=True)
class TierChange:
    before: str
    after: str


class Tiers:
    def __init__(self, club: Club) -> None:
        self.club = club

    def window_start(self, now: datetime) -> datetime:
        return now - timedelta(days=self.club.settings.tier_window_days)

    def rank(self, key: str) -> int:
        """The tier's place in the settings' order; -1 for a key the settings lack."""
        for index, tier in enumerate(self.club.settings.tiers):
            if tier.key == key:
                return index
        return -1

    def by_key(self, key: str) -> Tier | None:
        rank = self.rank(key)
        return self.club.settings.tiers[rank] if rank >= 0 else None

    def earned_by(self, points: int) -> Tier:
        return tier_for(points, self.club.settings.tiers)

    async def points(self, conn: AsyncConnection, *, member_id: int, at: datetime) -> int:
        """Qualifying points in the window that ends at `at` (a future `at`: the points that
        will still count then, without new purchases)."""
        return await ledger.qualifying_points(
            conn, member_id=member_id, since=self.window_start(at)
        )

    async def earned(self, conn: AsyncConnection, *, member_id: int, now: datetime) -> Tier:
        """The tier the ledger says (qualifying points in the rolling window)."""
        return self.earned_by(await self.points(conn, member_id=member_id, at=now))

    async def current(self, conn: AsyncConnection, *, member_id: int, now: datetime) -> Tier:
        """The member's tier: the stored one (a key the settings no longer have: the earned)."""
        stored = await conn.scalar(sa.select(members.c.tier).where(members.c.id == member_id))
        found = self.by_key(str(stored)) if stored is not None else None
        return found or await self.earned(conn, member_id=member_id, now=now)

    async def refresh(
        self,
        conn: AsyncConnection,
        *,
        member_id: int,
        now: datetime,
        earned_before: Tier | None = None,
    ) -> TierChange:
        """After a purchase or a void, in its transaction: raises the stored tier to the
        earned one (never lowers it, the night does that), clears grace and warning when the
        earned tier is back up to it, and with `earned_before` (a void: the earned tier just
        before it) drops the stored tier at once if the void took away its footing."""
        row = (
            await conn.execute(
                sa.select(members.c.tier, members.c.tier_grace_until, members.c.tier_warned_at)
                .where(members.c.id == member_id)
                .with_for_update()
            )
        ).one()
        earned = await self.earned(conn, member_id=member_id, now=now)
        stored, have = self.rank(row.tier), self.rank(earned.key)
        values: dict[str, object] = {}
        falls = earned_before is not None and have < stored <= self.rank(earned_before.key)
        if have > stored or falls:
            values["tier"] = earned.key
        if have >= stored or falls:
            if row.tier_grace_until is not None:
                values["tier_grace_until"] = None
            if row.tier_warned_at is not None:
                values["tier_warned_at"] = None
        if values:
            await conn.execute(sa.update(members).where(members.c.id == member_id).values(**values))
        return TierChange(before=str(row.tier), after=str(values.get("tier", row.tier)))

    def is_upgrade(self, change: TierChange) -> bool:
        before = self.rank(change.before)
        return before >= 0 and self.rank(change.after) > before

    async def standing(self, *, member_id: int) -> Standing:
        """What the points screen and the card show: the stored tier, the points that count
        now, the next tier above the stored one, and in a grace what keeps the tier."""
        now = self.club.now()
        async with self.club.db.read() as conn:
            balance, points = await ledger.balance_and_qualifying(
                conn, member_id=member_id, since=self.window_start(now)
            )
            row = (
                await conn.execute(
                    sa.select(members.c.tier, members.c.tier_grace_until).where(
                        members.c.id == member_id
                    )
                )
            ).one()
            tier = self.by_key(row.tier) or self.earned_by(points)
            grace: datetime | None = row.tier_grace_until
            keep_needed = 0
            if grace is not None and grace > now:
                later = await self.points(conn, member_id=member_id, at=grace)
                keep_needed = max(tier.threshold - later, 0)
            else:
                grace = None
        tiers = self.club.settings.tiers
        rank = self.rank(tier.key)
        upcoming = tiers[rank + 1] if 0 <= rank < len(tiers) - 1 else None
        return Standing(
            balance=balance,
            qualifying=points,
            tier=tier,
            next=upcoming,
            needed=max(upcoming.threshold - points, 0) if upcoming else 0,
            kept_until=last_day_before(grace, self.club.settings.timezone) if grace else None,
            keep_needed=keep_needed,
        )
