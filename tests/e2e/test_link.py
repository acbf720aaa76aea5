"""One club account on two messengers: the same phone links, it never opens a second account."""

from __future__ import annotations

import pytest

from bot.emulator.driver import SimUser
from tests.e2e.world import World, sign_up, t, texts_of

PHONE = "+989121234567"
MENU_FIRST_ROW = [t("button-points"), t("button-history")]


def said(user: SimUser) -> list[str]:
    """The messages the bot sent since the user's last action (edits left out)."""
    return texts_of([m for m in user.replies() if not m.edited])


async def up_to_phone(user: SimUser, start: str = "/start", name: str = "سارا") -> None:
    await user.send(start)
    await user.press(t("button-consent-yes"))
    await user.send(name)


async def joined_on_telegram(world: World, phone: str = PHONE) -> SimUser:
    user = world.emu.user(world.telegram, first_name="سارا", phone=phone)
    await sign_up(user)  # 100 points: welcome and profile
    said(user)
    return user


async def waiting_on_bale(world: World, phone: str = PHONE, start: str = "/start") -> SimUser:
    """A Bale newcomer whose (unvouched) phone belongs to a member: the link waits."""
    user = world.emu.user(world.bale, first_name="سارا", phone=phone)
    await up_to_phone(user, start)
    await user.share_contact()
    return user


async def account(world: World) -> tuple[list[tuple[object, ...]], ...]:
    members = await world.rows("SELECT id, name, phone, balance FROM members")
    identities = await world.rows(
        "SELECT platform, platform_user_id, member_id FROM identities ORDER BY platform"
    )
    ledger = await world.rows("SELECT member_id, idempotency_key, delta FROM ledger ORDER BY id")
    return tuple([tuple(r) for r in rows] for rows in (members, identities, ledger))


# --- Vouched contact: links directly ---------------------------------------------------------


async def test_a_linked_member_sees_one_balance_and_one_history_on_both_messengers(
    world: World,
) -> None:
    telegram = await joined_on_telegram(world)
    bale = await waiting_on_bale(world)
    await telegram.press(t("button-link-yes"))
    said(bale)
    for user in (telegram, bale):
        await user.press(t("button-points"))
        assert said(user)[0].startswith(t("points-balance", balance=100))
    await telegram.press(t("button-history"))
    await bale.press(t("button-history"))
    history = said(telegram)
    assert history == said(bale)
    assert history[0].count("\n") == 2  # the title and the two signup rows


async def test_a_second_telegram_account_with_a_members_phone_links_only_after_a_yes(
    world: World,
) -> None:
    """A recycled number: same messenger, another account, a phone Telegram vouches for."""
    friend = await joined_on_telegram(world, phone="+989129999999")
    code = await world.scalar("SELECT code FROM members WHERE phone = '+989129999999'")
    old = await joined_on_telegram(world)
    before = await account(world)
    newcomer = world.emu.user(world.telegram, first_name="سارا", phone=PHONE)
    await up_to_phone(newcomer, start=f"/start r_{code}")
    await newcomer.share_contact()
    assert said(newcomer) == [t("link-waiting")]
    assert said(old) == [t("link-confirm-ask", platform=t("platform-telegram"))]
    assert await account(world) == before  # nothing attached before the yes
    await old.press(t("button-link-yes"))
    assert said(newcomer) == [t("link-done", name="سارا محمدی", balance=100)]
    assert await world.scalar("SELECT count(*) FROM referrals") == 0
    assert await world.rows("SELECT balance FROM members ORDER BY id") == [(100,), (100,)]
    assert said(friend) == []


# --- Unvouched contact (Bale): the member confirms on Telegram ------------------------------


async def test_a_bale_newcomer_with_a_members_phone_waits_for_confirmation_on_telegram(
    world: World,
) -> None:
    telegram = await joined_on_telegram(world)
    before = await account(world)
    bale = await waiting_on_bale(world)
    assert said(bale) == [t("link-waiting")]
    assert bale.keyboard() == [t("button-cancel")]
    assert said(telegram) == [t("link-confirm-ask", platform=t("platform-bale"))]
    assert telegram.buttons() == [t("button-link-yes"), t("button-link-no")]
    assert await account(world) == before  # nothing linked yet
    assert await world.rows("SELECT step FROM conversations WHERE platform = 'bale'") == [
        ("LINK_WAIT",)
    ]
    await bale.send("/start")
    assert said(bale) == [t("link-waiting")]
    await bale.send("سلام")
    assert said(bale) == [t("link-waiting")]
    await bale.share_contact()
    assert said(bale) == [t("link-waiting")]
    assert said(telegram) == []  # asked once
    assert await world.scalar("SELECT count(*) FROM pending_actions") == 1


