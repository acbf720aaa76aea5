"""The job registry against a real database: one claim per period, batches committed with
their cursor, a stop between batches, a dead owner taken over, missed days caught up."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa

from bot import processes
from bot.club.club import Club
from bot.storage.db import Database
from bot.storage.tables import job_runs, members
from scheduler.registry import CatchUp, Job, JobRun, JobRunner
from tests.conftest import make_settings

# 10:00 in Tehran on 2026-11-29: the demo job's time has come.
NOON = datetime(2026, 11, 29, 8, 30, tzinfo=UTC)


class MovableClock:
    def __init__(self) -> None:
        self.now = NOON

    def __call__(self) -> datetime:
        return self.now


class Recorder:
    """A job that marks every member it does, in the batch's transaction (like a greeting)."""

    def __init__(self, stop_after: int | None = None, pause: float = 0.0) -> None:
        self.done: Counter[int] = Counter()
        self.days: list[tuple[date, bool]] = []
        self.stop_after = stop_after
        self.pause = pause
        self.runner: JobRunner | None = None

    async def __call__(self, club: Club, run: JobRun) -> None:
        self.days.append((run.day, run.late))
        async for ids in run.member_ids():
            if self.pause:
                await asyncio.sleep(self.pause)
            async with run.commit(ids[-1]) as conn:
                await conn.execute(
                    sa.update(members)
                    .where(members.c.id.in_(ids))
                    .values(rfm_class=sa.literal("done"))
                )
                self.done.update(ids)
            if self.stop_after is not None and run.batches >= self.stop_after:
                run.runner.stopping.set()


def demo(work: Recorder, catch_up: CatchUp = CatchUp.LATEST) -> Job:
    return Job("demo", work, at=lambda s: "10:00", catch_up=catch_up, late_limit=lambda s: 7)


async def with_members(db: Database, count: int) -> None:
    async with db.write() as conn:
        await conn.execute(
            sa.insert(members),
            [
                {"name": f"m{n}", "phone": f"+98912{n:07d}", "code": f"{n:08d}", "joined_at": NOON}
                for n in range(1, count + 1)
            ],
        )


def club_on(db: Database, clock: MovableClock, **settings: object) -> Club:
    values: dict[str, object] = {"timezone": "Asia/Tehran", "job_batch_size": 10}
    values.update(settings)
    return Club(db, make_settings(**values), clock)


async def run_row(db: Database) -> tuple[object, ...]:
    async with db.read() as conn:
        row = (
            await conn.execute(
                sa.select(job_runs.c.owner, job_runs.c.cursor, job_runs.c.finished_at)
            )
        ).one()
    return tuple(row)


async def test_a_period_runs_once_however_often_and_by_however_many_it_is_asked(
    any_db: Database,
) -> None:
    await with_members(any_db, 35)
    clock = MovableClock()
    work = Recorder()
    first, second = (JobRunner(club_on(any_db, clock), (demo(work),)) for _ in range(2))
    ran = await asyncio.gather(first.run_due(first.jobs[0]), second.run_due(second.jobs[0]))
    assert sorted(len(r) for r in ran) == [0, 1]
    assert await first.run_due(first.jobs[0]) == []
    assert set(work.done.values()) == {1} and len(work.done) == 35
    _, cursor, finished = await run_row(any_db)
    assert cursor == 35 and finished is not None


async def test_a_stop_between_batches_is_resumed_after_the_cursor_by_the_next_start(
    any_db: Database,
) -> None:
    await with_members(any_db, 35)
    clock = MovableClock()
    work = Recorder(stop_after=2)
    stopping = JobRunner(club_on(any_db, clock), (demo(work),))
    await stopping.tick()
    owner, cursor, finished = await run_row(any_db)
    assert (owner, cursor, finished) == (None, 20, None)  # released, half done
    work.stop_after = None
    restarted = JobRunner(club_on(any_db, clock), (demo(work),))
    assert await restarted.run_due(restarted.jobs[0]) == [date(2026, 11, 29)]
    assert set(work.done.values()) == {1} and len(work.done) == 35


async def test_a_period_left_by_a_dead_owner_is_taken_over_and_a_live_one_is_left_alone(
    any_db: Database,
) -> None:
    await with_members(any_db, 25)
    clock = MovableClock()
    settings = {"job_stale_seconds": 120}
    # Another machine's process claimed today and did ten members, then went silent.
    async with any_db.write() as conn:
        await conn.execute(
            sa.insert(job_runs).values(
                job="demo",
                period_key="2026-11-29",
                started_at=clock.now,
                heartbeat_at=clock.now,
                owner="elsewhere:1:1",
                cursor=10,
            )
        )
    work = Recorder()
    runner = JobRunner(club_on(any_db, clock, **settings), (demo(work),))
    assert await runner.run_due(runner.jobs[0]) == []  # its heart may still beat
    clock.now += timedelta(seconds=121)
    assert await runner.run_due(runner.jobs[0]) == [date(2026, 11, 29)]
    assert sorted(work.done) == list(range(11, 26))  # resumed after its cursor


