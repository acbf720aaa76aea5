"""Nothing lost, nothing doubled: redelivery, restarts, faults, floods, blocked members."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.world import OWNER_TELEGRAM_ID, World, sign_up, t, texts_of


async def test_an_update_redelivered_after_a_restart_is_not_applied_twice(world: World) -> None:
    user = world.emu.user(world.telegram, first_name="سارا", phone="+989121234567")
    await sign_up(user, birth_date=None)
    await user.send("/start")
    update_id = await user.press(t("button-points"))
    user.replies()
    world.emu.redeliver(world.telegram, update_id)
    await world.restart()
    await world.emu.wait_handled(world.telegram, update_id)
    assert user.replies() == []
    assert (
        await world.scalar(
            "SELECT count(*) FROM processed_updates WHERE update_id = :u", u=update_id
        )
        == 1
    )


async def test_a_redelivered_signup_step_is_not_answered_again(world: World) -> None:
    user = world.emu.user(world.telegram, first_name="سارا", phone="+989121234567")
    await user.send("/start")
    await user.press(t("button-consent-yes"))
    name_update = await user.send("سارا محمدی")  # writes: the draft moves to PHONE
    user.replies()
    world.emu.redeliver(world.telegram, name_update)
    await world.restart()
    await world.emu.wait_handled(world.telegram, name_update)
    assert user.replies() == []  # not "please use the button" for a name taken as a phone
    assert await world.scalar("SELECT step FROM conversations") == "PHONE"
    assert (
        await world.scalar(
            "SELECT count(*) FROM processed_updates WHERE update_id = :u", u=name_update
        )
        == 1
    )


async def test_signup_continues_at_the_same_step_after_a_restart(world: World) -> None:
    user = world.emu.user(world.telegram, first_name="سارا", phone="+989121234567")
    await user.send("/start")
    await user.press(t("button-consent-yes"))
    await user.send("سارا محمدی")
    await world.restart()
    await user.share_contact()
    assert user.last.content == t("signup-ask-birthdate")
    await user.send("۱۳۷۰/۰۵/۱۲")
    assert await world.scalar("SELECT name FROM members") == "سارا محمدی"


async def test_a_429_from_the_messenger_is_waited_out_and_the_reply_sent_once(
    world: World,
) -> None:
    user = world.emu.user(world.telegram, first_name="سارا")
    world.emu.faults.add(method="sendMessage", kind="429", retry_after=1, times=1)
    await user.send("/start")
    assert texts_of(user.inbox) == [t("signup-welcome"), t("signup-consent")]
    assert world.emu.faults.triggered == [(world.telegram.token, "sendMessage", "429")]


async def test_a_messenger_error_on_a_reply_is_retried_not_apologised_for(
    world: World,
) -> None:
    # The handler succeeded: its reply is retried by the sender. The apology is for failed
    # handling only (tests/e2e/test_outbox.py), never for a reply that is merely late.
    owner = world.emu.user(world.telegram, user_id=OWNER_TELEGRAM_ID, first_name="Owner")
    user = world.emu.user(world.telegram, first_name="سارا", phone="+989121234567")
    world.emu.faults.add(method="sendMessage", kind="500", times=1, chat_id=user.id)
    await user.send("/start")
    assert texts_of(user.inbox) == [t("signup-welcome"), t("signup-consent")]
    assert owner.inbox == []


async def test_a_flooding_member_gets_one_notice_then_silence_but_owners_are_exempt(
    make_world: Any,
) -> None:
    world: World = await make_world(flood_messages=5, flood_window_seconds=60)
    user = world.emu.user(world.telegram, first_name="سارا")
    for _ in range(9):
        await user.send("سلام")
    said = texts_of(user.inbox)
    assert said.count(t("flood-slow-down")) == 1
    assert said.count(t("hint-start")) == 5
    owner = world.emu.user(world.telegram, user_id=OWNER_TELEGRAM_ID, first_name="Owner")
    for _ in range(9):
        await owner.send("سلام")
    assert t("flood-slow-down") not in texts_of(owner.inbox)


async def test_a_member_who_blocks_the_bot_is_marked_unreachable_until_unblocking(
    world: World,
) -> None:
    user = world.emu.user(world.telegram, first_name="سارا", phone="+989121234567")
    await sign_up(user)
    await user.block()
    assert await world.scalar("SELECT blocked_at IS NOT NULL FROM identities") == 1
    await user.unblock()
    assert await world.scalar("SELECT blocked_at IS NULL FROM identities") == 1


async def test_bale_without_a_commands_menu_still_serves_members(world: World) -> None:
    assert world.emu.calls_to("setMyCommands", world.bale), "the bot should try"
    user = world.emu.user(world.bale, first_name="Ali", phone="+989351112233")
    said = await sign_up(user)
    assert t("signup-balance", balance=100) in said[-1]


@pytest.mark.parametrize("text", ["/unknown", "سلام"])
async def test_a_newcomer_typing_anything_is_told_how_to_join(world: World, text: str) -> None:
    user = world.emu.user(world.telegram, first_name="سارا")
    await user.send(text)
    assert user.last.content == t("hint-start")
