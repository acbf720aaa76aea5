"""The cashier's /code end to end: each kind of code its own answer, «مصرف شد» once under a
race (SQLite and PostgreSQL), throttling, and a code applied to a purchase."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import sqlalchemy as sa

from bot.club import discount_codes
from bot.club.digits import to_persian_digits
from bot.club.permissions import Role
from bot.emulator.driver import SimUser
from bot.storage.tables import redemptions, rewards
from tests.e2e.test_purchases import NAME, balance, join, owner_of
from tests.e2e.test_team import join_team
from tests.e2e.test_till import callback_of, press_data
from tests.e2e.world import World, t, world_settings

WRONG = "ABCDE-FGHJK"  # a code's shape with a wrong check character


async def give_code(
    world: World,
    member_code: str,
    *,
    status: str = "active",
    expires_in: timedelta = timedelta(days=7),
    kind: str = "amount",
    value: int = 20_000,
    min_purchase: int = 0,
) -> str:
    """A redemption for the member, written directly (as bot/club/redemptions.py would)."""
    now = world.clock()
    code = discount_codes.new_code()
    async with world.club.db.write() as conn:
        member_id = await conn.scalar(
            sa.text("SELECT id FROM members WHERE code = :c"), {"c": member_code}
        )
        reward_id = await conn.scalar(
            sa.insert(rewards)
            .values(
                title="قهوه",
                cost=50,
                kind=kind,
                value=value,
                min_purchase=min_purchase,
                valid_days=7,
                status="active",
                created_by="test",
                created_at=now,
                updated_at=now,
            )
            .returning(rewards.c.id)
        )
        await conn.execute(
            sa.insert(redemptions).values(
                reward_id=reward_id,
                member_id=member_id,
                code=code,
                cost=50,
                status=status,
                created_at=now,
                expires_at=now + expires_in,
            )
        )
    return code


async def cashier_of(world: World, user_id: int = 6_001, name: str = "Ali") -> SimUser:
    user = world.emu.user(world.telegram, user_id=user_id, first_name=name)
    await join_team(world, user, Role.STAFF)
    return user


async def status_of(world: World, code: str) -> tuple[Any, ...]:
    row = (
        await world.rows(
            "SELECT status, used_by, purchase_id FROM redemptions WHERE code = :c", c=code
        )
    )[0]
    return tuple(row)


async def test_an_active_code_shows_owner_reward_and_the_use_button(world: World) -> None:
    _, member_code = await join(world)
    code = await give_code(world, member_code)
    owner = owner_of(world)
    await owner.send(f"/code {discount_codes.shown(code).lower()}")
    said = owner.last.content or ""
    assert NAME in said and "قهوه" in said and t("code-active") in said
    assert "+98" not in said and "۰۹۱۲" not in said
    assert owner.buttons() == [t("button-code-use"), t("button-code-cancel")]


async def test_a_cashier_sees_no_cancel_button(world: World) -> None:
    _, member_code = await join(world)
    code = await give_code(world, member_code)
    cashier = await cashier_of(world)
    await cashier.send(f"/code {code}")
    assert cashier.buttons() == [t("button-code-use")]


async def test_pressing_used_marks_it_once_and_tells_the_member(world: World) -> None:
    member, member_code = await join(world)
    code = await give_code(world, member_code)
    cashier = await cashier_of(world)
    await cashier.send(f"/code {code}")
    screen = cashier.last
    used = callback_of(screen, t("button-code-use"))
    await cashier.press(t("button-code-use"))
    assert cashier.last.content == t("code-consumed", code=discount_codes.shown(code), owner=NAME)
    assert member.last.content == t("code-used-notice", reward="قهوه")
    assert (await status_of(world, code))[:2] == ("used", f"telegram:{cashier.id}")
    await press_data(cashier, screen, used)
    assert cashier.callback_answers[-1].startswith("این کد ")
    assert await world.scalar("SELECT count(*) FROM audit WHERE action = 'code_used'") == 1


async def test_each_kind_of_bad_code_has_its_own_answer(world: World) -> None:
    _, member_code = await join(world)
    expired = await give_code(world, member_code, expires_in=timedelta(seconds=-1))
    returned = await give_code(world, member_code, status="returned")
    cancelled = await give_code(world, member_code, status="cancelled")
    owner = owner_of(world)
    answers = {}
    for name, typed in (
        ("mistyped", WRONG),
        ("unknown", discount_codes.new_code()),
        ("expired", expired),
        ("returned", returned),
        ("cancelled", cancelled),
    ):
        await owner.send(f"/code {typed}")
        answers[name] = owner.last.content or ""
    assert answers["mistyped"] == t("code-mistyped")
    assert answers["unknown"] == t("code-unknown")
    assert t("code-returned") in answers["returned"]
    assert t("code-cancelled") in answers["cancelled"]
    assert "اعتبار این کد" in answers["expired"]
    assert len(set(answers.values())) == 5


async def test_persian_digits_and_spaces_are_read(world: World) -> None:
    _, member_code = await join(world)
    code = await give_code(world, member_code)
    owner = owner_of(world)
    spaced = to_persian_digits(code[:5].lower()) + " " + to_persian_digits(code[5:])
    await owner.send(f"/code {spaced}")
    assert owner.buttons()[0] == t("button-code-use")


async def test_wrong_codes_past_the_limit_make_the_cashier_wait(
    make_world: Callable[..., Any],
) -> None:
    world: World = await make_world(code_wrong_limit=3, code_wrong_window_minutes=15)
    _, member_code = await join(world)
    code = await give_code(world, member_code)
    owner = owner_of(world)
    for _ in range(3):
        await owner.send(f"/code {WRONG}")
    await owner.send(f"/code {code}")  # even a right code waits: nothing is looked up
    assert owner.last.content == t("code-wait", minutes=15)
    world.clock.now += timedelta(minutes=16)
    await owner.send(f"/code {code}")
    assert owner.buttons()[0] == t("button-code-use")


async def test_two_cashiers_pressing_at_once_use_the_code_once(emu: Any, any_url: str) -> None:
    from tests.e2e.world import Clock

    world = World(emu, world_settings(emu, any_url), Clock())
    await world.start()
    try:
        _, member_code = await join(world)
        code = await give_code(world, member_code)
        first = await cashier_of(world, 6_001, "Ali")
        second = await cashier_of(world, 6_002, "Reza")
        await first.send(f"/code {code}")
        await second.send(f"/code {code}")
        data = callback_of(first.last, t("button-code-use"))
        await asyncio.gather(
            press_data(first, first.last, data), press_data(second, second.last, data)
        )
        answers = [first.callback_answers[-1], second.callback_answers[-1]]
        success = t("code-consumed", code=discount_codes.shown(code), owner=NAME)
        assert answers.count(success) == 1
        loser = answers[1 - answers.index(success)]
        assert loser.startswith("این کد ") and loser.endswith("مصرف شده است.")
        assert await world.scalar("SELECT count(*) FROM audit WHERE action = 'code_used'") == 1
        assert (await status_of(world, code))[0] == "used"
    finally:
        await world.stop()


# A code with a purchase


async def test_a_code_applied_to_a_purchase_records_the_net_and_uses_the_code(
    world: World,
) -> None:
    _, member_code = await join(world)
    code = await give_code(world, member_code, value=50_000)
    owner = owner_of(world)
    await owner.send(f"/purchase {member_code} 250000 R-1")
    await owner.press(t("button-till-apply-code"))
    assert owner.last.content == t("till-code-ask")
    await owner.send(discount_codes.shown(code))
    assert t("till-code-applied") in [m.content for m in owner.replies()]
    assert "۲۰۰٬۰۰۰" in (owner.last.content or "")
    await owner.press(t("button-confirm"))
    rows = await world.rows(
        "SELECT id, amount_toman, discount_toman, points, redemption_id FROM purchases"
    )
    assert [tuple(r)[1:] for r in rows] == [(200_000, 50_000, 20, 1)]
    assert await status_of(world, code) == ("used", f"telegram:{owner.id}", rows[0][0])
    assert await balance(world, member_code) == 120


async def test_another_members_code_is_refused_and_the_quote_still_works(world: World) -> None:
    _, member_code = await join(world)
    _, other_code = await join(world, phone="+989351234567", name="علی رضایی")
    code = await give_code(world, other_code)
    owner = owner_of(world)
    await owner.send(f"/purchase {member_code} 250000 R-1")
    quote = owner.last
    await owner.press(t("button-till-apply-code"))
    await owner.send(code)
    assert owner.last.content == t("till-code-not-theirs") + "\n" + t("till-code-again")
    await owner.send("/cancel")
    await press_data(owner, quote, callback_of(quote, t("button-confirm")))
    assert await world.scalar("SELECT amount_toman FROM purchases") == 250_000
    assert (await status_of(world, code))[0] == "active"


async def test_a_code_below_its_minimum_is_refused(world: World) -> None:
    _, member_code = await join(world)
    code = await give_code(world, member_code, min_purchase=300_000)
    owner = owner_of(world)
    await owner.send(f"/purchase {member_code} 250000 R-1")
    await owner.press(t("button-till-apply-code"))
    await owner.send(code)
    assert owner.last.content == t("till-code-below-minimum", amount=300_000) + "\n" + t(
        "till-code-again"
    )


async def test_a_forged_press_cannot_use_a_code_nobody_typed(world: World) -> None:
    """The buttons carry the lookup's token, not the code's row: guessing row numbers (even
    while the wrong-code throttle holds the cashier back) uses nothing."""
    _, member_code = await join(world)
    code = await give_code(world, member_code)
    cashier = await cashier_of(world)
    await cashier.send("/code")
    for data in ("tcode:use:1", "tcode:use:" + "A" * 16, "tcode:use:" + "x" * 200):
        await press_data(cashier, cashier.last, data)
        assert cashier.callback_answers[-1] == t("hint-stale-button")
    assert (await status_of(world, code))[0] == "active"
