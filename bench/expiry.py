"""`python -m bench.expiry`: how long the points expiry job takes on many members.

Fills a fresh database (SQLite in a temp dir; PostgreSQL: a database created on
127.0.0.1:5432 and dropped afterwards) with `bench.million.fill`, gives every purchase its
ledger row (points earned over the last 400 days) and a third of the members a spend of half
their points two months back, sets the balances from the ledger, then runs the real job
(`bot.club.expiry.expire` through the scheduler's JobRunner, POINTS_EXPIRY_MONTHS=12) on a fake
clock, one full run each:

  first run     1 Shahrivar 1405: everything earned before 1 Shahrivar 1404 (about 35 days)
  warnings      2 Shahrivar: the 30-day warning for 1 Mehr to everyone with points in it
  idle day      3 Shahrivar: nothing due (no pass over the members)
  a month       1 Mehr 1405: the points of Shahrivar 1404, a month's points

    python -m bench.expiry --members 100000 --backend all
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import jdatetime
import sqlalchemy as sa

from bench import cli
from bench.databases import database
from bench.million import fill
from bot.club import expiry
from bot.club.club import Club
from bot.settings import Settings
from bot.storage.db import Database
from bot.storage.tables import UTCDateTime
from scheduler.registry import Job, JobRunner

TEHRAN = ZoneInfo("Asia/Tehran")


def jday(year: int, month: int, day: int) -> date:
    result: date = jdatetime.date(year, month, day).togregorian()
    return result


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=TEHRAN).astimezone(UTC)


FILLED_AT = at(jday(1405, 5, 31), 9)
RUNS = (
    ("first run (about 35 days of points)", jday(1405, 6, 1)),
    ("30-day warnings", jday(1405, 6, 2)),
    ("idle day", jday(1405, 6, 3)),
    ("a month's points", jday(1405, 7, 1)),
)


async def add_ledger(db: Database) -> None:
    """Ledger rows for the filled purchases, a spend for a third of the members, balances."""
    spent_at = sa.bindparam("spent_at", FILLED_AT - timedelta(days=60), type_=UTCDateTime)
    async with db.write() as conn:
        await conn.execute(
            sa.text(
                "INSERT INTO ledger (member_id, delta, qualifying, kind, ref, idempotency_key, "
                "created_at) SELECT member_id, points, points, 'purchase', receipt_id, "
                "'purchase:till:' || receipt_id, created_at FROM purchases WHERE points > 0"
            )
        )
        await conn.execute(
            sa.text(
                "INSERT INTO ledger (member_id, delta, qualifying, kind, idempotency_key, "
                "created_at) SELECT member_id, -(sum(delta) / 2), 0, 'redeem', "
                "'redeem:bench:' || member_id, :spent_at FROM ledger "
                "WHERE created_at < :spent_at AND member_id % 3 = 0 "
                "GROUP BY member_id HAVING sum(delta) >= 2"
            ).bindparams(spent_at)
        )
        await conn.execute(
            sa.text(
                "UPDATE members SET balance = coalesce("
                "(SELECT sum(delta) FROM ledger WHERE ledger.member_id = members.id), 0)"
            )
        )
    if db.is_sqlite:
        async with db.write() as conn:
            await conn.exec_driver_sql("ANALYZE")
    else:
        async with db.engine.connect() as conn:
            auto = await conn.execution_options(isolation_level="AUTOCOMMIT")
            await auto.exec_driver_sql("VACUUM ANALYZE")


async def counts(db: Database) -> tuple[int, int]:
    async with db.read() as conn:
        rows = await conn.scalar(sa.text("SELECT count(*) FROM ledger WHERE kind = 'expiry'"))
        messages = await conn.scalar(
            sa.text("SELECT count(*) FROM outbox WHERE dedup_key LIKE 'expiry%'")
        )
    return int(rows or 0), int(messages or 0)


async def measure(backend: str, url: str) -> list[str]:
    db = Database(url)
    now = [FILLED_AT]
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None, database_url=url, points_expiry_months=12, quiet_hours=""
    )
    club = Club(db, settings, clock=lambda: now[0])
    job = Job("expiry", expiry.expire, at=lambda s: s.expiry_time)
    runner = JobRunner(club, (job,))
    lines = []
    try:
        started = time.perf_counter()
        await add_ledger(db)
        seconds = time.perf_counter() - started
        async with db.read() as conn:
            total = await conn.scalar(sa.text("SELECT count(*) FROM ledger"))
        print(f"{backend}: {total:,} ledger rows in {seconds:.1f} s", file=sys.stderr)
        for name, day in RUNS:
            now[0] = at(day)
            rows_before, messages_before = await counts(db)
            started = time.perf_counter()
            ran = await runner.run_due(job)
            seconds = time.perf_counter() - started
            assert ran == [day], ran
            rows, messages = await counts(db)
            lines.append(
                f"| {backend} | {name} | {rows - rows_before:,} | "
                f"{messages - messages_before:,} | {seconds:.2f} |"
            )
            print(lines[-1], file=sys.stderr)
    finally:
        await db.dispose()
    return lines


async def run(backend: str, members: int) -> list[str]:
    async with database(backend) as url:
        started = time.perf_counter()
        await fill(url, members, now=FILLED_AT)
        seconds = time.perf_counter() - started
        print(f"{backend}: filled {members:,} members in {seconds:.1f} s", file=sys.stderr)
        return await measure(backend, url)


def parse(argv: list[str]) -> argparse.Namespace:
    return cli.parser("expiry", __doc__).parse_args(argv)


async def main(argv: list[str]) -> int:
    args = parse(argv)
    head = [
        "| backend | run | expiry rows | messages | seconds |",
        "| --- | --- | ---: | ---: | ---: |",
    ]
    return await cli.table("expiry", argv, args.backend, head, lambda b: run(b, args.members))


def entry(argv: list[str] | None = None) -> Any:
    return cli.entry(main, argv)


if __name__ == "__main__":
    raise SystemExit(entry())
