"""The baseline: a bare PTB Application that echoes text, polled the way bot/runner.py polls.

Why not PTB's own Updater: it confirms a getUpdates batch before handling it, so the
emulator would report an update "handled" before its reply existed and our members would
send their next message early, a different load shape. The loop below is bot/runner.py's
Poller minus its two database calls (already_processed, mark_processed): fetch a batch,
handle each chat's updates in order and different chats concurrently, then advance the
offset. What the club bot does beyond this is its own cost.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from telegram import Update
from telegram.ext import Application, ContextTypes, MessageHandler, filters

from bot.app import ALLOWED_UPDATES

EchoApplication = Application[Any, Any, Any, Any, Any, Any]


async def echo(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is not None and message.text is not None:
        await message.reply_text(message.text)


def build_echo(api_url: str, token: str) -> EchoApplication:
    app: EchoApplication = (
        Application.builder()
        .token(token)
        .base_url(f"{api_url}/bot")
        .base_file_url(f"{api_url}/file/bot")
        .updater(None)
        .connection_pool_size(64)  # as build_application, so HTTP concurrency matches
        .build()
    )
    app.add_handler(MessageHandler(filters.TEXT, echo))
    return app


async def _handle(app: EchoApplication, updates: Sequence[Update]) -> None:
    chains: dict[int, list[Update]] = defaultdict(list)
    for update in updates:
        user = update.effective_user
        chains[user.id if user else 0].append(update)

    async def chain(items: list[Update]) -> None:
        for update in items:
            await app.process_update(update)

    await asyncio.gather(*(chain(items) for items in chains.values()))


async def poll(app: EchoApplication, poll_seconds: int = 10) -> None:
    """Until cancelled; the caller cancels only once every update was confirmed."""
    offset: int | None = None
    while True:
        updates = await app.bot.get_updates(
            offset=offset, timeout=poll_seconds, allowed_updates=ALLOWED_UPDATES,
            read_timeout=poll_seconds + 10,
        )  # fmt: skip
        if updates:
            await _handle(app, updates)
            offset = updates[-1].update_id + 1
