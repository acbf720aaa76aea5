"""A phone number is not a person: recycled numbers, squatters, and link requests that end."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest

from bot.emulator.driver import Emulator, SimUser
from tests.e2e.world import Clock, World, sign_up, t, texts_of, world_settings

PHONE = "+989121234567"
CHOICE = [t("button-join-separately"), t("button-cancel")]


def said(user: SimUser) -> list[str]:
    """The messages the bot sent since the user's last action (edits left out)."""
    return texts_of([m for m in user.replies() if not m.edited])


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


async def up_to_phone(user: SimUser, name: str = "سارا") -> None:
    await user.send("/start")
    await user.press(t("button-consent-yes"))
    await user.send(name)


async def member_on(world: World, platform: str, name: str = "سارا محمدی") -> SimUser:
    bot = world.telegram if platform == "telegram" else world.bale
    user = world.emu.user(bot, first_name="سارا", phone=PHONE)
    await sign_up(user, name=name)  # 100 points: welcome and profile
    said(user)
    return user


async def asking(world: World, platform: str, name: str = "رضا") -> SimUser:
    """A newcomer with the member's phone, now waiting for the account's answer."""
    bot = world.telegram if platform == "telegram" else world.bale
    user = world.emu.user(bot, first_name=name, phone=PHONE)
    await up_to_phone(user, name)
    await user.share_contact()
    assert said(user) == [t("link-waiting")]
    return user


async def people(world: World) -> list[tuple[Any, ...]]:
    rows = await world.rows(
        "SELECT name, phone, phone_verified, balance FROM members"
        " WHERE deleted_at IS NULL ORDER BY id"
    )
    return [tuple(r) for r in rows]


async def audit_rows(world: World) -> list[tuple[Any, ...]]:
    rows = await world.rows("SELECT actor, action, target, details FROM audit ORDER BY id")
    return [(r[0], r[1], r[2], _json(r[3])) for r in rows]


# --- 1. Recycled numbers: same messenger, another account ----------------------------------


async def test_a_recycled_number_joins_the_old_account_only_with_its_yes(world: World) -> None:
    old = await member_on(world, "telegram")
    newcomer = await asking(world, "telegram")
    assert said(old) == [t("link-confirm-ask", platform=t("platform-telegram"))]
    # Until the account answers, the newcomer reads nothing of it.
    await newcomer.send(t("button-points"))
    assert said(newcomer) == [t("link-waiting")]
    await newcomer.send("/start")
    assert said(newcomer) == [t("link-waiting")]
    assert await world.scalar("SELECT count(*) FROM identities") == 1
    assert await people(world) == [("سارا محمدی", PHONE, 1, 100)]


async def test_a_declined_recycled_number_joins_separately_and_takes_the_vouched_phone(
    world: World,
) -> None:
    old = await member_on(world, "telegram")
    old_id = await world.scalar("SELECT id FROM members")
    newcomer = await asking(world, "telegram")
    await old.press(t("button-link-no"))
    assert said(newcomer) == [t("identity-ended-declined")]
    assert newcomer.keyboard() == CHOICE
    await newcomer.press(t("button-join-separately"))
    assert said(newcomer) == [t("signup-ask-birthdate")]
    await newcomer.press(t("button-skip"))
    assert t("signup-balance", balance=50) in said(newcomer)[-1]
    # The old account keeps its name, points and history, and gives up the phone.
    assert await people(world) == [("سارا محمدی", None, 0, 100), ("رضا", PHONE, 1, 50)]
    assert said(old) == [t("identity-phone-released")]
    new_id = await world.scalar("SELECT id FROM members WHERE phone = :p", p=PHONE)
    assert await audit_rows(world) == [
        (
            "system",
            "phone-moved",
            f"member:{old_id}",
            {
                "from_member": old_id,
                "to_member": new_id,
                "platform": "telegram",
                "reason": "holder-did-not-confirm",
            },
        )
    ]
    await old.press(t("button-points"))
    assert said(old)[0].startswith(t("points-balance", balance=100))
    await old.press(t("button-profile"))  # a member without a phone sees "not set"
    assert t("profile-no-phone") in said(old)[0]


# --- 3. Requests that end: declined, expired, erased ---------------------------------------


