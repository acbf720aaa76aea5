"""One APScheduler for the process (not PTB's per-Application JobQueue).

It only keeps time: two ticks a minute ask the database what is due. The job registry's tick
(scheduler/registry.py) runs the daily and weekly jobs; the minute tick runs whatever has a
due time (scheduled broadcasts, closes, draws). Neither keeps anything in APScheduler's own
store, so nothing is lost with the process and nothing runs twice across processes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from scheduler.jobs import JOBS, minute_tick
from scheduler.registry import JobRunner

if TYPE_CHECKING:
    from bot.club.club import Club


def build_scheduler(club: Club, runner: JobRunner | None = None) -> AsyncIOScheduler:
    scheduler = AsyncIOScheduler(timezone=club.settings.timezone)
    # Soon after start, so what fell due while the process was down runs then (a period a
    # killed process left half done is resumed then); each tick at most once at a time (a
    # long birthday run does not stack ticks).
    scheduler.add_job(
        (runner or JobRunner(club, JOBS)).tick,
        "interval",
        seconds=60,
        id="jobs_tick",
        coalesce=True,
        max_instances=1,
        misfire_grace_time=60,
        next_run_time=datetime.now(UTC) + timedelta(seconds=2),
    )
    scheduler.add_job(
        minute_tick,
        "interval",
        seconds=60,
        args=[club],
        id="minute_tick",
        coalesce=True,
        max_instances=1,
        misfire_grace_time=60,
        next_run_time=datetime.now(UTC) + timedelta(seconds=10),
    )
    return scheduler
