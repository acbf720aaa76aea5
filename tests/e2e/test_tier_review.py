"""The nightly tier review end to end on a fake clock: warned before a fall (once), kept
through a grace (told, still earning at its rate), then downgraded (told); a purchase that
brings the member back ends the grace; with no grace the tier falls at once; upgrades are
immediate; a second run the same night does nothing twice.

Timeline: a purchase of 10,000,000 toman on 1 January 2025 (09:00 Tehran) earns 1,000 tier
points (silver); they leave the 365-day window on 1 January 2026. Night n is 03:30 Tehran
(after TIER_TIME, 03:00) n days after 1 January 2025.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from bot.club.digits import to_persian_digits
from bot.emulator.driver import Emulator, SimUser
from bot.storage.tables import identities, ledger, members
from bot.storage.tables import outbox as outbox_table
from tests.e2e.test_purchases import buy, join, owner_of, void
from tests.e2e.world import TELEGRAM_TOKEN, Clock, World, t, texts_of, world_settings

TEHRAN = ZoneInfo("Asia/Tehran")
START = datetime(2025, 1, 1, 0, 0, tzinfo=UTC)  # 03:30 Tehran
BOUGHT = START + timedelta(hours=5, minutes=30)  # 09:00 Tehran, day 0


def night(n: int) -> datetime:
    return START + timedelta(days=n)


def club_day(moment: datetime) -> date:
    return moment.astimezone(TEHRAN).date()


async def delivered(world: World) -> None:
    """Until the sender has delivered every message the job wrote to the outbox."""
    assert world.runtime is not None
    world.runtime.sender.wake()
    for _ in range(300):
        waiting = await world.scalar(
            "SELECT count(*) FROM outbox WHERE status IN ('pending', 'sending')"
        )
        if not waiting:
            break
        await asyncio.sleep(0.02)
    await world.runtime.sender.wait_idle()


async def run_on(world: World, moment: datetime) -> list[Any]:
    """The tiers job as the scheduler's tick would run it at `moment`: the periods it ran."""
    world.clock.now = moment
    ran = await world.run_job("tiers")
    await delivered(world)
    return ran


async def silver_member(world: World) -> tuple[SimUser, str, SimUser]:
    """A member made silver by a purchase on day 0: (member, code, cashier)."""
    world.clock.now = BOUGHT
    member, code = await join(world)
    owner = owner_of(world)
    await buy(owner, f"{code} 10000000 R-1")
    return member, code, owner


async def state(world: World, code: str) -> tuple[str, datetime | None, datetime | None]:
    """The stored tier, its grace end and the last warning, as the club reads them."""
    async with world.club.db.read() as conn:
        row = (
            await conn.execute(
                sa.select(
                    members.c.tier, members.c.tier_grace_until, members.c.tier_warned_at
                ).where(members.c.code == code)
            )
        ).one()
    return row.tier, row.tier_grace_until, row.tier_warned_at


def points_screen(member: SimUser) -> list[str]:
    return (member.last.content or "").splitlines()


async def test_an_upgrade_is_immediate_at_the_purchase(world: World) -> None:
    member, code, owner = await silver_member(world)
    # No night has passed: the purchase raised the stored tier in its own transaction.
    assert (await state(world, code))[0] == "silver"
    assert texts_of(member.inbox)[-1] == t("tier-up", tier=t("tier-silver"))
    await owner.send(f"/purchase {code} 1000000 R-2")
    assert t("tier-silver") in (owner.last.content or "")


async def test_a_member_is_warned_days_before_the_fall_and_only_once(world: World) -> None:
    member, code, _ = await silver_member(world)
    before = len(member.inbox)
    assert await run_on(world, night(358)) == [club_day(night(358))]
    assert len(member.inbox) == before  # 7 days ahead the points still count
    await run_on(world, night(359))
    warning = t(
        "tier-warning",
        tier=t("tier-silver"),
        points=1000,
        date=date(2026, 1, 1),  # the day before night 366's review: the points must come by then
        window=365,
    )
    assert texts_of(member.inbox)[before:] == [warning]
    assert to_persian_digits("365") in warning and not re.search("[0-9]", warning)
    tier, grace, warned = await state(world, code)
    assert (tier, grace, warned) == ("silver", None, night(359))
    # The same night again, and the next nights: no second warning.
    assert await run_on(world, night(359)) == []
    await run_on(world, night(360))
    await run_on(world, night(361))
    assert texts_of(member.inbox)[before:] == [warning]
    assert await world.scalar("SELECT count(*) FROM outbox WHERE dedup_key LIKE 'tier-%'") == 1


