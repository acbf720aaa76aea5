"""Scheduled jobs: idempotent per period through job_runs."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import TYPE_CHECKING

import sqlalchemy as sa

from bot.club import lotteries, quizzes, surveys, till_codes
from bot.club.rfm import refresh_rfm
from bot.storage import outbox
from bot.storage.db import dialect_insert
from bot.storage.tables import job_runs, members
from bot.storage.updates import prune_processed

if TYPE_CHECKING:
    from bot.club.club import Club

log = logging.getLogger(__name__)
STALE = timedelta(hours=1)


async def once_per_period(club: Club, job: str, work: Callable[[], Awaitable[None]]) -> bool:
    """Runs `work` unless this job already ran for today's period; True when it ran.

    The claim is a row in job_runs; a claim left unfinished for STALE (a crash mid-job) may
    be taken over, so a crash delays a period's work but never skips it.
    """
    period, now = club.today().isoformat(), club.now()
    async with club.db.write() as conn:
        claimed = await conn.execute(
            dialect_insert(conn, job_runs)
            .values(job=job, period_key=period, started_at=now)
            .on_conflict_do_nothing()
        )
        if claimed.rowcount != 1:
            claimed = await conn.execute(
                sa.update(job_runs)
                .where(
                    job_runs.c.job == job,
                    job_runs.c.period_key == period,
                    job_runs.c.finished_at.is_(None),
                    job_runs.c.started_at < now - STALE,
                )
                .values(started_at=now)
            )
    if claimed.rowcount != 1:
        return False
    await work()
    async with club.db.write() as conn:
        await conn.execute(
            sa.update(job_runs)
            .where(job_runs.c.job == job, job_runs.c.period_key == period)
            .values(finished_at=club.now())
        )
    return True


async def refresh_tiers(club: Club) -> bool:
    """Tiers fall as purchases leave the rolling window; recompute every member's cache."""

    async def work() -> None:
        async with club.db.read() as conn:
            ids = (
                (await conn.execute(sa.select(members.c.id).where(members.c.deleted_at.is_(None))))
                .scalars()
                .all()
            )
        now = club.now()
        for member_id in ids:
            async with club.db.write() as conn:
                await club.tiers.refresh(conn, member_id=member_id, now=now)

    return await once_per_period(club, "refresh_tiers", work)


async def refresh_rfm_classes(club: Club) -> bool:
    """The segments' RFM class of every member, from their purchases (set-based, chunked)."""

    async def work() -> None:
        changed = await refresh_rfm(club.db, now=club.now())
        log.info("RFM classes: %d members changed class", changed)

    return await once_per_period(club, "refresh_rfm", work)


async def prune_stale_rows(club: Club) -> bool:
    """Handled update ids past their redelivery window; quotes and link requests a week old;
    abandoned conversation drafts; delivered outbox rows past their keeping time; wrong codes
    a day old (the throttle's window is minutes)."""

    async def work() -> None:
        now = club.now()
        updates = await prune_processed(
            club.db, now - timedelta(days=club.settings.processed_updates_days)
        )
        pending = await club.pending.prune(now - timedelta(days=7))
        drafts = await club.conversations.prune(
            before=now - timedelta(days=club.settings.conversation_draft_days)
        )
        sent = await outbox.prune(
            club.db, before=now - timedelta(days=club.settings.outbox_keep_days)
        )
        # Wrong codes count only inside their window (cashiers' and members' alike).
        async with club.db.write() as conn:
            wrong = await till_codes.prune_failures(conn, before=now - timedelta(days=1))
        log.info(
            "pruned %d handled update ids, %d stale pending actions, %d abandoned drafts, "
            "%d delivered messages and %d wrong codes",
            updates,
            pending,
            drafts,
            sent,
            wrong,
        )

    return await once_per_period(club, "prune_stale_rows", work)


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
