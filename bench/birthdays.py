"""`python -m bench.birthdays`: how long the birthday job takes to find the day's members.

Fills a fresh database (SQLite in a temp dir; PostgreSQL: a database created on
127.0.0.1:5432 and dropped afterwards) with `bench.million.fill`, then times the job's whole
selection for a day, without sending: the id batches exactly as the job asks for them
(`JobRun.member_ids` with `birthdays.born_on`, JOB_BATCH_SIZE a batch) and, for each batch,
the job's own read of those members and of this year's gifts (`birthdays.read_batch`). Two
days: today, and 29 Esfand of a year without a 30th (two days' members at once). Each is
timed REPEAT times (the first apart: a cold cache); the target is under 1 s at 1M members.

    python -m bench.birthdays --members 1000000 --backend all
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from datetime import UTC, date, datetime
from types import SimpleNamespace
from typing import Any, cast

import jdatetime
import sqlalchemy as sa

from bench import cli
from bench.databases import database
from bench.million import fill
from bot.club import birthdays
from bot.club.clock import local_today
from bot.settings import Settings
from bot.storage.db import Database
from bot.storage.tables import members
from scheduler.registry import Job, JobRun

REPEAT = 5
LIMIT_SECONDS = 1.0


async def select_day(db: Database, day: date, batch_size: int) -> int:
    """The job's selection for `day`, batch by batch, as `birthdays.greet` does it; the members
    found. The cursor moves as `JobRun.commit` would move it (nothing is written)."""
    runner: Any = SimpleNamespace(
        stopping=asyncio.Event(),
        club=SimpleNamespace(settings=SimpleNamespace(job_batch_size=batch_size), db=db),
    )
    job = Job("birthdays", birthdays.greet, at=lambda settings: "10:00")
    run = JobRun(runner, job, day, late=False, cursor=0)
    found = 0
    async for ids in run.member_ids(*birthdays.born_on(day)):
        async with db.read() as conn:
            rows, _ = await birthdays.read_batch(conn, ids, day=day)
        found += len(rows)
        run.cursor = ids[-1]
    return found


async def plan(db: Database, day: date) -> str:
    """How the database answers the id query (one line; the index it uses)."""
    query = (
        sa.select(members.c.id)
        .where(members.c.id > 0, *birthdays.born_on(day))
        .order_by(members.c.id)
        .limit(1000)
    )
    async with db.read() as conn:
        compiled = query.compile(conn.sync_connection, compile_kwargs={"literal_binds": True})
        if db.is_sqlite:
            rows = (await conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}")).all()
            return "; ".join(str(row[-1]) for row in rows)
        rows = (await conn.exec_driver_sql(f"EXPLAIN {compiled}")).all()
        return "; ".join(str(row[0]).strip() for row in rows if "Scan" in str(row[0]))


async def measure(backend: str, url: str, batch_size: int) -> list[str]:
    db = Database(url)
    today = local_today(datetime.now(UTC), Settings.model_fields["timezone"].default)
    days = {
        "today": today,
        "29 Esfand 1404 (no 30th)": cast(date, jdatetime.date(1404, 12, 29).togregorian()),
    }
    lines = []
    try:
        for name, day in days.items():
            times, found = [], 0
            for _ in range(REPEAT):
                started = time.perf_counter()
                found = await select_day(db, day, batch_size)
                times.append(time.perf_counter() - started)
            worst = max(times[1:])
            verdict = "ok" if worst < LIMIT_SECONDS else "SLOW"
            lines.append(
                f"| {backend} | {name} | {found:,} | {times[0]:.3f} | "
                f"{statistics.median(times[1:]):.3f} ({verdict}) |"
            )
            print(f"{backend} {name}: {await plan(db, day)}", file=sys.stderr)
    finally:
        await db.dispose()
    return lines


async def run(backend: str, members_count: int, url: str | None, batch_size: int) -> list[str]:
    if url is not None:
        return await measure(backend, url, batch_size)
    async with database(backend) as fresh:
        started = time.perf_counter()
        await fill(fresh, members_count)
        seconds = time.perf_counter() - started
        print(f"{backend}: filled {members_count:,} members in {seconds:.1f} s", file=sys.stderr)
        return await measure(backend, fresh, batch_size)


def parse(argv: list[str]) -> argparse.Namespace:
    parser = cli.parser("birthdays", __doc__, url=True)
    parser.add_argument(
        "--batch-size",
        type=int,
        default=Settings.model_fields["job_batch_size"].default,
        help="JOB_BATCH_SIZE (members a batch)",
    )
    return parser.parse_args(argv)


async def main(argv: list[str]) -> int:
    args = parse(argv)
    head = [
        f"| backend | day | members found | first run, s | median of next {REPEAT - 1}, s |",
        "| --- | --- | ---: | ---: | ---: |",
    ]
    return await cli.table(
        "birthdays",
        argv,
        args.backend,
        head,
        lambda b: run(b, args.members, args.url, args.batch_size),
    )


def entry(argv: list[str] | None = None) -> Any:
    return cli.entry(main, argv)


if __name__ == "__main__":
    raise SystemExit(entry())
