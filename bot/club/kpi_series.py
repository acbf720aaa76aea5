"""The charts' numbers over time: members at the end of each club day, and points issued and
redeemed in each Jalali week (Saturday to Friday). Same definitions as bot/club/kpis.py."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from bot.club.clock import last_day_before, local_midnight
from bot.club.kpis import EXPIRY, SPENT
from bot.storage.db import Database
from bot.storage.tables import ledger, members

SATURDAY = 5  # date.weekday()


async def growth(
    db: Database, *, end: datetime, timezone: str, days: int = 30
) -> list[tuple[date, int]]:
    """Members (not erased) at the end of each of the `days` club days up to `end` (the last
    one, at `end` itself)."""
    zone = ZoneInfo(timezone)
    first = last_day_before(end, timezone) - timedelta(days=days - 1)
    start = local_midnight(first, timezone)
    gone = members.c.deleted_at
    async with db.read() as conn:
        before = await conn.scalar(sa.select(sa.func.count()).where(members.c.joined_at < start))
        left = await conn.scalar(sa.select(sa.func.count()).where(gone.is_not(None), gone < start))
        joined = Counter(
            at.astimezone(zone).date()
            for at in await conn.scalars(
                sa.select(members.c.joined_at).where(
                    members.c.joined_at >= start, members.c.joined_at < end
                )
            )
        )
        erased = Counter(
            at.astimezone(zone).date()
            for at in await conn.scalars(
                sa.select(gone).where(gone.is_not(None), gone >= start, gone < end)
            )
        )
    total = int(before or 0) - int(left or 0)
    points = []
    for offset in range(days):
        day = first + timedelta(days=offset)
        total += joined[day] - erased[day]
        points.append((day, total))
    return points


async def weekly_points(
    db: Database, *, end: datetime, timezone: str, weeks: int = 8
) -> list[tuple[date, int, int]]:
    """(the week's Saturday, points issued, points redeemed) for the `weeks` Jalali weeks up
    to `end`, oldest first; the last week ends at `end` (it may be under way)."""
    last = last_day_before(end, timezone)
    saturday = last - timedelta(days=(last.weekday() - SATURDAY) % 7)
    saturdays = [saturday - timedelta(weeks=k) for k in reversed(range(weeks))]
    bounds = [local_midnight(day, timezone) for day in saturdays]
    bucket = sa.case(
        *(
            (ledger.c.created_at >= bound, index)
            for index, bound in reversed(list(enumerate(bounds)))
        ),
        else_=-1,
    )
    spent = ledger.c.kind.in_(SPENT)
    issued = sa.and_(sa.not_(spent), ledger.c.kind != EXPIRY)
    async with db.read() as conn:
        rows = await conn.execute(
            sa.select(
                bucket,
                sa.func.coalesce(sa.func.sum(sa.case((issued, ledger.c.delta), else_=0)), 0),
                sa.func.coalesce(sa.func.sum(sa.case((spent, -ledger.c.delta), else_=0)), 0),
            )
            .where(ledger.c.created_at >= bounds[0], ledger.c.created_at < end)
            .group_by(bucket)
        )
        found = {int(b): (int(i), int(r)) for b, i, r in rows}
    return [(day, *found.get(index, (0, 0))) for index, day in enumerate(saturdays)]
