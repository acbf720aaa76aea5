"""Earning rules end to end: daily purchase caps, monthly referral caps, the referral milestone
and the repeat-purchase bonus, each through the till, the ledger, the history and notices."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from bot.emulator.driver import SimUser
from tests.e2e.test_purchases import NAME, PHONE, balance, buy, join, owner_of, recorded, void
from tests.e2e.world import Factory, World, sign_up, t, texts_of

REZA, NEGAR = "+989351112233", "+989197654321"
# 09:00 in Tehran on 13 Mordad 1403, mid-month and mid-day: no period boundary nearby.
MORNING = datetime(2024, 8, 3, 5, 30, tzinfo=UTC)
DAY = "۱۳ مرداد ۱۴۰۳"


def said(user: SimUser) -> list[str]:
    """The messages the bot sent since the user's last action (edits left out)."""
    return texts_of([m for m in user.replies() if not m.edited])


async def ledger_of(world: World, member_id: int) -> list[tuple[object, ...]]:
    rows = await world.rows(
        "SELECT delta, kind, idempotency_key FROM ledger WHERE member_id = :m ORDER BY id",
        m=member_id,
    )
    return [tuple(r) for r in rows]


async def member_id(world: World, phone: str) -> int:
    return int(await world.scalar("SELECT id FROM members WHERE phone = :p", p=phone))


async def history(user: SimUser) -> list[str]:
    said(user)
    await user.press(t("button-history"))
    said(user)
    return (user.last.content or "").splitlines()


def line(reason: str, amount: str, day: str = DAY) -> str:
    return t("history-line", date=day, reason=t(reason), amount=amount)


async def friend(world: World, referrer_code: str, phone: str, first: str) -> SimUser:
    """A friend joining on Telegram through the referrer's link (phone vouched for)."""
    user = world.emu.user(world.telegram, first_name=first, phone=phone)
    await sign_up(user, name=f"{first} کریمی", start=f"/start r_{referrer_code}")
    return user


# --- Caps ------------------------------------------------------------------------------------


async def test_a_purchase_over_the_daily_cap_is_recorded_with_no_points_and_history_says_why(
    make_world: Factory,
) -> None:
    world = await make_world(purchase_credits_per_day=2, flood_messages=100)
    world.clock.now = MORNING
    member, code = await join(world)
    owner = owner_of(world)
    await buy(owner, f"{code} 250000 R-1")
    await buy(owner, f"{code} 250000 R-2")
    said(member)
    await owner.send(f"/purchase {code} 250000 R-3")
    # The quote already says the third purchase of the day earns nothing.
    assert "امتیاز: ۰" in (owner.last.content or "")
    assert t("purchase-capped-staff", cap=2) in (owner.last.content or "")
    await owner.press(t("button-confirm"))
    assert owner.last.content == (
        recorded(3, name=NAME, amount=250_000, points=0, balance=150)
        + "\n"
        + t("purchase-capped-staff", cap=2)
    )
    # The member hears of the purchase (they can say it was not theirs) and why it earned nothing.
    assert said(member) == [
        t("earning-purchase-capped", cap=2),
        t("purchase-noted", amount=250_000),
    ]
    mid = await member_id(world, PHONE)
    assert (await ledger_of(world, mid))[-3:] == [
        (25, "purchase", "purchase:receipt:r-1"),
        (25, "purchase", "purchase:receipt:r-2"),
        (0, "purchase-capped", "purchase:receipt:r-3"),
    ]
    # Still a purchase of the shop, but no tier points either.
    assert await world.rows("SELECT points FROM purchases ORDER BY id") == [(25,), (25,), (0,)]
    assert (
        await world.scalar("SELECT sum(qualifying) FROM ledger WHERE member_id = :m", m=mid) == 50
    )
    assert await balance(world, code) == 150
    assert (await history(member))[1] == line("ledger-purchase-capped", "۰")

    # The next club day (just after midnight in Tehran) earns again.
    world.clock.now = datetime(2024, 8, 3, 20, 31, tzinfo=UTC)
    await buy(owner, f"{code} 250000 R-4")
    assert await balance(world, code) == 175
    assert said(member) == [t("purchase-earned", points=25)]