async def test_a_dead_process_on_this_machine_is_taken_over_at_once(any_db: Database) -> None:
    await with_members(any_db, 5)
    clock = MovableClock()
    proc = await asyncio.create_subprocess_exec("true")
    await proc.wait()  # a pid that no longer runs
    async with any_db.write() as conn:
        await conn.execute(
            sa.insert(job_runs).values(
                job="demo",
                period_key="2026-11-29",
                started_at=clock.now,
                heartbeat_at=clock.now,
                owner=f"{processes.HOST}:{proc.pid}:1",
                cursor=0,
            )
        )
    work = Recorder()
    runner = JobRunner(club_on(any_db, clock), (demo(work),))
    assert await runner.run_due(runner.jobs[0]) == [date(2026, 11, 29)]
    assert len(work.done) == 5


async def test_a_process_whose_period_was_taken_over_stops_at_its_next_batch(
    any_db: Database,
) -> None:
    await with_members(any_db, 30)
    clock = MovableClock()

    class Usurped(Recorder):
        async def __call__(self, club: Club, run: JobRun) -> None:
            async with club.db.write() as conn:  # another process decides this one is dead
                await conn.execute(sa.update(job_runs).values(owner="elsewhere:2:1"))
            await super().__call__(club, run)

    work = Usurped()
    runner = JobRunner(club_on(any_db, clock), (demo(work),))
    await runner.run_due(runner.jobs[0])
    assert work.done == Counter()  # its first batch rolled back
    owner, cursor, finished = await run_row(any_db)
    assert (owner, cursor, finished) == ("elsewhere:2:1", 0, None)


async def test_missed_days_are_each_run_once_late_and_latest_runs_only_today(
    any_db: Database,
) -> None:
    await with_members(any_db, 3)
    clock = MovableClock()
    each, latest = Recorder(), Recorder()
    runner = JobRunner(
        club_on(any_db, clock),
        (
            demo(each, CatchUp.EACH),
            Job("other", latest, at=lambda s: "10:00"),
        ),
    )
    await runner.tick()
    clock.now += timedelta(days=3)  # three days off
    await runner.tick()
    assert each.days == [
        (date(2026, 11, 29), False),
        (date(2026, 11, 30), True),
        (date(2026, 12, 1), True),
        (date(2026, 12, 2), False),
    ]
    assert latest.days == [(date(2026, 11, 29), False), (date(2026, 12, 2), False)]
    await runner.tick()
    assert len(each.days) == 4 and len(latest.days) == 2


async def test_shutdown_waits_for_the_running_batch_and_leaves_the_rest_for_the_next_start(
    sqlite_db: Database,
) -> None:
    await with_members(sqlite_db, 50)
    clock = MovableClock()
    work = Recorder(pause=0.05)
    runner = JobRunner(club_on(sqlite_db, clock), (demo(work),))
    tick = asyncio.create_task(runner.tick())
    for _ in range(500):  # until the first batch has committed
        if work.done:
            break
        await asyncio.sleep(0.01)
    await runner.drain()
    assert tick.done() and not tick.cancelled()
    owner, cursor, finished = await run_row(sqlite_db)
    assert owner is None and finished is None and cursor == max(work.done)
    assert cursor is not None and 0 < int(str(cursor)) < 50


async def test_a_half_done_day_is_resumed_after_later_days_finished_and_a_failing_day_waits(
    any_db: Database,
) -> None:
    """A day left half done (its process stopped while another did the later days) is
    resumed; a day that keeps failing does not hold up the days after it."""
    await with_members(any_db, 12)
    clock = MovableClock()
    work = Recorder()
    runner = JobRunner(club_on(any_db, clock), (demo(work, CatchUp.EACH),))
    await runner.tick()  # the 29th, done
    async with any_db.write() as conn:  # the 30th: released half done by a stopped process
        await conn.execute(
            sa.insert(job_runs).values(
                job="demo", period_key="2026-11-30", started_at=clock.now, cursor=5
            )
        )
    clock.now += timedelta(days=2)

    class FailsOnThe1st(Recorder):
        async def __call__(self, club: Club, run: JobRun) -> None:
            if run.day == date(2026, 12, 1):
                raise RuntimeError("bad data")
            await super().__call__(club, run)

    failing = FailsOnThe1st()
    runner = JobRunner(club_on(any_db, clock), (demo(failing, CatchUp.EACH),))
    assert await runner.run_due(runner.jobs[0]) == [date(2026, 11, 30)]  # the 1st failed
    assert sorted(failing.done) == list(range(6, 13))  # resumed after its cursor
    async with any_db.read() as conn:
        done = dict(
            (await conn.execute(sa.select(job_runs.c.period_key, job_runs.c.finished_at))).all()
        )
    assert done["2026-11-30"] is not None and done["2026-12-01"] is None
    # The next tick, the failing day fixed: it is done then, late.
    work.days.clear()
    runner = JobRunner(club_on(any_db, clock), (demo(work, CatchUp.EACH),))
    assert await runner.run_due(runner.jobs[0]) == [date(2026, 12, 1)]
