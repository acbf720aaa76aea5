"""Adversarial review of issue 5, sections 2 (a phone number is not a person) and 4 (money at
the till). Each test here is an attack; a failing one is a finding (see the report)."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from bot.emulator.driver import SimUser
from bot.emulator.models import SentMessage
from tests.e2e.test_identity import PHONE, asking, member_on, said, up_to_phone
from tests.e2e.test_purchases import balance, buy, join, owner_of, purchase_ledger
from tests.e2e.world import OWNER_TELEGRAM_ID, World, sign_up, t

OTHER = "+989351112233"


async def forge(user: SimUser, data: str, message: SentMessage | None = None) -> None:
    """A callback with `data` pressed by `user` on one of their own messages (a forged client)."""
    target = message if message is not None else user.last
    user._start()
    update_id = user.emu.state.user_callback(user.bot, user.chat, target, data)
    await user._finish(update_id, True, 10.0)


def callback_of(message: SentMessage, label: str) -> str:
    return next(str(b["callback_data"]) for b in message.inline_buttons() if b["text"] == label)


async def erase(user: SimUser) -> None:
    await user.press(t("button-privacy"))
    await user.press(t("button-delete"))
    await user.press(t("button-delete-yes"))


async def code_of(world: World, phone: str) -> str:
    return str(
        await world.scalar(
            "SELECT code FROM members WHERE phone = :p AND deleted_at IS NULL", p=phone
        )
    )


# --- Findings: these fail today ------------------------------------------------------------


async def test_a_squatter_erasing_the_claim_does_not_cost_the_owner_the_welcome_gift(
    world: World,
) -> None:
    """Erasure remembers the hash of an UNVERIFIED phone, so the real owner who joins later is
    treated as a rejoiner: no welcome gift, no profile gift, no referral, told «rejoined»."""
    squatter = world.emu.user(world.bale, first_name="Mallory", phone=PHONE)
    await sign_up(squatter, name="مهمان", birth_date=None)
    await erase(squatter)
    owner = world.emu.user(world.telegram, first_name="سارا", phone=PHONE)
    done = (await sign_up(owner, name="سارا محمدی", birth_date=None))[-1]
    assert t("signup-rejoined") not in done
    assert t("signup-points-welcome", points=50) in done
    assert await world.scalar("SELECT balance FROM members WHERE phone = :p", p=PHONE) == 50


async def test_cancelling_before_the_no_escapes_the_24h_block_and_floods_prompts(
    world: World,
) -> None:
    """The owner's no to a request whose requester already cancelled is closed as `gone`, not
    `declined`: the requester asks again at once, as often as the owner keeps saying no."""
    owner = await member_on(world, "telegram")
    attacker = world.emu.user(world.bale, first_name="Mallory", phone=PHONE)
    prompts = 0
    for _ in range(3):
        await up_to_phone(attacker, "Mallory")
        await attacker.share_contact()
        asked = said(owner)
        prompts += asked.count(t("link-confirm-ask", platform=t("platform-bale")))
        await attacker.send("/cancel")
        if asked:
            await owner.press(t("button-link-no"))
            said(owner)
    assert prompts == 1


async def test_a_squatters_claim_costs_the_real_owner_and_their_friend_the_referral(
    world: World,
) -> None:
    """The owner proves the phone on Telegram through a friend's invite link; because a Bale
    squatter held the number first, the referral is dropped for both friend and owner."""
    friend = world.emu.user(world.telegram, first_name="رضا", phone=OTHER)
    await sign_up(friend, name="رضا")
    friend_code = await code_of(world, OTHER)
    squatter = world.emu.user(world.bale, first_name="Mallory", phone=PHONE)
    await sign_up(squatter, name="مهمان", birth_date=None)
    owner = world.emu.user(world.telegram, first_name="سارا", phone=PHONE)
    done = (await sign_up(owner, start=f"/start r_{friend_code}", birth_date=None))[-1]
    assert t("signup-points-referral", points=world.settings.points_referee) in done
    assert await world.scalar("SELECT referrer_id FROM members WHERE phone = :p", p=PHONE)


async def test_a_stale_separate_choice_takes_a_verified_phone_from_someone_never_asked(
    world: World,
) -> None:
    """`separate` is not bound to the account that declined: a newcomer who sat on the choice
    later takes the phone from whoever holds it by then, who was never asked."""
    holder = await member_on(world, "telegram")
    first = await asking(world, "telegram", name="رضا")
    await holder.press(t("button-link-no"))
    said(first)  # at the choice; waits
    second = await asking(world, "telegram", name="نگار")
    await holder.press(t("button-link-no"))
    await second.press(t("button-join-separately"))
    await second.press(t("button-skip"))
    assert await world.scalar("SELECT name FROM members WHERE phone = :p", p=PHONE) == "نگار"
    said(second)
    await first.press(t("button-join-separately"))
    # Fixed: the choice was bound to the account that declined; نگار holds the phone now, so
    # she is asked, and رضا waits for her answer instead of reaching the date step.
    assert said(first) == [t("link-waiting")]
    await first.send(t("button-skip"))
    # نگار holds a vouched phone and said nothing to رضا: it must not move without her yes.
    assert await world.scalar("SELECT name FROM members WHERE phone = :p", p=PHONE) == "نگار"
    assert said(second) == [t("link-confirm-ask", platform=t("platform-telegram"))]


async def test_a_voided_first_purchase_still_pays_the_unverified_referees_referrer(
    world: World,
) -> None:
    """The deferred referral is paid in the purchase's transaction and never taken back when
    that purchase is voided: one record-and-void at the till launders a farmed referral."""
    friend = world.emu.user(world.telegram, first_name="رضا", phone=OTHER)
    await sign_up(friend, name="رضا")
    friend_code = await code_of(world, OTHER)
    farmed = world.emu.user(world.bale, first_name="Fake", phone="+989190000001")
    await sign_up(farmed, name="مهمان", birth_date=None, start=f"/start r_{friend_code}")
    owner = owner_of(world)
    farmed_code = await code_of(world, "+989190000001")
    await buy(owner, f"{farmed_code} 1000")  # 0 points, still "a first purchase"
    await owner.send("/void #1")
    await owner.press(t("button-void-yes"))
    referrer_points = await world.scalar(
        "SELECT coalesce(sum(delta), 0) FROM ledger WHERE kind = 'referral'"
        " AND idempotency_key LIKE :pattern",
        pattern="referral:%:referrer",
    )
    assert referrer_points == 0


async def test_a_squatters_yes_keeps_the_real_owners_bale_chat_after_the_owner_proves_it(
    world: World,
) -> None:
    """Both claims on Bale are unverified, yet the squatter's account is asked and its yes
    links the real owner's Bale chat into it. When the owner later proves the number on
    Telegram the squatter's account is split off WITH the owner's Bale chat: the squatter keeps
    reading, exporting and deleting the owner's Bale-side purchases."""
    squatter = world.emu.user(world.bale, first_name="Mallory", phone=PHONE)
    await sign_up(squatter, name="مهمان", birth_date=None)
    squatter_id = await world.scalar("SELECT id FROM members")
    said(squatter)
    # Fixed: an account whose phone is unverified is never asked to take in another chat;
    # the owner's Bale chat joins separately, without the phone (the claim keeps it).
    owner_bale = world.emu.user(world.bale, first_name="سارا", phone=PHONE)
    await up_to_phone(owner_bale, "سارا")
    await owner_bale.share_contact()
    assert said(owner_bale) == [t("signup-ask-birthdate")]
    assert said(squatter) == []  # no «is this you?» with a yes to press
    await owner_bale.press(t("button-skip"))
    assert t("identity-joined-without-phone") in said(owner_bale)[-1]
    owner_telegram = world.emu.user(world.telegram, first_name="سارا", phone=PHONE)
    await sign_up(owner_telegram, name="سارا محمدی", birth_date=None)
    owner_id = await world.scalar("SELECT id FROM members WHERE phone = :p", p=PHONE)
    assert owner_id != squatter_id
    bale_chat_member = await world.scalar(
        "SELECT member_id FROM identities WHERE platform = 'bale' AND platform_user_id = :u",
        u=owner_bale.id,
    )
    assert bale_chat_member != squatter_id


