"""Paying with points at the till: the member confirms in their own chat, the purchase is on
the net and earns on it, only the member's press counts, twice counts once, void refunds."""

from __future__ import annotations

from tests.e2e.test_purchases import NAME, balance, join, owner_of, void
from tests.e2e.test_till import callback_of, press_data
from tests.e2e.world import World, sign_up, t


async def ask(world: World, member_code: str, amount: str = "100000") -> None:
    owner = owner_of(world)
    await owner.send(f"/purchase {member_code} {amount} R-1")
    await owner.press(t("button-till-pay-points"))


async def test_the_member_confirms_and_the_purchase_is_on_the_net(world: World) -> None:
    member, member_code = await join(world)  # 100 points, 500 toman each
    owner = owner_of(world)
    await ask(world, member_code)
    # Half of 100,000 at 500 a point is 100 points: all the member has.
    assert owner.last.content == t("points-pay-waiting", name=NAME, points=100, toman=50_000)
    assert member.last.content == t(
        "points-pay-ask", points=100, toman=50_000, amount=100_000, net=50_000
    )
    assert await world.scalar("SELECT count(*) FROM purchases") == 0
    assert await balance(world, member_code) == 100
    request = member.last
    yes = callback_of(request, t("button-points-pay-yes"))
    await member.press(t("button-points-pay-yes"))
    rows = await world.rows(
        "SELECT amount_toman, points, points_paid, points_paid_toman FROM purchases"
    )
    assert [tuple(r) for r in rows] == [(50_000, 5, 100, 50_000)]
    assert await balance(world, member_code) == 5
    assert t("till-recorded-points", points=100, toman=50_000) in (owner.last.content or "")
    await press_data(member, request, yes)
    assert member.callback_answers[-1] == t("points-pay-answered")
    assert await world.scalar("SELECT count(*) FROM purchases") == 1


async def test_someone_elses_press_is_refused(world: World) -> None:
    member, member_code = await join(world)
    await ask(world, member_code)
    request = member.last
    data = callback_of(request, t("button-points-pay-yes"))
    stranger = world.emu.user(world.telegram, first_name="Nima", phone="+989351112233")
    await sign_up(stranger, name="Nima")
    await press_data(stranger, request, data)
    assert stranger.callback_answers[-1] == t("points-pay-not-yours")
    assert await world.scalar("SELECT count(*) FROM purchases") == 0


async def test_no_tells_the_cashier_and_the_quote_still_confirms(world: World) -> None:
    member, member_code = await join(world)
    owner = owner_of(world)
    await owner.send(f"/purchase {member_code} 100000 R-1")
    quote = owner.last
    await owner.press(t("button-till-pay-points"))
    await member.press(t("button-points-pay-no"))
    assert owner.last.content == t("points-pay-declined")
    await press_data(owner, quote, callback_of(quote, t("button-confirm")))
    assert await world.scalar("SELECT amount_toman FROM purchases") == 100_000
    assert await balance(world, member_code) == 110


async def test_voiding_a_points_paid_purchase_gives_the_points_back(world: World) -> None:
    member, member_code = await join(world)
    owner = owner_of(world)
    await ask(world, member_code)
    await member.press(t("button-points-pay-yes"))
    await void(owner, "R-1")
    assert t("void-points-refunded", points=100) in (owner.last.content or "")
    assert await balance(world, member_code) == 100
    keys = await world.rows("SELECT idempotency_key FROM ledger WHERE kind LIKE 'points-pay%'")
    assert [k[0] for k in keys] == ["points-pay:receipt:r-1", "points-pay-void:receipt:r-1"]
