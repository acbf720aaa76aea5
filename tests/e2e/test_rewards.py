"""Members spend points end to end: the catalog, taking a reward for a code (text and QR),
limits under concurrent confirms on SQLite and PostgreSQL, "my codes", giving a code back,
partner pools, double taps and forged buttons."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta
from functools import cache
from typing import Any

import pytest
import sqlalchemy as sa

from bench.audience import add_members
from bot.club import ledger, rewards
from bot.club.discount_codes import is_valid, shown
from bot.club.phones import isolate_ltr
from bot.emulator.driver import Emulator, SimUser
from bot.emulator.models import SentMessage
from bot.storage.tables import partner_codes
from tests.e2e.test_menu import png_dark_pixels, qr_modules, segno_matrices
from tests.e2e.test_purchases import join, owner_of
from tests.e2e.test_till import callback_of, press_data
from tests.e2e.world import Clock, World, texts_of, world_settings
from tests.e2e.world import t as render

# world.t loads the locale files on every call (about a second each with today's texts).
t = cache(render)


@pytest.fixture
async def any_world(emu: Emulator, any_url: str) -> AsyncIterator[World]:
    """The same world on SQLite and on PostgreSQL."""
    world = World(emu, world_settings(emu, any_url), Clock())
    await world.start()
    yield world
    await world.stop()


async def add_reward(world: World, **fields: Any) -> int:
    values: dict[str, Any] = {
        "title": "قهوه",
        "cost": 60,
        "kind": "percent",
        "value": 10,
        "valid_days": 30,
    }
    values.update(fields)
    async with world.club.db.write() as conn:
        return int(
            await rewards.create(
                conn, rewards.Draft(**values), actor="telegram:1", role=None, now=world.club.now()
            )
        )


async def give_points(world: World, member_id: int, points: int) -> None:
    async with world.club.db.write() as conn:
        await ledger.credit(
            conn,
            member_id=member_id,
            points=points,
            kind="signup",
            key=f"test-gift:{member_id}:{points}",
            now=world.club.now(),
        )


async def member_id_of(world: World, code: str) -> int:
    return int(await world.scalar("SELECT id FROM members WHERE code = :c", c=code))


def item_label(title: str, cost: int) -> str:
    return t("button-reward-item", title=title, cost=cost)


async def open_reward(user: SimUser, title: str = "قهوه", cost: int = 60) -> SentMessage:
    """Rewards from the menu, then the reward: its confirmation message."""
    await user.send(t("button-rewards"))
    await user.press(item_label(title, cost))
    return user.last


async def take(user: SimUser, title: str = "قهوه", cost: int = 60) -> SentMessage:
    detail = await open_reward(user, title, cost)
    await user.press(t("button-reward-take"))
    return detail


async def redemption_rows(world: World) -> list[tuple[Any, ...]]:
    rows = await world.rows("SELECT id, member_id, code, status, cost FROM redemptions ORDER BY id")
    return [tuple(r) for r in rows]


# Taking a reward


async def test_a_member_with_enough_points_takes_a_reward_and_gets_its_code_as_text_and_qr(
    world: World,
) -> None:
    member, code = await join(world)  # 100 points
    reward_id = await add_reward(world, stock=5)
    await member.send(t("button-rewards"))
    catalog = member.last
    assert t("rewards-balance", balance=100) in (catalog.content or "")
    assert t("rewards-covered") in (catalog.content or "")
    assert item_label("قهوه", 60) in member.buttons()
    assert t("button-my-codes") in member.buttons()
    await member.press(item_label("قهوه", 60))
    detail = member.last
    assert t("reward-detail-after", balance=40) in (detail.content or "")
    assert t("reward-detail-validity", days=30) in (detail.content or "")
    await member.press(t("button-reward-take"))

    [(redemption_id, owner, issued, status, cost)] = await redemption_rows(world)
    assert (owner, status, cost) == (await member_id_of(world, code), "active", 60)
    assert is_valid(issued)
    text = next(m for m in member.inbox if m.message_id == detail.message_id).content or ""
    assert isolate_ltr(shown(issued)) in text and t("reward-gives-percent", value=10) in text
    assert "۴۰" in text  # the balance after
    photo = member.last
    assert photo.kind == "photo" and photo.photo is not None
    assert isolate_ltr(shown(issued)) in (photo.caption or "")
    assert qr_modules(png_dark_pixels(photo.photo)) in segno_matrices(issued)
    assert await world.rows(
        "SELECT delta, kind, idempotency_key FROM ledger WHERE kind = 'redeem'"
    ) == [(-60, "redeem", f"redeem:{redemption_id}")]
    assert await world.scalar("SELECT issued FROM rewards WHERE id = :i", i=reward_id) == 1
    assert await world.scalar("SELECT balance FROM members WHERE code = :c", c=code) == 40
    await member.send(t("button-history"))
    assert t("ledger-redeem") in (member.last.content or "")


async def test_a_member_short_of_points_is_told_how_many_are_missing_and_nothing_is_taken(
    world: World,
) -> None:
    member, code = await join(world)  # 100 points
    await add_reward(world, title="کیک", cost=150)
    detail = await open_reward(member, "کیک", 150)
    assert t("reward-detail-missing", missing=50) in (detail.content or "")
    assert t("button-reward-take") not in member.buttons()
    # The points go elsewhere between the confirmation and the tap: refused, nothing written.
    await add_reward(world, title="چای", cost=40)
    confirm = await open_reward(member, "چای", 40)
    async with world.club.db.write() as conn:
        await ledger.debit(
            conn,
            member_id=await member_id_of(world, code),
            points=80,
            kind="signup",
            key="test-spend",
            now=world.club.now(),
        )
    await member.press(t("button-reward-take"))
    refused = next(m for m in member.inbox if m.message_id == confirm.message_id)
    assert refused.content == t("reward-refused-points", missing=20)
    assert await redemption_rows(world) == []
    assert await world.scalar("SELECT sum(issued) FROM rewards") == 0
    assert await world.scalar("SELECT count(*) FROM ledger WHERE kind = 'redeem'") == 0


async def test_pressing_take_twice_issues_one_code_and_the_second_tap_shows_it(
    world: World,
) -> None:
    member, _ = await join(world)
    await add_reward(world)
    detail = await open_reward(member)
    data = callback_of(detail, t("button-reward-take"))
    await member.press(t("button-reward-take"))
    await press_data(member, detail, data)
    [(_, _, issued, _, _)] = await redemption_rows(world)
    assert member.callback_answers[-1] == t("reward-already-taken", code=isolate_ltr(shown(issued)))
    assert await world.scalar("SELECT count(*) FROM ledger WHERE kind = 'redeem'") == 1
    assert [m.kind for m in member.inbox].count("photo") == 1


async def test_cancelling_takes_nothing_and_a_later_take_on_it_says_not_taken(world: World) -> None:
    member, _ = await join(world)
    await add_reward(world)
    detail = await open_reward(member)
    data = callback_of(detail, t("button-reward-take"))
    await member.press(t("button-cancel"))
    await press_data(member, detail, data)
    assert member.callback_answers[-1] == t("reward-not-taken")
    assert await redemption_rows(world) == []


async def test_the_per_member_limit_holds(world: World) -> None:
    member, code = await join(world)
    await give_points(world, await member_id_of(world, code), 200)
    await add_reward(world, per_member=2)
    await take(member)
    await take(member)
    detail = await take(member)
    refused = next(m for m in member.inbox if m.message_id == detail.message_id)
    assert refused.content == t("reward-refused-limit", limit=2)
    assert len(await redemption_rows(world)) == 2
    assert await world.scalar("SELECT balance FROM members WHERE code = :c", c=code) == 180


async def test_fifty_members_confirming_at_once_get_exactly_the_stock_of_ten(
    any_world: World,
) -> None:
    world = any_world
    chats = list(range(700_001, 700_051))
    async with world.club.db.write() as conn:
        ids = await add_members(conn, chats, now=world.club.now())
    for member_id in ids:
        await give_points(world, member_id, 100)
    reward_id = await add_reward(world, stock=10, cost=50)
    users = [world.emu.user(world.telegram, user_id=chat, first_name="عضو") for chat in chats]
    await asyncio.gather(*(open_reward(user, cost=50) for user in users))
    updates = [await user.press(t("button-reward-take"), wait=False) for user in users]
    for update_id in updates:
        await world.emu.wait_handled(world.telegram, update_id)

    assert await world.scalar("SELECT count(*) FROM redemptions") == 10
    assert await world.scalar("SELECT count(*) FROM ledger WHERE kind = 'redeem'") == 10
    assert await world.scalar("SELECT issued FROM rewards WHERE id = :i", i=reward_id) == 10
    assert await world.scalar("SELECT sum(balance) FROM members") == 50 * 100 - 10 * 50
    said = [texts_of(user.inbox) for user in users]
    assert sum(t("reward-refused-stock") in messages for messages in said) == 40
    assert sum(any(m.kind == "photo" for m in user.inbox) for user in users) == 10


# My codes and giving back


async def test_giving_a_code_back_refunds_the_points_restores_the_stock_once(
    world: World,
) -> None:
    member, code = await join(world)
    reward_id = await add_reward(world, stock=1)
    await take(member)
    [(redemption_id, _, issued, _, _)] = await redemption_rows(world)
    await member.send(t("button-my-codes"))
    listing = member.last
    assert t("codes-title-active") in (listing.content or "")
    label = t("button-code-giveback", code=shown(issued))
    await member.press(label)
    confirm = member.last
    assert confirm.content == t(
        "giveback-confirm", code=isolate_ltr(shown(issued)), title="قهوه", cost=60
    )
    yes = callback_of(confirm, t("button-giveback-yes"))
    await member.press(t("button-giveback-yes"))
    done = next(m for m in member.inbox if m.message_id == confirm.message_id)
    assert done.content == t("giveback-done", code=isolate_ltr(shown(issued)), cost=60, balance=100)
    await press_data(member, confirm, yes)  # twice: once
    assert member.callback_answers[-1] == t("reward-giveback-returned")
    assert await world.rows(
        "SELECT delta, idempotency_key FROM ledger WHERE kind IN ('redeem', 'redeem-refund')"
        " ORDER BY id"
    ) == [(-60, f"redeem:{redemption_id}"), (60, f"redeem-refund:{redemption_id}")]
    assert await world.scalar("SELECT status FROM redemptions") == "returned"
    assert await world.scalar("SELECT issued FROM rewards WHERE id = :i", i=reward_id) == 0
    assert await world.scalar("SELECT balance FROM members WHERE code = :c", c=code) == 100
    # The old give-back button on the list is refused too, and the code is listed as returned.
    await press_data(member, listing, f"reward:back:{redemption_id}")
    assert member.callback_answers[-1] == t("reward-giveback-returned")
    await member.send(t("button-my-codes"))
    assert t("code-status-returned") in (member.last.content or "")
    assert member.last.inline_buttons() == []


async def test_my_codes_lists_usable_codes_first_and_shows_the_qr_again(world: World) -> None:
    member, code = await join(world)
    await give_points(world, await member_id_of(world, code), 100)
    await add_reward(world)
    await take(member)
    await take(member)
    first, second = [row[2] for row in await redemption_rows(world)]
    # The first code expires (its time passes).
    async with world.club.db.write() as conn:
        await conn.execute(
            sa.text("UPDATE redemptions SET expires_at = :at WHERE code = :c"),
            {"at": world.club.now() - timedelta(days=1), "c": first},
        )
    await member.send(t("button-my-codes"))
    text = member.last.content or ""
    assert text.index(isolate_ltr(shown(second))) < text.index(t("codes-title-closed"))
    assert text.index(t("codes-title-closed")) < text.index(isolate_ltr(shown(first)))
    assert t("code-status-expired") in text
    await member.press(t("button-code-qr", code=shown(second)))
    photo = member.last
    assert photo.kind == "photo" and photo.photo is not None
    assert qr_modules(png_dark_pixels(photo.photo)) in segno_matrices(second)


async def test_forged_reward_buttons_are_stale_and_change_nothing(world: World) -> None:
    member, _ = await join(world)
    other, other_code = await join(world, phone="+989121234568", name="رضا رضایی")
    await add_reward(world)
    await take(other)
    [(redemption_id, _, _, _, _)] = await redemption_rows(world)
    await member.send(t("button-rewards"))
    screen = member.last
    for data in (
        "reward:show:999",
        f"reward:backy:{redemption_id}",
        f"reward:back:{redemption_id}",
        f"reward:qr:{redemption_id}",
        "reward:y:1:not-a-token-at-all",
        "reward:page:-1",
        "reward:nonsense",
    ):
        await press_data(member, screen, data)
        assert member.callback_answers[-1] == t("hint-stale-button"), data
    assert await world.scalar("SELECT status FROM redemptions") == "active"
    assert await world.scalar("SELECT count(*) FROM ledger WHERE kind = 'redeem-refund'") == 0
    assert await world.scalar("SELECT balance FROM members WHERE code = :c", c=other_code) == 40


async def test_a_non_member_pressing_a_reward_button_is_told_to_join(world: World) -> None:
    member, _ = await join(world)
    await member.send(t("button-rewards"))
    screen = member.last
    stranger = world.emu.user(world.telegram, first_name="غریبه")
    await stranger.send("سلام")
    await press_data(stranger, screen, "reward:show:1")
    assert stranger.callback_answers[-1] == t("hint-start")


# Partner pools


async def test_the_last_partner_code_pauses_the_reward_and_tells_the_admins(world: World) -> None:
    owner = owner_of(world)
    member, code = await join(world)
    await give_points(world, await member_id_of(world, code), 100)
    reward_id = await add_reward(world, pooled=True)
    async with world.club.db.write() as conn:
        await conn.execute(
            sa.insert(partner_codes),
            [
                {"reward_id": reward_id, "code": c, "uploaded_at": world.club.now()}
                for c in ("PARTNER-A", "PARTNER-B")
            ],
        )
    await take(member)
    assert t("reward-taken-partner", code=isolate_ltr("PARTNER-A")) in "\n".join(
        texts_of(member.inbox)
    )
    assert await world.scalar("SELECT status FROM rewards") == "active"
    await take(member)
    assert await world.rows("SELECT status, paused_reason FROM rewards") == [
        ("paused", rewards.POOL_EMPTY)
    ]
    assert t("reward-pool-empty-team", title="قهوه") in texts_of(owner.inbox)
    assert await world.rows(
        "SELECT p.code, r.partner_code FROM partner_codes p"
        " JOIN redemptions r ON r.id = p.redemption_id ORDER BY p.id"
    ) == [("PARTNER-A", "PARTNER-A"), ("PARTNER-B", "PARTNER-B")]
    # A partner's code cannot be given back: it has no give-back button, and a forged one
    # is refused.
    await member.send(t("button-my-codes"))
    listing = member.last
    datas = [str(b["callback_data"]) for b in listing.inline_buttons()]
    assert datas and not any(d.startswith("reward:back") for d in datas)
    [first, _] = await redemption_rows(world)
    await press_data(member, listing, f"reward:backy:{first[0]}")
    assert member.callback_answers[-1] == t("reward-giveback-pooled")
    # The paused reward is no longer offered.
    await member.send(t("button-rewards"))
    assert item_label("قهوه", 60) not in member.buttons()
