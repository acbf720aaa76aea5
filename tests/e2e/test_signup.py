"""Signup end to end, through the emulator and the real Application."""

from __future__ import annotations

from tests.e2e.world import World, sign_up, t, texts_of


async def test_newcomer_signs_up_on_telegram_and_gets_welcome_and_profile_points(
    world: World,
) -> None:
    user = world.emu.user(world.telegram, first_name="سارا", phone="+989121234567")
    said = await sign_up(user)
    assert t("signup-points-welcome", points=50) in said[-1]
    assert t("signup-points-profile", points=50) in said[-1]
    assert t("signup-balance", balance=100) in said[-1]
    assert user.keyboard()[:2] == [t("button-points"), t("button-history")]
    rows = await world.rows("SELECT name, phone, balance, birth_jmonth, birth_jday FROM members")
    assert [tuple(r) for r in rows] == [("سارا محمدی", "+989121234567", 100, 5, 12)]