async def test_a_declined_requester_cannot_ask_the_same_account_again_for_a_day(
    world: World,
) -> None:
    owner = await member_on(world, "telegram")
    newcomer = await asking(world, "bale")
    await owner.press(t("button-link-no"))
    said(owner)
    said(newcomer)
    for _ in range(3):
        await newcomer.share_contact()
        assert said(newcomer) == [t("identity-ended-declined-recently")]
        assert newcomer.keyboard() == CHOICE
    assert said(owner) == []  # asked once, whatever the newcomer does
    world.clock.now += timedelta(hours=25)
    await newcomer.share_contact()
    assert said(newcomer) == [t("link-waiting")]
    assert said(owner) == [t("link-confirm-ask", platform=t("platform-bale"))]


async def test_an_unanswered_request_expires_at_the_newcomers_next_message(
    world: World,
) -> None:
    owner = await member_on(world, "telegram")
    newcomer = await asking(world, "bale")
    world.clock.now += timedelta(minutes=9)
    await newcomer.send("سلام")
    assert said(newcomer) == [t("link-waiting")]
    world.clock.now += timedelta(minutes=2)
    await newcomer.send("سلام")
    assert said(newcomer) == [t("identity-ended-expired", minutes=10)]
    assert newcomer.keyboard() == CHOICE
    # Bale did not vouch: the separate member joins without the phone, which stays put.
    await newcomer.press(t("button-join-separately"))
    await newcomer.press(t("button-skip"))
    done = said(newcomer)[-1]
    assert t("identity-joined-without-phone") in done
    assert await people(world) == [("سارا محمدی", PHONE, 1, 100), ("رضا", None, 0, 50)]
    assert [row[1] for row in await audit_rows(world)] == ["joined-without-phone"]
    await owner.press(t("button-link-yes"))  # far too late
    assert owner.last.content == t("link-expired")
    assert await world.scalar("SELECT count(*) FROM identities") == 2


async def test_a_late_yes_tells_both_sides_the_request_expired(world: World) -> None:
    owner = await member_on(world, "telegram")
    newcomer = await asking(world, "bale")
    world.clock.now += timedelta(minutes=11)
    await owner.press(t("button-link-yes"))
    assert owner.last.content == t("link-expired")
    assert said(newcomer) == [t("identity-ended-expired", minutes=10)]
    assert newcomer.keyboard() == CHOICE
    assert await world.scalar("SELECT count(*) FROM identities") == 1


async def test_the_request_time_is_a_setting(make_world: Any) -> None:
    world = await make_world(link_request_minutes=30)
    await member_on(world, "telegram")
    newcomer = await asking(world, "bale")
    world.clock.now += timedelta(minutes=20)
    await newcomer.send("سلام")
    assert said(newcomer) == [t("link-waiting")]
    world.clock.now += timedelta(minutes=11)
    await newcomer.send("سلام")
    assert said(newcomer) == [t("identity-ended-expired", minutes=30)]


async def test_a_newcomer_whose_target_account_was_erased_is_told_and_may_join(
    world: World,
) -> None:
    owner = await member_on(world, "telegram")
    newcomer = await asking(world, "bale")
    await owner.press(t("button-privacy"))
    await owner.press(t("button-delete"))
    await owner.press(t("button-delete-yes"))
    await newcomer.send("/start")
    assert said(newcomer) == [t("identity-ended-gone")]
    await newcomer.press(t("button-join-separately"))
    await newcomer.press(t("button-skip"))
    # The phone is free now; Bale's unvouched claim holds it unverified.
    assert await people(world) == [("رضا", PHONE, 0, 0)]  # the phone was erased before
    assert t("signup-rejoined") in said(newcomer)[-1]


async def test_cancel_is_the_other_choice(world: World) -> None:
    owner = await member_on(world, "telegram")
    newcomer = await asking(world, "bale")
    await owner.press(t("button-link-no"))
    said(newcomer)
    await newcomer.send("چی؟")
    assert said(newcomer) == [t("hint-answer-step")]
    assert newcomer.keyboard() == CHOICE
    await newcomer.press(t("button-cancel"))
    assert said(newcomer) == [t("signup-cancelled")]
    assert await world.scalar("SELECT count(*) FROM conversations") == 0


# --- 2. Unverified phones: a squatter on Bale ------------------------------------------------


