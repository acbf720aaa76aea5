"""The rewards catalog as the admins run it: the builder step by step (a bad answer keeps its
step), the preview members would see, one save for a double tap; edits audited with their old
and new values, a stock below what was handed out refused; pause, resume, archive; a partner's
codes uploaded as CSV, counted, and a pool that ran out resumed; files that cannot be used
refused; and nobody else may open the screen or press its buttons."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import jdatetime
import pytest

from bot.club import rewards
from bot.club.digits import to_persian_digits as fa
from bot.club.permissions import Role
from bot.club.rewards import Draft
from bot.emulator.driver import Emulator, SimUser
from tests.e2e.test_purchases import join, owner_of
from tests.e2e.test_team import join_team, refusal_for
from tests.e2e.test_till import press_data
from tests.e2e.world import Clock, World, t, texts_of, world_settings


@pytest.fixture
async def any_world(emu: Emulator, any_url: str) -> AsyncIterator[World]:
    world = World(emu, world_settings(emu, any_url), Clock())
    await world.start()
    yield world
    await world.stop()


def jalali(world: World, days: int) -> tuple[str, Any]:
    """A club day `days` from today: as an admin types it (Latin digits) and as a date."""
    day = (world.clock.now.astimezone(ZoneInfo("Asia/Tehran")) + timedelta(days=days)).date()
    return jdatetime.date.fromgregorian(date=day).strftime("%Y/%m/%d"), day


async def add_reward(world: World, **values: Any) -> int:
    """A reward saved as the builder would save it (for the screens after the builder)."""
    fields = {"title": "Free coffee", "cost": 300, "kind": "item", "valid_days": 30} | values
    async with world.club.db.write() as conn:
        return await rewards.create(
            conn,
            Draft(**fields),
            actor="telegram:1",
            role="owner",
            now=datetime.now(ZoneInfo("UTC")),
        )


async def audits(world: World, action: str) -> list[Any]:
    rows = await world.rows(
        "SELECT actor, role, target, details FROM audit WHERE action = :a ORDER BY id", a=action
    )
    return [(r[0], r[1], r[2], r[3] if isinstance(r[3], dict) else json.loads(r[3])) for r in rows]


async def step(world: World) -> str | None:
    value = await world.scalar("SELECT step FROM conversations")
    return str(value) if value is not None else None


async def open_reward(user: SimUser, title: str) -> None:
    await user.send("/rewards")
    status = next(b for b in user.buttons() if b.startswith(title))
    await user.press(status)


# 1. The builder


async def test_an_admin_builds_a_reward_step_by_step_and_a_double_tap_saves_it_once(
    any_world: World,
) -> None:
    world = any_world
    owner = owner_of(world)
    await owner.send("/rewards")
    assert owner.last.content == t("rwa-list-empty")
    assert owner.buttons() == [t("button-rwa-new")]
    await owner.press(t("button-rwa-new"))
    assert owner.last.content == t("rwa-ask-title")

    async def wrong(text: str, key: str, **values: Any) -> None:
        before = await step(world)
        await owner.send(text)
        assert texts_of(owner.replies()) == [t(key, **values)], text
        assert await step(world) == before  # the same step

    await wrong("x" * 65, "rwa-error-title", limit=64)
    await owner.send("15% off coffee")
    assert owner.last.content == t("rwa-ask-description")
    await owner.press(t("button-skip"))
    assert owner.last.content == t("rwa-ask-kind")
    assert owner.buttons() == [t(f"rwa-kind-{k}") for k in ("percent", "amount", "item")]
    await owner.send("percent")  # typed, not pressed
    assert texts_of(owner.replies())[0] == t("rwa-use-buttons")
    await owner.press(t("rwa-kind-percent"))
    await wrong(fa("150"), "rwa-error-value-percent")
    await owner.send(fa("15"))
    assert owner.last.content == t("rwa-ask-cost")
    await wrong("0", "rwa-error-count")
    await owner.send(fa("500"))
    await owner.send(fa("200,000").replace(",", "\u066c"))  # minimum purchase
    await owner.send("10")  # stock
    await owner.press(t("button-rwa-no-limit"))
    await wrong("zero", "rwa-error-days", limit=3650)
    await owner.send(fa("30"))
    assert owner.last.content == t("rwa-ask-audience")
    await owner.press(t("rwa-audience-tier", tier=t("tier-gold")))
    assert owner.last.content == t("rwa-ask-starts")
    await wrong("1405/13/40", "rwa-error-date")
    start_text, start = jalali(world, 0)
    end_text, end = jalali(world, 30)
    await owner.send(start_text)
    await wrong(jalali(world, -1)[0], "rwa-error-end-before-start", start=start)
    await owner.send(end_text)
    assert owner.last.content == t("rwa-ask-pooled")
    await owner.press(t("button-rwa-pooled-no"))

    said = [m.content for m in owner.replies() if not m.edited]
    card = "\n".join(
        [
            t("rwa-card-title", title="15% off coffee"),
            t("rwa-benefit-percent", value=15),
            t("rwa-card-min", amount=200_000),
            t("rwa-card-cost", cost=500),
            t("rwa-card-valid", days=30),
            t("rwa-card-until", date=end),
        ]
    )
    assert said[:2] == [t("rwa-preview-intro"), card]
    assert t("rwa-detail-audience", audience=t("rwa-audience-tier", tier=t("tier-gold"))) in said[2]
    assert owner.buttons() == [t("button-rwa-save"), t("button-rwa-drop")]
    assert await world.scalar("SELECT count(*) FROM rewards") == 0

    preview = owner.last
    save = str(preview.inline_buttons()[0]["callback_data"])
    await press_data(owner, preview, save)
    await press_data(owner, preview, save)  # a double tap, or a second device
    assert owner.callback_answers[-1] == t("rwa-preview-gone")
    rows = await world.rows(
        "SELECT title, description, kind, value, cost, min_purchase, stock, per_member,"
        " valid_days, tier, segment_id, starts_on, ends_on, pooled, status FROM rewards"
    )
    assert len(rows) == 1
    row = rows[0]
    assert (row.title, row.kind, row.value, row.cost, row.min_purchase) == (
        "15% off coffee",
        "percent",
        15,
        500,
        200_000,
    )
    assert (row.stock, row.per_member, row.valid_days, row.tier, row.segment_id) == (
        10,
        None,
        30,
        "gold",
        None,
    )
    assert str(row.starts_on)[:10] == start.isoformat()
    assert str(row.ends_on)[:10] == end.isoformat()
    assert not row.pooled and row.status == "active"
    created = await audits(world, "reward_created")
    assert [(a, r, target) for a, r, target, _ in created] == [
        (f"telegram:{owner.id}", "owner", "reward:1")
    ]
    assert created[0][3]["stock"] == 10
    assert await world.scalar("SELECT count(*) FROM conversations") == 0


async def test_a_free_item_skips_value_and_minimum_and_discard_saves_nothing(world: World) -> None:
    owner = owner_of(world)
    await owner.send("/rewards")
    await owner.press(t("button-rwa-new"))
    await owner.send("Free coffee")
    await owner.send("A cup of the day's coffee")
    await owner.press(t("rwa-kind-item"))
    assert owner.last.content == t("rwa-ask-cost")  # no value for a free item
    await owner.send("300")
    assert owner.last.content == t("rwa-ask-stock")  # nor a minimum purchase
    await owner.press(t("button-rwa-unlimited"))
    await owner.send("2")
    await owner.send("7")
    await owner.press(t("rwa-audience-all"))
    await owner.press(t("button-skip"))  # no window: no end asked
    assert owner.last.content == t("rwa-ask-pooled")
    await owner.press(t("button-rwa-pooled-yes"))
    said = [m.content or "" for m in owner.replies() if not m.edited]
    assert t("rwa-benefit-item") in said[1] and t("rwa-card-partner") in said[1]
    await owner.press(t("button-rwa-drop"))
    assert owner.last.content == t("rwa-dropped")
    assert await world.scalar("SELECT count(*) FROM rewards") == 0
    assert await world.scalar("SELECT count(*) FROM conversations") == 0


# 2. A reward's screen: edit, pause, resume, archive


async def test_an_edit_is_audited_and_a_stock_below_what_was_handed_out_is_refused(
    world: World,
) -> None:
    reward_id = await add_reward(world, stock=10)
    async with world.club.db.write() as conn:
        await conn.exec_driver_sql("UPDATE rewards SET issued = 3")
    owner = owner_of(world)
    await open_reward(owner, "Free coffee")
    assert t("rwa-issued-of", issued=3, stock=10) in (owner.last.content or "")
    await owner.press(t("button-rwa-edit"))
    assert t("rwa-field-value") not in owner.buttons()  # a free item has none
    await owner.press(t("rwa-field-stock"))
    assert owner.last.content == t("rwa-ask-stock")
    await owner.send("2")
    assert texts_of(owner.replies()) == [t("rwa-error-stock-below-issued", issued=3)]
    assert await step(world) == "STOCK"
    assert await world.scalar("SELECT stock FROM rewards") == 10
    await owner.send("5")
    assert texts_of(owner.replies())[0] == t("rwa-updated", field=t("rwa-field-stock"))
    assert await world.scalar("SELECT stock FROM rewards") == 5
    await owner.press(t("button-rwa-edit"))
    await owner.press(t("rwa-field-title"))
    await owner.send("Free tea")
    updated = await audits(world, "reward_updated")
    assert [(target, details) for _, _, target, details in updated] == [
        (f"reward:{reward_id}", {"field": "stock", "old": 10, "new": 5}),
        (f"reward:{reward_id}", {"field": "title", "old": "Free coffee", "new": "Free tea"}),
    ]
    assert await world.scalar("SELECT count(*) FROM conversations") == 0


async def test_pause_resume_and_archive_each_once_and_an_archived_reward_stays(
    world: World,
) -> None:
    await add_reward(world)
    owner = owner_of(world)
    await open_reward(owner, "Free coffee")
    screen = owner.last
    await owner.press(t("button-rwa-pause"))
    assert owner.callback_answers[-1] == t("rwa-now-paused")
    await press_data(owner, screen, "rwa:pause:1")  # the old screen's button again
    assert owner.callback_answers[-1] == t("rwa-already-paused")
    await owner.press(t("button-rwa-resume"))
    assert owner.callback_answers[-1] == t("rwa-now-active")
    await owner.press(t("button-rwa-archive"))
    assert owner.last.content == t("rwa-archive-confirm", title="Free coffee")
    await owner.press(t("button-rwa-archive-yes"))
    assert owner.callback_answers[-1] == t("rwa-now-archived")
    assert owner.buttons() == [t("button-rwa-back")]
    await press_data(owner, screen, "rwa:resume:1")
    assert owner.callback_answers[-1] == t("rwa-archived-already")
    assert await world.scalar("SELECT status FROM rewards") == "archived"
    statuses = await world.rows(
        "SELECT action FROM audit WHERE target = 'reward:1' AND action <> 'reward_created'"
        " ORDER BY id"
    )
    assert [r[0] for r in statuses] == ["reward_paused", "reward_active", "reward_archived"]


# 3. A partner's codes


CSV = (
    "\ufeffcode,note\r\n  AAA-1 ,first\r\n\r\nBBB-2\r\nAAA-1\r\nCCC-3\r\n   \r\nOLD-9\r\n"
).encode()


async def test_uploaded_codes_are_counted_and_a_pool_that_ran_out_resumes(
    any_world: World,
) -> None:
    world = any_world
    reward_id = await add_reward(world, pooled=True)
    async with world.club.db.write() as conn:
        await conn.exec_driver_sql(
            "UPDATE rewards SET status = 'paused', paused_reason = 'pool-empty'"
        )
        await conn.exec_driver_sql(
            "INSERT INTO partner_codes (reward_id, code, redemption_id, uploaded_at)"
            f" VALUES ({reward_id}, 'OLD-9', 7, CURRENT_TIMESTAMP)"
        )
    owner = owner_of(world)
    await open_reward(owner, "Free coffee")
    assert t("rwa-screen-pool", free=0) in (owner.last.content or "")
    await owner.press(t("button-rwa-resume"))  # nothing to hand out yet
    assert owner.callback_answers[-1] == t("rwa-resume-pool-empty")
    await owner.press(t("button-rwa-upload"))
    assert owner.last.content == t("rwa-ask-file", rows=50_000)
    await owner.send_document(CSV)
    said = texts_of(owner.replies())
    assert said[0] == "\n".join(
        [
            t("rwa-pool-added", added=3, skipped=2, free=3),
            t("rwa-pool-resumed", title="Free coffee"),
        ]
    )
    codes = await world.rows("SELECT code FROM partner_codes ORDER BY id")
    assert [r[0] for r in codes] == ["OLD-9", "AAA-1", "BBB-2", "CCC-3"]
    assert await world.scalar("SELECT status FROM rewards") == "active"
    uploaded = await audits(world, "reward_pool_uploaded")
    assert [d for *_, d in uploaded] == [{"added": 3, "skipped": 2, "free": 3}]
    resumed = await audits(world, "reward_active")
    assert [d for *_, d in resumed] == [{"reason": "pool-refilled"}]
    assert await world.scalar("SELECT count(*) FROM conversations") == 0

    await owner.press(t("button-rwa-upload"))  # the same file again: nothing new
    await owner.send_document(CSV)
    assert texts_of(owner.replies())[0] == t("rwa-pool-added", added=0, skipped=5, free=3)
    assert await world.scalar("SELECT count(*) FROM partner_codes") == 4


async def test_a_file_that_cannot_be_used_is_refused_and_the_step_stays(
    make_world: Any,
) -> None:
    world: World = await make_world(partner_pool_max_rows=3)
    await add_reward(world, pooled=True)
    owner = owner_of(world)
    await open_reward(owner, "Free coffee")
    await owner.press(t("button-rwa-upload"))
    size = 2  # KB: 3 rows of at most 132 bytes, and 1 KB of room

    async def refused(key: str, **values: Any) -> None:
        assert texts_of(owner.replies()) == [t(key, **values)]
        assert await step(world) == "UPLOAD"

    await owner.send_document(b"%PDF-1.4", "codes.pdf", "application/pdf")
    await refused("rwa-file-not-csv")
    await owner.send_document(b"A\n", file_size=10 * 1024 * 1024)
    await refused("rwa-file-too-big", size=size, rows=3)
    await owner.send_document("code\nA\n".encode("utf-16"))
    await refused("rwa-file-unreadable")
    await owner.send_document(b"A\nB\nC\nD\n")
    await refused("rwa-file-too-many-rows", rows=3)
    await owner.send_document(b"code\n\n  \n")
    await refused("rwa-file-empty")
    await owner.send_document(b"A\n" + b"X" * 129 + b"\n")
    await refused("rwa-file-code-too-long", line=2, limit=128)
    await owner.send("AAA-1")
    said = texts_of(owner.replies())
    assert said[0] == t("rwa-file-expected")
    assert await world.scalar("SELECT count(*) FROM partner_codes") == 0
    await owner.send("/cancel")
    assert owner.last.content == t("rwa-cancelled")
    assert await world.scalar("SELECT count(*) FROM conversations") == 0


# 4. Nobody else


@pytest.mark.parametrize("who", ["staff", "marketer", "member", "stranger"])
async def test_only_owners_and_admins_open_rewards_or_press_its_buttons(
    world: World, who: str
) -> None:
    await add_reward(world)
    if who == "member":
        user, _ = await join(world)
        roles: frozenset[Role] = frozenset()
    else:
        user = world.emu.user(world.telegram, user_id=5_000, first_name="Sam")
        roles = frozenset() if who == "stranger" else frozenset({Role(who)})
        if roles:
            await join_team(world, user, Role(who))
    await user.send("/rewards")
    assert texts_of(user.replies()) == [refusal_for(roles)]
    for data in ("rwa:list", "rwa:new", "rwa:show:1", "rwa:pause:1", "rwa:archy:1", "rwa:up:1"):
        await press_data(user, user.last, data)
        assert user.callback_answers[-1] == refusal_for(roles), data
    assert await world.scalar("SELECT status FROM rewards") == "active"
    assert await world.scalar("SELECT count(*) FROM conversations") == 0
    admin = world.emu.user(world.telegram, user_id=5_001, first_name="Ava")
    await join_team(world, admin, Role.ADMIN)
    await admin.send("/rewards")
    assert admin.buttons()[-1] == t("button-rwa-new")
