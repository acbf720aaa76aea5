"""The club's clock: every periodic job, its time, its catch-up policy, and its runs.

A job's period is a club day (TIMEZONE), or for a weekly job the club day its week starts.
Whether a period ran, is running, or was left half done lives in `job_runs`, never in
APScheduler's memory: one row per (job, period), claimed by one process at a time, with a
heartbeat and a cursor (the last member id done) committed together with each batch's effects.

- Two processes on one database: the claim is an INSERT that only one can make; the other
  sees the row and leaves the period alone while its owner is alive.
- kill -9 mid-job: the row stays unfinished with a cursor. The next start takes it over (at
  once when the dead owner was a process on this machine, else once its heartbeat is
  JOB_STALE_SECONDS old) and resumes after the cursor, so no member is done twice.
- Downtime: `catch_up` says what a job does with the periods it missed. EACH runs every missed
  period once, oldest first, up to `late_limit` periods back (a birthday greets each missed
  day, late); LATEST runs only the latest period (tiers and expiry: once, for now).
- Stopping: jobs work in batches; between batches a stopping process ends the run (the row is
  released for the next start) and shutdown awaits that instead of cancelling mid-batch.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from bot import processes
from bot.setting_values import parse_time_of_day
from bot.storage.db import dialect_insert
from bot.storage.tables import job_runs, members

if TYPE_CHECKING:
    from bot.club.club import Club
    from bot.settings import Settings

log = logging.getLogger(__name__)
SATURDAY = 5  # date.weekday(): the Jalali week starts on Saturday


class CatchUp(StrEnum):
    EACH = "each"
    LATEST = "latest"


class JobStopped(Exception):
    """The process is stopping: the run ends between batches and the period stays open."""


class JobLost(Exception):
    """Another process took the period over (this one was thought dead): stop at once."""


Work = Callable[["Club", "JobRun"], Awaitable[None]]


@dataclass(frozen=True)
class Job:
    name: str
    work: Work
    # "HH:MM" club time from the settings (a setting's value, read at each tick).
    at: Callable[[Settings], str]
    catch_up: CatchUp = CatchUp.LATEST
    # EACH: how many missed periods back are still run (late).
    late_limit: Callable[[Settings], int] = lambda settings: 0
    weekday: int | None = None  # a weekly job: its day (date.weekday())

    def period_start(self, day: date) -> date:
        """The first day of the period `day` falls in."""
        if self.weekday is None:
            return day
        return day - timedelta(days=(day.weekday() - self.weekday) % 7)

    def step(self) -> timedelta:
        return timedelta(days=1 if self.weekday is None else 7)

    def latest_due(self, now: datetime, settings: Settings) -> date:
        """The latest period whose start time (its day at `at`, club time) has passed."""
        local = now.astimezone(ZoneInfo(settings.timezone))
        start = self.period_start(local.date())
        if local.time().replace(tzinfo=None) < parse_time_of_day(self.at(settings)):
            start = self.period_start(start - timedelta(days=1))
        return start

    def due(self, now: datetime, settings: Settings, first: date | None) -> list[date]:
        """The periods that should have run by now, oldest first; the caller leaves out the
        finished ones. `first`: the first period this job ever claimed (None: never ran)."""
        latest = self.latest_due(now, settings)
        if self.catch_up is CatchUp.LATEST:
            return [latest]
        if first is None:
            # Never run (a new club): from today's period on, not the days before it was
            # installed (before today's time has come, nothing yet).
            today = self.period_start(now.astimezone(ZoneInfo(settings.timezone)).date())
            return [latest] if latest == today else []
        # Every period of the catch-up window, so a half-done one (a process stopped or
        # killed in it, while another did the later ones) is resumed too.
        day = max(first, latest - self.step() * self.late_limit(settings))
        periods = []
        while day <= latest:
            periods.append(day)
            day += self.step()
        return periods


@dataclass
class JobRun:
    """One claimed period of one job, handed to the job's work."""

    runner: JobRunner
    job: Job
    day: date  # the period's club day (a weekly job: its first day)
    late: bool  # caught up after its own day (downtime)
    cursor: int  # the last member id already done in this period (0: none)
    batches: int = field(default=0)

    @property
    def club(self) -> Club:
        return self.runner.club

    @property
    def key(self) -> str:
        return self.day.isoformat()

    async def member_ids(self, *where: Any, limit: int | None = None) -> AsyncIterator[list[int]]:
        """Member ids after the cursor, ascending, a batch at a time (JOB_BATCH_SIZE).

        Each batch's effects are committed with `async with run.commit(ids[-1]) as conn`;
        the next batch starts after the cursor that commit recorded."""
        size = limit or self.club.settings.job_batch_size
        while True:
            if self.runner.stopping.is_set():
                raise JobStopped
            async with self.club.db.read() as conn:
                ids = list(
                    (
                        await conn.execute(
                            sa.select(members.c.id)
                            .where(members.c.id > self.cursor, *where)
                            .order_by(members.c.id)
                            .limit(size)
                        )
                    ).scalars()
                )
            if not ids:
                return
            yield ids

    def held(self) -> tuple[sa.ColumnElement[bool], ...]:
        """This period's row while this process holds it, unfinished."""
        return (
            job_runs.c.job == self.job.name,
            job_runs.c.period_key == self.key,
            job_runs.c.owner == self.runner.owner,
            job_runs.c.finished_at.is_(None),
        )

    @asynccontextmanager
    async def commit(self, last_id: int) -> AsyncIterator[AsyncConnection]:
        """A write transaction for one batch that also moves the cursor to `last_id` and
        beats the heart, so the batch and its progress commit together (or neither)."""
        if self.runner.stopping.is_set():
            raise JobStopped
        async with self.club.db.write() as conn:
            moved = await conn.execute(
                sa.update(job_runs)
                .where(*self.held())
                .values(cursor=last_id, heartbeat_at=self.club.now())
            )
            if moved.rowcount != 1:
                raise JobLost(f"{self.job.name} {self.key}")
            yield conn
        self.cursor = last_id
        self.batches += 1
        await asyncio.sleep(0)  # let updates and the sender run between batches