async def test_the_tier_is_kept_through_its_grace_at_its_rate_then_falls_and_is_won_back(
    world: World,
) -> None:
    member, code, owner = await silver_member(world)
    before = len(member.inbox)
    await run_on(world, night(366))  # the purchase has left the window: bronze by the ledger
    # Kept 14 days (TIER_GRACE_DAYS): to the end of 15 January, the grace ends as 16 begins.
    kept_until = date(2026, 1, 15)
    grace = t("tier-grace", tier=t("tier-silver"), points=1000, date=kept_until, window=365)
    assert texts_of(member.inbox)[before:] == [grace]
    tier, grace_until, _ = await state(world, code)
    assert tier == "silver"
    assert grace_until == datetime(2026, 1, 16, tzinfo=TEHRAN)
    assert await run_on(world, night(366)) == []  # the same night again: nothing
    assert texts_of(member.inbox)[before:] == [grace]
    # What the member sees is the stored tier, with its grace.
    world.clock.now = night(370) + timedelta(hours=6)
    await member.press(t("button-points"))
    assert points_screen(member) == [
        t("points-balance", balance=1100),
        t("points-tier", tier=t("tier-silver")),
        t("tier-grace-status", tier=t("tier-silver"), date=kept_until, points=1000),
        t("points-next", points=5000, tier=t("tier-gold")),
    ]
    await member.press(t("button-card"))
    assert t("tier-silver") in (member.last.caption or "")
    # A purchase during the grace earns at silver's ×1.1: 100 points become 110.
    await buy(owner, f"{code} 1000000 R-2")
    assert t("purchase-earned", points=110) in texts_of(member.inbox)
    await run_on(world, night(379))  # the grace ends at the start of 16 January
    assert (await state(world, code))[0] == "silver"
    said = len(member.inbox)
    await run_on(world, night(380))
    down = t("tier-down", tier=t("tier-bronze"), previous=t("tier-silver"), points=890)
    assert texts_of(member.inbox)[said:] == [down]
    assert await state(world, code) == ("bronze", None, None)
    await run_on(world, night(381))
    assert texts_of(member.inbox)[said:] == [down]
    keys = await world.rows(
        "SELECT dedup_key FROM outbox WHERE dedup_key LIKE 'tier-%' ORDER BY id"
    )
    member_id = await world.scalar("SELECT id FROM members WHERE code = :c", c=code)
    assert [k for (k,) in keys] == [
        f"tier-grace:{member_id}:2026-01-02",
        f"tier-down:{member_id}:2026-01-16",
    ]
    # Bronze now: the quote says so, and a purchase crossing the threshold is announced.
    world.clock.now = night(381) + timedelta(hours=6)
    await owner.send(f"/purchase {code} 9000000 R-3")
    assert t("tier-bronze") in (owner.last.content or "")
    await owner.press(t("button-confirm"))
    assert texts_of(member.inbox)[-2:] == [
        t("purchase-earned", points=900),
        t("tier-up", tier=t("tier-silver")),
    ]


async def test_a_purchase_during_the_grace_that_brings_the_member_back_ends_it(
    world: World,
) -> None:
    member, code, owner = await silver_member(world)
    await run_on(world, night(366))
    assert (await state(world, code))[1] is not None
    world.clock.now = night(367) + timedelta(hours=6)
    await buy(owner, f"{code} 10000000 R-2")  # 1,100 points at ×1.1: silver by the ledger again
    assert await state(world, code) == ("silver", None, None)
    # Silver all along: no second announcement, and the grace is gone from the screen.
    assert texts_of(member.inbox).count(t("tier-up", tier=t("tier-silver"))) == 1
    await member.press(t("button-points"))
    assert points_screen(member)[1:] == [
        t("points-tier", tier=t("tier-silver")),
        t("points-next", points=5000 - 1100, tier=t("tier-gold")),
    ]
    said = len(member.inbox)
    await run_on(world, night(380))
    await run_on(world, night(381))
    assert len(member.inbox) == said
    assert (await state(world, code))[0] == "silver"


async def test_a_void_during_the_grace_leaves_it_and_a_void_that_made_the_tier_drops_it(
    world: World,
) -> None:
    member, code, owner = await silver_member(world)
    await run_on(world, night(366))
    grace_until = (await state(world, code))[1]
    world.clock.now = night(367) + timedelta(hours=6)
    await buy(owner, f"{code} 1000000 R-2")
    await void(owner, "R-2")
    # The tier stood on points that left the window, not on R-2: the grace runs on.
    assert await state(world, code) == ("silver", grace_until, None)
    # Points that made the tier, voided: never earned, so no grace (at once, told by the till).
    await buy(owner, f"{code} 10000000 R-3")
    assert await state(world, code) == ("silver", None, None)
    await void(owner, "R-3")
    assert await state(world, code) == ("bronze", None, None)
    said = len(member.inbox)
    await run_on(world, night(368))
    assert len(member.inbox) == said


