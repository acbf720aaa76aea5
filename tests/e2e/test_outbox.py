"""The outbox and the sender as people see them: each reply once, in order, after what it tells.

Faults come from the emulator (bot/emulator/faults.py) and, for the database, from a statement
hook that fails every statement while an outage is on.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import sqlalchemy as sa

from bot.emulator.driver import SimUser
from bot.handlers import menu
from tests.e2e.test_link import joined_on_telegram, waiting_on_bale
from tests.e2e.test_purchases import (
    QUOTE_BUTTONS,
    balance,
    join,
    owner_of,
    purchase_rows,
    recorded,
)
from tests.e2e.world import OWNER_TELEGRAM_ID, World, sign_up, t, texts_of

NAME = "سارا محمدی"
PHONE = "+989121234567"


async def until(check: Callable[[], bool], what: str, within: float = 15.0) -> float:
    """Waits for `check`; returns when it held (perf_counter)."""
    deadline = time.perf_counter() + within
    while not check():
        if time.perf_counter() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.01)
    return time.perf_counter()


async def handled(world: World, update_id: int, within: float = 20.0) -> None:
    """The update was confirmed by the bot (its messages may still be on their way)."""
    assert await world.emu.state.wait_handled(world.telegram.state, update_id, within)


def sent(user: SimUser) -> list[str]:
    """Every message the chat received, in order, as it reads now (after edits)."""
    return texts_of(user.inbox)


async def outbox_rows(world: World, query: str) -> list[tuple[Any, ...]]:
    """Rows of the outbox once the sender has recorded what it delivered (in batches)."""
    for _ in range(250):
        if not await world.scalar("SELECT count(*) FROM outbox WHERE status = 'sending'"):
            break
        await asyncio.sleep(0.02)
    return [tuple(r) for r in await world.rows(query)]


@contextmanager
def database_outage(world: World) -> Iterator[dict[str, Any]]:
    """While `state["down"]` is true every statement fails as SQLite does under a held lock."""
    state: dict[str, Any] = {"down": False, "failed": 0}

    def fail(*_: Any) -> None:
        if state["down"]:
            state["failed"] += 1
            raise sa.exc.OperationalError(
                "statement", None, sqlite3.OperationalError("database is locked")
            )

    engine = world.club.db.engine.sync_engine
    sa.event.listen(engine, "before_cursor_execute", fail)
    try:
        yield state
    finally:
        sa.event.remove(engine, "before_cursor_execute", fail)


async def outage_of(state: dict[str, Any], seconds: float) -> None:
    state["down"] = True
    await asyncio.sleep(seconds)
    state["down"] = False


# --- 429: one chat waits, the others do not ---------------------------------------------------


async def test_a_429_pauses_only_that_chat_and_its_messages_come_after_in_order(
    world: World,
) -> None:
    paused = world.emu.user(world.telegram, first_name="سارا")
    other = world.emu.user(world.telegram, first_name="Ali")
    world.emu.faults.add(method="sendMessage", kind="429", retry_after=3, chat_id=paused.id)
    start = time.perf_counter()
    await paused.send("/start", wait=False)
    await until(lambda: world.emu.faults.triggered != [], "the 429")

    other_start = time.perf_counter()
    await other.send("/start", wait=False)
    other_done = await until(lambda: len(other.inbox) == 2, "the other chat's replies")
    assert other_done - other_start < 1.0
    assert texts_of(other.inbox) == [t("signup-welcome"), t("signup-consent")]
    assert paused.inbox == []  # still waiting out its pause

    await until(lambda: len(paused.inbox) == 2, "the paused chat's replies")
    assert paused.inbox[0].sent_at - start >= 3.0
    assert texts_of(paused.inbox) == [t("signup-welcome"), t("signup-consent")]
    assert paused.buttons() == [t("button-consent-yes"), t("button-consent-no")]
    assert t("error-sorry") not in sent(paused)
    sends = [p for p in world.emu.calls_to("sendMessage") if p["chat_id"] == paused.id]
    assert len(sends) == 3  # the refused one, then both once


async def test_429s_on_three_chats_within_a_second_pause_the_whole_messenger(
    world: World,
) -> None:
    limited = [world.emu.user(world.telegram, first_name=f"Member{i}") for i in range(3)]
    late = world.emu.user(world.telegram, first_name="Ali")
    for user in limited:
        world.emu.faults.add(method="sendMessage", kind="429", retry_after=2, chat_id=user.id)
    for user in limited:
        await user.send("/start", wait=False)
    third = await until(lambda: len(world.emu.faults.triggered) == 3, "three 429s")
    await late.send("/start", wait=False)
    await until(lambda: len(late.inbox) == 2, "the late chat's replies")
    assert late.inbox[0].sent_at - third >= 1.8  # it waited for the messenger's pause
    for user in [*limited, late]:
        await until(lambda u=user: len(u.inbox) == 2, "every chat's replies")  # type: ignore[misc]
        assert texts_of(user.inbox) == [t("signup-welcome"), t("signup-consent")]


# --- A database outage -------------------------------------------------------------------------


async def test_a_button_pressed_during_a_database_outage_is_answered_once_after_it(
    world: World,
) -> None:
    user, _ = await join(world)
    with database_outage(world) as db:
        db["down"] = True
        pressed = await user.press(t("button-points"), wait=False)
        await asyncio.sleep(2.0)
        db["down"] = False
        await world.emu.wait_handled(world.telegram, pressed, timeout=30)
    assert db["failed"] > 0, "the outage never touched the update"
    answers = [m for m in user.replies() if not m.edited]
    assert len(answers) == 1
    assert (answers[0].content or "").startswith(t("points-balance", balance=100))
    assert t("error-sorry") not in sent(user)
    assert (
        await world.scalar("SELECT count(*) FROM processed_updates WHERE update_id = :u", u=pressed)
        == 1
    )


async def test_a_signup_step_during_a_database_outage_is_applied_once_with_one_reply(
    world: World,
) -> None:
    user = world.emu.user(world.telegram, first_name="سارا", phone=PHONE)
    await user.send("/start")
    await user.press(t("button-consent-yes"))
    with database_outage(world) as db:
        db["down"] = True
        step = await user.send(NAME, wait=False)
        await asyncio.sleep(2.0)
        db["down"] = False
        await world.emu.wait_handled(world.telegram, step, timeout=30)
    assert db["failed"] > 0
    assert [m.content for m in user.replies()] == [t("signup-ask-phone")]
    assert sent(user).count(t("signup-ask-phone")) == 1
    assert await world.rows("SELECT step FROM conversations") == [("PHONE",)]
    await user.share_contact()
    assert user.last.content == t("signup-ask-birthdate")


async def test_a_purchase_confirmed_during_a_database_outage_is_recorded_once(
    world: World,
) -> None:
    member, code = await join(world)
    owner = owner_of(world)
    await owner.send(f"/purchase {code} 250000 R-1")
    with database_outage(world) as db:
        db["down"] = True
        pressed = await owner.press(t("button-confirm"), wait=False)
        await asyncio.sleep(2.0)
        db["down"] = False
        await world.emu.wait_handled(world.telegram, pressed, timeout=30)
    assert db["failed"] > 0
    assert owner.last.content == recorded(1, name=NAME, amount=250_000, points=25, balance=125)
    assert owner.buttons() == []
    assert sent(member).count(t("purchase-earned", points=25)) == 1
    assert await purchase_rows(world) == [(250_000, 25, "receipt", "r-1")]
    assert await balance(world, code) == 125
    assert t("error-sorry") not in sent(owner) + sent(member)


# --- A bug in a handler --------------------------------------------------------------------------


async def test_a_failing_handler_apologises_once_after_its_attempts_and_the_chat_goes_on(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    owner = world.emu.user(world.telegram, user_id=OWNER_TELEGRAM_ID, first_name="Owner")
    user, code = await join(world)
    user.replies()
    attempts = 0

    async def broken(message: Any, context: Any) -> None:
        nonlocal attempts
        attempts += 1
        # Said and written before the failure: both must vanish with the failed attempt.
        context.reply("half-said")
        await context.club.members.touch(context.member, "bale")
        raise RuntimeError("a bug")

    monkeypatch.setattr(menu, "show_points", broken)
    pressed = await user.press(t("button-points"), timeout=30)
    assert attempts == world.settings.update_max_attempts == 3
    assert [m.content for m in user.replies()] == [t("error-sorry")]
    assert "half-said" not in sent(user)
    assert await world.scalar("SELECT last_platform FROM members") == "telegram"
    assert (
        await world.scalar("SELECT count(*) FROM processed_updates WHERE update_id = :u", u=pressed)
        == 1
    )

    await user.press(t("button-help"))
    assert [m.content for m in user.replies()] == [t("help")]
    reports = sent(owner)
    assert len(reports) == 1
    assert "RuntimeError" in reports[0]
    for private in ("سارا", NAME, PHONE, "9121234567", str(user.id), code):
        assert private not in reports[0]


# --- The cashier's confirmation edit fails -----------------------------------------------------


@pytest.mark.parametrize("kind", ["500", "network"])
async def test_a_failing_edit_of_the_cashiers_confirmation_still_records_once(
    world: World, kind: str
) -> None:
    member, code = await join(world)
    owner = owner_of(world)
    await owner.send(f"/purchase {code} 250000 R-1")
    world.emu.faults.add(method="editMessageText", kind=kind, times=2, chat_id=owner.id)
    first = await owner.press(t("button-confirm"), wait=False)
    await handled(world, first)
    # The cashier sees nothing change yet and taps again.
    assert owner.buttons() == QUOTE_BUTTONS
    again = await owner.press(t("button-confirm"), wait=False)
    await world.emu.wait_handled(world.telegram, again, timeout=30)

    done = recorded(1, name=NAME, amount=250_000, points=25, balance=125)
    quote = owner.inbox[-1]
    assert done in [*quote.history, quote.content]
    assert quote.content in (
        done,
        t("purchase-already-recorded", number="۱", points=25, balance=125),
    )
    assert owner.buttons() == []
    assert sent(member).count(t("purchase-earned", points=25)) == 1
    assert t("error-sorry") not in sent(owner) + sent(member)
    assert await purchase_rows(world) == [(250_000, 25, "receipt", "r-1")]
    assert await balance(world, code) == 125
    assert len(world.emu.faults.triggered) == 2


# --- A double tap whose second edit changes nothing --------------------------------------------


async def test_a_double_tap_whose_edit_is_not_modified_is_no_error(world: World) -> None:
    owner = world.emu.user(world.telegram, user_id=OWNER_TELEGRAM_ID, first_name="Owner")
    user = world.emu.user(world.telegram, first_name="سارا")
    await user.send("/start")
    first = await user.press(t("button-consent-yes"), wait=False)
    second = await user.press(t("button-consent-yes"), wait=False)
    await world.emu.wait_handled(world.telegram, first)
    await world.emu.wait_handled(world.telegram, second)
    edits = world.emu.calls_to("editMessageReplyMarkup")
    assert len(edits) == 2  # the second one was refused as "not modified"
    assert sent(user) == [t("signup-welcome"), t("signup-consent"), t("signup-ask-name")]
    assert owner.inbox == []
    assert user.buttons() == []
    statuses = await outbox_rows(world, "SELECT status, count(*) FROM outbox GROUP BY status")
    # The second tap wrote nothing, so its edit went from memory, not through the outbox.
    assert statuses == [("sent", 4)]


# --- A member who blocked the bot --------------------------------------------------------------


async def test_a_blocked_member_is_marked_unreachable_and_a_message_from_them_undoes_it(
    world: World,
) -> None:
    member, code = await join(world)
    owner = owner_of(world)
    # Blocked without a my_chat_member update (as on Bale): only the 403 tells.
    member.chat.blocked = True
    await owner.send(f"/purchase {code} 250000 R-1")
    await owner.press(t("button-confirm"))
    assert await world.scalar("SELECT blocked_at IS NOT NULL FROM identities") == 1
    assert await outbox_rows(
        world, "SELECT status FROM outbox WHERE member_id IS NOT NULL ORDER BY id"
    ) == [("unreachable",)]

    member.chat.blocked = False
    await member.press(t("button-points"))
    assert await world.scalar("SELECT blocked_at IS NULL FROM identities") == 1
    await owner.send(f"/purchase {code} 100000 R-2")
    await owner.press(t("button-confirm"))
    assert member.last.content == t("purchase-earned", points=10)


async def test_a_notice_for_a_member_known_to_be_unreachable_is_given_up_at_once(
    world: World,
) -> None:
    member, code = await join(world)
    owner = owner_of(world)
    member.chat.blocked = True
    await owner.send(f"/purchase {code} 250000 R-1")
    await owner.press(t("button-confirm"))  # the 403 marks the only chat unreachable
    await owner.send(f"/purchase {code} 100000 R-2")
    # The sender knows there is nowhere to send the notice: the step still ends.
    await asyncio.wait_for(owner.press(t("button-confirm")), 10)
    assert owner.last.content == recorded(2, name=NAME, amount=100_000, points=10, balance=135)
    # Notices are the rows addressed to a member (replies are addressed to a chat only).
    assert await outbox_rows(
        world, "SELECT status FROM outbox WHERE member_id IS NOT NULL ORDER BY id"
    ) == [("unreachable",), ("unreachable",)]
    assert member.inbox[-1].content != t("purchase-earned", points=10)


async def test_a_notice_goes_to_the_members_other_messenger_when_one_is_blocked(
    world: World,
) -> None:
    telegram = await joined_on_telegram(world)
    bale = await waiting_on_bale(world)
    await telegram.press(t("button-link-yes"))
    await telegram.press(t("button-points"))  # last seen on Telegram
    code = await world.scalar("SELECT code FROM members")
    telegram.chat.blocked = True
    owner = owner_of(world)
    await owner.send(f"/purchase {code} 250000 R-1")
    await owner.press(t("button-confirm"))
    assert bale.last.content == t("purchase-earned", points=25)
    assert await world.rows(
        "SELECT platform, blocked_at IS NOT NULL FROM identities ORDER BY platform"
    ) == [("bale", 0), ("telegram", 1)]
    assert await outbox_rows(
        world, "SELECT status FROM outbox WHERE member_id IS NOT NULL ORDER BY id DESC LIMIT 1"
    ) == [("sent",)]


async def test_a_notice_with_a_dedup_key_is_said_once_however_often_an_update_causes_it(
    make_world: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A notice an update queues with a dedup key already in the outbox is not sent again from
    memory (it was written once; the later updates' copies were skipped)."""
    from bot.club import notices
    from bot.handlers import stats

    async def command(update: Any, context: Any) -> None:
        club = context.club
        async with club.db.write() as conn:
            await notices.tell_member(
                conn,
                member_id=1,
                key="help",
                values={},
                settings=club.settings,
                now=club.now(),
                dedup_key="only-once:1",
            )
        context.reply("ok")

    monkeypatch.setattr(stats, "command", command)
    world = await make_world()
    sara = world.emu.user(world.telegram, first_name="سارا", phone="+989121234567")
    await sign_up(sara)
    before = len(sara.inbox)
    for _ in range(3):
        await sara.send("/stats")
    said = [m.content for m in sara.inbox[before:]]
    assert said.count(t("help")) == 1 and said.count("ok") == 3
    assert await world.scalar("SELECT count(*) FROM outbox WHERE dedup_key = 'only-once:1'") == 1