class JobRunner:
    """Runs the registry's due periods; one per process (the scheduler's clock tick)."""

    def __init__(self, club: Club, jobs: tuple[Job, ...]) -> None:
        self.club = club
        self.jobs = jobs
        self.owner = processes.name()
        self.stopping = asyncio.Event()
        self._running: asyncio.Task[None] | None = None
        self._failed: set[tuple[str, str]] = set()

    def job(self, name: str) -> Job:
        return next(job for job in self.jobs if job.name == name)

    async def tick(self) -> None:
        """Every due period of every job, each claimed before it runs."""
        if self.stopping.is_set():
            return
        self._running = asyncio.current_task()
        try:
            for job in self.jobs:
                if self.stopping.is_set():
                    return
                try:
                    await self.run_due(job)
                except (JobStopped, asyncio.CancelledError):
                    return
                except Exception as error:
                    # A database that is away, a bug in one job: one line, and the other
                    # jobs still run; the period stays open for the next tick.
                    log.warning("job %s failed (%s: %s)", job.name, type(error).__name__, error)
        finally:
            self._running = None

    async def run_due(self, job: Job) -> list[date]:
        """Runs `job`'s due periods that are not finished; the ones it ran."""
        now = self.club.now()
        async with self.club.db.read() as conn:
            rows = (
                await conn.execute(
                    sa.select(job_runs.c.period_key, job_runs.c.finished_at).where(
                        job_runs.c.job == job.name
                    )
                )
            ).all()
        finished = {key for key, done in rows if done is not None}
        first = min((date.fromisoformat(key) for key, _ in rows), default=None)
        ran = []
        for day in job.due(now, self.club.settings, first):
            if day.isoformat() in finished:
                continue
            if self.stopping.is_set():
                raise JobStopped
            run = await self.claim(job, day)
            if run is None:
                continue
            try:
                await self._work(run)
            except (JobStopped, asyncio.CancelledError):
                raise
            except Exception as error:
                # One failing period (a bug, bad data) must not hold up the later ones: it
                # stays open and is tried again at the next tick. Its traceback is logged
                # once per process, then one line a tick.
                failure = (job.name, run.key)
                log.warning(
                    "job %s %s failed (%s: %s); tried again at the next tick",
                    job.name,
                    run.key,
                    type(error).__name__,
                    error,
                    exc_info=failure not in self._failed,
                )
                self._failed.add(failure)
                continue
            ran.append(day)
        return ran

    async def claim(self, job: Job, day: date) -> JobRun | None:
        """Takes the period (a new row, or one left by a dead or released owner)."""
        now, key = self.club.now(), day.isoformat()
        stale = now - timedelta(seconds=self.club.settings.job_stale_seconds)
        async with self.club.db.write() as conn:
            made = await conn.execute(
                dialect_insert(conn, job_runs)
                .values(
                    job=job.name,
                    period_key=key,
                    started_at=now,
                    owner=self.owner,
                    heartbeat_at=now,
                    cursor=0,
                )
                .on_conflict_do_nothing()
            )
            if made.rowcount == 1:
                cursor = 0
            else:
                row = (
                    await conn.execute(
                        sa.select(
                            job_runs.c.owner, job_runs.c.heartbeat_at, job_runs.c.cursor
                        ).where(
                            job_runs.c.job == job.name,
                            job_runs.c.period_key == key,
                            job_runs.c.finished_at.is_(None),
                        )
                    )
                ).first()
                if row is None:
                    return None
                owner, beat, cursor = row
                dead = (
                    owner is None
                    or processes.dead_on_this_host(owner, self.owner)
                    or beat is None
                    or beat < stale
                )
                if not dead:
                    return None
                # Conditional on what was read: of two processes taking over, one wins.
                taken = await conn.execute(
                    sa.update(job_runs)
                    .where(
                        job_runs.c.job == job.name,
                        job_runs.c.period_key == key,
                        job_runs.c.finished_at.is_(None),
                        job_runs.c.owner.is_(None) if owner is None else job_runs.c.owner == owner,
                    )
                    .values(owner=self.owner, heartbeat_at=now)
                )
                if taken.rowcount != 1:
                    return None
                cursor = cursor or 0
        late = day + job.step() <= self.club.today()
        return JobRun(self, job, day, late=late, cursor=cursor)

    async def _work(self, run: JobRun) -> None:
        name = f"{run.job.name} {run.key}"
        log.info("%s: %s (from member %d)", name, "late" if run.late else "starts", run.cursor)
        try:
            await run.job.work(self.club, run)
        except JobStopped:
            await self._release(run)
            log.info("%s: stopped after %d batches; the next start resumes it", name, run.batches)
            raise
        except JobLost:
            log.warning("%s: taken over by another process; stopping here", name)
            return
        except BaseException:
            with suppress(Exception):
                await self._release(run)
            raise
        async with self.club.db.write() as conn:
            closed = await conn.execute(
                sa.update(job_runs)
                .where(*run.held())
                .values(finished_at=self.club.now(), heartbeat_at=self.club.now())
            )
        if closed.rowcount != 1:
            # Taken over while this process worked without beating (a long unbatched job):
            # the new owner finishes it; what was done here was idempotent.
            log.warning("%s: taken over by another process before it finished", name)
            return
        log.info("%s: done in %d batches", name, run.batches)

    async def _release(self, run: JobRun) -> None:
        """Leaves the period unfinished and ownerless: the next tick or start takes it."""
        async with self.club.db.write() as conn:
            await conn.execute(sa.update(job_runs).where(*run.held()).values(owner=None))

    async def drain(self, within: float = 30.0) -> None:
        """Stops starting batches and waits for the running job to reach a batch's end."""
        self.stopping.set()
        running = self._running
        if running is None or running.done() or running is asyncio.current_task():
            return
        try:
            async with asyncio.timeout(within):
                await asyncio.shield(running)
        except (TimeoutError, asyncio.CancelledError, Exception):
            running.cancel()
            # Let the cancelled run release its period while the database is still open.
            await asyncio.wait({running}, timeout=5)
