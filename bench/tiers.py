"""`python -m bench.tiers`: the nightly tier review (job "tiers") on many members.

Fills a fresh database (SQLite in a temp dir; PostgreSQL: a database created on
127.0.0.1:5432 and dropped afterwards) with `bench.million.fill`, adds the ledger rows its
purchases would have written (a credit per purchase, a reversal per voided one: set-based
SQL), then sets every stored tier to the one the ledger earned a day before, so a night sees
what a real one sees. Then it times the job as the scheduler runs it (JobRunner.run_due, one
transaction per JOB_BATCH_SIZE members, messages written to the outbox, none sent):

  night 1   the first review: every warning due within TIER_WARNING_DAYS, the day's falls
  night 2   the next night: a steady one (a day's warnings and graces)
  again     night 2 once more: already done, nothing

With --random-tiers the stored tiers stay as `fill` made them (random, unrelated to the
ledger): a storm in which a large share of the members start a grace on one night.

    python -m bench.tiers --backend all --members 1000000
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from bench import cli
from bench.databases import database
from bench.million import fill
from bot.club.club import Club
from bot.settings import Settings
from bot.storage.db import Database
from bot.storage.tables import Timestamp
from scheduler.jobs import JOBS
from scheduler.registry import JobRunner

LIMIT_SECONDS = 10.0

LEDGER_FROM_PURCHASES = """
INSERT INTO ledger (member_id, delta, qualifying, kind, ref, idempotency_key, created_at)
SELECT member_id, points, points, 'purchase', receipt_id,
       'purchase:' || source || ':' || receipt_id, created_at
FROM purchases
"""
REVERSALS_FROM_VOIDS = """
INSERT INTO ledger (member_id, delta, qualifying, kind, ref, idempotency_key, created_at,
                    qualifying_at)
SELECT member_id, -points, -points, 'reversal', receipt_id,
       'void:' || source || ':' || receipt_id, voided_at, created_at
