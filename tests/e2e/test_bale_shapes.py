"""Bale as documented, and updates nobody can parse: members around them are still served.

Bale's callbacks come without chat_instance and its users without language_code (see
bot/incoming.py for the sources). An update that cannot be parsed is skipped and recorded,
and the offset moves past it. It never costs the members whose updates came with it.
"""

from __future__ import annotations

import logging
from typing import Any

import pytest

from bot.emulator.driver import SimUser
from tests.e2e.world import MENU, World, sign_up, t, texts_of

SARA_PHONE, REZA_PHONE = "+989121234567", "+989351112233"
GREETING = [t("signup-welcome"), t("signup-consent")]


async def processed(world: World, update_id: int) -> int:
    return int(
        await world.scalar(
            "SELECT count(*) FROM processed_updates WHERE platform = 'bale' AND update_id = :u",
            u=update_id,
        )
    )


def members(world: World) -> tuple[SimUser, SimUser]:
    sara = world.emu.user(world.bale, first_name="سارا", phone=SARA_PHONE, language_code="fa")
    reza = world.emu.user(world.bale, first_name="رضا", phone=REZA_PHONE)
    return sara, reza


async def test_a_bale_member_signs_up_by_pressing_buttons_bale_sends_without_chat_instance(
    world: World,
) -> None:
    sara, _ = members(world)
    said = await sign_up(sara)
    assert t("signup-balance", balance=100) in said[-1]
    assert sara.keyboard()[:2] == MENU[:2]
    presses = [s.payload for s in world.bale.state.stats.values() if s.kind == "callback_query"]
    assert presses, "signup asks for consent with an inline button"
    assert all("chat_instance" not in p["callback_query"] for p in presses)
    assert all("language_code" not in p["callback_query"]["from"] for p in presses)
    assert await world.scalar("SELECT count(*) FROM members") == 1


MALFORMED: list[Any] = [
    {"message": "garbage"},
    {"message": {"message_id": 1, "date": 1, "text": "no chat"}},
    {"callback_query": {"id": "q", "data": "consent:yes"}},
    {"message": {"message_id": 1, "date": 1, "chat": {"id": "not a number"}, "text": "x"}},
]


@pytest.mark.parametrize("body", MALFORMED)
async def test_a_malformed_update_between_two_members_messages_costs_neither(
    world: World, body: Any
) -> None:
    sara, reza = members(world)
    # Queued with no await between them, so one getUpdates batch is likely to hold all three.
    await sara.send("/start", wait=False)
    bad = await world.bale.inject_raw(body, wait=False)
    last = await reza.send("/start", wait=False)
    await world.emu.wait_handled(world.bale, last)
    await world.emu.wait_handled(world.bale, bad, 1)  # the offset moved past it
    assert texts_of(sara.inbox) == GREETING
    assert texts_of(reza.inbox) == GREETING
    assert await processed(world, bad) == 1, "a skipped update is recorded, never retried"


async def test_an_item_without_update_id_is_passed_over_with_the_members_around_it(
    world: World,
) -> None:
    sara, reza = members(world)
    await sara.send("/start", wait=False)
    anonymous = await world.bale.inject_raw({"message": {}}, include_update_id=False, wait=False)
    last = await reza.send("/start", wait=False)
    await world.emu.wait_handled(world.bale, last)
    await world.emu.wait_handled(world.bale, anonymous, 1)
    assert texts_of(sara.inbox) == GREETING
    assert texts_of(reza.inbox) == GREETING


async def test_a_skipped_update_leaves_no_name_or_phone_in_the_log(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    sara, _ = members(world)
    secret = {"message": {"message_id": 3, "date": 1, "text": "Sara Secret " + SARA_PHONE}}
    secret["message"]["contact"] = {"phone_number": SARA_PHONE, "first_name": "Sara Secret"}
    with caplog.at_level(logging.INFO):
        bad = await world.bale.inject_raw(secret)
        await sara.send("/start")
    assert texts_of(sara.inbox) == GREETING
    assert await processed(world, bad) == 1
    assert f"update {bad} skipped" in caplog.text
    for private in ("Sara Secret", SARA_PHONE, SARA_PHONE[1:]):
        assert private not in caplog.text
    assert not [r for r in caplog.records if r.levelno >= logging.CRITICAL]
