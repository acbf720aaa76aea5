"""POST /_emulator/load: scripted members played inside the emulator against a tiny PTB bot."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import Application, CallbackQueryHandler, ContextTypes, MessageHandler, filters

from bot.emulator import Emulator
from bot.emulator.load import LoadSpec

TOKEN = "333:LOAD"


async def on_text(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    assert message is not None and message.text is not None
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("again", callback_data="again")]])
    await message.reply_text(f"echo: {message.text}", reply_markup=markup)


async def on_press(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer()
    await query.edit_message_text(f"pressed {query.data}")


async def poll(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Handle each update, then advance the offset (as tests/emulator/test_emulator.py)."""
    offset = 0
    while True:
        for update in await app.bot.get_updates(offset=offset, timeout=1):
            await app.process_update(update)
            offset = update.update_id + 1


@pytest.fixture
async def emu() -> AsyncIterator[Emulator]:
    emulator = await Emulator().start()
    emulator.add_bot(TOKEN, "vafa_load_bot")
    app = (
        Application.builder()
        .token(TOKEN)
        .base_url(emulator.base_url)
        .base_file_url(emulator.base_file_url)
        .updater(None)
        .build()
    )
    app.add_handlers([MessageHandler(filters.TEXT, on_text), CallbackQueryHandler(on_press)])
    await app.initialize()
    task = asyncio.create_task(poll(app))
    yield emulator
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
    await app.shutdown()
    await emulator.stop()


async def load(emu: Emulator, **body: Any) -> tuple[int, dict[str, Any]]:
    async with (
        aiohttp.ClientSession() as http,
        http.post(f"{emu.url}/_emulator/load", json={"token": TOKEN, **body}) as resp,
    ):
        return resp.status, await resp.json()


@pytest.mark.parametrize("rate", [None, 200.0])
async def test_load_plays_members(emu: Emulator, rate: float | None) -> None:
    steps = [{"text": "hi"}, {"press": "again"}]
    status, body = await load(emu, members=3, steps=steps, rate=rate, user_id_base=7000)
    assert status == 200 and body["ok"], body
    assert body["mode"] == ("closed" if rate is None else "open")
    assert body["failures"] == []
    assert body["last_texts"] == {"7001": "pressed again", "7002": "pressed again",
                                  "7003": "pressed again"}  # fmt: skip
    updates = body["updates"]
    assert len(updates) == 6
    assert sorted((u["user_id"], u["step"], u["kind"]) for u in updates) == [
        (user, step, kind) for user in (7001, 7002, 7003)
        for step, kind in enumerate(("message", "callback_query"))
    ]  # fmt: skip
    for u in updates:
        assert u["replies"] == 1
        assert u["queued_at"] <= u["last_reply_at"] <= u["handled_at"]
        assert body["started_at"] <= u["queued_at"] and u["handled_at"] <= body["finished_at"]
    # Each member's second step is queued only after its first was handled.
    by_step = {(u["user_id"], u["step"]): u for u in updates}
    for user in (7001, 7002, 7003):
        assert by_step[(user, 0)]["handled_at"] <= by_step[(user, 1)]["queued_at"]
    assert body["method_counts"]["sendMessage"] == 3
    assert body["method_counts"]["editMessageText"] == 3
    assert body["max_in_flight"] >= 1 and body["cpu_seconds"] >= 0
    # The members are ordinary emulator users afterwards.
    assert emu.user(TOKEN, user_id=7002).last.text == "pressed again"
    if rate is not None:  # open loop: a new member every len(steps) / rate seconds
        firsts = sorted(by_step[(user, 0)]["queued_at"] for user in (7001, 7002, 7003))
        assert firsts[2] - firsts[0] >= 2 * 2 / rate * 0.9


async def test_load_reports_failures_and_bad_specs(emu: Emulator) -> None:
    status, body = await load(emu, members=2, steps=[{"text": "hi"}, {"press": "missing"}],
                              step_timeout=5)  # fmt: skip
    assert status == 200 and body["ok"]
    # The members run at once: their failures come in either order.
    assert sorted((f["user_id"], f["step"]) for f in body["failures"]) == [
        (50000001, 1),
        (50000002, 1),
    ]
    assert "no button labelled 'missing'" in body["failures"][0]["error"]
    assert len(body["updates"]) == 2  # the failed presses never became updates
    status, body = await load(emu, members=1, steps=[{"shout": "hi"}])
    assert status == 400 and not body["ok"] and "a step is" in body["error"]
    with pytest.raises(ValueError, match="only for a closed loop"):
        LoadSpec.parse({"token": TOKEN, "members": 1, "steps": [{"contact": True}],
                        "rate": 10, "concurrency": 2})  # fmt: skip