FROM purchases WHERE voided_at IS NOT NULL
"""


def _earned_case(settings: Settings) -> str:
    """SQL for the tier `q` qualifying points earn (the settings' thresholds)."""
    whens = " ".join(
        f"WHEN q >= {tier.threshold} THEN '{tier.key}'" for tier in reversed(settings.tiers[1:])
    )
    return f"CASE {whens} ELSE '{settings.tiers[0].key}' END"


async def prepare(db: Database, settings: Settings, now: datetime, aligned: bool) -> int:
    """Ledger rows from the purchases; stored tiers as earned a day before `now`."""
    async with db.write() as conn:
        await conn.execute(sa.text(LEDGER_FROM_PURCHASES))
        await conn.execute(sa.text(REVERSALS_FROM_VOIDS))
        if aligned:
            since = now - timedelta(days=1 + settings.tier_window_days)
            await conn.execute(sa.text(f"UPDATE members SET tier = '{settings.tiers[0].key}'"))
            await conn.execute(
                sa.text(
                    f"UPDATE members SET tier = earned.tier FROM ("
                    f"  SELECT member_id, {_earned_case(settings)} AS tier FROM ("
                    f"    SELECT member_id, sum(qualifying) AS q FROM ledger"
                    f"    WHERE coalesce(qualifying_at, created_at) >= :since"
                    f"    AND coalesce(qualifying_at, created_at) < :until"
                    f"    GROUP BY member_id) AS sums"
                    f") AS earned WHERE members.id = earned.member_id"
                ).bindparams(
                    sa.bindparam("since", since, type_=Timestamp),
                    sa.bindparam("until", now - timedelta(days=1), type_=Timestamp),
                )
            )
        rows = int(await conn.scalar(sa.text("SELECT count(*) FROM ledger")) or 0)
    if db.is_sqlite:
        async with db.write() as conn:
            await conn.exec_driver_sql("ANALYZE")
    else:
        async with db.engine.connect() as conn:
            auto = await conn.execution_options(isolation_level="AUTOCOMMIT")
            await auto.exec_driver_sql("VACUUM ANALYZE")
    return rows


async def _told(db: Database) -> dict[str, int]:
    """Tier notices in the outbox so far, by kind (warn, grace, down, up)."""
    async with db.read() as conn:
        rows = await conn.execute(
            sa.text("SELECT dedup_key FROM outbox WHERE dedup_key LIKE 'tier-%'")
        )
        counts: dict[str, int] = {}
        for (key,) in rows:
            kind = key.split(":")[0].removeprefix("tier-")
            counts[kind] = counts.get(kind, 0) + 1
    return counts


async def measure(
    backend: str, url: str, members: int, aligned: bool, batch: int | None
) -> list[str]:
    now = datetime.now(UTC).replace(microsecond=0)
    extra = {} if batch is None else {"job_batch_size": batch}
    settings = Settings(_env_file=None, database_url=url, **extra)  # type: ignore[call-arg]
    clock = {"now": now}
    db = Database(url)
    club = Club(db, settings, clock=lambda: clock["now"])
    runner = JobRunner(club, JOBS)
    job = runner.job("tiers")
    rows: list[str] = []
    try:
        started = time.perf_counter()
        ledger_rows = await prepare(db, settings, now, aligned)
        print(
            f"{backend}: {ledger_rows:,} ledger rows, tiers "
            f"{'aligned' if aligned else 'random'} in {time.perf_counter() - started:.1f} s",
            file=sys.stderr,
        )
        before: dict[str, int] = {}
        for label, moment in (
            ("night 1", now),
            ("night 2", now + timedelta(days=1)),
            ("again", now + timedelta(days=1)),
        ):
            clock["now"] = moment
            started = time.perf_counter()
            ran = await runner.run_due(job)
            seconds = time.perf_counter() - started
            told = await _told(db)
            new = {kind: told.get(kind, 0) - before.get(kind, 0) for kind in told}
            before = told
            verdict = "ok" if seconds < LIMIT_SECONDS * members / 1_000_000 else "SLOW"
            rows.append(
                f"| {backend} | {members:,} | {ledger_rows:,} | {settings.job_batch_size:,} | "
                f"{label} | "
                f"{'ran' if ran else 'already done'} | {seconds:.2f} ({verdict}) | "
                f"{new.get('warn', 0):,} | {new.get('grace', 0):,} | {new.get('down', 0):,} | "
                f"{new.get('up', 0):,} |"
            )
    finally:
        await db.dispose()
    return rows


async def run(backend: str, members: int, aligned: bool, batch: int | None) -> list[str]:
    async with database(backend) as url:
        started = time.perf_counter()
        await fill(url, members)
        print(
            f"{backend}: filled {members:,} members in {time.perf_counter() - started:.1f} s",
            file=sys.stderr,
        )
        return await measure(backend, url, members, aligned, batch)


def parse(argv: list[str]) -> argparse.Namespace:
    parser = cli.parser("tiers", __doc__)
    parser.add_argument(
        "--batch", type=int, help="JOB_BATCH_SIZE for the run (default: the setting's default)"
    )
    parser.add_argument(
        "--random-tiers",
        action="store_true",
        help="keep fill's random stored tiers (a storm of graces) instead of aligning them",
    )
    return parser.parse_args(argv)


async def main(argv: list[str]) -> int:
    args = parse(argv)
    head = [
        f"Target: < {LIMIT_SECONDS:.0f} s per million members (the verdict scales it).",
        "",
        "| backend | members | ledger rows | batch | night | run | seconds | warned "
        "| graces begun | downgraded | upgraded |",
        "| --- | ---: | ---: | ---: | --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    return await cli.table(
        "tiers",
        argv,
        args.backend,
        head,
        lambda b: run(b, args.members, not args.random_tiers, args.batch),
    )


def entry(argv: list[str] | None = None) -> Any:
    return cli.entry(main, argv)


if __name__ == "__main__":
    raise SystemExit(entry())