async def test_a_voided_purchase_frees_its_place_under_the_daily_cap(make_world: Factory) -> None:
    world = await make_world(purchase_credits_per_day=1, flood_messages=100)
    world.clock.now = MORNING
    _, code = await join(world)
    owner = owner_of(world)
    await buy(owner, f"{code} 250000 R-1")
    await void(owner, "R-1")
    await buy(owner, f"{code} 250000 R-2")
    assert await world.rows("SELECT points FROM purchases ORDER BY id") == [(25,), (25,)]
    assert await balance(world, code) == 125


async def test_invitations_over_the_monthly_cap_are_recorded_with_no_points(
    make_world: Factory,
) -> None:
    world = await make_world(referral_credits_per_month=1, flood_messages=100)
    world.clock.now = MORNING
    sara, code = await join(world)
    sara_id = await member_id(world, PHONE)
    said(sara)
    await friend(world, code, REZA, "رضا")
    assert said(sara) == [t("referral-credited", name="رضا", points=100)]
    negar = await friend(world, code, NEGAR, "نگار")
    negar_id = await member_id(world, NEGAR)
    assert said(sara) == [t("earning-referral-capped", name="نگار", cap=1)]
    assert (await ledger_of(world, sara_id))[-1] == (
        0,
        "referral-capped",
        f"referral:{negar_id}:referrer",
    )
    assert await balance(world, code) == 200
    # The friend's own gift is not the referrer's to cap.
    assert t("signup-points-referral", points=50) in (negar.last.content or "")
    assert (await history(sara))[1] == line("ledger-referral-capped", "۰")

    # Next Jalali month (1 Shahrivar 1403 is 22 August 2024) invitations earn again.
    world.clock.now = datetime(2024, 8, 21, 20, 31, tzinfo=UTC)
    await friend(world, code, "+989120000001", "مینا")
    assert said(sara)[-1] == t("referral-credited", name="مینا", points=100)
    assert await balance(world, code) == 300


# --- The referral milestone -----------------------------------------------------------------


async def test_the_referrer_gets_the_milestone_at_a_friends_first_purchase_once_a_void_undoes_it(
    make_world: Factory,
) -> None:
    world = await make_world(referral_milestone_points=30, flood_messages=100)
    world.clock.now = MORNING
    sara, code = await join(world)
    sara_id = await member_id(world, PHONE)
    await friend(world, code, REZA, "رضا")
    reza_id = await member_id(world, REZA)
    reza_code = str(await world.scalar("SELECT code FROM members WHERE id = :i", i=reza_id))
    said(sara)
    owner = owner_of(world)
    await buy(owner, f"{reza_code} 1000 R-0")  # earns no points: not yet a real first purchase
    assert said(sara) == []
    await buy(owner, f"{reza_code} 250000 R-1")
    assert said(sara) == [t("earning-milestone", name="رضا", points=30)]
    await buy(owner, f"{reza_code} 250000 R-2")
    assert said(sara) == []
    assert await balance(world, code) == 230
    milestone = await world.rows(
        "SELECT member_id, delta, kind, ref FROM ledger WHERE idempotency_key = :k",
        k=f"referral-milestone:{reza_id}",
    )
    assert [tuple(r) for r in milestone] == [(sara_id, 30, "referral-milestone", "2")]
    assert (await history(sara))[1] == line("ledger-referral-milestone", "+۳۰")

    await void(owner, "R-2")  # not the purchase that paid it: nothing moves
    assert said(sara) == []
    await void(owner, "R-1")
    assert said(sara) == [t("earning-milestone-reversed", name="رضا", points=30)]
    assert (await ledger_of(world, sara_id))[-1] == (
        -30,
        "referral-milestone-void",
        f"referral-milestone:{reza_id}:void",
    )
    assert await balance(world, code) == 200
    assert (await history(sara))[1] == line("ledger-referral-milestone-void", "-۳۰")
    # Once means once: a later purchase pays no milestone again.
    await buy(owner, f"{reza_code} 250000 R-3")
    assert said(sara) == []
    assert await balance(world, code) == 200


