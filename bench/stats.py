"""`python -m bench.stats`: how long /stats takes to compute its numbers on many members.

Fills a fresh database (SQLite in a temp dir; PostgreSQL: a database created on
127.0.0.1:5432 and dropped afterwards) with `bench.million.fill`, adds a ledger the way the
club writes one (a signup gift per member, the points of every live purchase, and a
redemption for every fourth purchase), then times `bot.club.kpis.compute` for each /stats
period (today, 7 days, 30 days; each with its previous period and the snapshot), and the
charts' series (`bot.club.kpi_series`), each REPEAT times (the first run is shown apart: a
cold cache), and prints a Markdown table. Target: under 2 s at 1M members.

    python -m bench.stats --members 1000000 --backend all
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from bench import cli
from bench.databases import database
from bench.million import fill
from bot.club import kpi_series, kpis
from bot.storage.db import Database

REPEAT = 5
LIMIT_SECONDS = 2.0
TIMEZONE = "Asia/Tehran"
LEDGER = (
    "INSERT INTO ledger (member_id, delta, qualifying, kind, idempotency_key, created_at)"
    " SELECT id, 50, 0, 'signup', 'signup:' || id, joined_at FROM members",
    "INSERT INTO ledger (member_id, delta, qualifying, kind, idempotency_key, created_at)"
    " SELECT member_id, points, points, 'purchase', 'purchase:' || id, created_at"
    " FROM purchases WHERE voided_at IS NULL",
    "INSERT INTO ledger (member_id, delta, qualifying, kind, idempotency_key, created_at)"
    " SELECT member_id, -points, 0, 'redeem', 'redeem:' || id, created_at"
    " FROM purchases WHERE voided_at IS NULL AND id % 4 = 0 AND points > 0",
)


async def timed(work: Callable[[], Awaitable[Any]]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = await work()
    return time.perf_counter() - started, result


async def add_ledger(db: Database) -> int:
    async with db.write() as conn:
        for statement in LEDGER:
            await conn.exec_driver_sql(statement)
    if db.is_sqlite:
        async with db.write() as conn:
            await conn.exec_driver_sql("ANALYZE")
    else:
        async with db.engine.connect() as conn:
            auto = await conn.execution_options(isolation_level="AUTOCOMMIT")
            await auto.exec_driver_sql("VACUUM ANALYZE")
    async with db.read() as conn:
        return int(await conn.scalar(sa.text("SELECT count(*) FROM ledger")) or 0)


async def run(backend: str, members: int, url: str | None) -> list[str]:
    if url is None:
        async with database(backend) as fresh:
            seconds, _ = await timed(lambda: fill(fresh, members))
            print(f"{backend}: filled {members:,} members in {seconds:.1f} s", file=sys.stderr)
            db = Database(fresh)
            try:
                seconds, rows = await timed(lambda: add_ledger(db))
            finally:
                await db.dispose()
            print(f"{backend}: {rows:,} ledger rows in {seconds:.1f} s", file=sys.stderr)
            return await measure(backend, fresh, members)
    return await measure(backend, url, members)


async def measure(backend: str, url: str, members: int) -> list[str]:
    db, now = Database(url), datetime.now(UTC)
    works: dict[str, Callable[[], Awaitable[Any]]] = {
        f"/stats {period}": (
            lambda p=period: kpis.compute(db, kpis.window_for(p, now=now, timezone=TIMEZONE))
        )
        for period in kpis.PERIODS
    }
    works["charts: member growth (30 days)"] = lambda: kpi_series.growth(
        db, end=now, timezone=TIMEZONE
    )
    works["charts: points by week (8 weeks)"] = lambda: kpi_series.weekly_points(
        db, end=now, timezone=TIMEZONE
    )
    rows = []
    try:
        for name, work in works.items():
            times = []
            for _ in range(REPEAT):
                seconds, _ = await timed(work)
                times.append(seconds)
            worst = max(times[1:])
            verdict = "ok" if worst < LIMIT_SECONDS else "SLOW"
            rows.append(
                f"| {backend} | {members:,} | {name} | {times[0]:.3f} | "
                f"{statistics.median(times[1:]):.3f} ({verdict}) |"
            )
            print(rows[-1], file=sys.stderr)
    finally:
        await db.dispose()
    return rows


def parse(argv: list[str]) -> argparse.Namespace:
    return cli.parser("stats", __doc__, url=True).parse_args(argv)


async def main(argv: list[str]) -> int:
    args = parse(argv)
    head = [
        f"| backend | members | work | first run, s | median of next {REPEAT - 1}, s |",
        "| --- | ---: | --- | ---: | ---: |",
    ]
    return await cli.table(
        "stats", argv, args.backend, head, lambda b: run(b, args.members, args.url)
    )


def entry(argv: list[str] | None = None) -> Any:
    return cli.entry(main, argv)


if __name__ == "__main__":
    raise SystemExit(entry())
