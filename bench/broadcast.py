"""`python -m bench.broadcast`: broadcasts measured; prints Markdown tables for the README.

Three measurements, each on a fresh database of the chosen backend(s):

  capped     a broadcast to --members emulated members, the emulator enforcing --cap sends
             a second per bot (429 above it, like Telegram) and the sender configured at
             --limit; meanwhile a cashier records a purchase every 2 s and the bench times
             how long the member's purchase notice takes. Reported: the achieved rate against
             the limit, the most sends in any 200 ms (smooth is about limit/5), the 429s the
             emulator answered, and the till's notice latency.
  uncapped   the same without a cap or a limit: how fast the sender itself goes
             (messages/s) and the CPU seconds the process used per 1,000 messages.
  queuing    writing a broadcast's outbox rows for --queue-members synthetic members
             (bench/million.py fills the database): seconds, and the longest single chunk
             transaction (what the till may wait behind).

The bot runs in this process with the emulator (the members are the emulator's chats); a
run of 10,000 members at 25/s takes about seven minutes.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from pydantic import SecretStr

from bench.audience import add_members
from bench.databases import Unavailable, database
from bench.million import fill
from bot.club.broadcasts import Broadcast, Broadcasts
from bot.emulator.driver import Emulator
from bot.lifecycle import Runtime
from bot.settings import Settings
from bot.storage.db import Database
from bot.storage.tables import broadcasts

TELEGRAM_TOKEN = "111111:BENCH-TELEGRAM"
OWNER = 9_000_001


def settings(emu: Emulator, url: str, limit: float, in_flight: int) -> Settings:
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        telegram_token=SecretStr(TELEGRAM_TOKEN),
        telegram_api_url=emu.base_url,
        telegram_file_url=emu.base_file_url,
        database_url=url,
        admin_ids=f"telegram:{OWNER}",
        poll_timeout=5,
        telegram_rate_limit=limit,
        quiet_hours="",
        broadcast_in_flight=in_flight,
    )


async def seed(url: str, emu: Emulator, count: int) -> list[Any]:
    users = [emu.user(TELEGRAM_TOKEN, user_id=1_000_000 + i, first_name="M") for i in range(count)]
    db = Database(url)
    async with db.write() as conn:
        chats = [u.id for u in users]
        await add_members(conn, chats, now=datetime.now(UTC), first_id=1, phone_prefix="+98937")
    await db.dispose()
    return users


async def start_broadcast(runtime: Runtime, count: int) -> None:
    now = datetime.now(UTC)
    async with runtime.club.db.write() as conn:
        await conn.execute(
            sa.insert(broadcasts).values(
                id=1,
                created_by=f"telegram:{OWNER}",
                platform="telegram",
                chat_id=OWNER,
                text="پیام همگانی باشگاه",
                status="sending",
                audience_size=count,
                frozen_through=count,
                queued_through=0,
                created_at=now,
                started_at=now,
                due_at=now,
            )
        )


async def finished(runtime: Runtime) -> bool:
    async with runtime.club.db.read() as conn:
        status = await conn.scalar(sa.select(broadcasts.c.status).where(broadcasts.c.id == 1))
    return status == "done"


async def till(runtime: Runtime, emu: Emulator, stop: asyncio.Event) -> list[float | None]:
    """A cashier (the owner) records a purchase for member 1 every 2 s; the time from the
    confirm press to the member's notice is one latency sample (None: no quote within 30 s)."""
    owner = emu.user(TELEGRAM_TOKEN, user_id=OWNER, first_name="Owner")
    member = emu.state.bots[TELEGRAM_TOKEN].chats[1_000_000]
    samples: list[float | None] = []
    receipt = 0
    confirm = runtime.texts("button-confirm")
    while not stop.is_set():
        receipt += 1
        await owner.send(f"/purchase 09370000001 100000 R-{receipt}", wait=False)
        asked = time.perf_counter()
        while confirm not in owner.buttons() and time.perf_counter() - asked < 30:  # noqa: ASYNC110
            await asyncio.sleep(0.005)
        if confirm not in owner.buttons():
            print(f"till: no quote within 30 s; last said: {owner.inbox[-1:]!r}", flush=True)
            samples.append(None)
            continue
        before = len(member.log)
        started = time.perf_counter()
        await owner.press(confirm, wait=False)
        while len(member.log) == before and time.perf_counter() - started < 30:  # noqa: ASYNC110
            await asyncio.sleep(0.005)
        samples.append(time.perf_counter() - started)
        await asyncio.sleep(2.0)
    return samples


async def capped(backend: str, count: int, limit: float, cap: float) -> dict[str, Any]:
    async with Emulator() as emu, database(backend) as url:
        emu.add_bot(TELEGRAM_TOKEN, "vafa_bench_bot", platform="telegram")
        emu.set_rate_cap(cap, retry_after=1)
        await seed(url, emu, count)
        runtime = Runtime(settings(emu, url, limit, in_flight=50))
        await runtime.start()
        try:
            stop = asyncio.Event()
            cashier = asyncio.create_task(till(runtime, emu, stop))
            await asyncio.sleep(3)  # the till's usual latency, before the broadcast
            emu.ratecap.reset()
            started = time.perf_counter()
            await start_broadcast(runtime, count)
            while not await finished(runtime):  # noqa: ASYNC110
                await asyncio.sleep(0.2)
            took = time.perf_counter() - started
            stop.set()
            samples = await cashier
            async with runtime.club.db.read() as conn:
                row = (
                    await conn.execute(
                        sa.select(broadcasts.c.started_at, broadcasts.c.finished_at).where(
                            broadcasts.c.id == 1
                        )
                    )
                ).one()
                sent = await conn.scalar(
                    sa.text(
                        "SELECT count(*) FROM outbox WHERE broadcast_id = 1 AND status = 'sent'"
                    )
                )
        finally:
            await runtime.shutdown()
        stats = emu.rate_stats(TELEGRAM_TOKEN)
    return {
        "members": count,
        "seconds": took,
        "rate": stats.accepted / took,
        "promo_rate": sent / (row.finished_at - row.started_at).total_seconds(),
        "sent": sent,
        "limit": limit,
        "max_200ms": stats.max_in_200ms,
        "max_1s": stats.max_in_1s,
        "rejected_429": stats.rejected_429,
        "till_p50": statistics.median(timed) if (timed := [x for x in samples if x]) else 0.0,
        "till_max": max(timed) if timed else 0.0,
        "till_missing": samples.count(None),
    }


