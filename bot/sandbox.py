"""`python -m bot sandbox`: the real bot, its own SQLite file, the local emulator, a terminal.

Nothing leaves the machine: both "messengers" are the project's emulator on 127.0.0.1.
"""

from __future__ import annotations

import logging

from pydantic import SecretStr

from bot.emulator.driver import Emulator
from bot.emulator.terminal import run_terminal
from bot.lifecycle import Runtime
from bot.platforms import Platform
from bot.settings import Settings
from bot.storage.db import Database
from bot.storage.migrate import upgrade

SANDBOX_DATABASE = "sqlite+aiosqlite:///data/sandbox.db"
BOTS = {
    Platform.TELEGRAM: ("100001:sandbox-telegram", "vafa_sandbox_bot"),
    Platform.BALE: ("200002:sandbox-bale", "vafa_sandbox_bale_bot"),
}


async def run_sandbox(settings: Settings) -> int:
    # The bot's own log lines would interleave with the chat; warnings still show.
    logging.getLogger().setLevel(logging.WARNING)
    emu = await Emulator().start()
    handles = {
        p.value: emu.add_bot(token, name, platform=p.value) for p, (token, name) in BOTS.items()
    }
    # Simulated user 1 on each messenger is an owner, so staff commands can be tried too.
    owners = tuple((p, emu.state.default_user_id(handles[p.value].state, 1)) for p in BOTS)
    sandbox = settings.model_copy(
        update={
            "database_url": SANDBOX_DATABASE,
            "telegram_token": SecretStr(BOTS[Platform.TELEGRAM][0]),
            "bale_token": SecretStr(BOTS[Platform.BALE][0]),
            "telegram_api_url": emu.base_url,
            "bale_api_url": emu.base_url,
            "telegram_file_url": emu.base_file_url,
            "bale_file_url": emu.base_file_url,
            "admin_ids": owners,
            "poll_timeout": 10,
            # The sandbox's own salt: its data is throwaway, and the start-up warning about
            # the public default is meant for real deployments.
            "erased_phone_salt": SecretStr("sandbox"),
        }
    )
    db = Database(sandbox.database_url)
    await upgrade(db)
    await db.dispose()
    runtime = Runtime(sandbox)
    try:
        await runtime.start()
        print("Vafa sandbox: you are chatting with the real bot on a local emulator.")
        print("Type /help for the terminal's commands; /start to begin.")
        await run_terminal(emu, handles)
    finally:
        await runtime.shutdown()
        await emu.stop()
    return 0