async def test_a_squatter_on_bale_is_split_off_when_the_owner_proves_the_phone(
    world: World,
) -> None:
    squatter = world.emu.user(world.bale, first_name="Mallory", phone=PHONE)
    await sign_up(squatter, name="مهمان", birth_date=None)
    said(squatter)
    squatter_id = await world.scalar("SELECT id FROM members")
    owner = world.emu.user(world.telegram, first_name="سارا", phone=PHONE)
    await up_to_phone(owner, "سارا محمدی")
    await owner.share_contact()  # Telegram vouches: nobody is asked, nothing is merged
    assert said(owner) == [t("signup-ask-birthdate")]
    await owner.send("۱۳۷۰/۰۵/۱۲")
    assert said(owner)[-1].startswith(t("signup-done", name="سارا محمدی", code="")[:10])
    rows = await world.rows(
        "SELECT name, phone, phone_verified, balance, birth_jmonth FROM members ORDER BY id"
    )
    assert [tuple(r) for r in rows] == [
        ("مهمان", None, 0, 50, None),  # the squatter keeps their own name and points
        ("سارا محمدی", PHONE, 1, 100, 5),  # the owner inherits none of it
    ]
    assert said(squatter) == [t("identity-phone-released")]
    assert [(r[1], r[2], r[3]["reason"]) for r in await audit_rows(world)] == [
        ("phone-moved", f"member:{squatter_id}", "holder-unverified")
    ]
    await squatter.press(t("button-points"))  # their own account, not the owner's
    assert said(squatter)[0].startswith(t("points-balance", balance=50))


async def test_a_squatter_on_bale_does_not_block_the_owner_joining_on_bale(
    world: World,
) -> None:
    squatter = world.emu.user(world.bale, first_name="Mallory", phone=PHONE)
    await sign_up(squatter, name="مهمان")
    said(squatter)
    owner = world.emu.user(world.bale, first_name="سارا", phone=PHONE)
    await up_to_phone(owner, "سارا")
    await owner.share_contact()
    # A claim is never asked to take in another chat (its yes would hand over the owner's
    # chat): the newcomer goes straight on, to join separately.
    assert said(owner) == [t("signup-ask-birthdate")]
    assert said(squatter) == []
    await owner.press(t("button-skip"))
    done = said(owner)[-1]
    assert t("signup-balance", balance=50) in done
    assert t("identity-joined-without-phone") in done
    # An unverified claim never takes a phone from anyone, not even from another claim.
    assert await people(world) == [("مهمان", PHONE, 0, 100), ("سارا", None, 0, 50)]


# --- 6. Two newcomers, one phone, one moment -------------------------------------------------


async def race(world: World) -> None:
    first = world.emu.user(world.telegram, first_name="سارا", phone=PHONE)
    second = world.emu.user(world.telegram, first_name="رضا", phone=PHONE)
    for user, name in ((first, "سارا"), (second, "رضا")):
        await up_to_phone(user, name)
        await user.share_contact()
        assert said(user) == [t("signup-ask-birthdate")]
    pressed = [await u.press(t("button-skip"), wait=False) for u in (first, second)]
    for update_id in pressed:
        await world.emu.wait_handled(world.telegram, update_id)
    outcomes = [said(first), said(second)]
    # The loser is told the number is taken, not given an apology for an error.
    assert sorted(o == [t("error-phone-taken")] for o in outcomes) == [False, True]
    joined = next(o for o in outcomes if o != [t("error-phone-taken")])
    assert t("signup-points-welcome", points=50) in joined[0]
    assert await world.scalar("SELECT count(*) FROM members") == 1
    assert await world.scalar("SELECT count(*) FROM identities") == 1


async def test_two_newcomers_finishing_with_one_phone_at_once_on_sqlite(world: World) -> None:
    await race(world)


async def test_two_newcomers_finishing_with_one_phone_at_once_on_postgres(
    emu: Emulator, postgres_url: str
) -> None:
    world = World(emu, world_settings(emu, postgres_url), Clock())
    await world.start()
    try:
        await race(world)
    finally:
        await world.stop()


# --- BALE_TRUSTS_CONTACTS ----------------------------------------------------------------------


@pytest.mark.parametrize(("trusts", "verified"), [(False, 0), (True, 1)])
async def test_bale_contacts_prove_a_phone_only_when_the_setting_trusts_them(
    make_world: Any, trusts: bool, verified: int
) -> None:
    world = await make_world(bale_trusts_contacts=trusts)
    world.bale.state.vouch_contacts = True  # the contact carries the sender's user_id
    user = world.emu.user(world.bale, first_name="رضا", phone="+989351112233")
    await sign_up(user, name="رضا", birth_date=None)
    assert await world.rows("SELECT phone_verified FROM members") == [(verified,)]


# --- Requests that cannot be repeated forever, and choices that go stale ----------------------


