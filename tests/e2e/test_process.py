"""The real process: `python -m bot run` killed with SIGKILL mid-signup, the CLI, the logs."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import ClassVar

import pytest
import sqlalchemy as sa

from bot.emulator.driver import Emulator
from bot.storage.db import Database
from tests.e2e.world import BALE_TOKEN, TELEGRAM_TOKEN, t

SETTINGS_NAMES = ("TELEGRAM_TOKEN", "BALE_TOKEN", "DATABASE_URL", "ADMIN_IDS")


def clean_env(**values: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS_NAMES}
    env.update(values)
    return env


def bot_env(emu: Emulator, database_url: str) -> dict[str, str]:
    return clean_env(
        TELEGRAM_TOKEN=TELEGRAM_TOKEN,
        TELEGRAM_API_URL=emu.base_url,
        TELEGRAM_FILE_URL=emu.base_file_url,
        BALE_TOKEN=BALE_TOKEN,
        BALE_API_URL=emu.base_url,
        BALE_FILE_URL=emu.base_file_url,
        DATABASE_URL=database_url,
        POLL_TIMEOUT="1",
        OUTBOX_LEASE_SECONDS="2",
    )


class BotProcess:
    # Processes started and not ended: a failed test's are killed after it (tests/e2e/conftest.py),
    # never left polling the next tests' emulator and taking their CPU.
    live: ClassVar[set[asyncio.subprocess.Process]] = set()

    def __init__(self, env: dict[str, str], cwd: Path) -> None:
        self.env, self.cwd = env, cwd
        self.proc: asyncio.subprocess.Process | None = None
        self.output = b""

    @classmethod
    def kill_leftovers(cls) -> None:
        for proc in cls.live:
            if proc.returncode is None:
                with contextlib.suppress(ProcessLookupError):
                    proc.kill()
        cls.live.clear()

    async def start(self) -> None:
        self.proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "run",
            env=self.env,
            cwd=self.cwd,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        BotProcess.live.add(self.proc)

    async def end(self, sig: int) -> int:
        assert self.proc is not None and self.proc.stdout is not None
        self.proc.send_signal(sig)
        out, _ = await asyncio.wait_for(self.proc.communicate(), 30)
        self.output += out
        BotProcess.live.discard(self.proc)
        return await self.proc.wait()


@pytest.fixture
async def process_env(emu: Emulator, tmp_path: Path) -> AsyncIterator[tuple[dict[str, str], str]]:
    emu.add_bot(TELEGRAM_TOKEN, "vafa_test_bot", platform="telegram")
    emu.add_bot(BALE_TOKEN, "vafa_test_bale_bot", platform="bale")
    # The bot runs in another process: a step is over when its replies have come.
    emu.settle = emu.replied
    url = f"sqlite+aiosqlite:///{tmp_path / 'vafa.db'}"
    yield bot_env(emu, url), url


async def test_kill_9_mid_signup_loses_nothing_and_the_member_continues_where_they_were(
    emu: Emulator, process_env: tuple[dict[str, str], str], tmp_path: Path
) -> None:
    env, url = process_env
    user = emu.user(TELEGRAM_TOKEN, first_name="سارا", phone="+989121234567")
    first = BotProcess(env, tmp_path)
    await first.start()
    await user.send("/start", timeout=60)
    await user.press(t("button-consent-yes"))
    await user.send("سارا محمدی")
    assert user.last.content == t("signup-ask-phone")
    assert await first.end(signal.SIGKILL) == -signal.SIGKILL

    # Sent while the bot is down: it must be handled by the next process, not lost.
    pending = await user.share_contact(wait=False)
    second = BotProcess(env, tmp_path)
    await second.start()
    await emu.wait_handled(TELEGRAM_TOKEN, pending, timeout=60)
    assert user.last.content == t("signup-ask-birthdate")
    await user.send("۱۳۷۰/۰۵/۱۲")
    assert await second.end(signal.SIGTERM) == 0

    db = Database(url)
    async with db.read() as conn:
        rows = (await conn.execute(sa.text("SELECT name, phone, balance FROM members"))).all()
    await db.dispose()
    assert [tuple(r) for r in rows] == [("سارا محمدی", "+989121234567", 100)]

    logs = (first.output + second.output).decode()
    assert "telegram: @vafa_test_bot via http://127.0.0.1" in logs
    assert "bale: @vafa_test_bale_bot via http://127.0.0.1" in logs
    assert "database sqlite+aiosqlite:///" in logs
    for token in (TELEGRAM_TOKEN, BALE_TOKEN):
        assert token not in logs
        assert token.split(":")[1] not in logs


async def test_run_without_a_token_explains_how_to_set_one_and_fails(tmp_path: Path) -> None:
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        env=clean_env(),
        cwd=tmp_path,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    _, err = await asyncio.wait_for(proc.communicate(), 60)
    assert proc.returncode == 2
    assert b"TELEGRAM_TOKEN" in err and b"sandbox" in err


async def test_no_subcommand_and_no_token_opens_the_sandbox_on_its_own_database(
    tmp_path: Path,
) -> None:
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        env=clean_env(),
        cwd=tmp_path,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(proc.communicate(b"/start\n/quit\n"), 60)
    assert proc.returncode == 0, err.decode()
    assert b"TELEGRAM_TOKEN" in err
    assert t("signup-welcome").split("\n")[0] in out.decode()
    assert (tmp_path / "data" / "sandbox.db").exists()
    assert not (tmp_path / "data" / "vafa.db").exists()


async def test_an_unreachable_bot_api_fails_with_a_clear_line_and_no_token(
    tmp_path: Path,
) -> None:
    env = clean_env(
        TELEGRAM_TOKEN=TELEGRAM_TOKEN,
        TELEGRAM_API_URL="http://127.0.0.1:9/bot",
        DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'vafa.db'}",
    )
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        env=env,
        cwd=tmp_path,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    out, _ = await asyncio.wait_for(proc.communicate(), 60)
    assert proc.returncode == 1
    logs = out.decode()
    assert "telegram: the Bot API at http://127.0.0.1:9/bot refused or did not answer" in logs
    assert TELEGRAM_TOKEN.split(":")[1] not in logs