async def test_with_no_grace_the_tier_falls_at_once_and_the_member_is_told(
    make_world: Callable[..., Any],
) -> None:
    world: World = await make_world(tier_grace_days=0, tier_warning_days=0)
    member, code, _ = await silver_member(world)
    before = len(member.inbox)
    await run_on(world, night(365))
    assert len(member.inbox) == before  # no warning (TIER_WARNING_DAYS=0), still in the window
    await run_on(world, night(366))
    down = t("tier-down", tier=t("tier-bronze"), previous=t("tier-silver"), points=1000)
    assert texts_of(member.inbox)[before:] == [down]
    assert await state(world, code) == ("bronze", None, None)
    await member.press(t("button-points"))
    assert points_screen(member)[1] == t("points-tier", tier=t("tier-bronze"))


# --- many members, in batches, seeded straight into the database ------------------------------


async def _seed(
    world: World,
    n: int,
    tier: str,
    points: list[tuple[datetime, int]],
    *,
    grace: datetime | None = None,
    warned: datetime | None = None,
    deleted: bool = False,
) -> int:
    async with world.club.db.write() as conn:
        member_id = int(
            await conn.scalar(
                sa.insert(members)
                .values(
                    code=f"T{n:05d}",
                    name="Seeded",
                    phone=f"+98935{n:07d}",
                    tier=tier,
                    tier_grace_until=grace,
                    tier_warned_at=warned,
                    joined_at=START,
                    deleted_at=START if deleted else None,
                )
                .returning(members.c.id)
            )
        )
        for i, (at, amount) in enumerate(points):
            await conn.execute(
                sa.insert(ledger).values(
                    member_id=member_id,
                    delta=amount,
                    qualifying=amount,
                    kind="purchase",
                    idempotency_key=f"seed:{member_id}:{i}",
                    created_at=at,
                )
            )
    return member_id


@pytest.fixture(params=["sqlite", "postgres"])
async def batch_world(emu: Emulator, request: pytest.FixtureRequest) -> AsyncIterator[World]:
    """A world on either database that reviews two members per batch."""
    url = request.getfixturevalue(f"{request.param}_url")
    world = World(emu, world_settings(emu, url, job_batch_size=2), Clock())
    await world.start()
    yield world
    await world.stop()


async def test_a_night_reviews_every_member_in_batches_and_runs_once(batch_world: World) -> None:
    world = batch_world
    now = night(400)
    recent, leaving = now - timedelta(days=30), now - timedelta(days=360)  # leaves in 5 days
    ids = {
        "steady": await _seed(world, 1, "silver", [(recent, 1200)]),
        "falling": await _seed(world, 2, "silver", [(leaving, 1200)]),
        "fell": await _seed(world, 3, "gold", [(recent, 1200)]),
        "graced": await _seed(world, 4, "gold", [(recent, 1200)], grace=now - timedelta(hours=1)),
        "risen": await _seed(world, 5, "bronze", [(recent, 3000), (recent, 3000)]),
        "erased": await _seed(world, 6, "gold", [], deleted=True),
        "back": await _seed(world, 7, "silver", [(recent, 1200)], grace=now + timedelta(days=3)),
        "averted": await _seed(
            world, 8, "silver", [(recent, 1200)], warned=now - timedelta(days=2)
        ),
        "waiting": await _seed(world, 9, "gold", [(recent, 10)], grace=now + timedelta(days=3)),
    }
    assert await run_on(world, now) == [club_day(now)]
    async with world.club.db.read() as conn:
        found = await conn.execute(
            sa.select(
                members.c.id, members.c.tier, members.c.tier_grace_until, members.c.tier_warned_at
            )
        )
        rows = {r.id: (r.tier, r.tier_grace_until, r.tier_warned_at) for r in found}
    grace_end = datetime(2026, 2, 18, 20, 30, tzinfo=UTC)  # midnight Tehran, 14 days on
    assert {name: rows[i] for name, i in ids.items()} == {
        "steady": ("silver", None, None),
        "falling": ("silver", None, now),
        "fell": ("gold", grace_end, None),
        "graced": ("silver", None, None),
        "risen": ("gold", None, None),
        "erased": ("gold", None, None),
        "back": ("silver", None, None),
        "averted": ("silver", None, None),
        "waiting": ("gold", now + timedelta(days=3), None),
    }
    day = club_day(now).isoformat()
    expected = [
        f"tier-warn:{ids['falling']}:{day}",
        f"tier-grace:{ids['fell']}:{day}",
        f"tier-down:{ids['graced']}:{day}",
        f"tier-up:{ids['risen']}:{day}",
    ]

    async def keys() -> list[str]:
        found = await world.rows("SELECT dedup_key FROM outbox WHERE dedup_key LIKE 'tier-%'")
        return sorted(k for (k,) in found)

    assert await keys() == sorted(expected)
    # The same night again does nothing; nor does a run whose record was lost (the members'
    # own state says what each was already told).
    assert await run_on(world, now) == []
    async with world.club.db.write() as conn:
        await conn.execute(sa.text("DELETE FROM job_runs WHERE job = 'tiers'"))
    assert await run_on(world, now) == [club_day(now)]
    assert await keys() == sorted(expected)


