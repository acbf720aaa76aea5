"""`python -m bot sandbox`: the real bot, its own SQLite file, the local emulator, a terminal.

Nothing leaves the machine: both "messengers" are the project's emulator on 127.0.0.1.
The sandbox database outlives each run and remembers which update ids every bot has handled,
while each run starts a fresh emulator; so every run numbers its updates from the wall clock,
past any id an earlier run used, or the bot would skip them as already handled.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import sys
import time
from pathlib import Path
from typing import TextIO

from pydantic import SecretStr

from bot.emulator.driver import BotHandle, Emulator
from bot.emulator.terminal import run_terminal
from bot.emulator.terminal_io import bidi_wanted
from bot.lifecycle import Runtime
from bot.platforms import Platform
from bot.settings import Settings
from bot.storage.db import Database
from bot.storage.migrate import upgrade

DATA_DIR = Path("data")
DATABASE_FILE = "sandbox.db"
FILES_DIR = "sandbox-files"
BIDI_ENV = "VAFA_SANDBOX_BIDI"
BOTS = {
    Platform.TELEGRAM: ("100001:sandbox-telegram", "vafa_sandbox_bot"),
    Platform.BALE: ("200002:sandbox-bale", "vafa_sandbox_bale_bot"),
}
EPOCH = 1_577_836_800  # 2020-01-01 UTC


def update_id_start(now: float | None = None) -> int:
    """Milliseconds since 2020: later than any id an earlier run reached.

    A run would have to queue more than a thousand updates a second to catch up with the
    clock; a person at a terminal queues a few.
    """
    return int(((time.time() if now is None else now) - EPOCH) * 1000)


def delete_database(path: Path) -> None:
    """The SQLite file and the journals beside it, so nothing of the old data comes back."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


class Sandbox:
    """The emulator, the bot on the sandbox database, and the terminal between them."""

    def __init__(
        self, settings: Settings, data_dir: Path = DATA_DIR, *, bidi: bool | None = None
    ) -> None:
        self.base_settings = settings
        self.bidi = bidi  # None: VAFA_SANDBOX_BIDI, else on for a terminal only
        self.database = data_dir / DATABASE_FILE
        self.files = data_dir / FILES_DIR
        self.emu = Emulator()
        self.handles: dict[str, BotHandle] = {}
        self.runtime: Runtime | None = None

    def settings(self) -> Settings:
        # Simulated user 1 on each messenger is an owner, so staff commands can be tried too.
        owners = tuple(
            (p, self.emu.state.default_user_id(self.handles[p.value].state, 1)) for p in BOTS
        )
        return self.base_settings.model_copy(
            update={
                "database_url": f"sqlite+aiosqlite:///{self.database}",
                "telegram_token": SecretStr(BOTS[Platform.TELEGRAM][0]),
                "bale_token": SecretStr(BOTS[Platform.BALE][0]),
                "telegram_api_url": self.emu.base_url,
                "bale_api_url": self.emu.base_url,
                "telegram_file_url": self.emu.base_file_url,
                "bale_file_url": self.emu.base_file_url,
                "admin_ids": owners,
                "poll_timeout": 10,
                # The sandbox's own salt: its data is throwaway, and the start-up warning
                # about the public default is meant for real deployments.
                "erased_phone_salt": SecretStr("sandbox"),
            }
        )

    async def start(self) -> None:
        await self.emu.start()
        first = update_id_start()
        self.handles = {
            p.value: self.emu.add_bot(token, name, platform=p.value, update_id_start=first)
            for p, (token, name) in BOTS.items()
        }
        await self._start_bot()

    async def _start_bot(self) -> None:
        self.database.parent.mkdir(parents=True, exist_ok=True)
        settings = self.settings()
        db = Database(settings.database_url)
        try:
            await upgrade(db)
        finally:
            await db.dispose()
        self.runtime = Runtime(settings)
        await self.runtime.start()
        sender = self.runtime.sender

        async def settle(*_: object) -> None:
            # Replies leave after their update is confirmed: show them once they are sent.
            await sender.wait_idle()

        self.emu.settle = settle

    async def _stop_bot(self) -> None:
        if self.runtime is not None:
            runtime, self.runtime = self.runtime, None
            self.emu.settle = None
            await runtime.shutdown()

    async def reset(self) -> str:
        """/reset: the bot stops, its database is deleted and migrated afresh, it starts."""
        await self._stop_bot()
        delete_database(self.database)
        # The simulated people forget their chats too: a fresh start on both sides.
        for handle in self.handles.values():
            handle.state.chats.clear()
            handle.state.callback_queries.clear()
        await self._start_bot()
        return (
            f"Sandbox reset: deleted {self.database}, created it afresh and restarted the bot. "
            "Everyone is a stranger again; send /start."
        )

    async def stop(self) -> None:
        try:
            await self._stop_bot()
        finally:
            await self.emu.stop()

    async def run(self, stdin: TextIO | None = None, stdout: TextIO | None = None) -> None:
        """Start, chat until /quit, end of input or cancellation, then stop everything."""
        out = stdout or sys.stdout
        try:
            await self.start()
            out.write(
                "Vafa sandbox: you are chatting with the real bot on a local emulator.\n"
                "Type /help for the terminal's commands; /start to begin.\n"
            )
            await run_terminal(
                self.emu,
                self.handles,
                stdin,
                out,
                on_reset=self.reset,
                files_dir=self.files,
                bidi=bidi_wanted(os.environ.get(BIDI_ENV), out) if self.bidi is None else self.bidi,
            )
        finally:
            await self.stop()


async def run_sandbox(settings: Settings, *, bidi: bool | None = None) -> int:
    """Until /quit, end of input or Ctrl-C; ``bidi=False`` is `--no-bidi`."""
    # The bot's own log lines would interleave with the chat; warnings still show.
    logging.getLogger().setLevel(logging.WARNING)
    work = asyncio.ensure_future(Sandbox(settings, bidi=bidi).run())
    loop = asyncio.get_running_loop()

    def interrupt() -> None:
        # Once: a second Ctrl-C must not cut the shutdown the first one started.
        if not work.cancelling():
            work.cancel()

    with contextlib.suppress(NotImplementedError):  # Windows: Ctrl-C raises as usual
        loop.add_signal_handler(signal.SIGINT, interrupt)
    try:
        await work
    except asyncio.CancelledError:
        current = asyncio.current_task()
        if current is not None and current.cancelling():
            raise  # we were cancelled ourselves, not interrupted
    finally:
        with contextlib.suppress(NotImplementedError):
            loop.remove_signal_handler(signal.SIGINT)
    return 0
