"""Polling that nothing stops: a rival poller, two messengers' update ids, a blocked member."""

from __future__ import annotations

import asyncio
import logging

import httpx
import pytest
from pydantic import SecretStr

from bot.club.digits import to_persian_digits
from bot.emulator.driver import Emulator
from bot.lifecycle import Runtime
from tests.e2e.world import Clock, World, sign_up, t, world_settings


async def test_a_second_poller_on_one_token_is_one_log_line_and_the_other_messenger_goes_on(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    member = world.emu.user(world.bale, first_name="سارا", phone="+989121234567")
    caplog.set_level(logging.INFO)
    # Someone starts a second copy of the bot with the same Telegram token: the Bot API
    # answers one of the two long polls with 409 Conflict.
    url = f"{world.settings.telegram_api_url}{world.settings.telegram_token.get_secret_value()}"  # type: ignore[union-attr]
    async with httpx.AsyncClient() as client:
        rival = asyncio.create_task(
            client.post(f"{url}/getUpdates", json={"timeout": 2}, timeout=10)
        )
        await asyncio.sleep(0.3)
        await sign_up(member, birth_date=None)  # on Bale, meanwhile
        await rival
    assert member.last.content is not None
    assert await world.scalar("SELECT count(*) FROM members") == 1
    conflicts = [r for r in caplog.records if "another process is polling" in r.getMessage()]
    assert len(conflicts) >= 1
    assert all(r.exc_info is None for r in conflicts)
    assert "Traceback" not in caplog.text


async def test_telegram_and_bale_update_ids_are_two_id_spaces_even_for_one_bot_id(
    emu: Emulator, sqlite_url: str
) -> None:
    # Two tokens with the same numeric bot id (the part before the colon): the update ids
    # of the two messengers both start at 1, and neither may be skipped as the other's.
    telegram = emu.add_bot("777:telegram-same-id", "same_id_bot", platform="telegram")
    bale = emu.add_bot("777:bale-same-id", "same_id_bale_bot", platform="bale")
    settings = world_settings(emu, sqlite_url).model_copy(
        update={
            "telegram_token": SecretStr("777:telegram-same-id"),
            "bale_token": SecretStr("777:bale-same-id"),
        }
    )
    runtime = Runtime(settings, clock=Clock())
    await runtime.start()

    async def settle(*_: object) -> None:
        await runtime.sender.wait_idle()

    emu.settle = settle
    try:
        on_telegram = emu.user(telegram, first_name="سارا", phone="+989121234567")
        on_bale = emu.user(bale, first_name="علی", phone="+989351234567")
        first = await on_telegram.send("/start")
        same = await on_bale.send("/start")
        assert first == same == 1
        assert on_telegram.replies()[-1].content == t("signup-consent")
        assert on_bale.replies()[-1].content == t("signup-consent")
    finally:
        emu.settle = None
        await runtime.shutdown()


async def test_a_member_who_blocked_the_bot_is_reachable_again_once_they_write(
    world: World,
) -> None:
    member = world.emu.user(world.bale, first_name="سارا", phone="+989121234567")
    await sign_up(member, birth_date=None)
    # Bale sends no my_chat_member update: the only sign of a block is a 403 on a send.
    await world.club.members.set_blocked("bale", member.id, True)
    await member.press(t("button-points"))
    assert await world.scalar("SELECT blocked_at FROM identities") is None


@pytest.mark.parametrize("messenger", ["telegram", "bale"])
async def test_whoami_tells_anyone_their_id_as_ADMIN_IDS_wants_it(
    world: World, messenger: str
) -> None:
    handle = world.telegram if messenger == "telegram" else world.bale
    stranger = world.emu.user(handle, first_name="Owner")
    await stranger.send("/whoami")
    assert stranger.last.content == t(
        "whoami",
        platform=t(f"platform-{messenger}"),
        id=to_persian_digits(str(stranger.id)),
        setting=f"{messenger}:{stranger.id}",
    )
    assert await world.scalar("SELECT count(*) FROM conversations") == 0