async def test_a_warning_written_at_night_waits_for_the_end_of_the_quiet_hours(
    make_world: Callable[..., Any],
) -> None:
    world: World = await make_world(quiet_hours="22:00-09:00")
    member, _, _ = await silver_member(world)
    before = len(member.inbox)
    # Night 359 at 03:30 Tehran: the warning is written, due at 09:00.
    world.clock.now = night(359)
    assert await world.run_job("tiers") == [club_day(night(359))]
    async with world.club.db.read() as conn:
        due = await conn.scalar(
            sa.select(outbox_table.c.next_at).where(outbox_table.c.dedup_key.like("tier-warn:%"))
        )
    nine = datetime.combine(club_day(night(359)), time(9), tzinfo=TEHRAN).astimezone(UTC)
    assert due == nine
    assert world.runtime is not None
    world.runtime.sender.wake()
    await world.runtime.sender.wait_idle()
    assert len(member.inbox) == before
    world.clock.now = nine
    await delivered(world)
    assert texts_of(member.inbox)[before:] == [
        t("tier-warning", tier=t("tier-silver"), points=1000, date=date(2026, 1, 1), window=365)
    ]


@pytest.mark.parametrize("grace_days", [0, 14])
async def test_a_purchase_committing_during_the_batch_is_counted_on_postgresql(
    emu: Emulator, postgres_url: str, grace_days: int
) -> None:
    """The review waits for a purchase holding the member's row, then judges the member on
    the points with that purchase (not the sums read before it): no fall, no notice."""
    world = World(emu, world_settings(emu, postgres_url, tier_grace_days=grace_days), Clock())
    await world.start()
    try:
        now = night(400)
        grace = now - timedelta(hours=1) if grace_days else None
        member = await _seed(world, 1, "gold", [(now - timedelta(days=30), 4000)], grace=grace)
        locked, release = asyncio.Event(), asyncio.Event()

        async def purchase() -> None:  # what a purchase does, holding the row until commit
            async with world.club.db.write() as conn:
                await conn.execute(
                    sa.insert(ledger).values(
                        member_id=member,
                        delta=1200,
                        qualifying=1200,
                        kind="purchase",
                        idempotency_key="race",
                        created_at=now,
                    )
                )
                await conn.execute(
                    sa.update(members)
                    .where(members.c.id == member)
                    .values(balance=members.c.balance + 1200, tier_grace_until=None)
                )
                locked.set()
                await release.wait()

        buying = asyncio.create_task(purchase())
        await locked.wait()
        world.clock.now = now
        review = asyncio.create_task(world.run_job("tiers"))
        await asyncio.sleep(0.5)
        assert not review.done()  # it waits for the purchase's row
        release.set()
        await buying
        await review
        assert await state(world, "T00001") == ("gold", None, None)
        assert await world.rows("SELECT id FROM outbox WHERE dedup_key LIKE 'tier-%'") == []
    finally:
        await world.stop()


async def test_a_warning_names_the_day_before_the_first_fall_not_the_horizon(
    make_world: Callable[..., Any],
) -> None:
    """Older points leave the window three nights from now, before the warning's horizon
    (seven days): the warning's date is the day before that third night, when the tier
    falls (no grace here), not the horizon's."""
    world = await make_world(tier_grace_days=0)
    now = night(400)
    member = await _seed(
        world,
        1,
        "gold",
        [(now - timedelta(days=362, hours=1), 4500), (now - timedelta(days=1), 600)],
    )
    user = world.emu.user(TELEGRAM_TOKEN, first_name="Seeded")
    async with world.club.db.write() as conn:
        await conn.execute(
            sa.insert(identities).values(
                platform="telegram",
                platform_user_id=user.id,
                member_id=member,
                chat_id=user.id,
                created_at=START,
            )
        )
    await run_on(world, now)
    warning = user.inbox[-1].content or ""
    for n in (1, 2, 3):
        await run_on(world, now + timedelta(days=n))
    assert (await state(world, "T00001"))[0] != "gold"
    fell = club_day(now + timedelta(days=3))
    assert world.runtime is not None
    assert world.runtime.texts.date(fell - timedelta(days=1)) in warning
    assert len(user.inbox) == 2  # the warning, then the fall
