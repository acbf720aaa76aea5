"""`python -m bench.lotteries`: how long a draw takes over 100,000 tickets.

Fills a fresh database (SQLite in a temp dir; PostgreSQL: a database created on
127.0.0.1:5432 and dropped afterwards) with --members members (`bench.million.fill`) and a
lottery of --tickets entries of one ticket each, the members taking turns (the worst shape for
the draw: one entry per ticket). Then times the draw's steps as the minute tick runs them
(bot/club/lotteries.py): claim, winners (a window sum in SQL per prize, never one ticket a
row in Python) with prize points, and finish (the seed revealed, the winners told, one
INSERT ... SELECT of the result for every other participant); and `verify-draw`, which loads
the entries in one query and recomputes with the reference function. Prints a Markdown table.

    python -m bench.lotteries --tickets 100000 --members 20000 --backend all
"""

from __future__ import annotations

import argparse
import asyncio
import shlex
import sys
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from bench.databases import Unavailable, database
from bench.million import fill
from bot.club import lotteries
from bot.club.club import Club
from bot.club.lotteries import Draft, Prize
from bot.settings import Settings
from bot.storage.db import Database
from bot.storage.tables_lotteries import lottery_entries

LIMIT_SECONDS = 2.0
CHUNK = 10_000
PRIZES = [Prize("first", 1000), Prize("second", 500), Prize("third", 0)]


async def add_lottery(db: Database, tickets: int, members: int, now: datetime) -> int:
    async with db.write() as conn:
        found = await lotteries.create(
            conn,
            Draft("bench", PRIZES, 10, tickets, None, now + timedelta(days=1)),
            actor="bench",
            role=None,
            now=now,
        )
    for start in range(0, tickets, CHUNK):
        rows = [
            {
                "lottery_id": found.id,
                "member_id": i % members + 1,
                "seq": i // members + 1,
                "tickets": 1,
                "points": 10,
                "created_at": now,
            }
            for i in range(start, min(start + CHUNK, tickets))
        ]
        async with db.write() as conn:
            await conn.execute(sa.insert(lottery_entries), rows)
    async with db.write() as conn:
        await conn.execute(sa.text("UPDATE lotteries SET tickets = :n"), {"n": tickets})
        await conn.execute(sa.text("ANALYZE"))
    return found.id


async def measure(backend: str, url: str, tickets: int, members: int) -> str:
    now = datetime.now(UTC)
    started = time.perf_counter()
    await fill(url, members, now=now)
    db = Database(url)
    try:
        lottery = await add_lottery(db, tickets, members, now)
        print(f"{backend}: filled in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        club = Club(db, Settings(_env_file=None, database_url=url))
        times: list[float] = []
        for step in (
            lambda: lotteries.claim(club, lottery),
            lambda: lotteries.write_winners(club, lottery),
            lambda: lotteries.finish(club, lottery, actor="bench", role=None),
        ):
            begin = time.perf_counter()
            await step()
            times.append(time.perf_counter() - begin)
        begin = time.perf_counter()
        verdict = await lotteries.verify(db, lottery)
        verify_seconds = time.perf_counter() - begin
        assert verdict.ok, verdict.line
        async with db.read() as conn:
            told = await conn.scalar(sa.text("SELECT count(*) FROM outbox"))
    finally:
        await db.dispose()
    total = sum(times)
    mark = "ok" if total < LIMIT_SECONDS else f"OVER {LIMIT_SECONDS:.0f} s"
    return (
        f"| {backend} | {tickets:,} | {members:,} | {times[1] * 1000:.0f} ms | "
        f"{times[2] * 1000:.0f} ms ({told:,} notices) | {total * 1000:.0f} ms ({mark}) | "
        f"{verify_seconds * 1000:.0f} ms |"
    )


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.lotteries", description=__doc__)
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--members", type=int, default=20_000)
    parser.add_argument("--backend", choices=["sqlite", "postgres", "all"], default="all")
    return parser.parse_args(argv)


async def main(argv: list[str]) -> int:
    args = parse(argv)
    lines = [
        f"Command: `python -m bench.lotteries {shlex.join(argv)}`",
        "",
        "| backend | tickets | participants | winners (3 prizes) | finish | whole draw "
        "| verify-draw |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    backends = ["sqlite", "postgres"] if args.backend == "all" else [args.backend]
    for backend in backends:
        try:
            async with database(backend) as url:
                lines.append(await measure(backend, url, args.tickets, args.members))
        except Unavailable as reason:
            print(f"{backend}: skipped ({reason})", file=sys.stderr)
    print("\n".join(lines))
    return 0


def entry(argv: list[str] | None = None) -> Any:
    return asyncio.run(main(sys.argv[1:] if argv is None else argv))


if __name__ == "__main__":
    sys.exit(entry())
