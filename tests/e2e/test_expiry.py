"""Points expiry end to end on a fake clock: FIFO with partial spends, the warnings 30, 7 and
1 days before (each once, late after downtime), the expiry row and its notice, reruns; a
policy turned on or shortened gives notice before anything expires; a voided purchase takes
back its own points, not the oldest.

Members sign up through the chat; their points are credited and spent straight through the
ledger at chosen moments (the chat's own ways of earning are other tests' business). The job
runs as the scheduler's tick would run it (`world.run_job("expiry")`).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable
from datetime import UTC, date, datetime, timedelta
from itertools import count
from typing import Any
from zoneinfo import ZoneInfo

import jdatetime
import pytest
import sqlalchemy as sa

from bot.club import ledger
from bot.emulator.driver import Emulator, SimUser
from bot.storage.tables import outbox
from tests.e2e.test_purchases import buy, owner_of, void
from tests.e2e.world import Clock, World, sign_up, t, texts_of, world_settings

TEHRAN = ZoneInfo("Asia/Tehran")
# Signup and profile gifts off: each test's points are the ones it credits.
NO_GIFTS = {"points_signup": 0, "points_profile": 0}
_phones = count(1)
_keys = count(1)


def jday(year: int, month: int, day: int) -> date:
    result: date = jdatetime.date(year, month, day).togregorian()
    return result


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    """A moment of a club day (Tehran time), as the club's clock holds it (UTC)."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=TEHRAN).astimezone(UTC)


async def execute(world: World, sql: str, **params: Any) -> None:
    async with world.club.db.write() as conn:
        await conn.execute(sa.text(sql), params)


async def join(world: World, moment: datetime) -> tuple[SimUser, int]:
    """A member who signed up through the chat at `moment`, and their member id."""
    world.clock.now = moment
    user = world.emu.user(world.telegram, first_name="Sara", phone=f"+98912{next(_phones):07d}")
    await sign_up(user)
    found = await world.scalar(
        "SELECT member_id FROM identities WHERE platform_user_id = :id", id=user.chat.user.id
    )
    return user, int(found)


async def move(world: World, member: int, delta: int, moment: datetime) -> None:
    """Points earned (a purchase) or spent (a reward) at `moment`, through the ledger."""
    world.clock.now = moment
    async with world.club.db.write() as conn:
        if delta > 0:
            await ledger.credit(
                conn, member_id=member, points=delta, kind="purchase", key=f"t:{next(_keys)}",
                now=moment,
            )  # fmt: skip
        else:
            await ledger.debit(
                conn, member_id=member, points=-delta, kind="redeem", key=f"t:{next(_keys)}",
                now=moment,
            )  # fmt: skip


async def delivered(world: World) -> None:
    """Until the sender has delivered every message that is due."""
    assert world.runtime is not None
    world.runtime.sender.wake()
    waiting = sa.select(sa.func.count()).where(
        sa.or_(
            outbox.c.status == "sending",
            sa.and_(outbox.c.status == "pending", outbox.c.next_at <= world.clock.now),
        )
    )
    for _ in range(300):
        async with world.club.db.read() as conn:
            if not await conn.scalar(waiting):
                break
        await asyncio.sleep(0.02)
    await world.runtime.sender.wait_idle()


async def run_on(world: World, moment: datetime) -> list[Any]:
    world.clock.now = moment
    ran = await world.run_job("expiry")
    await delivered(world)
    return ran


async def rerun(world: World) -> None:
    """The same day again with its record lost: only the idempotency keys stand guard."""
    await execute(world, "DELETE FROM job_runs WHERE job = 'expiry'")
    assert await run_on(world, world.clock.now + timedelta(minutes=5)) != []


async def expiries(world: World) -> list[tuple[int, int, str]]:
    rows = await world.rows(
        "SELECT member_id, delta, idempotency_key FROM ledger WHERE kind = 'expiry' ORDER BY id"
    )
    return [(int(m), int(d), str(k)) for m, d, k in rows]


async def balance(world: World, member: int) -> int:
    return int(await world.scalar("SELECT balance FROM members WHERE id = :id", id=member))


def told(user: SimUser, key: str) -> list[str]:
    """The messages of one kind the member received ("expiry-warning", "expiry-done"): each
    kind's words after the number are its own."""
    words = t(key, points=2, date=date(2026, 1, 1), months=2, balance=0).split()
    marker = " ".join(words[1:4])
    return [text for text in texts_of(user.inbox) if marker in text]


