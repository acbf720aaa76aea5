"""The clock with real processes: two `python -m bot run` on one database greet each
birthday once, and a kill -9 in the middle of the birthday job is finished by the next start
without greeting or crediting anyone twice (SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
import signal
from datetime import UTC, datetime, timedelta
from pathlib import Path

import jdatetime
import sqlalchemy as sa

from bench.audience import add_members
from bot.club.clock import local_today
from bot.emulator.driver import Emulator, SimUser
from bot.storage.db import Database
from bot.storage.tables import job_runs, members
from tests.e2e.test_process import BotProcess, bot_env
from tests.e2e.world import BALE_TOKEN, TELEGRAM_TOKEN


async def born_today(url: str, users: list[SimUser]) -> None:
    """Members (one per user) whose Jalali birthday is the club's today, set long ago."""
    now = datetime.now(UTC)
    today = jdatetime.date.fromgregorian(date=local_today(now, "Asia/Tehran"))
    born = jdatetime.date(1370, today.month, min(today.day, 29)).togregorian()
    db = Database(url)
    async with db.write() as conn:
        await add_members(conn, [u.id for u in users], now=now, first_id=1)
        await conn.execute(
            sa.update(members).values(
                birth_date=born,
                birth_jmonth=today.month,
                birth_jday=today.day,
                birth_date_set_at=now - timedelta(days=400),
            )
        )
    await db.dispose()


async def state(url: str) -> tuple[int, int, int | None, bool]:
    """Birthday credits, distinct members credited, the job's cursor, and whether it is done."""
    db = Database(url)
    try:
        async with db.read() as conn:
            credits, distinct = (
                await conn.execute(
                    sa.text(
                        "SELECT count(*), count(DISTINCT member_id) FROM ledger "
                        "WHERE kind = 'birthday'"
                    )
                )
            ).one()
            run = (
                await conn.execute(
                    sa.select(job_runs.c.cursor, job_runs.c.finished_at).where(
                        job_runs.c.job == "birthdays"
                    )
                )
            ).first()
    finally:
        await db.dispose()
    cursor = None if run is None else run.cursor
    return int(credits), int(distinct), cursor, run is not None and run.finished_at is not None


async def wait_for(url: str, check: object, what: str, within: float = 60.0) -> None:
    deadline = asyncio.get_running_loop().time() + within
    while not check(await state(url)):  # type: ignore[operator]
        assert asyncio.get_running_loop().time() < deadline, f"timed out: {what}"
        await asyncio.sleep(0.02)


def setup(
    emu: Emulator, url: str, members_count: int, batch: int
) -> tuple[dict[str, str], list[SimUser]]:
    emu.add_bot(TELEGRAM_TOKEN, "vafa_test_bot", platform="telegram")
    emu.add_bot(BALE_TOKEN, "vafa_test_bale_bot", platform="bale")
    env = bot_env(emu, url) | {
        "BIRTHDAY_TIME": "00:00",
        "JOB_BATCH_SIZE": str(batch),
        "TELEGRAM_RATE_LIMIT": "500",
        "QUIET_HOURS": "",
    }
    return env, [emu.user(TELEGRAM_TOKEN, first_name=f"M{i}") for i in range(members_count)]


async def test_two_processes_on_one_database_greet_each_birthday_once(
    emu: Emulator, any_url: str, tmp_path: Path
) -> None:
    env, users = setup(emu, any_url, 200, 20)
    await born_today(any_url, users)
    first, second = BotProcess(env, tmp_path), BotProcess(env, tmp_path)
    await asyncio.gather(first.start(), second.start())
    await wait_for(any_url, lambda s: s[3], "the birthday job to finish")
    credits, distinct, _, _ = await state(any_url)
    assert credits == distinct == 200
    for user in users:
        for _ in range(200):
            if user.inbox:
                break
            await asyncio.sleep(0.05)
    await asyncio.sleep(0.3)  # a second greeting would show here
    assert sorted({len(u.inbox) for u in users}) == [1]
    assert await first.end(signal.SIGTERM) == 0
    assert await second.end(signal.SIGTERM) == 0
    # One of the two claimed the day; the other found it claimed and left it alone.
    runs = (first.output + second.output).decode()
    starts = [line for line in runs.splitlines() if "birthdays " in line and ": starts" in line]
    assert len(starts) == 1, runs[-3000:]


async def test_kill_9_mid_birthdays_is_finished_by_the_next_start_without_doubles(
    emu: Emulator, any_url: str, tmp_path: Path
) -> None:
    env, users = setup(emu, any_url, 600, 3)
    await born_today(any_url, users)
    process = BotProcess(env, tmp_path)
    await process.start()
    await wait_for(any_url, lambda s: (s[2] or 0) > 30, "the job to be under way")
    assert await process.end(signal.SIGKILL) == -signal.SIGKILL
    credits, _, left_at, finished = await state(any_url)
    assert not finished and left_at is not None and 0 < left_at < 600, "killed too late"
    assert credits == left_at  # each batch committed with its cursor, nothing beyond it
    process = BotProcess(env, tmp_path)
    await process.start()
    await wait_for(any_url, lambda s: s[3], "the next start to finish the period")
    credits, distinct, cursor, _ = await state(any_url)
    assert credits == distinct == 600 and cursor == 600
    for _ in range(400):
        if all(u.inbox for u in users):
            break
        await asyncio.sleep(0.05)
    # Everyone greeted; a greeting in flight at the kill may arrive twice (at least once).
    assert all(u.inbox for u in users)
    assert sum(len(u.inbox) for u in users) - 600 <= 20
    assert await process.end(signal.SIGTERM) == 0
    # The next start took the dead process's period over where its cursor stood.
    assert f"(from member {left_at})" in process.output.decode()