async def test_a_no_after_the_requester_cancelled_still_blocks_them_for_a_day(
    world: World,
) -> None:
    owner = await member_on(world, "telegram")
    newcomer = await asking(world, "bale")
    said(owner)
    await newcomer.send("/cancel")
    assert said(newcomer) == [t("signup-cancelled")]
    await owner.press(t("button-link-no"))
    assert owner.last.content == t("link-declined-owner")  # the no is recorded, not "expired"
    assert said(newcomer) == []  # nobody is waiting to be told
    await up_to_phone(newcomer, "رضا")
    await newcomer.share_contact()
    assert said(newcomer) == [t("identity-ended-declined-recently")]
    assert said(owner) == []


async def test_an_account_is_asked_about_one_requester_at_most_three_times_a_day(
    make_world: Any,
) -> None:
    world = await make_world(flood_messages=100)
    owner = await member_on(world, "telegram")
    newcomer = world.emu.user(world.bale, first_name="رضا", phone=PHONE)
    ask = t("link-confirm-ask", platform=t("platform-bale"))
    prompts = 0
    for _ in range(5):  # nobody answers; the newcomer cancels and tries again
        await up_to_phone(newcomer, "رضا")
        await newcomer.share_contact()
        prompts += said(owner).count(ask)
        await newcomer.send("/cancel")
    assert prompts == 3
    await up_to_phone(newcomer, "رضا")
    await newcomer.share_contact()
    assert said(newcomer) == [t("identity-ended-asked-often")]
    assert newcomer.keyboard() == CHOICE
    world.clock.now += timedelta(hours=25)
    await newcomer.send("/cancel")
    await up_to_phone(newcomer, "رضا")
    await newcomer.share_contact()
    assert said(newcomer) == [t("link-waiting")]
    assert said(owner) == [ask]


async def test_a_separate_choice_left_too_long_asks_the_account_again(world: World) -> None:
    """The choice binds to LINK_REQUEST_MINUTES: a phone moves only from an account that was
    asked just now, never on a days-old choice the account has long forgotten."""
    owner = await member_on(world, "telegram")
    newcomer = await asking(world, "telegram")
    said(owner)
    world.clock.now += timedelta(minutes=11)
    await newcomer.send("سلام")
    assert said(newcomer) == [t("identity-ended-expired", minutes=10)]
    world.clock.now += timedelta(minutes=11)
    await newcomer.press(t("button-join-separately"))
    assert said(newcomer) == [t("link-waiting")]
    assert said(owner) == [t("link-confirm-ask", platform=t("platform-telegram"))]
    assert await people(world) == [("سارا محمدی", PHONE, 1, 100)]
    # Asked again and declined: now the choice holds, and the vouched phone moves.
    await owner.press(t("button-link-no"))
    assert said(newcomer) == [t("identity-ended-declined")]
    await newcomer.press(t("button-join-separately"))
    await newcomer.press(t("button-skip"))
    assert await people(world) == [("سارا محمدی", None, 0, 100), ("رضا", PHONE, 1, 50)]


async def test_a_separate_join_left_at_the_date_step_too_long_asks_again(world: World) -> None:
    owner = await member_on(world, "telegram")
    newcomer = await asking(world, "telegram")
    await owner.press(t("button-link-no"))
    said(owner)
    said(newcomer)
    await newcomer.press(t("button-join-separately"))
    assert said(newcomer) == [t("signup-ask-birthdate")]
    world.clock.now += timedelta(minutes=11)
    await newcomer.press(t("button-skip"))
    # The account said no within the day, so it is not asked again: the choice comes back.
    assert said(newcomer) == [t("identity-ended-declined-recently")]
    assert said(owner) == []
    assert await people(world) == [("سارا محمدی", PHONE, 1, 100)]
    await newcomer.press(t("button-join-separately"))
    await newcomer.press(t("button-skip"))
    assert await people(world) == [("سارا محمدی", None, 0, 100), ("رضا", PHONE, 1, 50)]


async def test_erasing_a_verified_account_still_remembers_its_phone(world: World) -> None:
    """Only unverified phones are forgotten at erasure: a proved one cannot farm gifts again."""
    owner = await member_on(world, "telegram")
    await owner.press(t("button-privacy"))
    await owner.press(t("button-delete"))
    await owner.press(t("button-delete-yes"))
    again = world.emu.user(world.bale, first_name="سارا", phone=PHONE)
    done = (await sign_up(again, name="سارا", birth_date=None))[-1]
    assert t("signup-rejoined") in done
