"""One APScheduler for the process (not PTB's per-Application JobQueue)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from scheduler.jobs import prune_stale_rows, refresh_tiers

if TYPE_CHECKING:
    from bot.club.club import Club


def build_scheduler(club: Club) -> AsyncIOScheduler:
    scheduler = AsyncIOScheduler(timezone=club.settings.timezone)
    # Hourly ticks for daily work: each job records its day in job_runs and does it once, so
    # the first tick of a day runs it (00:xx, a quiet hour), and a day missed to downtime or
    # a crash mid-job is done at the next tick instead of being skipped.
    for job in (refresh_tiers, prune_stale_rows):
        scheduler.add_job(
            job,
            "cron",
            minute=17,
            args=[club],
            id=job.__name__,
            coalesce=True,
            misfire_grace_time=3600,
        )
    return scheduler
