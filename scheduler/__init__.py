"""One APScheduler for the process (not PTB's per-Application JobQueue)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from scheduler.jobs import prune_processed_updates, refresh_tiers

if TYPE_CHECKING:
    from bot.club.club import Club


def build_scheduler(club: Club) -> AsyncIOScheduler:
    scheduler = AsyncIOScheduler(timezone=club.settings.timezone)
    # Daily, at quiet hours; each job records its period in job_runs, so a restart, a
    # second instance or a catch-up never repeats a day's work.
    scheduler.add_job(
        refresh_tiers,
        "cron",
        hour=3,
        minute=30,
        args=[club],
        id="refresh_tiers",
        coalesce=True,
        misfire_grace_time=6 * 3600,
    )
    scheduler.add_job(
        prune_processed_updates,
        "cron",
        hour=4,
        minute=0,
        args=[club],
        id="prune_processed_updates",
        coalesce=True,
        misfire_grace_time=6 * 3600,
    )
    return scheduler
