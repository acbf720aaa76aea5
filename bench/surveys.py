"""`python -m bench.surveys`: a survey answered by many members, then its results and its CSV.

Fills a fresh database (SQLite in a temp dir; PostgreSQL: a database created on
127.0.0.1:5432 and dropped afterwards) with MEMBERS members (`bench.audience.add_members`),
publishes a survey of the six question kinds, and has every member answer it through
bot/club/surveys exactly as the button handlers do (one transaction per press: start, then
each answer; multiple choice as two picks and «done»), concurrently in CONCURRENCY lanes.
Then times `surveys.results` (the admin's results screen) and `surveys.responses_csv` (the
CSV), each REPEAT times, and prints a Markdown table.

    python -m bench.surveys --members 5000 --backend all
"""

from __future__ import annotations

import argparse
import asyncio
import shlex
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from bench.audience import add_members
from bench.databases import Unavailable, database
from bot.club import surveys
from bot.storage.db import Database

REPEAT = 5
CONCURRENCY = 8
TIMEZONE = "Asia/Tehran"

QUESTIONS: list[dict[str, Any]] = [
    {"kind": surveys.YESNO, "text": "q1", "required": True},
    {"kind": surveys.SINGLE, "text": "q2", "choices": ["a", "b", "c"], "required": True},
    {"kind": surveys.MULTI, "text": "q3", "choices": ["a", "b", "c", "d"], "required": True},
    {"kind": surveys.RATING, "text": "q4", "required": True},
    {"kind": surveys.NPS, "text": "q5", "required": True},
    {"kind": surveys.TEXT, "text": "q6", "max_length": 200, "required": False},
]


async def publish(db: Database, now: datetime) -> surveys.Survey:
    draft = surveys.Draft(
        title="bench",
        questions=QUESTIONS,
        reward_points=20,
        opens_at=now - timedelta(minutes=1),
        closes_at=now + timedelta(days=7),
    )
    async with db.write() as conn:
        return await surveys.publish(conn, draft, actor="bench", role=None, now=now)


async def answer_all(db: Database, survey: surveys.Survey, member_id: int, now: datetime) -> None:
    """One member's presses, each its own transaction as an update would be."""
    common: dict[str, Any] = {
        "survey_id": survey.id,
        "member_id": member_id,
        "now": now,
        "timezone": TIMEZONE,
    }
    async with db.write() as conn:
        state = await surveys.where(conn, **common)
    while state.question is not None:
        q = state.question
        async with db.write() as conn:
            if q.kind == surveys.MULTI:
                for choice in (member_id % 4, (member_id + 1) % 4):
                    await surveys.pick(conn, question_id=q.id, choice=choice, on=True, **common)
                state = await surveys.answer(conn, question_id=q.id, done=True, **common)
            elif q.kind == surveys.TEXT:
                state = await surveys.answer(
                    conn, question_id=q.id, text=f"answer {member_id}", **common
                )
            else:
                options = list(q.options())
                value = options[member_id % len(options)]
                state = await surveys.answer(conn, question_id=q.id, value=value, **common)
        if state.outcome is surveys.Outcome.COMPLETED:
            return


async def measure(backend: str, url: str, members: int) -> list[str]:
    db, now = Database(url), datetime.now(UTC)
    try:
        async with db.write() as conn:
            ids = await add_members(conn, list(range(1, members + 1)), now=now)
        survey = await publish(db, now)
        queue: asyncio.Queue[int] = asyncio.Queue()
        for member_id in ids:
            queue.put_nowait(member_id)

        async def lane() -> None:
            while not queue.empty():
                await answer_all(db, survey, queue.get_nowait(), now)

        started = time.perf_counter()
        await asyncio.gather(*(lane() for _ in range(CONCURRENCY)))
        answering = time.perf_counter() - started
        print(f"{backend}: {members:,} members answered in {answering:.1f} s", file=sys.stderr)
        result_times, csv_times = [], []
        size = 0
        for _ in range(REPEAT):
            async with db.read() as conn:
                t0 = time.perf_counter()
                found = await surveys.results(conn, survey)
                result_times.append(time.perf_counter() - t0)
                t0 = time.perf_counter()
                data = await surveys.responses_csv(
                    conn,
                    survey,
                    header=["r", "m", "s", "d"],
                    label=lambda q, row: str(row.value if row.value is not None else row.text),
                    moment=lambda value: value.isoformat() if value else "",
                )
                csv_times.append(time.perf_counter() - t0)
                size = len(data)
        assert found.completed == members, (found.completed, members)
        return [
            f"| {backend} | {members:,} | {answering:.1f} s ({members * 8 / answering:,.0f} "
            f"presses/s) | {result_times[0] * 1000:.0f} ms | "
            f"{statistics.median(result_times[1:]) * 1000:.0f} ms | "
            f"{statistics.median(csv_times) * 1000:.0f} ms ({size / 1024:,.0f} KiB) |"
        ]
    finally:
        await db.dispose()


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.surveys", description=__doc__)
    parser.add_argument("--members", type=int, default=5_000)
    parser.add_argument("--backend", choices=("sqlite", "postgres", "all"), default="all")
    return parser.parse_args(argv)


async def main(argv: list[str]) -> int:
    args = parse(argv)
    backends = ("sqlite", "postgres") if args.backend == "all" else (args.backend,)
    lines = [
        f"`python -m bench.surveys {shlex.join(argv)}`".replace("  ", " "),
        "",
        "| backend | members | answering (8 presses each) | results, first | results, median"
        " | CSV, median |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for backend in backends:
        try:
            async with database(backend) as url:
                lines.extend(await measure(backend, url, args.members))
        except Unavailable as reason:
            print(f"{backend}: skipped ({reason})", file=sys.stderr)
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main(sys.argv[1:])))
