"""Rough edges a member meets: failures while loading, old buttons, Bale contacts, stray text."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from bot.club.digits import to_persian_digits
from bot.club.members import Members
from bot.emulator.driver import SimUser
from bot.emulator.models import SentMessage
from tests.e2e.world import OWNER_TELEGRAM_ID, World, sign_up, t, texts_of

PHONE = "+989121234567"


def said(user: SimUser) -> list[str]:
    """The messages the bot sent since the user's last action (edits left out)."""
    return texts_of([m for m in user.replies() if not m.edited])


async def press_days_later(world: World, user: SimUser, message: SentMessage, data: str) -> None:
    """A tap on a button under a message older than 48 hours: the messenger sends it as an
    InaccessibleMessage (date 0) inside the callback query."""
    old = dataclasses.replace(message, date=0)
    update_id = world.emu.state.user_callback(user.bot, user.chat, old, data)
    await world.emu.wait_handled(user.bot, update_id)


def holding(user: SimUser, data: str) -> SentMessage:
    """The newest message with an inline button carrying this callback data."""
    for message in reversed(user.inbox):
        if any(b.get("callback_data") == data for b in message.inline_buttons()):
            return message
    raise AssertionError(f"no button with {data!r}")


# --- A failure while loading the member ends the update -------------------------------------


def failing_actor(monkeypatch: pytest.MonkeyPatch, times: int) -> list[Exception]:
    """Loading the member fails `times` times, then works; the failures not yet raised."""
    original = Members.actor
    failures: list[Exception] = [RuntimeError("boom") for _ in range(times)]

    async def flaky(self: Members, *args: Any, **kwargs: Any) -> Any:
        if failures:
            raise failures.pop()
        return await original(self, *args, **kwargs)

    monkeypatch.setattr(Members, "actor", flaky)
    return failures


async def test_a_member_whose_account_keeps_failing_to_load_gets_only_an_apology(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    owner = world.emu.user(world.telegram, user_id=OWNER_TELEGRAM_ID, first_name="Owner")
    user = world.emu.user(world.telegram, first_name="سارا", phone=PHONE)
    await sign_up(user)
    said(user)
    # A bug, not an outage: it fails on every attempt (UPDATE_MAX_ATTEMPTS, 3).
    failures = failing_actor(monkeypatch, 3)
    update_id = await user.send("/start", timeout=15)
    assert failures == []
    assert said(user) == [t("error-sorry")]  # once, and not greeted as a newcomer
    assert await world.scalar("SELECT count(*) FROM conversations") == 0
    assert (
        await world.scalar(
            "SELECT count(*) FROM processed_updates WHERE update_id = :u", u=update_id
        )
        == 1
    )
    await user.send("/start")
    assert said(user) == [t("menu-welcome-back", name="سارا محمدی")]
    # The update id in Persian digits (an id: no thousands separators), the messenger by name.
    assert owner.last.content == t(
        "error-owner-report",
        error="RuntimeError",
        update=to_persian_digits(str(update_id)),
        platform=t("platform-telegram"),
    )


async def test_a_failure_that_passes_on_the_next_attempt_gets_the_real_answer(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    owner = world.emu.user(world.telegram, user_id=OWNER_TELEGRAM_ID, first_name="Owner")
    user = world.emu.user(world.telegram, first_name="سارا", phone=PHONE)
    await sign_up(user)
    said(user)
    failures = failing_actor(monkeypatch, 1)
    await user.send("/start", timeout=15)
    assert failures == []
    assert said(user) == [t("menu-welcome-back", name="سارا محمدی")]  # no apology first
    assert owner.inbox == []


# --- Buttons under messages older than 48 hours ---------------------------------------------


async def test_an_old_consent_button_is_answered_with_a_hint_and_changes_nothing(
    world: World,
) -> None:
    user = world.emu.user(world.telegram, first_name="سارا", phone=PHONE)
    await user.send("/start")
    consent = user.last
    said(user)
    await press_days_later(world, user, consent, "consent:no")
    assert said(user) == []
    assert user.callback_answers[-1] == t("hint-stale-button")
    assert await world.scalar("SELECT step FROM conversations") == "CONSENT"
    assert await world.scalar("SELECT count(*) FROM consent_refusals") == 0


@pytest.mark.parametrize("data", ["privacy:export", "privacy:delete"])
async def test_an_old_privacy_button_is_answered_with_a_hint_and_changes_nothing(
    world: World, data: str
) -> None:
    user = world.emu.user(world.telegram, first_name="سارا", phone=PHONE)
    await sign_up(user)
    await user.press(t("button-privacy"))
    said(user)
    await press_days_later(world, user, holding(user, data), data)
    assert said(user) == []
    assert user.callback_answers[-1] == t("hint-stale-button")
    assert await world.scalar("SELECT count(*) FROM members") == 1


async def test_an_old_more_history_button_is_answered_with_a_hint(make_world: Any) -> None:
    world: World = await make_world(history_page_size=1)
    user = world.emu.user(world.telegram, first_name="سارا", phone=PHONE)
    await sign_up(user)  # two ledger entries: welcome and profile points
    await user.press(t("button-history"))
    more = user.last
    data = str(more.inline_buttons()[0].get("callback_data"))
    said(user)
    await press_days_later(world, user, more, data)
    assert said(user) == []
    assert user.callback_answers[-1] == t("hint-stale-button")


# --- Bale does not vouch for contacts --------------------------------------------------------


async def test_a_bale_contact_carrying_a_user_id_still_needs_the_members_confirmation(
    world: World,
) -> None:
    member = world.emu.user(world.telegram, first_name="سارا", phone=PHONE)
    await sign_up(member)
    said(member)
    world.bale.state.vouch_contacts = True  # user_id is set, but Bale does not vouch for it
    newcomer = world.emu.user(world.bale, first_name="سارا", phone=PHONE)
    await newcomer.send("/start")
    await newcomer.press(t("button-consent-yes"))
    await newcomer.send("سارا")
    await newcomer.share_contact()
    assert said(newcomer) == [t("link-waiting")]
    assert await world.scalar("SELECT step FROM conversations") == "LINK_WAIT"
    assert await world.scalar("SELECT count(*) FROM identities WHERE platform = 'bale'") == 0
    assert said(member) == [t("link-confirm-ask", platform=t("platform-bale"))]


async def test_a_bale_contact_carrying_someone_elses_user_id_is_refused(world: World) -> None:
    world.bale.state.vouch_contacts = True
    user = world.emu.user(world.bale, first_name="رضا", phone="+989351112233")
    await user.send("/start")
    await user.press(t("button-consent-yes"))
    await user.send("رضا")
    await user.share_contact("+989350000000", user_id=user.id + 1, first_name="Ali")
    # The short error with the step's keyboard, not the whole prompt again.
    assert said(user) == [t("error-phone-not-own")]
    assert user.keyboard() == [t("button-share-phone"), t("button-cancel")]
    assert await world.scalar("SELECT step FROM conversations") == "PHONE"


# --- Typing where a button is expected -------------------------------------------------------


async def test_text_typed_at_the_consent_step_gets_a_hint_then_the_question_again(
    world: World,
) -> None:
    user = world.emu.user(world.telegram, first_name="سارا", phone=PHONE)
    await user.send("/start")
    said(user)
    await user.send("بله")
    assert said(user) == [t("hint-answer-step"), t("signup-consent")]
    assert await world.scalar("SELECT step FROM conversations") == "CONSENT"
