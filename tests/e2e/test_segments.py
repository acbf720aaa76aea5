"""Segments end to end: an owner builds one with buttons and typed values, sees the live count,
saves and edits it; members turn promotions off (privacy switch, the broadcast's button);
a cashier is refused."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import sqlalchemy as sa

from bot.club.permissions import Role
from bot.emulator.driver import SimUser
from bot.storage.tables import members
from tests.e2e.test_purchases import join, owner_of
from tests.e2e.test_team import join_team, refusal_for
from tests.e2e.test_till import press_data
from tests.e2e.world import World, t


async def gold_members(world: World, count: int) -> list[SimUser]:
    """`count` members signed up, the first two made gold, the first bought twice lately."""
    users = []
    for n in range(count):
        user, _ = await join(world, phone=f"+98912123450{n}")
        users.append(user)
    owner = owner_of(world)
    code = await world.scalar("SELECT code FROM members WHERE id = 1")
    for receipt in ("R-1", "R-2"):
        await owner.send(f"/purchase {code} 250000 {receipt}")
        await owner.press(t("button-confirm"))
    # After the purchases: a purchase recomputes the buyer's tier.
    async with world.club.db.write() as conn:
        await conn.execute(sa.update(members).where(members.c.id <= 2).values(tier="gold"))
    return users


def details(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


async def test_an_owner_builds_counts_saves_and_edits_a_segment(world: World) -> None:
    await gold_members(world, 3)
    owner = owner_of(world)
    await owner.send("/segments")
    assert owner.last.content == t("seg-list-empty")
    await owner.press(t("button-seg-new"))
    assert t("seg-count", count=3) in (owner.last.content or "")
    await owner.press(t("seg-kind-tiers"))
    await owner.press(t("tier-gold"))
    # The picker stays open with its tick, for more than one tier; «بازگشت» counts.
    assert owner.last.content == t("seg-pick-many")
    assert t("seg-option-on", option=t("tier-gold")) in owner.buttons()
    await owner.press(t("button-seg-back"))
    said = owner.last.content or ""
    assert t("seg-c-tiers", value=t("tier-gold")) in said and t("seg-count", count=2) in said
    await owner.press(t("seg-kind-purchase"))
    await owner.send("۳۰")
    await owner.send("abc")  # a polite answer, and the same question again
    said_now = [m.content for m in owner.replies()]
    assert said_now == [t("seg-error-count"), t("seg-ask-purchase-count")]
    await owner.send("2")
    await owner.send("0")
    said = owner.last.content or ""
    assert t("seg-c-purchase", days=30, count=2) in said and t("seg-count", count=1) in said
    await owner.press(t("button-seg-save"))
    await owner.send("طلایی‌های پرخرید")
    assert owner.last.content == t("seg-saved", name="طلایی‌های پرخرید", count=1)
    stored = await world.rows("SELECT name, criteria FROM segments")
    assert [(r[0], details(r[1])) for r in stored] == [
        (
            "طلایی‌های پرخرید",
            {"tiers": ["gold"], "purchase_days": 30, "purchase_count_min": 2},
        )
    ]
    # Edit: drop the purchase condition; the count grows back to the two gold members.
    await owner.send("/segments")
    assert t("seg-list-line", name="طلایی‌های پرخرید", count=1) in (owner.last.content or "")
    await owner.press("طلایی‌های پرخرید")
    await owner.press(t("button-seg-edit"))
    await owner.press(t("button-seg-remove"))
    await owner.press(t("seg-kind-purchase"))
    assert t("seg-count", count=2) in (owner.last.content or "")
    await owner.press(t("button-seg-save"))
    assert owner.last.content == t("seg-updated", name="طلایی‌های پرخرید")
    actions = await world.rows(
        "SELECT action, role, target FROM audit WHERE action LIKE 'segment_%' ORDER BY id"
    )
    assert [tuple(r) for r in actions] == [
        ("segment_saved", "owner", "segment:1"),
        ("segment_updated", "owner", "segment:1"),
    ]
    assert await world.scalar("SELECT count(*) FROM conversations") == 0


async def test_a_taken_name_and_a_bad_date_are_answered_on_the_same_step(world: World) -> None:
    owner = owner_of(world)
    for attempt in range(2):
        await owner.send("/segments")
        await owner.press(t("button-seg-new"))
        await owner.press(t("seg-kind-joined-from"))
        await owner.send("1405/13/01")
        assert [m.content for m in owner.replies()] == [t("seg-error-date"), t("seg-ask-date")]
        await owner.send("۱۴۰۵/۰۱/۰۱")
        await owner.press(t("button-seg-save"))
        await owner.send("تازه‌ها")
        if attempt == 0:
            assert owner.last.content == t("seg-saved", name="تازه‌ها", count=0)
    assert owner.last.content == t("seg-error-name-taken", name="تازه‌ها")
    await owner.send("/cancel")
    assert owner.last.content == t("seg-cancelled")
    assert await world.scalar("SELECT count(*) FROM segments") == 1


async def test_a_member_turns_promotions_off_and_on_in_privacy(world: World) -> None:
    member, _ = await join(world)
    await member.press(t("button-privacy"))
    assert t("button-promo-state-on") in member.buttons()
    await member.press(t("button-promo-state-on"))
    assert member.callback_answers[-1] == t("promo-now-off")
    assert t("button-promo-state-off") in member.buttons()
    row = (await world.rows("SELECT promo_opt_out, promo_choice_at FROM members"))[0]
    assert row[0] and row[1] is not None
    await member.press(t("button-promo-state-off"))
    assert member.callback_answers[-1] == t("promo-now-on")
    assert not await world.scalar("SELECT promo_opt_out FROM members")


async def test_the_broadcast_button_turns_promotions_off_once(world: World) -> None:
    member, _ = await join(world)
    await press_data(member, member.last, "promo:off")
    assert member.callback_answers[-1] == t("promo-off-done-short")
    assert member.last.content == t("promo-off-done")
    chosen_at = await world.scalar("SELECT promo_choice_at FROM members")
    world.clock.now += timedelta(minutes=1)
    await press_data(member, member.last, "promo:off")  # a double tap
    assert member.callback_answers[-1] == t("promo-off-already")
    assert await world.scalar("SELECT promo_choice_at FROM members") == chosen_at
    assert await world.scalar("SELECT promo_opt_out FROM members")
    stranger = world.emu.user(world.telegram, user_id=4_321, first_name="Guest")
    await stranger.send("/start")
    await press_data(stranger, stranger.last, "promo:off")
    assert stranger.callback_answers[-1] == t("promo-off-not-member")


async def test_a_member_is_seen_once_a_day(world: World) -> None:
    member, _ = await join(world)
    await member.press(t("button-points"))
    first = await world.scalar("SELECT last_active_at FROM members")
    assert first is not None
    world.clock.now += timedelta(minutes=1)
    await member.press(t("button-points"))
    assert await world.scalar("SELECT last_active_at FROM members") == first
    world.clock.now += timedelta(days=1)
    await member.press(t("button-points"))
    assert await world.scalar("SELECT last_active_at FROM members") != first


async def test_a_cashier_is_refused_segments(world: World) -> None:
    cashier = world.emu.user(world.telegram, user_id=6_001, first_name="Cashier")
    await join_team(world, cashier, Role.STAFF)
    await cashier.send("/segments")
    assert cashier.last.content == refusal_for(frozenset({Role.STAFF}))
    await press_data(cashier, cashier.last, "seg:new")
    assert cashier.callback_answers[-1] == refusal_for(frozenset({Role.STAFF}))
    assert await world.scalar("SELECT count(*) FROM conversations") == 0
