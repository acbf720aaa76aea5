"""`python -m bench.redeem`: rewards taken per second, end to end, and what each one costs.

Members (written straight to the database, each with 1,000 points) take a reward the way a
person does, through the real Application and the project's emulator: «جوایز» from the menu,
the reward's button, «دریافت»; a redemption is done when the member has the code's QR image.
--concurrent members do it at once, again and again, for --redemptions in all (closed loop:
each member starts the next as soon as the last one finished). A second phase has --concurrent
members race for a reward with a stock of --stock: exactly the stock must be issued.

Reported per backend: redemptions per second, the p50 and p99 time from «دریافت» to the QR,
and the race's outcome. The bench refuses to print figures when a count is off (codes issued,
points debited, the stock).

    python -m bench.redeem --backend all
"""

from __future__ import annotations

import argparse
import asyncio
import shlex
import statistics
import sys
import time
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from pydantic import SecretStr

from bench.audience import add_members
from bench.databases import Unavailable, database
from bot.club import ledger, rewards
from bot.emulator.driver import Emulator, SimUser
from bot.i18n import load_texts
from bot.lifecycle import Runtime
from bot.settings import Settings
from bot.storage.db import Database

TELEGRAM_TOKEN = "111111:BENCH-TELEGRAM"
POINTS = 1_000
COST = 10
TITLE = "Coffee"
TEXTS = load_texts("fa", "Asia/Tehran")


def settings(emu: Emulator, url: str) -> Settings:
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        telegram_token=SecretStr(TELEGRAM_TOKEN),
        telegram_api_url=emu.base_url,
        telegram_file_url=emu.base_file_url,
        database_url=url,
        poll_timeout=5,
        # The sender's cap would be all we measure (as in `python -m bench`).
        telegram_rate_limit=100_000,
        quiet_hours="",
        # A bench member sends far more than a person would: the flood gate would mute them.
        flood_messages=1_000_000,
    )


async def seed(url: str, emu: Emulator, count: int, *, first: int) -> list[SimUser]:
    users = [
        emu.user(TELEGRAM_TOKEN, user_id=2_000_000 + first + i, first_name="M")
        for i in range(count)
    ]
    db = Database(url)
    now = datetime.now(UTC)
    async with db.write() as conn:
        ids = await add_members(conn, [u.id for u in users], now=now, first_id=first + 1)
        for member_id in ids:
            await ledger.credit(
                conn,
                member_id=member_id,
                points=POINTS,
                kind="signup",
                key=f"bench:{member_id}",
                now=now,
            )
    await db.dispose()
    return users


async def add_reward(runtime: Runtime, title: str, stock: int | None) -> int:
    async with runtime.club.db.write() as conn:
        return await rewards.create(
            conn,
            rewards.Draft(
                title=title, cost=COST, kind="percent", value=10, valid_days=30, stock=stock
            ),
            actor="bench",
            role=None,
            now=runtime.club.now(),
        )


async def shown(user: SimUser, label: str, since: int) -> None:
    """Until a message after `since` offers the button (replies come through the outbox, a
    moment after the update was handled)."""
    started = time.perf_counter()
    while not any(
        label in [str(b.get("text")) for b in m.inline_buttons()] for m in user.inbox[since:]
    ):
        if time.perf_counter() - started > 30:
            raise AssertionError(f"no {label!r} within 30 s; last said: {user.inbox[-1:]!r}")
        await asyncio.sleep(0.002)


async def take(user: SimUser, title: str) -> float:
    """One redemption through the bot; the seconds from «دریافت» to the QR image."""
    item = TEXTS("button-reward-item", title=title, cost=COST)
    mark = len(user.inbox)
    await user.send(TEXTS("button-rewards"))
    await shown(user, item, mark)
    await user.press(item)
    await shown(user, TEXTS("button-reward-take"), mark)
    before = len(user.inbox)
    started = time.perf_counter()
    await user.press(TEXTS("button-reward-take"))
    while not any(m.kind == "photo" for m in user.inbox[before:]):
        if time.perf_counter() - started > 30:
            raise AssertionError(f"no code within 30 s; last said: {user.inbox[-1:]!r}")
        await asyncio.sleep(0.002)
    return time.perf_counter() - started


async def scalar(runtime: Runtime, sql: str) -> int:
    async with runtime.club.db.read() as conn:
        return int(await conn.scalar(sa.text(sql)) or 0)


async def run(backend: str, concurrent: int, total: int, stock: int) -> dict[str, Any]:
    async with Emulator() as emu, database(backend) as url:
        emu.add_bot(TELEGRAM_TOKEN, "vafa_bench_bot", platform="telegram")
        users = await seed(url, emu, concurrent, first=0)
        racers = await seed(url, emu, concurrent, first=concurrent)
        runtime = Runtime(settings(emu, url))
        await runtime.start()
        try:
            await add_reward(runtime, TITLE, None)
            latencies: list[float] = []
            queue = iter(range(total))

            async def member(user: SimUser) -> None:
                for _ in queue:
                    latencies.append(await take(user, TITLE))

            started = time.perf_counter()
            await asyncio.gather(*(member(u) for u in users))
            took = time.perf_counter() - started
            issued = await scalar(runtime, "SELECT count(*) FROM redemptions")
            debited = await scalar(runtime, "SELECT count(*) FROM ledger WHERE kind = 'redeem'")
            if issued != total or debited != total:
                raise AssertionError(f"{total} redemptions made {issued} codes, {debited} debits")

            race = await add_reward(runtime, "Race", stock)
            item = TEXTS("button-reward-item", title="Race", cost=COST)
            for user in racers:
                mark = len(user.inbox)
                await user.send(TEXTS("button-rewards"))
                await shown(user, item, mark)
                await user.press(item)
                await shown(user, TEXTS("button-reward-take"), mark)
            raced = time.perf_counter()
            await asyncio.gather(*(u.press(TEXTS("button-reward-take")) for u in racers))
            race_took = time.perf_counter() - raced
            won = await scalar(
                runtime, f"SELECT count(*) FROM redemptions WHERE reward_id = {race}"
            )
            left = await scalar(runtime, f"SELECT issued FROM rewards WHERE id = {race}")
            if won != stock or left != stock:
                raise AssertionError(f"stock {stock}: {won} codes issued, issued = {left}")
        finally:
            await runtime.shutdown()
    latencies.sort()
    return {
        "rate": total / took,
        "p50": statistics.median(latencies),
        "p99": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))],
        "race": f"{concurrent} confirm at once for a stock of {stock}: {won} codes "
        f"({race_took * 1000:.0f} ms)",
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.redeem",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--backend", choices=("sqlite", "postgres", "all"), default="all")
    parser.add_argument("--concurrent", type=int, default=20)
    parser.add_argument("--redemptions", type=int, default=1_000)
    parser.add_argument("--stock", type=int, default=10)
    args = parser.parse_args(argv)
    print(f"`python -m bench.redeem {shlex.join(sys.argv[1:] if argv is None else argv)}`")
    print()
    print("| backend | redemptions/s | «دریافت» to QR p50 | p99 | race |")
    print("|---|---:|---:|---:|---|")
    backends = ["sqlite", "postgres"] if args.backend == "all" else [args.backend]
    for backend in backends:
        try:
            r = asyncio.run(run(backend, args.concurrent, args.redemptions, args.stock))
        except Unavailable as reason:
            print(f"| {backend} | skipped: {reason} |||", flush=True)
            continue
        print(
            f"| {backend} | {r['rate']:.1f} | {r['p50'] * 1000:.0f} ms | "
            f"{r['p99'] * 1000:.0f} ms | {r['race']} |",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
