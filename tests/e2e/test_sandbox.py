"""The sandbox: the real bot on its own database file, the emulator, the terminal chat."""

from __future__ import annotations

import asyncio
import io
import signal
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from bot.emulator.driver import Emulator
from bot.sandbox import DATABASE_FILE, Sandbox, update_id_start
from bot.storage.db import Database
from tests.conftest import make_settings
from tests.e2e.test_process import clean_env
from tests.e2e.world import t


@pytest.fixture(autouse=True)
def _logical_order(monkeypatch: pytest.MonkeyPatch) -> None:
    """Output is searched for the texts as written, so no display reordering."""
    monkeypatch.delenv("VAFA_SANDBOX_BIDI", raising=False)


async def run_sandbox_with(data_dir: Path, *lines: str) -> str:
    """One sandbox run on ``data_dir`` typing ``lines``; everything the terminal printed."""
    settings = make_settings(rate_limiter=False, error_report_interval_seconds=0)
    stdin, stdout = io.StringIO("\n".join(lines) + "\n"), io.StringIO()
    await asyncio.wait_for(Sandbox(settings, data_dir).run(stdin, stdout), 60)
    return stdout.getvalue()


def first_line(key: str) -> str:
    return t(key).split("\n")[0]


async def test_a_restarted_sandbox_still_answers_its_members(tmp_path: Path) -> None:
    first = await run_sandbox_with(tmp_path, "/start", "/quit")
    second = await run_sandbox_with(tmp_path, "/start", "/quit")
    assert first_line("signup-welcome") in first
    # The second run's /start must not be taken for the first run's (same database).
    assert first_line("signup-consent") in second.split("Sara> ", 1)[1]


def test_each_run_numbers_updates_past_the_ids_of_any_earlier_run() -> None:
    earlier = update_id_start(1_700_000_000.0)
    assert update_id_start(1_700_000_000.002) > earlier + 1  # two updates a millisecond later
    assert update_id_start() > update_id_start(1_700_000_000.0) > 0


async def test_the_emulator_starts_a_bot_s_update_ids_where_it_is_told() -> None:
    async with Emulator() as emu:
        handle = emu.add_bot("1:a", "a_bot", update_id_start=1_000_000)
        user = handle.user()
        assert await user.send("hi", wait=False) == 1_000_000
        assert await user.send("again", wait=False) == 1_000_001
        with pytest.raises(ValueError, match="update_id_start"):
            emu.add_bot("2:b", "b_bot", update_id_start=0)


async def test_a_new_run_s_chats_number_their_messages_past_an_earlier_run_s() -> None:
    """A purchase without a receipt is known by its chat and message: a restarted sandbox
    must not give its first message the id of the last run's first message."""
    async with Emulator() as emu:
        first = emu.add_bot("1:a", "a_bot", update_id_start=update_id_start(1_700_000_000.0))
        later = emu.add_bot("2:b", "b_bot", update_id_start=update_id_start(1_700_000_060.0))
        one, two = first.user(), later.user()
        await one.send("hi", wait=False)
        await two.send("hi", wait=False)
        # The next message id each chat would give.
        ids = [user.chat.next_message_id for user in (one, two)]
        assert ids[0] > update_id_start(1_700_000_000.0) and ids[1] > ids[0] + 1000


async def test_reset_deletes_the_sandbox_database_and_starts_the_bot_afresh(
    tmp_path: Path,
) -> None:
    out = await run_sandbox_with(
        tmp_path, "/start", "/reset", "/platform bale", "/start", "/platform telegram", "/quit"
    )
    assert f"Sandbox reset: deleted {tmp_path / DATABASE_FILE}" in out
    db = Database(f"sqlite+aiosqlite:///{tmp_path / DATABASE_FILE}")
    try:
        async with db.read() as conn:
            rows = (await conn.execute(sa.text("SELECT platform FROM conversations"))).all()
    finally:
        await db.dispose()
    # Telegram's signup began before the reset and is gone; Bale's began after it.
    assert [tuple(r) for r in rows] == [("bale",)]
    after = out.split("Sandbox reset:", 1)[1]
    assert after.count(first_line("signup-welcome")) == 1


async def test_ctrl_c_stops_the_sandbox_with_a_goodbye_and_no_traceback(tmp_path: Path) -> None:
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "sandbox",
        env=clean_env(PYTHONPATH=str(Path.cwd())),
        cwd=tmp_path,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stdin is not None
    seen = b""
    async with asyncio.timeout(60):
        while b"Sara> " not in seen:
            chunk = await proc.stdout.read(4096)
            assert chunk, seen
            seen += chunk
    proc.send_signal(signal.SIGINT)  # stdin stays open: the terminal is still waiting
    out, err = await asyncio.wait_for(proc.communicate(), 30)
    assert proc.returncode == 0, err.decode()
    assert b"Traceback" not in err, err.decode()
    assert (seen + out).decode().endswith("Bye.\n")
