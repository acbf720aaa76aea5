"""The emulator's Telegram-style send caps (bot.emulator.ratecap) and its send statistics."""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from telegram import Bot
from telegram.error import RetryAfter

from bot.emulator import Emulator
from bot.emulator.__main__ import main as cli_main
from bot.emulator.ratecap import Limit, RateCap, counts, max_in_window, percentile

TOKEN = "111:AAA"
OTHER = "222:BBB"


@pytest.fixture
async def emu() -> AsyncIterator[Emulator]:
    async with Emulator() as emulator:
        emulator.add_bot(TOKEN, "vafa_test_bot")
        emulator.add_bot(OTHER, "vafa_other_bot")
        yield emulator


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


async def call(
    http: aiohttp.ClientSession, emu: Emulator, method: str, token: str = TOKEN, **params: Any
) -> tuple[int, dict[str, Any]]:
    async with http.post(f"{emu.base_url}{token}/{method}", json=params) as response:
        return response.status, await response.json()


async def burst(
    http: aiohttp.ClientSession, emu: Emulator, n: int, chat_id: int, token: str = TOKEN
) -> list[tuple[int, dict[str, Any]]]:
    sends = [call(http, emu, "sendMessage", token, chat_id=chat_id, text=f"m{i}") for i in range(n)]
    return list(await asyncio.gather(*sends))


async def test_cap_answers_429_delivers_nothing_and_recovers_after_a_second(
    http: aiohttp.ClientSession,
) -> None:
    async with Emulator(rate_cap=5) as emu:
        bot = emu.add_bot(TOKEN, "vafa_test_bot")
        user = emu.user(bot, 5001)
        results = await burst(http, emu, 8, user.id)
        first = time.monotonic()
        ok = [body for status, body in results if status == 200]
        refused = [body for status, body in results if status != 200]
        assert len(ok) == 5 and all(body["ok"] for body in ok)
        assert [status for status, _ in results].count(429) == 3
        too_many = {
            "ok": False,
            "error_code": 429,
            "description": "Too Many Requests: retry after 1",
            "parameters": {"retry_after": 1},
        }
        assert refused == [too_many] * 3
        assert len(user.inbox) == 5  # the refused ones were not delivered

        status, _ = await call(http, emu, "sendMessage", chat_id=user.id, text="still capped")
        assert status == 429
        await asyncio.sleep(max(0.0, first + 1.02 - time.monotonic()))
        status, body = await call(http, emu, "sendMessage", chat_id=user.id, text="again")
        assert status == 200 and body["result"]["text"] == "again"

        stats = emu.rate_stats(bot)
        assert (stats.accepted, stats.rejected_429, stats.rejected_per_chat) == (6, 4, 0)
        assert stats.max_in_1s == 5 and stats.max_in_200ms == 5
        assert stats.gap_p50 == pytest.approx(0.0, abs=0.05)
        assert stats.gap_p95 is not None and stats.gap_p95 > 0.5  # the pause before "again"
        assert len(stats.times) == 6 and list(stats.times) == sorted(stats.times)
        assert len(user.inbox) == 6


