"""The emulator's Bale mode sends Bale's documented shapes; any bot can be fed raw updates."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from bot.emulator import Emulator

TG = "111:AAA"
BALE = "222:BBB"
KEYBOARD = {"inline_keyboard": [[{"text": "Yes", "callback_data": "consent:yes"}]]}


@pytest.fixture
async def emu() -> AsyncIterator[Emulator]:
    emulator = await Emulator().start()
    emulator.add_bot(TG, "vafa_test_bot", platform="telegram")
    emulator.add_bot(BALE, "vafa_bale_bot", platform="bale")
    yield emulator
    await emulator.stop()


async def api(emu: Emulator, token: str, method: str, **params: Any) -> Any:
    async with (
        aiohttp.ClientSession() as session,
        session.post(f"{emu.base_url}{token}/{method}", json=params) as response,
    ):
        return await response.json()


async def updates(emu: Emulator, token: str, **params: Any) -> list[Any]:
    body = await api(emu, token, "getUpdates", **params)
    assert body["ok"], body
    result: list[Any] = body["result"]
    return result


async def pressed(emu: Emulator, token: str) -> dict[str, Any]:
    """The raw callback_query a user's press on an inline button produces."""
    user = emu.user(token, first_name="Sara", language_code="fa")
    await api(emu, token, "sendMessage", chat_id=user.id, text="Join?", reply_markup=KEYBOARD)
    await user.press("Yes", wait=False)
    [update] = await updates(emu, token)
    query: dict[str, Any] = update["callback_query"]
    return query


async def test_a_bale_callback_has_no_chat_instance_and_a_telegram_one_has(
    emu: Emulator,
) -> None:
    bale, telegram = await pressed(emu, BALE), await pressed(emu, TG)
    assert "chat_instance" not in bale
    assert telegram["chat_instance"]
    assert bale["data"] == telegram["data"] == "consent:yes"
    assert bale["message"]["text"] == "Join?"


async def test_bale_users_come_without_language_code(emu: Emulator) -> None:
    bale, telegram = await pressed(emu, BALE), await pressed(emu, TG)
    assert "language_code" not in bale["from"]
    assert telegram["from"]["language_code"] == "fa"
    sara = emu.user(BALE, first_name="Sara", language_code="fa")
    sent = await sara.send("hello", wait=False)
    [update] = await updates(emu, BALE, offset=sent)
    assert "language_code" not in update["message"]["from"]


async def test_blocking_a_bale_bot_sends_no_update_but_sends_to_the_chat_fail(
    emu: Emulator,
) -> None:
    sara = emu.user(BALE, first_name="Sara")
    await sara.block(timeout=0.5)  # nothing to deliver: counts as handled at once
    assert await updates(emu, BALE) == []
    refused = await api(emu, BALE, "sendMessage", chat_id=sara.id, text="still there?")
    assert refused["error_code"] == 403
    await sara.unblock(timeout=0.5)
    assert await updates(emu, BALE) == []
    assert (await api(emu, BALE, "sendMessage", chat_id=sara.id, text="back"))["ok"]


async def test_telegram_still_announces_a_block(emu: Emulator) -> None:
    sara = emu.user(TG, first_name="Sara")
    await sara.block(wait=False)
    [update] = await updates(emu, TG)
    assert update["my_chat_member"]["new_chat_member"]["status"] == "kicked"


async def test_bale_ignores_the_webhook_secret_token(emu: Emulator) -> None:
    await api(emu, BALE, "setWebhook", url="https://example.invalid/hook", secret_token="s3")
    await api(emu, TG, "setWebhook", url="https://example.invalid/hook", secret_token="s3")
    assert emu.bot(BALE).state.webhook_secret is None
    assert emu.bot(TG).state.webhook_secret == "s3"


async def test_a_raw_update_is_delivered_as_given_between_the_others(emu: Emulator) -> None:
    bale = emu.bot(BALE)
    sara = emu.user(bale, first_name="Sara")
    first = await sara.send("one", wait=False)
    bad = await bale.inject_raw({"message": "not an object", "update_id": "ignored"}, wait=False)
    junk = await bale.inject_raw(["not", "an", "update"], wait=False)
    anonymous = await bale.inject_raw({"message": {}}, include_update_id=False, wait=False)
    last = await sara.send("two", wait=False)
    assert [first, bad, junk, anonymous, last] == list(range(first, first + 5))
    delivered = await updates(emu, BALE)
    assert delivered[1:4] == [
        {"update_id": bad, "message": "not an object"},
        ["not", "an", "update"],
        {"message": {}},
    ]
    assert [delivered[0]["update_id"], delivered[4]["update_id"]] == [first, last]


async def test_an_offset_past_a_raw_update_confirms_it(emu: Emulator) -> None:
    bale = emu.bot(BALE)
    bad = await bale.inject_raw({"message": 5}, wait=False)
    assert emu.updates_pending(bale) == 1
    await updates(emu, BALE, offset=bad + 1)
    assert emu.updates_pending(bale) == 0
    await emu.wait_handled(bale, bad, 0.1)


async def test_the_control_api_injects_a_raw_update(emu: Emulator) -> None:
    async with (
        aiohttp.ClientSession() as session,
        session.post(
            f"{emu.url}/_emulator/raw", json={"token": BALE, "update": {"message": "x"}}
        ) as response,
    ):
        answer = await response.json()
    assert answer["ok"]
    assert await updates(emu, BALE) == [{"update_id": answer["update_id"], "message": "x"}]
