"""Staff purchases end to end: quote, confirm, points by tier, once per receipt, void."""

from __future__ import annotations

import pytest

from bot.club.digits import to_persian_digits
from bot.club.phones import isolate_ltr
from bot.emulator.driver import SimUser
from tests.e2e.world import OWNER_TELEGRAM_ID, World, sign_up, t

NAME = "سارا محمدی"
PHONE = "+989121234567"

# A quote's buttons: confirm, cancel, apply a code, pay with points (the member has points).
QUOTE_BUTTONS = [
    t("button-confirm"),
    t("button-cancel"),
    t("button-till-apply-code"),
    t("button-till-pay-points"),
]


async def join(world: World, phone: str = PHONE, name: str = NAME) -> tuple[SimUser, str]:
    """A member signed up on Telegram (100 points: welcome and profile), and their code."""
    user = world.emu.user(world.telegram, first_name="سارا", phone=phone)
    await sign_up(user, name=name)
    code = await world.scalar("SELECT code FROM members WHERE phone = :phone", phone=phone)
    return user, str(code)


def owner_of(world: World) -> SimUser:
    return world.emu.user(world.telegram, user_id=OWNER_TELEGRAM_ID, first_name="مدیر")


async def buy(owner: SimUser, args: str) -> None:
    """The cashier records a purchase and confirms the quote."""
    await owner.send(f"/purchase {args}")
    await owner.press(t("button-confirm"))


async def void(owner: SimUser, arg: str) -> None:
    """The cashier voids a purchase and confirms what the bot shows will be reversed."""
    await owner.send(f"/void {arg}")
    await owner.press(t("button-void-yes"))


def recorded(number: int, **values: object) -> str:
    """The cashier's confirmation of purchase number `number`."""
    return t("purchase-recorded", number=to_persian_digits(str(number)), **values)  # type: ignore[arg-type]


async def purchase_rows(world: World) -> list[tuple[object, ...]]:
    rows = await world.rows(
        "SELECT amount_toman, points, source, receipt_id FROM purchases ORDER BY id"
    )
    return [tuple(r) for r in rows]


async def purchase_ledger(world: World) -> list[tuple[object, ...]]:
    rows = await world.rows(
        "SELECT delta, kind, idempotency_key FROM ledger"
        " WHERE kind IN ('purchase', 'reversal') ORDER BY id"
    )
    return [tuple(r) for r in rows]


async def balance(world: World, code: str) -> int:
    return int(await world.scalar("SELECT balance FROM members WHERE code = :c", c=code))


async def test_the_cashier_sees_name_amount_and_points_before_anything_is_written(
    world: World,
) -> None:
    _, code = await join(world)
    owner = owner_of(world)
    await owner.send(f"/purchase {code} 250000 R-1")
    assert owner.last.content == t(
        "purchase-confirm",
        name=NAME,
        code=to_persian_digits(code),
        amount=250_000,
        points=25,
        tier=t("tier-bronze"),
    )
    assert "۲۵۰٬۰۰۰" in (owner.last.content or "")
    # A code may be applied; the member's 100 points may pay part of the bill.
    assert owner.buttons() == QUOTE_BUTTONS
    assert await purchase_rows(world) == []
    assert await purchase_ledger(world) == []


async def test_confirming_credits_the_points_and_tells_the_member(world: World) -> None:
    member, code = await join(world)
    owner = owner_of(world)
    await buy(owner, f"{code} 250000 R-1")
    assert owner.last.content == recorded(1, name=NAME, amount=250_000, points=25, balance=125)
    assert owner.buttons() == []
    assert member.last.content == t("purchase-earned", points=25)
    assert await purchase_rows(world) == [(250_000, 25, "receipt", "r-1")]
    assert await purchase_ledger(world) == [(25, "purchase", "purchase:receipt:r-1")]
    assert await balance(world, code) == 125


async def test_cancelling_the_quote_writes_nothing(world: World) -> None:
    member, code = await join(world)
    owner = owner_of(world)
    await owner.send(f"/purchase {code} 250000 R-1")
    await owner.press(t("button-cancel"))
    assert owner.last.content == t("purchase-cancelled")
    assert owner.buttons() == []
    assert await purchase_rows(world) == []
    assert await balance(world, code) == 100
    assert member.last.content != t("purchase-earned", points=25)


async def test_persian_digits_and_a_phone_number_are_accepted_in_the_command(
    world: World,
) -> None:
    _, code = await join(world)
    owner = owner_of(world)
    await buy(owner, "۰۹۱۲۱۲۳۴۵۶۷ ۱۲۰٬۰۰۰ ۷۷")
    await buy(owner, f"{to_persian_digits(code)} ۳۰۰۰۰ ۷۸")
    assert await purchase_rows(world) == [
        (120_000, 12, "receipt", "77"),
        (30_000, 3, "receipt", "78"),
    ]
    assert await balance(world, code) == 115