# --- The repeat-purchase bonus ----------------------------------------------------------------


async def test_a_second_purchase_within_the_window_earns_the_repeat_bonus_once_per_window(
    make_world: Factory,
) -> None:
    world = await make_world(repeat_bonus_points=20, repeat_bonus_days=30, flood_messages=100)
    world.clock.now = MORNING
    member, code = await join(world)
    mid = await member_id(world, PHONE)
    owner = owner_of(world)

    async def buy_on(day: int, receipt: str) -> list[str]:
        world.clock.now = MORNING + timedelta(days=day)
        said(member)
        await buy(owner, f"{code} 250000 {receipt}")
        return said(member)

    assert await buy_on(0, "R-1") == [t("purchase-earned", points=25)]
    assert t("earning-repeat-bonus", points=20, days=30) in await buy_on(5, "R-2")
    assert t("earning-repeat-bonus", points=20, days=30) not in await buy_on(10, "R-3")
    # 31 days after the bonus, R-3 (26 days ago) opens a new pair with R-4.
    assert t("earning-repeat-bonus", points=20, days=30) in await buy_on(36, "R-4")
    bonuses = await world.rows(
        "SELECT delta, idempotency_key, ref, qualifying FROM ledger"
        " WHERE kind = 'repeat-bonus' ORDER BY id"
    )
    assert [tuple(r) for r in bonuses] == [
        (20, f"repeat-bonus:{mid}:2", "1", 0),
        (20, f"repeat-bonus:{mid}:4", "3", 0),
    ]
    assert await balance(world, code) == 100 + 4 * 25 + 2 * 20
    lines = await history(member)
    assert lines[1] == line("ledger-repeat-bonus", "+۲۰", day="۱۸ شهریور ۱۴۰۳")


async def test_voiding_the_purchase_that_earned_the_repeat_bonus_takes_it_back_and_frees_the_window(
    make_world: Factory,
) -> None:
    world = await make_world(repeat_bonus_points=20, flood_messages=100)
    world.clock.now = MORNING
    member, code = await join(world)
    mid = await member_id(world, PHONE)
    owner = owner_of(world)
    await buy(owner, f"{code} 250000 R-1")
    await buy(owner, f"{code} 250000 R-2")
    assert await balance(world, code) == 170
    said(member)
    await void(owner, "R-2")
    assert t("earning-repeat-reversed", points=20) in said(member)
    assert (await ledger_of(world, mid))[-1] == (
        -20,
        "repeat-bonus-void",
        f"repeat-bonus:{mid}:2:void",
    )
    assert await balance(world, code) == 125
    assert (await history(member))[1] == line("ledger-repeat-bonus-void", "-۲۰")
    # The bonus came back in full, so the real second purchase still earns it.
    await buy(owner, f"{code} 250000 R-3")
    assert await balance(world, code) == 170
    # Voiding the first purchase of that pair takes that bonus back too.
    await void(owner, "R-1")
    assert await balance(world, code) == 170 - 25 - 20


# --- Off by default: the member journey pays nothing for rules it does not use ---------------


@contextmanager
def statements(world: World) -> Iterator[list[str]]:
    seen: list[str] = []

    def keep(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        seen.append(statement)

    engine = world.club.db.engine.sync_engine
    sa.event.listen(engine, "before_cursor_execute", keep)
    try:
        yield seen
    finally:
        sa.event.remove(engine, "before_cursor_execute", keep)


async def test_with_every_rule_off_a_purchase_runs_no_earning_query(world: World) -> None:
    _, code = await join(world)
    owner = owner_of(world)
    with statements(world) as seen:
        await buy(owner, f"{code} 250000 R-1")
        await buy(owner, f"{code} 250000 R-2")
    # The rules' queries are the only ones filtering on earned points or credited deltas.
    assert not [s for s in seen if re.search(r"points > |delta > ", s)]
    assert seen  # the listener did see the purchases