# --- Checks that held (kept as regressions) ------------------------------------------------


async def test_someone_elses_link_token_pressed_by_another_member_does_nothing(
    world: World,
) -> None:
    owner = await member_on(world, "telegram")
    newcomer = await asking(world, "bale")
    token = callback_of(owner.last, t("button-link-yes"))
    intruder = world.emu.user(world.telegram, first_name="Eve", phone=OTHER)
    await sign_up(intruder, name="ایو")
    await forge(intruder, token)
    assert await world.scalar("SELECT count(*) FROM identities") == 2
    assert said(newcomer) == []
    # The newcomer cannot press it either (not a member).
    await forge(newcomer, token, newcomer.inbox[-1])
    assert await world.scalar("SELECT count(*) FROM identities") == 2


async def test_till_buttons_forged_by_a_member_do_nothing(world: World) -> None:
    member, code = await join(world)
    owner = owner_of(world)
    await owner.send(f"/purchase {code} 250000 R-1")
    confirm = callback_of(owner.last, t("button-confirm"))
    await forge(member, confirm)
    assert await balance(world, code) == 100
    await owner.press(t("button-confirm"))
    await owner.send("/void R-1")
    void_yes = callback_of(owner.last, t("button-void-yes"))
    await forge(member, void_yes)
    assert len(await purchase_ledger(world)) == 1
    await forge(member, "privacy:delete-yes:00000000")
    await forge(member, "history:" + "9" * 40)
    assert await balance(world, code) == 125


async def test_one_quote_confirmed_from_two_owner_chats_at_once_records_once(
    make_world: Any,
) -> None:
    world = await make_world(admin_ids=f"telegram:{OWNER_TELEGRAM_ID},bale:{OWNER_TELEGRAM_ID}")
    member, code = await join(world)
    owner = owner_of(world)
    second = world.emu.user(world.bale, user_id=OWNER_TELEGRAM_ID, first_name="مدیر")
    await second.send("/help")
    await owner.send(f"/purchase {code} 250000")
    quote = owner.last
    confirm = callback_of(quote, t("button-confirm"))
    first_id = world.emu.state.user_callback(owner.bot, owner.chat, quote, confirm)
    second_id = world.emu.state.user_callback(second.bot, second.chat, second.last, confirm)
    await asyncio.gather(
        world.emu.wait_handled(world.telegram, first_id),
        world.emu.wait_handled(world.bale, second_id),
    )
    assert await balance(world, code) == 125
    assert [m.content for m in member.inbox].count(t("purchase-earned", points=25)) == 1


async def test_a_members_export_after_till_work_names_no_cashier(world: World) -> None:
    member, code = await join(world)
    owner = owner_of(world)
    await buy(owner, f"{code} 250000")
    await owner.send("/void #1")
    await owner.press(t("button-void-yes"))
    await member.press(t("button-privacy"))
    await member.press(t("button-export"))
    assert member.last.document is not None
    exported = json.dumps(json.loads(member.last.document.decode()))
    assert str(OWNER_TELEGRAM_ID) not in exported