async def fifo_with_partial_spends(world: World) -> None:
    """100 earned in Farvardin, 50 in Ordibehesht, 120 spent in Khordad (N = 2 months)."""
    sara, sara_id = await join(world, at(jday(1405, 1, 10)))
    await move(world, sara_id, 100, at(jday(1405, 1, 10)))
    await move(world, sara_id, 50, at(jday(1405, 2, 10)))
    await move(world, sara_id, -120, at(jday(1405, 3, 10)))
    # 1 Tir: Farvardin's 100 are due, but the 120 spent took them first: nothing expires.
    assert await run_on(world, at(jday(1405, 4, 1))) == [jday(1405, 4, 1)]
    assert await expiries(world) == []
    await move(world, sara_id, 40, at(jday(1405, 4, 10)))
    # 1 Mordad: Ordibehesht's 50 less the 20 of them spent expire; Tir's 40 stay.
    mordad = jday(1405, 5, 1)
    assert await run_on(world, at(mordad)) == [mordad]
    assert await expiries(world) == [(sara_id, -30, f"expiry:{sara_id}:{mordad.isoformat()}")]
    assert await balance(world, sara_id) == 40
    assert told(sara, "expiry-done") == [t("expiry-done", points=30, months=2, balance=40)]
    await sara.press(t("button-history"))
    assert t("ledger-expiry") in (sara.last.content or "")
    # The same day again: nothing doubles.
    await rerun(world)
    assert len(await expiries(world)) == 1 and await balance(world, sara_id) == 40
    assert len(told(sara, "expiry-done")) == 1
    # 1 Mehr: Tir's 40 go, down to zero and not below.
    mehr = jday(1405, 7, 1)
    assert await run_on(world, at(mehr)) == [mehr]
    assert [d for _, d, _ in await expiries(world)] == [-30, -40]
    assert await balance(world, sara_id) == 0
    assert told(sara, "expiry-done")[-1] == t("expiry-done", points=40, months=2, balance=0)


async def test_points_expire_first_in_first_out_after_partial_spends(make_world: Any) -> None:
    await fifo_with_partial_spends(await make_world(points_expiry_months=2, **NO_GIFTS))


@pytest.fixture
async def pg_world(emu: Emulator, postgres_url: str) -> AsyncIterator[World]:
    settings = world_settings(emu, postgres_url, points_expiry_months=2, **NO_GIFTS)
    world = World(emu, settings, Clock())
    await world.start()
    yield world
    await world.stop()


async def test_points_expire_first_in_first_out_on_postgresql(pg_world: World) -> None:
    await fifo_with_partial_spends(pg_world)


async def test_members_are_warned_30_7_and_1_days_before_each_once(make_world: Any) -> None:
    world = await make_world(points_expiry_months=1, **NO_GIFTS)
    sara, sara_id = await join(world, at(jday(1405, 1, 10)))
    _, idle_id = await join(world, at(jday(1405, 1, 10)))  # nothing that expires: no message
    await move(world, sara_id, 100, at(jday(1405, 1, 10)))  # expires 1 Khordad
    await move(world, idle_id, 70, at(jday(1405, 2, 3)))  # expires 1 Tir
    khordad = jday(1405, 3, 1)
    last_day = khordad - timedelta(days=1)  # 31 Ordibehesht
    warned: dict[int, list[str]] = {}
    for back in range(31, -1, -1):  # every day from 1 Ordibehesht to 1 Khordad
        day = khordad - timedelta(days=back)
        if back == 20:
            await move(world, sara_id, -20, at(day, 9))  # a spend takes the oldest points
        assert await run_on(world, at(day)) == [day]
        warned[back] = told(sara, "expiry-warning")
        if back in (30, 7, 1):
            await rerun(world)  # a second run the same day sends nothing more
            assert told(sara, "expiry-warning") == warned[back]
    assert warned[30] == [t("expiry-warning", points=100, date=last_day)]
    assert warned[29] == warned[8] == warned[30]
    assert warned[7] == [*warned[30], t("expiry-warning", points=80, date=last_day)]
    assert warned[1] == [*warned[7], t("expiry-warning", points=80, date=last_day)]
    assert warned[0] == warned[1]
    keys = await world.rows(
        "SELECT dedup_key FROM outbox WHERE dedup_key LIKE 'expiry-warn:%' ORDER BY id"
    )
    assert [k for (k,) in keys] == [f"expiry-warn:{sara_id}:{khordad}:{d}" for d in (30, 7, 1)]
    assert await expiries(world) == [(sara_id, -80, f"expiry:{sara_id}:{khordad}")]
    assert told(sara, "expiry-done") == [t("expiry-done", points=80, months=1, balance=0)]
    assert await balance(world, idle_id) == 70


