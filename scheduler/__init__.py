"""One APScheduler for the process (not PTB's per-Application JobQueue)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from scheduler.jobs import minute_tick, prune_stale_rows, refresh_rfm_classes, refresh_tiers

if TYPE_CHECKING:
    from bot.club.club import Club


def build_scheduler(club: Club) -> AsyncIOScheduler:
    scheduler = AsyncIOScheduler(timezone=club.settings.timezone)
    # Hourly ticks for daily work: each job records its day in job_runs and does it once, so
    # the first tick of a day runs it (00:xx, a quiet hour), and a day missed to downtime or
    # a crash mid-job is done at the next tick instead of being skipped.
    for job in (refresh_tiers, refresh_rfm_classes, prune_stale_rows):
        scheduler.add_job(
            job,
            "cron",
            minute=17,
            args=[club],
            id=job.__name__,
            coalesce=True,
            misfire_grace_time=3600,
        )
    # The one tick for everything with a due time (never one APScheduler job per item: those
    # would live in one process's memory and be lost on restart).
    scheduler.add_job(
        minute_tick,
        "interval",
        seconds=60,
        args=[club],
        id="minute_tick",
        coalesce=True,
        max_instances=1,
        misfire_grace_time=60,
        # Soon after start, so what fell due while the process was down starts then.
        next_run_time=datetime.now(UTC) + timedelta(seconds=10),
    )
    return scheduler