async def test_the_same_receipt_twice_credits_once(world: World) -> None:
    _, code = await join(world)
    owner = owner_of(world)
    await buy(owner, f"{code} 250000 R-1")
    await owner.send(f"/purchase {code} 250000 r-1")
    assert owner.last.content == t("purchase-duplicate", receipt=isolate_ltr("r-1"))
    assert owner.buttons() == []
    assert await purchase_rows(world) == [(250_000, 25, "receipt", "r-1")]
    assert await balance(world, code) == 125


async def test_two_quotes_for_the_same_receipt_credit_once(world: World) -> None:
    _, code = await join(world)
    owner = owner_of(world)
    await owner.send(f"/purchase {code} 250000 R-1")
    first = owner.last
    await owner.send(f"/purchase {code} 250000 R-1")
    await owner.press(t("button-confirm"))  # the newest quote
    assert owner.last.content == recorded(1, name=NAME, amount=250_000, points=25, balance=125)
    await owner.press(t("button-confirm"))  # the older quote, still on screen
    older = next(m for m in owner.inbox if m.message_id == first.message_id)
    assert older.content == t("purchase-duplicate", receipt=isolate_ltr("r-1"))
    assert await purchase_rows(world) == [(250_000, 25, "receipt", "r-1")]
    assert await purchase_ledger(world) == [(25, "purchase", "purchase:receipt:r-1")]
    assert await balance(world, code) == 125


async def test_pressing_confirm_twice_counts_once(world: World) -> None:
    member, code = await join(world)
    owner = owner_of(world)
    await owner.send(f"/purchase {code} 250000")
    await owner.press(t("button-confirm"), wait=False)
    await owner.press(t("button-confirm"))  # a double tap: both presses reach the bot
    rows = await purchase_rows(world)
    assert len(rows) == 1 and rows[0][:3] == (250_000, 25, "msg")
    assert await balance(world, code) == 125
    assert [m.content for m in member.inbox].count(t("purchase-earned", points=25)) == 1


async def test_two_purchase_messages_without_a_receipt_both_count(world: World) -> None:
    _, code = await join(world)
    owner = owner_of(world)
    await buy(owner, f"{code} 250000")
    await buy(owner, f"{code} 250000")
    rows = await purchase_rows(world)
    assert [r[:3] for r in rows] == [(250_000, 25, "msg")] * 2
    assert rows[0][3] != rows[1][3]
    keys = [str(key) for _, _, key in await purchase_ledger(world)]
    assert [key.removeprefix("purchase:msg:") for key in keys] == [rows[0][3], rows[1][3]]
    assert all(str(OWNER_TELEGRAM_ID) not in key for key in keys)  # names no cashier
    assert await balance(world, code) == 150


@pytest.mark.parametrize(
    ("args", "key"),
    [
        ("{code}", "purchase-usage"),
        ("{code} 1000 R-1 extra", "purchase-usage"),
        ("12345678 250000", "error-member-code-mistyped"),
        ("{wrong} 250000", "error-member-code-mistyped"),
        ("09129999999 250000", "purchase-error-member"),
        ("02188776655 250000", "error-phone-number-landline"),
        ("0912123 250000", "error-phone-number-length"),
        ("{code} 250000 " + "R" * 65, "error-receipt-too-long"),
        ("{code} 0", "purchase-error-amount"),
        ("{code} -5000", "purchase-error-amount"),
        ("{code} ۲۵۰هزار", "purchase-error-amount"),
        ("{code} 12.5", "purchase-error-amount"),
        ("{code} 100000001", "purchase-error-too-large"),
    ],
)
async def test_a_bad_purchase_command_is_refused_clearly_and_writes_nothing(
    world: World, args: str, key: str
) -> None:
    _, code = await join(world)
    wrong = code[:-1] + str((int(code[-1]) + 1) % 10)  # the check digit catches the typo
    owner = owner_of(world)
    await owner.send("/purchase " + args.format(code=code, wrong=wrong))
    assert owner.last.content == t(key, limit=100_000_000)
    assert owner.buttons() == []
    assert await purchase_rows(world) == []
    assert await world.scalar("SELECT count(*) FROM pending_actions") == 0
    assert await balance(world, code) == 100


async def test_a_customer_cannot_record_or_void_purchases(world: World) -> None:
    member, code = await join(world)
    await member.send(f"/purchase {code} 250000 R-1")
    assert member.last.content == t("staff-only")
    await member.send("/void R-1")
    assert member.last.content == t("staff-only")
    assert await purchase_rows(world) == []
    assert await balance(world, code) == 100