async def test_after_downtime_a_missed_warning_goes_once_and_the_expiry_runs_late_once(
    make_world: Any,
) -> None:
    world = await make_world(points_expiry_months=1, **NO_GIFTS)
    sara, sara_id = await join(world, at(jday(1405, 1, 10)))
    await move(world, sara_id, 100, at(jday(1405, 1, 10)))
    khordad = jday(1405, 3, 1)
    assert await run_on(world, at(jday(1405, 2, 1))) == [jday(1405, 2, 1)]
    assert told(sara, "expiry-warning") == []
    # Off from then until 4 days before: the 30-day warning's moment has passed, the 7-day
    # one is due, and only it goes.
    four_before = khordad - timedelta(days=4)
    assert await run_on(world, at(four_before)) == [four_before]
    warning = t("expiry-warning", points=100, date=khordad - timedelta(days=1))
    assert told(sara, "expiry-warning") == [warning]
    keys = await world.rows("SELECT dedup_key FROM outbox WHERE dedup_key LIKE 'expiry-warn:%'")
    assert keys == [(f"expiry-warn:{sara_id}:{khordad}:7",)]
    # Off again over the 1-day warning and the expiry date: the one run for now expires,
    # late, and a warning about a date already past is not sent.
    three_after = khordad + timedelta(days=3)
    assert await run_on(world, at(three_after)) == [three_after]
    assert await expiries(world) == [(sara_id, -100, f"expiry:{sara_id}:{khordad}")]
    assert told(sara, "expiry-warning") == [warning]
    assert told(sara, "expiry-done") == [t("expiry-done", points=100, months=1, balance=0)]
    # The next days of the month have nothing to do.
    assert await run_on(world, at(three_after + timedelta(days=1))) != []
    assert len(await expiries(world)) == 1 and len(told(sara, "expiry-done")) == 1


async def test_notices_of_a_run_in_quiet_hours_wait_for_their_end(make_world: Any) -> None:
    world = await make_world(points_expiry_months=1, quiet_hours="22:00-09:00", **NO_GIFTS)
    sara, sara_id = await join(world, at(jday(1405, 1, 10)))
    await move(world, sara_id, 100, at(jday(1405, 1, 10)))
    # In effect a month before (the notice period of a policy: the tests below).
    assert await run_on(world, at(jday(1405, 2, 1))) == [jday(1405, 2, 1)]
    khordad = jday(1405, 3, 1)
    assert await run_on(world, at(khordad, 4, 0)) == [khordad]  # EXPIRY_TIME
    assert await expiries(world) == [(sara_id, -100, f"expiry:{sara_id}:{khordad}")]
    assert told(sara, "expiry-done") == []
    world.clock.now = at(khordad, 9, 0)
    await delivered(world)
    assert told(sara, "expiry-done") == [t("expiry-done", points=100, months=1, balance=0)]


async def test_expiry_is_off_unless_points_expiry_months_is_set(
    world: World, make_world: Callable[..., Any]
) -> None:
    assert world.settings.points_expiry_months == 0
    _, sara_id = await join(world, at(jday(1404, 1, 10)))
    await move(world, sara_id, 100, at(jday(1404, 1, 10)))
    # A policy recorded while expiry was on: turning it off forgets it, so turning it on
    # again starts a new notice period.
    async with world.club.db.write() as conn:
        await conn.execute(
            sa.text("INSERT INTO club_meta (key, value) VALUES ('expiry_policy', :v)"),
            {"v": '{"months": 12, "since": "2025-01-01"}'},
        )
    assert await run_on(world, at(jday(1405, 3, 1))) == [jday(1405, 3, 1)]
    assert await expiries(world) == []
    assert await world.scalar("SELECT count(*) FROM outbox WHERE dedup_key LIKE 'expiry%'") == 0
    assert await world.scalar("SELECT count(*) FROM club_meta WHERE key = 'expiry_policy'") == 0


async def policy(world: World) -> dict[str, Any]:
    raw = await world.scalar("SELECT value FROM club_meta WHERE key = 'expiry_policy'")
    found: dict[str, Any] = json.loads(raw)
    return found