async def uncapped(backend: str, count: int) -> dict[str, Any]:
    async with Emulator() as emu, database(backend) as url:
        emu.add_bot(TELEGRAM_TOKEN, "vafa_bench_bot", platform="telegram")
        await seed(url, emu, count)
        emu.user(TELEGRAM_TOKEN, user_id=OWNER, first_name="Owner")  # the report's chat
        runtime = Runtime(settings(emu, url, 1_000_000, in_flight=500))
        await runtime.start()
        try:
            cpu, started = time.process_time(), time.perf_counter()
            await start_broadcast(runtime, count)
            while not await finished(runtime):  # noqa: ASYNC110
                await asyncio.sleep(0.1)
            took, used = time.perf_counter() - started, time.process_time() - cpu
        finally:
            await runtime.shutdown()
    # The emulator shares this process: its CPU is in `used` too.
    return {"members": count, "rate": count / took, "cpu_per_1000": used / count * 1000}


async def queuing(backend: str, count: int) -> dict[str, Any]:
    async with database(backend) as url:
        filled = time.perf_counter()
        await fill(url, count)
        filled = time.perf_counter() - filled
        db = Database(url)
        try:
            settings_ = Settings(_env_file=None, database_url=url)  # type: ignore[call-arg]
            from bot.club.club import Club

            club = Club(db, settings_)
            chunks = Broadcasts(club)
            now = datetime.now(UTC)
            async with db.write() as conn:
                await conn.execute(
                    sa.insert(broadcasts).values(
                        id=1,
                        created_by="bench",
                        platform="telegram",
                        chat_id=1,
                        text="x",
                        status="paused",  # written, not sent
                        audience_size=0,
                        frozen_through=count,
                        queued_through=0,
                        created_at=now,
                    )
                )
            found = await chunks.get(1)
            assert isinstance(found, Broadcast)
            longest, started = 0.0, time.perf_counter()
            while not found.queued:
                one = time.perf_counter()
                found.queued_through = await chunks.queue_chunk(found)
                longest = max(longest, time.perf_counter() - one)
            took = time.perf_counter() - started
            async with db.read() as conn:
                rows = await conn.scalar(sa.select(sa.func.count()).select_from(sa.text("outbox")))
        finally:
            await db.dispose()
    return {
        "members": count,
        "rows": rows,
        "seconds": took,
        "longest_chunk": longest,
        "fill_seconds": filled,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.broadcast",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--backend", choices=("sqlite", "postgres", "all"), default="all")
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--limit", type=float, default=25.0)
    parser.add_argument("--cap", type=float, default=30.0)
    parser.add_argument("--uncapped-members", type=int, default=10_000)
    parser.add_argument("--queue-members", type=int, default=1_000_000)
    parser.add_argument("--only", choices=("capped", "uncapped", "queuing"), action="append")
    args = parser.parse_args(argv)
    backends = ["sqlite", "postgres"] if args.backend == "all" else [args.backend]
    only = set(args.only or ("capped", "uncapped", "queuing"))
    for backend in backends:
        try:
            if "capped" in only:
                r = asyncio.run(capped(backend, args.members, args.limit, args.cap))
                print(
                    f"| {backend} | capped | {r['members']:,} | {r['seconds']:.0f} s | "
                    f"promotions {r['promo_rate']:.1f}/s of {r['limit']:.0f}/s "
                    f"({r['promo_rate'] / r['limit']:.0%}), all sends {r['rate']:.1f}/s | "
                    f"max {r['max_200ms']} in 200 ms, {r['max_1s']} in 1 s | "
                    f"{r['rejected_429']} × 429 | till notice p50 {r['till_p50'] * 1000:.0f} ms,"
                    f" max {r['till_max'] * 1000:.0f} ms, {r['till_missing']} unanswered |",
                    flush=True,
                )
            if "uncapped" in only:
                r = asyncio.run(uncapped(backend, args.uncapped_members))
                print(
                    f"| {backend} | uncapped | {r['members']:,} | {r['rate']:.0f} messages/s | "
                    f"{r['cpu_per_1000']:.2f} CPU s per 1,000 (bot + emulator) |",
                    flush=True,
                )
            if "queuing" in only:
                r = asyncio.run(queuing(backend, args.queue_members))
                print(
                    f"| {backend} | queuing | {r['members']:,} members → {r['rows']:,} rows | "
                    f"{r['seconds']:.1f} s | longest chunk {r['longest_chunk'] * 1000:.0f} ms |",
                    flush=True,
                )
        except Unavailable as reason:
            print(f"| {backend} | skipped: {reason} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
