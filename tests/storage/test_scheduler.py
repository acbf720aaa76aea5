"""Scheduled jobs run once per period, survive a crash mid-job, and keep tiers true."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from bot.club import ledger
from bot.club.club import Club
from bot.storage.db import Database
from bot.storage.tables import members
from scheduler import build_scheduler
from scheduler.jobs import JOBS
from scheduler.registry import JobRunner
from tests.conftest import make_settings


class MovableClock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


async def silver_member(club: Club) -> int:
    async with club.db.write() as conn:
        member_id = int(
            (
                await conn.execute(
                    sa.insert(members)
                    .values(
                        name="Test",
                        phone="+989120000001",
                        code="10000001",
                        joined_at=club.now(),
                        tier="silver",
                    )
                    .returning(members.c.id)
                )
            ).scalar_one()
        )
        await ledger.credit(
            conn,
            member_id=member_id,
            points=1200,
            kind="purchase",
            key="purchase:receipt:1",
            now=club.now(),
            qualifying=1200,
        )
    return member_id


async def test_tiers_fall_back_when_purchases_leave_the_rolling_window(
    sqlite_db: Database,
) -> None:
    clock = MovableClock()
    # No grace: the fall comes the first night (the grace: tests/e2e/test_tier_review.py).
    club = Club(sqlite_db, make_settings(tier_grace_days=0), clock)
    member_id = await silver_member(club)
    runner = JobRunner(club, JOBS)
    assert await runner.run_due(runner.job("tiers"))
    assert (await club.members.get(member_id=member_id)).tier == "silver"
    clock.now += timedelta(days=366)
    assert await runner.run_due(runner.job("tiers"))
    assert (await club.members.get(member_id=member_id)).tier == "bronze"


def test_the_scheduler_uses_the_club_timezone_and_registers_its_jobs(
    sqlite_db: Database,
) -> None:
    scheduler = build_scheduler(Club(sqlite_db, make_settings(timezone="Asia/Tehran")))
    assert str(scheduler.timezone) == "Asia/Tehran"
    assert {job.id for job in scheduler.get_jobs()} == {"jobs_tick", "minute_tick"}