async def test_confirming_on_telegram_links_bale_to_the_same_account(world: World) -> None:
    telegram = await joined_on_telegram(world)
    members_before, _, ledger_before = await account(world)
    bale = await waiting_on_bale(world)
    said(bale)
    await telegram.press(t("button-link-yes"))
    assert telegram.last.content == t("link-confirmed-owner")
    assert telegram.buttons() == []
    assert said(bale) == [t("link-done", name="سارا محمدی", balance=100)]
    assert bale.keyboard()[:2] == MENU_FIRST_ROW
    members, identities, ledger = await account(world)
    member_id = members[0][0]
    assert members == members_before
    assert identities == [("bale", bale.id, member_id), ("telegram", telegram.id, member_id)]
    assert ledger == ledger_before
    assert await world.scalar("SELECT count(*) FROM conversations") == 0
    await bale.press(t("button-points"))
    assert said(bale)[0].startswith(t("points-balance", balance=100))


async def test_a_bale_link_with_a_referral_link_credits_nobody(world: World) -> None:
    friend = await joined_on_telegram(world, phone="+989129999999")
    code = await world.scalar("SELECT code FROM members WHERE phone = '+989129999999'")
    telegram = await joined_on_telegram(world)
    bale = await waiting_on_bale(world, start=f"/start r_{code}")
    said(bale)
    await telegram.press(t("button-link-yes"))
    assert said(bale) == [t("link-done", name="سارا محمدی", balance=100)]
    assert await world.scalar("SELECT count(*) FROM referrals") == 0
    assert await world.rows("SELECT balance FROM members ORDER BY id") == [(100,), (100,)]
    assert said(friend) == []


async def test_declining_on_telegram_leaves_the_account_and_offers_bale_a_separate_membership(
    world: World,
) -> None:
    telegram = await joined_on_telegram(world)
    before = await account(world)
    bale = await waiting_on_bale(world)
    said(bale)
    await telegram.press(t("button-link-no"))
    assert telegram.last.content == t("link-declined-owner")
    assert telegram.buttons() == []
    assert said(bale) == [t("identity-ended-declined")]
    assert bale.keyboard() == [t("button-join-separately"), t("button-cancel")]
    assert await account(world) == before
    assert await world.rows("SELECT step FROM conversations WHERE platform = 'bale'") == [
        ("LINK_ENDED",)
    ]
    await bale.send("/start")
    assert said(bale) == [t("identity-ended-declined")]


async def test_a_declined_bale_user_can_still_join_with_their_own_new_phone(
    world: World,
) -> None:
    telegram = await joined_on_telegram(world)
    bale = world.emu.user(world.bale, first_name="رضا", phone="+989351112233")
    await up_to_phone(bale, name="رضا")
    await bale.share_contact(PHONE, first_name="سارا")  # someone else's contact card
    await telegram.press(t("button-link-no"))
    said(bale)
    await bale.share_contact()  # their own, this time
    assert said(bale) == [t("signup-ask-birthdate")]
    await bale.press(t("button-skip"))
    rows = await world.rows("SELECT name, phone, balance FROM members ORDER BY id")
    assert [tuple(r) for r in rows] == [("سارا محمدی", PHONE, 100), ("رضا", "+989351112233", 50)]


async def test_a_bale_user_sharing_someone_elses_phone_cannot_take_over_the_account(
    world: World,
) -> None:
    telegram = await joined_on_telegram(world)
    before = await account(world)
    bale = world.emu.user(world.bale, first_name="Mallory", phone="+989351112233")
    await up_to_phone(bale, name="Mallory")
    await bale.share_contact(PHONE, first_name="سارا")
    assert said(bale) == [t("link-waiting")]
    # Without the member's confirmation the menu does not open, whatever is sent.
    await bale.send(t("button-points"))
    assert said(bale) == [t("link-waiting")]
    # Knowing the token does not help: only the account's member can answer.
    token = await world.scalar("SELECT token FROM pending_actions")
    forged = world.emu.state.user_callback(bale.bot, bale.chat, bale.last, f"link:y:{token}")
    await world.emu.wait_handled(world.bale, forged)
    assert await account(world) == before
    assert await world.scalar("SELECT done_at FROM pending_actions") is None
    await telegram.press(t("button-link-no"))
    assert await account(world) == before


async def test_a_link_request_is_answered_only_once(world: World) -> None:
    telegram = await joined_on_telegram(world)
    bale = await waiting_on_bale(world)
    request = telegram.last
    await telegram.press(t("button-link-yes"))
    said(bale)
    for data in ("link:y:", "link:n:"):
        token = await world.scalar("SELECT token FROM pending_actions")
        late = world.emu.state.user_callback(telegram.bot, telegram.chat, request, data + token)
        await world.emu.wait_handled(world.telegram, late)
    assert said(bale) == []
    _, identities, _ = await account(world)
    assert len(identities) == 2
    assert await world.scalar("SELECT count(*) FROM conversations") == 0


