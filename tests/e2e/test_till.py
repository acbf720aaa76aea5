"""The till end to end: purchase numbers, voiding with a confirmation, buttons pressed twice,
receipt ids read one way, no cashier in what a member sees, self-purchases, unverified phones."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from bot.club.digits import to_persian_digits
from bot.club.phones import isolate_ltr
from bot.emulator.driver import SimUser
from bot.emulator.models import SentMessage
from tests.e2e.test_purchases import (
    NAME,
    PHONE,
    balance,
    buy,
    join,
    owner_of,
    purchase_ledger,
    purchase_rows,
    recorded,
)
from tests.e2e.world import OWNER_TELEGRAM_ID, World, sign_up, t


def fa(number: int) -> str:
    return to_persian_digits(str(number))


def callback_of(message: SentMessage, label: str) -> str:
    """The data behind a button, kept so it can be pressed again once the button is gone."""
    return next(str(b["callback_data"]) for b in message.inline_buttons() if b["text"] == label)


async def press_data(user: SimUser, message: SentMessage, data: str) -> None:
    """A press of `data` on `message`: a second device, a slow double tap, or a forged client."""
    user._start()
    update_id = user.emu.state.user_callback(user.bot, user.chat, message, data)
    await user._finish(update_id, True, 10.0)


def on_screen(user: SimUser, message: SentMessage) -> SentMessage:
    return next(m for m in user.inbox if m.message_id == message.message_id)


async def apologies(user: SimUser) -> int:
    return [m.content for m in user.inbox].count(t("error-sorry"))


# 1. Purchase numbers, and voiding by them


async def test_a_purchase_without_a_receipt_is_numbered_and_voided_by_its_number(
    world: World,
) -> None:
    member, code = await join(world)
    owner = owner_of(world)
    await buy(owner, f"{code} 250000")
    assert owner.last.content == recorded(1, name=NAME, amount=250_000, points=25, balance=125)
    assert "شماره\u200cی خرید ۱" in (owner.last.content or "")
    await owner.send("/void #۱")
    assert owner.last.content == t(
        "void-confirm",
        purchase=t("void-line-no-receipt", number="۱", name=NAME, amount=250_000, points=25),
    )
    assert owner.buttons() == [t("button-void-yes"), t("button-cancel")]
    assert len(await purchase_ledger(world)) == 1  # nothing reversed before the confirmation
    await owner.press(t("button-void-yes"))
    assert owner.last.content == t("void-done", number="۱", points=25)
    assert owner.buttons() == []
    assert member.last.content == t("void-notice", amount=250_000, points=25, balance=100)
    ledger = await purchase_ledger(world)
    assert [(delta, kind) for delta, kind, _ in ledger] == [(25, "purchase"), (-25, "reversal")]
    assert str(ledger[1][2]).startswith("void:msg:")
    assert await balance(world, code) == 100


async def test_a_receipt_void_shows_member_amount_and_points_and_cancel_keeps_it(
    world: World,
) -> None:
    member, code = await join(world)
    owner = owner_of(world)
    await buy(owner, f"{code} 250000 R-1001")
    await owner.send("/void R-1001")
    line = t(
        "void-line",
        number="۱",
        receipt=isolate_ltr("r-1001"),
        name=NAME,
        amount=250_000,
        points=25,
    )
    assert owner.last.content == t("void-confirm", purchase=line)
    await owner.press(t("button-cancel"))
    assert owner.last.content == t("void-cancelled")
    assert owner.buttons() == []
    assert len(await purchase_ledger(world)) == 1
    assert await balance(world, code) == 125
    assert member.last.content == t("purchase-earned", points=25)


async def test_a_number_that_is_both_a_purchase_number_and_a_receipt_asks_which(
    world: World,
) -> None:
    _, code = await join(world)
    owner = owner_of(world)
    await buy(owner, f"{code} 100000 7")  # purchase 1, receipt "7"
    for n in range(2, 8):
        await buy(owner, f"{code} 100000 X{n}")  # purchases 2..7
    await owner.send("/void ۷")
    assert t("void-confirm-choose", purchases="").split("\n")[0] in (owner.last.content or "")
    assert owner.buttons() == [
        t("button-void-number", number="۱"),
        t("button-void-number", number="۷"),
        t("button-cancel"),
    ]
    await owner.press(t("button-void-number", number="۷"))
    assert owner.last.content == t("void-done", number="۷", points=10)
    voided = await world.rows("SELECT id FROM purchases WHERE voided_at IS NOT NULL")
    assert [r[0] for r in voided] == [7]
    await owner.send("/void #1")  # the sign makes it a purchase number, never a receipt
    assert owner.buttons() == [t("button-void-yes"), t("button-cancel")]


async def test_void_without_a_purchase_names_what_was_typed_and_asks_nothing(
    world: World,
) -> None:
    await join(world)
    owner = owner_of(world)
    await owner.send("/void #99999999999999999999")
    assert owner.last.content == t("void-error-unknown", receipt=isolate_ltr("#" + "9" * 20))
    assert owner.buttons() == []
    assert await world.scalar("SELECT count(*) FROM pending_actions") == 0


# 2. A button pressed after its action was applied


async def test_confirm_pressed_again_after_recording_shows_the_recorded_outcome(
    world: World,
) -> None:
    member, code = await join(world)
    owner = owner_of(world)
    await owner.send(f"/purchase {code} 250000 R-1")
    quote = owner.last
    confirm, cancel = (
        callback_of(quote, t("button-confirm")),
        callback_of(quote, t("button-cancel")),
    )
    await owner.press(t("button-confirm"))
    outcome = t("purchase-already-recorded", number="۱", points=25, balance=125)
    await press_data(owner, quote, confirm)
    assert on_screen(owner, quote).content == outcome
    assert owner.callback_answers[-1] == outcome
    await press_data(owner, quote, cancel)  # a cancel after the confirm
    assert owner.callback_answers[-1] == outcome
    assert await balance(world, code) == 125
    assert [m.content for m in member.inbox].count(t("purchase-earned", points=25)) == 1
    assert await apologies(owner) == 0


async def test_confirm_pressed_after_cancel_says_it_was_not_recorded(world: World) -> None:
    _, code = await join(world)
    owner = owner_of(world)
    await owner.send(f"/purchase {code} 250000 R-1")
    quote = owner.last
    confirm = callback_of(quote, t("button-confirm"))
    await owner.press(t("button-cancel"))
    await press_data(owner, quote, confirm)
    assert owner.callback_answers[-1] == t("purchase-cancelled")
    assert await purchase_rows(world) == []


async def test_void_confirm_pressed_twice_reverses_once_and_says_so(world: World) -> None:
    member, code = await join(world)
    owner = owner_of(world)
    await buy(owner, f"{code} 250000 R-1")
    await owner.send("/void R-1")
    prompt = owner.last
    yes, no = callback_of(prompt, t("button-void-yes")), callback_of(prompt, t("button-cancel"))
    await owner.press(t("button-void-yes"))
    outcome = t("void-already-done", number="۱", reclaimed=25, balance=100)
    await press_data(owner, prompt, yes)
    assert on_screen(owner, prompt).content == outcome
    assert owner.callback_answers[-1] == outcome
    await press_data(owner, prompt, no)
    assert owner.callback_answers[-1] == outcome
    assert len(await purchase_ledger(world)) == 2
    assert [m.content for m in member.inbox].count(
        t("void-notice", amount=250_000, points=25, balance=100)
    ) == 1
    assert await apologies(owner) == 0


# 3. Receipt ids: one canonical form, refused rather than cut


async def test_one_receipt_typed_three_ways_is_one_receipt_in_purchase_and_void(
    world: World,
) -> None:
    _, code = await join(world)
    owner = owner_of(world)
    await buy(owner, f"{code} 250000 \u200fR-۱۰۰۱")  # a direction mark and Persian digits
    await owner.send(f"/purchase {code} 250000 r\u200c-1001")  # a ZWNJ, lower case
    assert owner.last.content == t("purchase-duplicate", receipt=isolate_ltr("r-1001"))
    await owner.send("/void \uff32-\uff11\uff10\uff10\uff11")  # full-width, as pasted from a PDF
    assert owner.buttons() == [t("button-void-yes"), t("button-cancel")]
    assert await purchase_rows(world) == [(250_000, 25, "receipt", "r-1001")]


async def test_a_receipt_past_the_limit_is_refused_not_cut(world: World) -> None:
    _, code = await join(world)
    owner = owner_of(world)
    long = "R" * 64
    await buy(owner, f"{code} 250000 {long}")
    await owner.send(f"/purchase {code} 250000 {long}X")
    assert owner.last.content == t("error-receipt-too-long")
    await owner.send(f"/void {long}X")
    assert owner.last.content == t("error-receipt-too-long")
    assert [r[3] for r in await purchase_rows(world)] == [long.lower()]


# 4. What a member exports never names the cashier


async def test_a_members_export_names_no_cashier(world: World) -> None:
    member, code = await join(world)
    owner = owner_of(world)
    await buy(owner, f"{code} 250000")
    await buy(owner, f"{code} 120000 R-9")
    await owner.send("/void #1")
    await owner.press(t("button-void-yes"))
    await member.press(t("button-privacy"))
    await member.press(t("button-export"))
    assert member.last.document is not None
    data = json.loads(member.last.document.decode("utf-8"))
    refs = [str(e["ref"]) for e in data["ledger"] if e["kind"] in ("purchase", "reversal")]
    receipts = [str(p["receipt_id"]) for p in data["purchases"]]
    assert len(refs) == 3 and len(receipts) == 2
    for value in refs + receipts:
        assert str(OWNER_TELEGRAM_ID) not in value
    assert not any("staff" in key for p in data["purchases"] for key in p)
    # The shop keeps who recorded it, for its own audit.
    staff = await world.rows("SELECT staff_identity FROM purchases")
    assert {r[0] for r in staff} == {f"telegram:{OWNER_TELEGRAM_ID}"}


# 5. Staff and their own member account


async def owner_as_member(world: World) -> tuple[SimUser, str]:
    owner = owner_of(world)
    owner.phone = "+989127654321"
    await sign_up(owner)
    code = await world.scalar("SELECT code FROM members WHERE phone = '+989127654321'")
    return owner, str(code)


async def test_staff_cannot_record_a_purchase_for_themselves(world: World) -> None:
    owner, code = await owner_as_member(world)
    await owner.send(f"/purchase {code} 250000 R-1")
    assert owner.last.content == t("purchase-error-self")
    assert owner.buttons() == []
    await owner.send("/purchase 09127654321 250000 R-1")
    assert owner.last.content == t("purchase-error-self")
    assert await world.scalar("SELECT count(*) FROM pending_actions") == 0


async def test_a_shop_may_allow_self_purchases(make_world: Callable[..., Any]) -> None:
    world = await make_world(purchase_self_allowed=True)
    owner, code = await owner_as_member(world)
    await buy(owner, f"{code} 250000 R-1")
    assert await purchase_rows(world) == [(250_000, 25, "receipt", "r-1")]


# 6. Mistyped codes and unverified phones


async def test_a_mistyped_member_code_is_named_as_such(world: World) -> None:
    _, code = await join(world)
    owner = owner_of(world)
    swapped = code[:2] + code[3] + code[2] + code[4:] if code[2] != code[3] else code[::-1]
    await owner.send(f"/purchase {to_persian_digits(swapped)} 250000")
    assert owner.last.content == t("error-member-code-mistyped")


async def test_a_phone_claimed_on_bale_needs_the_member_code(world: World) -> None:
    member = world.emu.user(world.bale, first_name="سارا", phone=PHONE)
    await sign_up(member)
    assert await world.scalar("SELECT phone_verified FROM members") in (0, False)
    code = str(await world.scalar("SELECT code FROM members"))
    owner = owner_of(world)
    await owner.send("/purchase 09121234567 250000 R-1")
    assert owner.last.content == t("purchase-error-unverified-phone")
    assert owner.buttons() == []
    assert await world.scalar("SELECT count(*) FROM pending_actions") == 0
    await buy(owner, f"{code} 250000 R-1")  # the code from the card works
    assert member.last.content == t("purchase-earned", points=25)


# 7. Numbers in buttons


async def test_a_forged_history_button_is_a_stale_button(world: World) -> None:
    member, _ = await join(world)
    await member.press(t("button-history"))
    await press_data(member, member.last, "history:99999999999999999999")
    assert member.callback_answers[-1] == t("hint-stale-button")
    assert await apologies(member) == 0


async def test_a_forged_void_choice_is_a_stale_button(world: World) -> None:
    _, code = await join(world)
    owner = owner_of(world)
    await buy(owner, f"{code} 250000 R-1")
    await owner.send("/void R-1")
    prompt = owner.last
    yes = callback_of(prompt, t("button-void-yes"))
    await press_data(owner, prompt, yes.rsplit(":", 1)[0] + ":5")
    assert owner.callback_answers[-1] == t("hint-stale-button")
    assert len(await purchase_ledger(world)) == 1
    assert await apologies(owner) == 0


# 8. Staff find their commands


async def test_help_lists_the_till_commands_for_staff_only(world: World) -> None:
    member, _ = await join(world)
    owner = owner_of(world)
    await owner.send("/help")
    team_help = [
        t(f"help-cmd-{c}")
        for c in (
            "purchase",
            "void",
            "admin",
            "team",
            "audit",
            "member",
            "broadcast",
            "segments",
            "campaign",
            "rewards",
            "codes",
            "code",
            "surveys",
            "lotteries",
            "quizzes",
            "tickets",
            "stats",
            "export",
        )
    ]
    assert owner.last.content == "\n".join([t("help") + "\n\n" + t("help-team-title"), *team_help])
    assert "/purchase" in (owner.last.content or "") and "/void" in (owner.last.content or "")
    await member.send("/help")
    assert member.last.content == t("help")
    assert "/purchase" not in (member.last.content or "")
    assert fa(1) not in t("help")