async def test_reading_and_housekeeping_calls_are_never_capped(
    emu: Emulator, http: aiohttp.ClientSession
) -> None:
    emu.set_rate_cap(1, retry_after=3)
    user = emu.user(TOKEN, 5001)
    markup = {"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]}
    status, sent = await call(
        http, emu, "sendMessage", chat_id=user.id, text="pick", reply_markup=markup
    )
    assert status == 200
    update_id = await user.press("A", wait=False)
    status, updates = await call(http, emu, "getUpdates", timeout=0)
    assert status == 200
    pressed = next(u for u in updates["result"] if u["update_id"] == update_id)
    query_id = pressed["callback_query"]["id"]
    for method, params in [
        ("getMe", {}),
        ("getUpdates", {"offset": update_id + 1, "timeout": 0}),
        ("answerCallbackQuery", {"callback_query_id": query_id, "text": "ok"}),
        ("sendChatAction", {"chat_id": user.id, "action": "typing"}),
        ("getChat", {"chat_id": user.id}),
    ]:
        for _ in range(3):
            status, body = await call(http, emu, method, **params)
            assert status != 429, (method, body)
    status, body = await call(http, emu, "sendMessage", chat_id=user.id, text="second")
    assert status == 429 and body["parameters"] == {"retry_after": 3}
    # Edits count like Telegram's flood control counts them.
    message_id = sent["result"]["message_id"]
    status, _ = await call(
        http, emu, "editMessageText", chat_id=user.id, message_id=message_id, text="edited"
    )
    assert status == 429
    status, _ = await call(http, emu, "deleteMessage", chat_id=user.id, message_id=message_id)
    assert status == 200
    stats = emu.rate_stats(TOKEN)
    assert (stats.accepted, stats.rejected_429) == (1, 2)
    assert counts("copyMessage") and counts("editMessageCaption") and not counts("getUpdates")


async def test_no_cap_means_no_limit_but_stats_are_kept(
    emu: Emulator, http: aiohttp.ClientSession
) -> None:
    user = emu.user(TOKEN, 5001)
    results = await burst(http, emu, 30, user.id)
    assert all(status == 200 for status, _ in results)
    emu.set_rate_cap(2)
    emu.set_rate_cap(None)  # lifted again
    assert all(status == 200 for status, _ in await burst(http, emu, 5, user.id))
    stats = emu.rate_stats(TOKEN)
    assert (stats.accepted, stats.rejected_429, stats.max_in_1s) == (35, 0, 35)
    empty = emu.rate_stats(OTHER)
    assert (empty.accepted, empty.max_in_1s, empty.gap_p50) == (0, 0, None)


async def test_caps_are_per_bot_and_a_token_override_wins(
    emu: Emulator, http: aiohttp.ClientSession
) -> None:
    emu.set_rate_cap(2)
    emu.set_rate_cap(None, token=emu.bot(OTHER))  # this bot stays uncapped
    a, b = emu.user(TOKEN, 5001), emu.user(OTHER, 5001)
    capped = await burst(http, emu, 4, a.id)
    free = await burst(http, emu, 4, b.id, token=OTHER)
    assert [s for s, _ in capped].count(200) == 2
    assert [s for s, _ in free].count(200) == 4
    assert emu.rate_stats(TOKEN).rejected_429 == 2 and emu.rate_stats(OTHER).rejected_429 == 0


async def test_per_chat_cap(emu: Emulator, http: aiohttp.ClientSession) -> None:
    emu.set_rate_cap(None, per_chat=1)
    a, b = emu.user(TOKEN, 5001), emu.user(TOKEN, 5002)
    results = await burst(http, emu, 3, a.id) + await burst(http, emu, 3, b.id)
    assert [s for s, _ in results].count(200) == 2
    assert len(a.inbox) == 1 and len(b.inbox) == 1
    stats = emu.rate_stats(TOKEN)
    assert (stats.accepted, stats.rejected_429, stats.rejected_per_chat) == (2, 4, 4)


async def test_ptb_sees_retry_after(emu: Emulator) -> None:
    emu.set_rate_cap(1, retry_after=7, token=TOKEN)
    user = emu.user(TOKEN, 5001)
    async with Bot(TOKEN, base_url=emu.base_url, base_file_url=emu.base_file_url) as bot:
        await bot.send_message(user.id, "one")
        with pytest.raises(RetryAfter) as raised:
            await bot.send_message(user.id, "two")
    assert raised.value.retry_after in (7, dt.timedelta(seconds=7))
    assert [m.text for m in user.inbox] == ["one"]


async def test_control_routes_set_the_cap_and_report_stats(
    emu: Emulator, http: aiohttp.ClientSession
) -> None:
    url = f"{emu.url}/_emulator"
    user = emu.user(TOKEN, 5001)
    body = {"per_second": 3, "retry_after": 2, "token": TOKEN}
    async with http.post(f"{url}/ratecap", json=body) as response:
        assert response.status == 200
        answer = await response.json()
    assert answer["rate_cap"] == {"per_second": 3.0, "retry_after": 2, "per_chat": None}
    assert [s for s, _ in await burst(http, emu, 5, user.id)].count(429) == 2
    params = {"token": TOKEN, "rate_times": "1"}
    async with http.get(f"{url}/stats", params=params) as response:
        stats = await response.json()
    assert stats["rate"]["accepted"] == 3 and stats["rate"]["rejected_429"] == 2
    assert stats["rate"]["max_in_1s"] == 3 and len(stats["rate"]["times"]) == 3
    assert stats["rate_cap"]["per_second"] == 3.0
    async with http.post(f"{url}/ratecap", json={"per_second": -1}) as response:
        assert response.status == 400
    async with http.post(f"{url}/ratecap", json={"reset_stats": True}) as response:
        assert response.status == 200
    async with http.get(f"{url}/stats", params={"token": TOKEN}) as response:
        stats = await response.json()
    assert stats["rate"]["accepted"] == 0 and "times" not in stats["rate"]
    assert stats["rate_cap"]["per_second"] == 3.0  # the token's override stays


def test_sliding_window_with_a_fake_clock() -> None:
    now = [100.0]
    cap = RateCap(clock=lambda: now[0])
    cap.set(2)
    send = {"chat_id": 1}
    cap.check(TOKEN, "sendMessage", send)
    now[0] = 100.5
    cap.check(TOKEN, "sendPhoto", send)
    with pytest.raises(Exception, match="retry after 1"):
        cap.check(TOKEN, "copyMessage", send)
    now[0] = 101.0  # the first admission has left the window
    cap.check(TOKEN, "forwardMessage", send)
    with pytest.raises(Exception, match="Too Many Requests"):
        cap.check(TOKEN, "sendMessage", send)
    stats = cap.stats(TOKEN)
    assert (stats.accepted, stats.rejected_429, stats.max_in_1s) == (3, 2, 2)
    assert stats.gap_p50 == 0.5


def test_fractional_caps_never_exceed_the_rate() -> None:
    assert Limit.from_rate(5) == Limit(5, 1.0)
    assert Limit.from_rate(2.5) == Limit(2, 1.0)
    assert Limit.from_rate(0.5) == Limit(1, 2.0)
    for bad in (0, -1, float("inf"), float("nan")):
        with pytest.raises(ValueError):
            Limit.from_rate(bad)
    with pytest.raises(ValueError):
        RateCap().set(5, retry_after=-1)


def test_smoothness_figures_tell_even_spacing_from_bursts() -> None:
    now = [0.0]
    cap = RateCap(clock=lambda: now[0])
    for i in range(16):  # 8/s, evenly spaced
        now[0] = i * 0.125
        cap.check("smooth", "sendMessage", {})
    for i in range(16):  # 8/s in two bursts
        now[0] = 0.0 if i < 8 else 1.0
        cap.check("bursty", "sendMessage", {})
    smooth, bursty = cap.stats("smooth"), cap.stats("bursty")
    assert (smooth.max_in_1s, smooth.max_in_200ms) == (8, 2)
    assert (bursty.max_in_1s, bursty.max_in_200ms) == (8, 8)
    assert smooth.gap_p50 == smooth.gap_p95 == 0.125
    assert bursty.gap_p50 == 0.0 and bursty.gap_p95 == pytest.approx(0.3)
    assert smooth.max_in(0.5) == 4
    assert max_in_window([], 1.0) == 0 and percentile([], 50) is None


def test_cli_rejects_a_non_positive_cap() -> None:
    with pytest.raises(SystemExit):
        cli_main(["--rate-cap", "0"])
    with pytest.raises(SystemExit):
        cli_main(["--chat-rate-cap", "-1"])