async def test_cancelling_while_waiting_makes_the_request_expire(world: World) -> None:
    telegram = await joined_on_telegram(world)
    before = await account(world)
    bale = await waiting_on_bale(world)
    await bale.send("/cancel")
    assert said(bale) == [t("signup-cancelled")]
    await telegram.press(t("button-link-yes"))
    assert telegram.last.content == t("link-expired")
    assert said(bale) == []
    assert await account(world) == before
    assert await world.scalar("SELECT count(*) FROM conversations") == 0


async def test_the_cancel_button_while_waiting_ends_the_signup(world: World) -> None:
    telegram = await joined_on_telegram(world)
    bale = await waiting_on_bale(world)
    await bale.press(t("button-cancel"))
    assert said(bale) == [t("signup-cancelled")]
    assert bale.keyboard() == []
    assert await world.scalar("SELECT count(*) FROM conversations") == 0
    await telegram.press(t("button-link-yes"))
    assert telegram.last.content == t("link-expired")
    assert await world.scalar("SELECT count(*) FROM identities") == 1


async def test_declining_after_the_bale_user_cancelled_does_not_restart_their_signup(
    world: World,
) -> None:
    telegram = await joined_on_telegram(world)
    bale = await waiting_on_bale(world)
    await bale.send("/cancel")
    said(bale)
    await telegram.press(t("button-link-no"))
    assert said(bale) == []
    assert await world.scalar("SELECT count(*) FROM conversations") == 0
    await bale.send("سلام")
    assert said(bale) == [t("hint-start")]


async def test_a_member_unreachable_on_telegram_cannot_be_linked_from_bale(
    world: World,
) -> None:
    telegram = await joined_on_telegram(world)
    await telegram.block()
    before = await account(world)
    bale = await waiting_on_bale(world)
    assert said(bale) == [t("identity-ended-unreachable")]
    assert bale.keyboard() == [t("button-join-separately"), t("button-cancel")]
    assert await world.rows("SELECT step FROM conversations WHERE platform = 'bale'") == [
        ("LINK_ENDED",)
    ]
    assert await account(world) == before


@pytest.mark.parametrize("answer", ["button-link-yes", "button-link-no"])
async def test_the_bale_user_can_cancel_with_the_button_after_the_answer(
    world: World, answer: str
) -> None:
    telegram = await joined_on_telegram(world)
    bale = await waiting_on_bale(world)
    await telegram.press(t(answer))
    said(bale)
    await bale.send(t("button-cancel"))
    expected = "cancelled" if answer == "button-link-yes" else "signup-cancelled"
    assert said(bale) == [t(expected)]


async def test_a_phone_taken_on_telegram_while_bale_was_at_the_birth_date_step_asks_to_link(
    world: World,
) -> None:
    bale = world.emu.user(world.bale, first_name="سارا", phone=PHONE)
    await up_to_phone(bale)
    await bale.share_contact()
    assert said(bale) == [t("signup-ask-birthdate")]
    telegram = await joined_on_telegram(world)
    before = await account(world)
    await bale.press(t("button-skip"))
    assert said(bale) == [t("error-phone-taken")]  # the short reason, with the button
    assert bale.keyboard() == [t("button-share-phone"), t("button-cancel")]
    assert await account(world) == before
    await bale.share_contact()
    assert said(bale) == [t("link-waiting")]
    await telegram.press(t("button-link-yes"))
    assert said(bale) == [t("link-done", name="سارا محمدی", balance=100)]
    assert await world.scalar("SELECT count(*) FROM members") == 1
    assert await world.scalar("SELECT count(*) FROM identities") == 2


async def test_an_account_gets_one_link_request_at_a_time(world: World) -> None:
    telegram = await joined_on_telegram(world)
    await waiting_on_bale(world)
    asks = [
        m for m in telegram.inbox if m.content == t("link-confirm-ask", platform=t("platform-bale"))
    ]
    assert len(asks) == 1
    second = world.emu.user(world.bale, first_name="Mallory", phone=PHONE)
    await up_to_phone(second)
    await second.share_contact()
    assert said(second)[-1:] == [t("link-busy")]
    asks = [
        m for m in telegram.inbox if m.content == t("link-confirm-ask", platform=t("platform-bale"))
    ]
    assert len(asks) == 1  # the member was not asked again
    assert (
        await world.scalar(
            "SELECT step FROM conversations WHERE platform_user_id = :u", u=second.id
        )
        == "PHONE"
    )
