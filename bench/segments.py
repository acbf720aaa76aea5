"""`python -m bench.segments`: how long a segment's count takes on many members.

Fills a fresh database (SQLite in a temp dir; PostgreSQL: a database created on
127.0.0.1:5432 and dropped afterwards) with `bench.million.fill`, recomputes the RFM classes
(timed: the nightly job), then times `bot.club.segments.count` for several segments, each
counted REPEAT times (the first run is shown apart: a cold cache), and prints a Markdown table.

    python -m bench.segments --members 1000000 --backend all
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

from bench import cli
from bench.databases import database
from bench.million import fill
from bot.club import segments
from bot.club.segments import Criteria
from bot.storage.db import Database

T = TypeVar("T")
# The indexes segments need (proposed for the migration; created here if it lacks them).
INDEXES = {
    "ix_identities_reachable": "identities (member_id, platform) WHERE blocked_at IS NULL",
    "ix_purchases_recent": (
        "purchases (created_at, member_id, amount_toman) WHERE voided_at IS NULL"
    ),
    "ix_purchases_member_live": (
        "purchases (member_id, created_at, amount_toman) WHERE voided_at IS NULL"
    ),
    "ix_members_promotable": "members (id) WHERE deleted_at IS NULL AND promo_opt_out = {false}",
}
REPEAT = 5
LIMIT_SECONDS = 1.0

SEGMENTS: dict[str, Criteria] = {
    "everyone": Criteria(),
    "a tier (gold)": Criteria(tiers=("gold",)),
    "2+ purchases in 30 days": Criteria(purchase_days=30, purchase_count_min=2),
    "RFM class (champions)": Criteria(rfm=("champions",)),
    "gold or diamond AND active in 30 days AND bought in 90 days": Criteria(
        tiers=("gold", "diamond"), active_within_days=30, purchase_days=90
    ),
    "Bale AND born in Mehr AND referred": Criteria(
        platforms=("bale",), birth_month=7, referred=True
    ),
    "balance 1,000-5,000 AND inactive for 90 days": Criteria(
        balance_min=1_000, balance_max=5_000, inactive_for_days=90
    ),
    "joined in the last year AND 1,000,000+ toman in 365 days": Criteria(
        joined_from=datetime.now(UTC).date().replace(year=datetime.now(UTC).year - 1),
        purchase_days=365,
        purchase_sum_min=1_000_000,
    ),
}


async def timed(work: Callable[[], Awaitable[T]]) -> tuple[float, T]:
    started = time.perf_counter()
    result = await work()
    return time.perf_counter() - started, result


async def run(backend: str, members: int, url: str | None, indexes: bool) -> list[str]:
    """The table rows of one backend."""
    if url is None:
        async with database(backend) as fresh:
            seconds, _ = await timed(lambda: fill(fresh, members))
            print(f"{backend}: filled {members:,} members in {seconds:.1f} s", file=sys.stderr)
            return await measure(backend, fresh, indexes)
    return await measure(backend, url, indexes)


async def add_indexes(db: Database) -> None:
    false = "0" if db.is_sqlite else "false"
    async with db.write() as conn:
        for name, definition in INDEXES.items():
            sql = f"CREATE INDEX IF NOT EXISTS {name} ON {definition.format(false=false)}"
            await conn.exec_driver_sql(sql)
    if db.is_sqlite:
        async with db.write() as conn:
            await conn.exec_driver_sql("ANALYZE")
    else:
        async with db.engine.connect() as conn:
            auto = await conn.execution_options(isolation_level="AUTOCOMMIT")
            await auto.exec_driver_sql("VACUUM ANALYZE")


async def measure(backend: str, url: str, indexes: bool = True) -> list[str]:
    db, now = Database(url), datetime.now(UTC)
    rows = []
    try:
        if indexes:
            seconds, _ = await timed(lambda: add_indexes(db))
            print(f"{backend}: indexes and statistics in {seconds:.1f} s", file=sys.stderr)
        seconds, changed = await timed(lambda: segments.refresh_rfm(db, now=now))
        rows.append(
            f"| {backend} | refresh_rfm (nightly) | {changed:,} changed | {seconds:.2f} | |"
        )
        for name, criteria in SEGMENTS.items():
            times, found = [], 0
            for _ in range(REPEAT):
                seconds, found = await timed(lambda c=criteria: segments.count(db, c, now=now))
                times.append(seconds)
            worst = max(times[1:])
            verdict = "ok" if worst < LIMIT_SECONDS else "SLOW"
            rows.append(
                f"| {backend} | {name} | {found:,} | {times[0]:.3f} | "
                f"{statistics.median(times[1:]):.3f} ({verdict}) |"
            )
    finally:
        await db.dispose()
    return rows


def parse(argv: list[str]) -> argparse.Namespace:
    parser = cli.parser("segments", __doc__, url=True)
    parser.add_argument(
        "--no-indexes", action="store_true", help="measure without the proposed indexes"
    )
    return parser.parse_args(argv)


async def main(argv: list[str]) -> int:
    args = parse(argv)
    head = [
        f"| backend | segment | members | first count, s | median of next {REPEAT - 1}, s |",
        "| --- | --- | ---: | ---: | ---: |",
    ]
    return await cli.table(
        "segments",
        argv,
        args.backend,
        head,
        lambda b: run(b, args.members, args.url, not args.no_indexes),
    )


def entry(argv: list[str] | None = None) -> Any:
    return cli.entry(main, argv)


if __name__ == "__main__":
    raise SystemExit(entry())
