"""Campaign codes and spent points at the till, end to end: /code shows a campaign code's
terms only; a purchase with a campaign code is on the net, leaves its use row and earns on the
net; a code's total uses hold when three cashiers confirm at once (SQLite and PostgreSQL) and
its per-member limit holds; an admin cancels a member's code and the points come back; a
balance that drops before the member's Confirm, and a code that expires before Used, are
each refused with their own answer and nothing written."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta
from functools import cache
from typing import Any

import pytest

from bot.club import discount_codes, promo_codes, till_codes
from bot.club.permissions import Role
from bot.club.promo_codes import PromoDraft
from bot.emulator.driver import Emulator, SimUser
from bot.emulator.models import SentMessage
from tests.e2e.test_code_check import cashier_of, give_code, status_of
from tests.e2e.test_purchases import NAME, balance, join, owner_of
from tests.e2e.test_rewards import add_reward, take
from tests.e2e.test_team import join_team, refusal_for
from tests.e2e.test_till import callback_of, on_screen, press_data
from tests.e2e.world import Clock, World, world_settings
from tests.e2e.world import t as render

# world.t loads the locale files on every call: each text once per run.
t = cache(render)

CODE = "NOWRUZ1405"


@pytest.fixture
async def any_world(emu: Emulator, any_url: str) -> AsyncIterator[World]:
    """The same world on SQLite and on PostgreSQL."""
    world = World(emu, world_settings(emu, any_url), Clock())
    await world.start()
    yield world
    await world.stop()


async def a_code(world: World, **values: Any) -> int:
    """A campaign code as an admin saves it (20 percent off unless told otherwise)."""
    start: dict[str, Any] = {"code": CODE, "kind": "percent", "value": 20}
    async with world.club.db.write() as conn:
        promo_id = await promo_codes.create(
            conn,
            PromoDraft(**(start | values)),
            actor="telegram:9000",
            role="owner",
            now=world.clock.now,
        )
    assert promo_id is not None
    return promo_id


async def quote_with_code(cashier: SimUser, member_code: str, args: str, typed: str) -> str:
    """/purchase, «Apply code», the code typed: the bot's last answer (the new quote when it
    applied, else why not)."""
    await cashier.send(f"/purchase {member_code} {args}")
    await cashier.press(t("button-till-apply-code"))
    await cashier.send(typed)
    return cashier.last.content or ""


async def promo_uses(world: World) -> list[tuple[Any, ...]]:
    rows = await world.rows(
        "SELECT promo_code_id, member_id, purchase_id, discount_toman, used_by"
        " FROM promo_code_uses ORDER BY id"
    )
    return [tuple(r) for r in rows]


async def member_id_of(world: World, code: str) -> int:
    return int(await world.scalar("SELECT id FROM members WHERE code = :c", c=code))


# 1. /code with a campaign code


async def test_code_shows_a_campaign_codes_terms_and_no_use_button(world: World) -> None:
    await join(world)
    today = world.club.today()
    await a_code(world, min_purchase=100_000, total_uses=50, ends_on=today + timedelta(days=3))
    cashier = await cashier_of(world)
    await cashier.send("/code nowruz-۱۴۰۵")  # lower case, a dash, Persian digits
    screen = cashier.last
    assert screen.content == "\n".join(
        [
            t("code-promo-screen", code=CODE, discount=t("code-discount-percent", value=20)),
            t("code-min-purchase", amount=100_000),
            t("code-promo-until", date=today + timedelta(days=3)),
            t("code-promo-left", left=50),
            t("code-promo-how"),
        ]
    )
    assert screen.inline_buttons() == []
    # Looking a campaign code up is no wrong guess, and uses nothing.
    assert await world.scalar("SELECT count(*) FROM code_failures") == 0
    assert await world.scalar("SELECT uses FROM promo_codes") == 0


# 2. A purchase with a campaign code


async def test_a_purchase_with_a_campaign_code_is_on_the_net_and_leaves_its_use(
    world: World,
) -> None:
    member, member_code = await join(world)  # 100 points
    promo_id = await a_code(world)
    owner = owner_of(world)
    said = await quote_with_code(owner, member_code, "250000 R-1", "nowruz1405")
    assert t("till-code-applied") in [m.content for m in owner.replies()]
    # 20 percent of 250,000 off: 200,000 to pay, 20 points on it.
    for part in (CODE, "۵۰٬۰۰۰", "۲۰۰٬۰۰۰"):
        assert part in said
    assert t("button-till-apply-code") not in owner.buttons()  # one code per bill
    await owner.press(t("button-confirm"))
    assert t("till-recorded-discount", discount=50_000) in (owner.last.content or "")
    rows = await world.rows(
        "SELECT id, amount_toman, discount_toman, promo_code_id, redemption_id, points"
        " FROM purchases"
    )
    [(number, *stored)] = [tuple(r) for r in rows]
    assert stored == [200_000, 50_000, promo_id, None, 20]
    member_id = await member_id_of(world, member_code)
    assert await promo_uses(world) == [
        (promo_id, member_id, number, 50_000, f"telegram:{owner.id}")
    ]
    assert await world.scalar("SELECT uses FROM promo_codes") == 1
    assert await balance(world, member_code) == 120
    assert member.last.content == t("purchase-earned", points=20)


# 3. Total uses under concurrency at the till


async def test_three_cashiers_confirming_at_once_use_a_two_use_code_twice(
    any_world: World,
) -> None:
    world = any_world
    _, member_code = await join(world)
    await a_code(world, total_uses=2, per_member=3)
    cashiers = [await cashier_of(world, 6_001 + n, f"Cashier{n}") for n in range(3)]
    quotes: list[SentMessage] = []
    for n, cashier in enumerate(cashiers):
        await quote_with_code(cashier, member_code, f"100000 R-{n + 1}", CODE)
        quotes.append(cashier.last)
    await asyncio.gather(
        *(
            press_data(cashier, quote, callback_of(quote, t("button-confirm")))
            for cashier, quote in zip(cashiers, quotes, strict=True)
        )
    )
    screens = [on_screen(c, q).content or "" for c, q in zip(cashiers, quotes, strict=True)]
    refused = [s for s in screens if s == t("promo-refused-used-up")]
    recorded = [s for s in screens if t("till-recorded-discount", discount=20_000) in s]
    assert (len(refused), len(recorded)) == (1, 2), screens
    loser = f"r-{screens.index(refused[0]) + 1}"
    # Nothing of the third purchase is anywhere: no row, no use, no points.
    receipts = await world.rows("SELECT receipt_id, promo_code_id FROM purchases ORDER BY id")
    assert len(receipts) == 2 and all(r[1] is not None for r in receipts)
    assert loser not in [r[0] for r in receipts]
    assert len(await promo_uses(world)) == 2
    assert await world.scalar("SELECT uses FROM promo_codes") == 2
    credits = await world.rows("SELECT idempotency_key FROM ledger WHERE kind = 'purchase'")
    assert len(credits) == 2 and all(loser not in k[0] for k in credits)
    assert await balance(world, member_code) == 100 + 2 * 8


# 4. The per-member limit at the till


async def test_two_cashiers_at_once_give_a_once_per_member_code_once(any_world: World) -> None:
    world = any_world
    _, member_code = await join(world)
    await a_code(world, per_member=1)
    cashiers = [await cashier_of(world, 6_001 + n, f"Cashier{n}") for n in range(2)]
    quotes: list[SentMessage] = []
    for n, cashier in enumerate(cashiers):
        await quote_with_code(cashier, member_code, f"100000 R-{n + 1}", CODE)
        quotes.append(cashier.last)
    await asyncio.gather(
        *(
            press_data(cashier, quote, callback_of(quote, t("button-confirm")))
            for cashier, quote in zip(cashiers, quotes, strict=True)
        )
    )
    screens = [on_screen(c, q).content or "" for c, q in zip(cashiers, quotes, strict=True)]
    assert screens.count(t("promo-refused-member-limit")) == 1, screens
    assert len(await promo_uses(world)) == 1
    assert await world.scalar("SELECT count(*) FROM purchases") == 1
    assert await world.scalar("SELECT uses FROM promo_codes") == 1


async def test_the_same_member_gets_a_once_per_member_code_once(world: World) -> None:
    _, member_code = await join(world)
    await a_code(world, per_member=1)
    owner = owner_of(world)
    # Two quotes with the code, both made before either is confirmed: the second confirm
    # finds the member's use and records nothing.
    await quote_with_code(owner, member_code, "100000 R-1", CODE)
    first = owner.last
    await quote_with_code(owner, member_code, "100000 R-2", CODE)
    second = owner.last
    await press_data(owner, first, callback_of(first, t("button-confirm")))
    await press_data(owner, second, callback_of(second, t("button-confirm")))
    assert on_screen(owner, second).content == t("promo-refused-member-limit")
    assert len(await promo_uses(world)) == 1
    assert await world.scalar("SELECT count(*) FROM purchases") == 1
    assert await world.scalar("SELECT uses FROM promo_codes") == 1
    # A third bill: typing the code is refused at once, and the step waits for another.
    said = await quote_with_code(owner, member_code, "100000 R-3", CODE)
    assert said == t("promo-refused-member-limit") + "\n" + t("till-code-again")
    assert await world.scalar("SELECT count(*) FROM purchases") == 1


# 5. An admin cancels a member's code from /code


async def test_an_admin_cancels_a_code_and_the_points_and_stock_come_back(world: World) -> None:
    member, member_code = await join(world)  # 100 points
    reward_id = await add_reward(world, stock=5)  # 60 points
    await take(member)
    [(redemption_id, code)] = [
        tuple(r) for r in await world.rows("SELECT id, code FROM redemptions")
    ]
    assert await balance(world, member_code) == 40
    # A cashier sees no Cancel code, and a forged press of it (either step) changes nothing.
    cashier = await cashier_of(world)
    await cashier.send(f"/code {code}")
    screen = cashier.last
    assert [b["text"] for b in screen.inline_buttons()] == [t("button-code-use")]
    for data in (f"tcode:cancel:{redemption_id}", f"tcode:cancely:{redemption_id}"):
        await press_data(cashier, screen, data)
        assert cashier.callback_answers[-1] == refusal_for(frozenset({Role.STAFF}))
    assert (await status_of(world, code))[0] == "active"
    assert await balance(world, member_code) == 40

    admin = world.emu.user(world.telegram, user_id=7_001, first_name="Mina")
    await join_team(world, admin, Role.ADMIN)
    await admin.send(f"/code {code}")
    assert admin.buttons() == [t("button-code-use"), t("button-code-cancel")]
    await admin.press(t("button-code-cancel"))
    confirm = admin.last
    assert confirm.content == t("code-cancel-confirm", code=discount_codes.shown(code), owner=NAME)
    yes = callback_of(confirm, t("button-code-cancel-yes"))
    await admin.press(t("button-code-cancel-yes"))
    done = t("code-cancel-done", code=discount_codes.shown(code), points=60)
    assert admin.last.content == done
    assert member.last.content == t("code-cancelled-notice", reward="قهوه", points=60)
    refunds = await world.rows(
        "SELECT delta, idempotency_key FROM ledger WHERE kind = 'redeem-refund'"
    )
    assert [tuple(r) for r in refunds] == [(60, f"redeem-refund:{redemption_id}")]
    assert await balance(world, member_code) == 100
    assert await world.scalar("SELECT issued FROM rewards WHERE id = :i", i=reward_id) == 0
    assert (await status_of(world, code))[0] == "cancelled"
    audit = await world.rows("SELECT actor, role FROM audit WHERE action = 'code_cancelled'")
    assert [tuple(r) for r in audit] == [("telegram:7001", "admin")]
    # Yes pressed again: the code's state, no second refund.
    await press_data(admin, confirm, yes)
    assert admin.callback_answers[-1] == t("code-cancelled")
    assert await world.scalar("SELECT count(*) FROM ledger WHERE kind = 'redeem-refund'") == 1


# 6. Paying with points when the balance dropped before the member's Confirm


async def test_a_balance_that_dropped_before_confirm_is_refused_and_nothing_recorded(
    world: World,
) -> None:
    member, member_code = await join(world)  # 100 points
    owner = owner_of(world)
    await owner.send(f"/purchase {member_code} 200000 R-1")
    quote = owner.last
    await owner.press(t("button-till-pay-points"))
    request = member.last
    assert request.content == t(
        "points-pay-ask", points=100, toman=50_000, amount=200_000, net=150_000
    )
    yes = callback_of(request, t("button-points-pay-yes"))
    # Meanwhile the member spends 60 of the 100 points on a reward.
    await add_reward(world)
    await take(member)
    assert await balance(world, member_code) == 40
    await press_data(member, request, yes)
    assert on_screen(member, request).content == t("points-pay-refused-member")
    assert owner.last.content == t("points-pay-short")
    assert await world.scalar("SELECT count(*) FROM purchases") == 0
    assert await world.scalar("SELECT count(*) FROM ledger WHERE kind LIKE 'points-pay%'") == 0
    assert await world.scalar("SELECT count(*) FROM audit WHERE action = 'purchase'") == 0
    assert await balance(world, member_code) == 40
    # A second press answers; the cashier's quote still confirms, without points.
    await press_data(member, request, yes)
    assert member.callback_answers[-1] == t("points-pay-answered")
    await press_data(owner, quote, callback_of(quote, t("button-confirm")))
    rows = await world.rows("SELECT amount_toman, points_paid FROM purchases")
    assert [tuple(r) for r in rows] == [(200_000, 0)]


# 7. A code that expires between /code and Used


async def test_a_code_expiring_before_used_is_pressed_gets_its_own_answer(world: World) -> None:
    member, member_code = await join(world)
    code = await give_code(world, member_code, expires_in=timedelta(hours=1))
    cashier = await cashier_of(world)
    await cashier.send(f"/code {code}")
    screen = cashier.last
    assert t("code-active") in (screen.content or "")
    told = len(member.inbox)
    world.clock.now += timedelta(hours=2)
    await cashier.press(t("button-code-use"))
    async with world.club.db.read() as conn:
        view = await till_codes.view_in(conn, code=code, now=world.clock.now)
    assert view is not None and view.status == till_codes.EXPIRED
    expired = t("code-expired", expiry=view.expires_at)
    assert cashier.callback_answers[-1] == expired
    assert on_screen(cashier, screen).content == expired
    assert await status_of(world, code) == ("active", None, None)
    assert await world.scalar("SELECT count(*) FROM audit WHERE action = 'code_used'") == 0
    assert len(member.inbox) == told


# A quote made on a campaign code's last day and confirmed after it ended: the window is
# checked again at the confirm (bot/club/till_codes.py _use_promo).
async def test_a_campaign_code_that_ends_before_confirm_is_refused(world: World) -> None:
    _, member_code = await join(world)
    await a_code(world, ends_on=world.club.today())
    owner = owner_of(world)
    await quote_with_code(owner, member_code, "100000 R-1", CODE)
    quote = owner.last
    world.clock.now += timedelta(days=1)
    await press_data(owner, quote, callback_of(quote, t("button-confirm")))
    assert on_screen(owner, quote).content == t("promo-refused-ended")
    assert await world.scalar("SELECT count(*) FROM purchases") == 0
    assert await promo_uses(world) == []