async def test_void_reverses_with_a_new_ledger_row_and_a_second_void_is_refused(
    world: World,
) -> None:
    _, code = await join(world)
    owner = owner_of(world)
    await buy(owner, f"{code} 250000 R-1")
    await void(owner, "R-1")
    assert owner.last.content == t("void-done", number="۱", points=25)
    assert await purchase_ledger(world) == [
        (25, "purchase", "purchase:receipt:r-1"),
        (-25, "reversal", "void:receipt:r-1"),
    ]
    assert await balance(world, code) == 100
    await owner.send("/void R-1")
    assert owner.last.content == t("void-error-already", number="۱")
    assert len(await purchase_ledger(world)) == 2
    assert await balance(world, code) == 100


async def test_voiding_an_unknown_receipt_is_refused(world: World) -> None:
    await join(world)
    owner = owner_of(world)
    await owner.send("/void NOPE")
    assert owner.last.content == t("void-error-unknown", receipt=isolate_ltr("nope"))
    assert owner.buttons() == []
    await owner.send("/void")
    assert owner.last.content == t("void-usage")
    assert await purchase_ledger(world) == []


async def test_a_purchase_lifting_bronze_to_silver_earns_at_bronze_rate_and_announces_silver(
    world: World,
) -> None:
    member, code = await join(world)
    owner = owner_of(world)
    await owner.send(f"/purchase {code} 10000000 R-1")
    assert owner.last.content == t(
        "purchase-confirm",
        name=NAME,
        code=to_persian_digits(code),
        amount=10_000_000,
        points=1000,
        tier=t("tier-bronze"),
    )
    await owner.press(t("button-confirm"))
    said = [m.content for m in member.inbox]
    assert t("purchase-earned", points=1000) in said
    assert said[-1] == t("tier-up", tier=t("tier-silver"))
    assert await world.scalar("SELECT tier FROM members WHERE code = :c", c=code) == "silver"
    assert await balance(world, code) == 1100


async def test_a_silver_members_purchase_earns_one_point_one_times_rounded_down(
    world: World,
) -> None:
    member, code = await join(world)
    owner = owner_of(world)
    await buy(owner, f"{code} 10000000 R-1")
    await owner.send(f"/purchase {code} 1234567 R-2")  # 123.4567 points x 1.1 = 135.8...
    assert owner.last.content == t(
        "purchase-confirm",
        name=NAME,
        code=to_persian_digits(code),
        amount=1_234_567,
        points=135,
        tier=t("tier-silver"),
    )
    await owner.press(t("button-confirm"))
    assert member.last.content == t("purchase-earned", points=135)
    assert (await purchase_rows(world))[-1] == (1_234_567, 135, "receipt", "r-2")
    assert await balance(world, code) == 1100 + 135


async def test_voiding_the_purchase_that_lifted_the_tier_lowers_it_again(world: World) -> None:
    _, code = await join(world)
    owner = owner_of(world)
    await buy(owner, f"{code} 10000000 R-1")
    await void(owner, "R-1")
    assert await world.scalar("SELECT tier FROM members WHERE code = :c", c=code) == "bronze"
    await owner.send(f"/purchase {code} 100000 R-2")
    assert t("tier-bronze") in (owner.last.content or "")


async def test_receipt_numbers_are_shown_in_persian_digits(world: World) -> None:
    _, code = await join(world)
    owner = owner_of(world)
    await buy(owner, f"{code} 250000 ۷۷")
    await owner.send(f"/purchase {code} 250000 77")
    assert owner.last.content == t("purchase-duplicate", receipt="۷۷")
    await void(owner, "۷۷")
    assert owner.last.content == t("void-done", number="۱", points=25)
    await owner.send("/void 77")
    assert owner.last.content == t("void-error-already", number="۱")


async def test_a_quote_confirmed_after_the_member_deleted_their_account_writes_nothing(
    world: World,
) -> None:
    member, code = await join(world)
    owner = owner_of(world)
    await owner.send(f"/purchase {code} 250000 R-1")
    await member.press(t("button-privacy"))
    await member.press(t("button-delete"))
    await member.press(t("button-delete-yes"))
    await owner.press(t("button-confirm"))
    assert owner.last.content == t("purchase-error-member")
    assert owner.buttons() == []
    assert await purchase_rows(world) == []
    assert await purchase_ledger(world) == []


async def test_voiding_a_purchase_older_than_the_tier_window_does_not_lower_todays_tier(
    world: World,
) -> None:
    from datetime import UTC, datetime, timedelta

    world.clock.now = datetime(2025, 1, 1, 9, 0, tzinfo=UTC)
    member, code = await join(world)
    owner = owner_of(world)
    await buy(owner, f"{code} 12000000 OLD")  # 1200 qualifying points: silver
    world.clock.now += timedelta(days=300)
    await buy(owner, f"{code} 12000000 NEW")  # still silver, 1320 points at ×1.1
    world.clock.now += timedelta(days=100)  # OLD has left the 365-day window
    await void(owner, "OLD")
    await member.press(t("button-points"))
    assert t("points-tier", tier=t("tier-silver")) in (member.last.content or "")
