"""Scheduled work: the daily and weekly jobs (scheduler/registry.py), and the minute tick."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from bot.club import (
    birthdays,
    expiry,
    lotteries,
    quizzes,
    surveys,
    tier_review,
    till_codes,
    weekly_report,
)
from bot.club.rfm import refresh_rfm
from bot.storage import outbox
from bot.storage.tables import job_runs
from bot.storage.updates import prune_processed
from scheduler.registry import SATURDAY, CatchUp, Job, JobRun

if TYPE_CHECKING:
    from bot.club.club import Club
    from bot.settings import Settings

log = logging.getLogger(__name__)


async def refresh_rfm_classes(club: Club, run: JobRun) -> None:
    """The segments' RFM class of every member, from their purchases (set-based, chunked)."""
    changed = await refresh_rfm(club.db, now=club.now())
    log.info("RFM classes: %d members changed class", changed)


async def prune_stale_rows(club: Club, run: JobRun) -> None:
    """Handled update ids past their redelivery window; quotes and link requests a week old;
    abandoned conversation drafts; delivered outbox rows past their keeping time; wrong codes
    a day old (the throttle's window is minutes); job runs a year old."""
    now = club.now()
    updates = await prune_processed(
        club.db, now - timedelta(days=club.settings.processed_updates_days)
    )
    pending = await club.pending.prune(now - timedelta(days=7))
    drafts = await club.conversations.prune(
        before=now - timedelta(days=club.settings.conversation_draft_days)
    )
    sent = await outbox.prune(club.db, before=now - timedelta(days=club.settings.outbox_keep_days))
    async with club.db.write() as conn:
        # Wrong codes count only inside their window (cashiers' and members' alike).
        wrong = await till_codes.prune_failures(conn, before=now - timedelta(days=1))
        # Finished runs are kept a year: the catch-up reads only the latest per job.
        await conn.execute(
            sa.delete(job_runs).where(
                job_runs.c.finished_at.is_not(None),
                job_runs.c.finished_at < now - timedelta(days=366),
            )
        )
    log.info(
        "pruned %d handled update ids, %d stale pending actions, %d abandoned drafts, "
        "%d delivered messages and %d wrong codes",
        updates,
        pending,
        drafts,
        sent,
        wrong,
    )


def _setting(name: str) -> Callable[[Settings], Any]:
    return lambda settings: getattr(settings, name)


# Every periodic job, in the order a tick runs them (times are club time, TIMEZONE). The
# README's schedule table is this list.
JOBS: tuple[Job, ...] = (
    Job("prune", prune_stale_rows, at=lambda settings: "00:17"),
    Job("tiers", tier_review.review, at=_setting("tier_time")),
    Job("rfm", refresh_rfm_classes, at=_setting("tier_time")),
    # Runs even with POINTS_EXPIRY_MONTHS=0 (it then only forgets the policy, so a policy
    # turned on again gets its notice period).
    Job("expiry", expiry.expire, at=_setting("expiry_time")),
    Job(
        "birthdays",
        birthdays.greet,
        at=_setting("birthday_time"),
        catch_up=CatchUp.EACH,
        late_limit=_setting("birthday_catch_up_days"),
    ),
    Job(
        "weekly_report",
        weekly_report.send,
        at=_setting("weekly_report_time"),
        weekday=SATURDAY,
    ),
)


def _due_work(club: Club) -> list[tuple[str, Callable[[], Awaitable[list[int]]]]]:
    """What the minute tick does, in order: each names what it acted on (ids)."""
    return [
        ("broadcasts started", club.broadcasts.start_due),
        ("surveys closed", lambda: surveys.close_due(club)),
        ("survey invitations sent", lambda: surveys.send_due_invitations(club)),
        ("lotteries drawn", lambda: lotteries.draw_due(club)),
        ("quizzes closed", lambda: quizzes.close_due(club)),
    ]


async def minute_tick(club: Club) -> None:
    """Every minute: whatever has come due happens (scheduled broadcasts, survey and quiz
    closes, lottery draws, post-purchase survey invitations). Due times live in the database,
    so a tick missed while the process was down is caught up by the first tick after it
    starts, and two processes acting on the same item is prevented by each item's own
    conditional update. One kind of work failing does not hold up the others."""
    for name, work in _due_work(club):
        try:
            done = await work()
        except asyncio.CancelledError:
            return  # the process is stopping; the next start's first tick catches up
        except Exception as error:
            # The next tick tries again (a database that is away, a stop in progress): one
            # line, not a traceback every minute.
            log.warning("minute tick: %s failed (%s)", name, type(error).__name__)
            continue
        if done:
            log.info("%s: %s", name, ", ".join(map(str, done)))