async def test_turning_expiry_on_for_an_existing_club_warns_before_anything_expires(
    make_world: Any,
) -> None:
    world = await make_world(points_expiry_months=12, **NO_GIFTS)
    sara, sara_id = await join(world, at(jday(1403, 1, 10)))
    await move(world, sara_id, 500, at(jday(1403, 1, 10)))  # two years old
    # The owner sets POINTS_EXPIRY_MONTHS=12 and restarts on 15 Farvardin 1405: its first run
    # takes nothing, and 1 Ordibehesht is still inside the 30-day notice (+1).
    start = jday(1405, 1, 15)
    assert await run_on(world, at(start)) == [start]
    assert await policy(world) == {"months": 12, "since": start.isoformat()}
    ordibehesht = jday(1405, 2, 1)
    assert await run_on(world, at(ordibehesht)) == [ordibehesht]
    assert await expiries(world) == [] and await balance(world, sara_id) == 500
    assert told(sara, "expiry-warning") == [] and told(sara, "expiry-done") == []
    # The first date it acts on, 1 Khordad, is warned about 30 days before, with everything
    # that rolled into it; then it expires.
    khordad = jday(1405, 3, 1)
    assert await run_on(world, at(khordad - timedelta(days=30))) != []
    warning = t("expiry-warning", points=500, date=khordad - timedelta(days=1))
    assert told(sara, "expiry-warning") == [warning]
    assert await run_on(world, at(khordad)) == [khordad]
    assert await expiries(world) == [(sara_id, -500, f"expiry:{sara_id}:{khordad}")]
    assert told(sara, "expiry-done") == [t("expiry-done", points=500, months=12, balance=0)]


async def test_a_shorter_term_gives_notice_again_and_a_longer_one_keeps_the_date(
    make_world: Any,
) -> None:
    world = await make_world(points_expiry_months=12, **NO_GIFTS)
    sara, sara_id = await join(world, at(jday(1405, 1, 10)))
    await move(world, sara_id, 100, at(jday(1405, 1, 10)))
    assert await run_on(world, at(jday(1405, 2, 1))) != []
    # Down to one month on 20 Ordibehesht: Farvardin's points would expire on 1 Khordad, 11
    # days later, unwarned; they roll into 1 Tir, the first date after a full notice.
    shorter = jday(1405, 2, 20)
    world.club.settings = world.club.settings.model_copy(update={"points_expiry_months": 1})
    assert await run_on(world, at(shorter)) == [shorter]
    assert await policy(world) == {"months": 1, "since": shorter.isoformat()}
    khordad, tir = jday(1405, 3, 1), jday(1405, 4, 1)
    assert await run_on(world, at(khordad)) == [khordad]
    assert await expiries(world) == [] and told(sara, "expiry-warning") == []
    assert await run_on(world, at(tir - timedelta(days=30))) != []
    assert told(sara, "expiry-warning") == [
        t("expiry-warning", points=100, date=tir - timedelta(days=1))
    ]
    assert await run_on(world, at(tir)) == [tir]
    assert await expiries(world) == [(sara_id, -100, f"expiry:{sara_id}:{tir}")]
    # Up to three months: points only last longer, the policy keeps its day.
    world.club.settings = world.club.settings.model_copy(update={"points_expiry_months": 3})
    assert await run_on(world, at(tir + timedelta(days=1))) != []
    assert await policy(world) == {"months": 3, "since": shorter.isoformat()}


async def test_a_voided_purchase_takes_back_its_own_points_not_the_oldest(
    make_world: Any,
) -> None:
    world = await make_world(points_expiry_months=2, **NO_GIFTS)
    sara, sara_id = await join(world, at(jday(1405, 1, 10)))
    await move(world, sara_id, 100, at(jday(1405, 1, 10)))  # Farvardin's: expire on 1 Tir
    assert await run_on(world, at(jday(1405, 2, 1))) != []
    code = await world.scalar("SELECT code FROM members WHERE id = :id", id=sara_id)
    owner = owner_of(world)
    # Khordad: a purchase earns 40 points, and the cashier voids it the next day.
    world.clock.now = at(jday(1405, 3, 10))
    await buy(owner, f"{code} 400000 R-1")
    world.clock.now = at(jday(1405, 3, 11))
    await void(owner, "R-1")
    reversal = await world.rows("SELECT delta, qualifying_at FROM ledger WHERE kind = 'reversal'")
    assert [int(d) for d, _ in reversal] == [-40] and reversal[0][1] is not None
    assert await balance(world, sara_id) == 100
    # 1 Tir: the void took the purchase's 40 back, so Farvardin's 100 are whole and expire.
    tir = jday(1405, 4, 1)
    assert await run_on(world, at(tir)) == [tir]
    assert await expiries(world) == [(sara_id, -100, f"expiry:{sara_id}:{tir}")]
    assert await balance(world, sara_id) == 0
    assert told(sara, "expiry-done") == [t("expiry-done", points=100, months=2, balance=0)]
