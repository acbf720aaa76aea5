"""Birthdays end to end on a fake clock: who is greeted on which Jalali day, once, with what.

Members sign up through the chat two months before (their birth date is then not new), the
clock is moved to the day, and the job runs as the scheduler's tick would run it.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from datetime import UTC, date, datetime, timedelta
from itertools import count
from typing import Any
from zoneinfo import ZoneInfo

import jdatetime
import pytest
import sqlalchemy as sa

from bot.emulator.driver import Emulator, SimUser
from bot.storage.tables import outbox
from tests.e2e.world import OWNER_TELEGRAM_ID, Clock, World, sign_up, t, texts_of, world_settings

TEHRAN = ZoneInfo("Asia/Tehran")
POINTS = 100  # POINTS_BIRTHDAY's default
_phones = count(1)


def jday(year: int, month: int, day: int) -> date:
    return jdatetime.date(year, month, day).togregorian()


def at(day: date, hour: int = 10, minute: int = 30) -> datetime:
    """A moment of a club day (Tehran time), as the club's clock holds it (UTC)."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=TEHRAN).astimezone(UTC)


def greeting(name: str, *, gift: bool = True, new: bool = False, late: date | None = None) -> str:
    """The birthday message as a member reads it (the first name, the gift's line)."""
    first = name.split()[0]
    lines = [
        t("birthday-greeting-late", name=first, date=late)
        if late
        else t("birthday-greeting", name=first)
    ]
    if new:
        lines.append(t("birthday-gift-next-year"))
    elif gift:
        lines.append(t("birthday-gift", points=POINTS))
    return "\n\n".join(lines)


async def execute(world: World, sql: str, **params: Any) -> None:
    async with world.club.db.write() as conn:
        await conn.execute(sa.text(sql), params)


async def join(world: World, name: str, born: str) -> SimUser:
    """A member who signed up through the chat with a Jalali birth date `born`."""
    user = world.emu.user(
        world.telegram, first_name=name.split()[0], phone=f"+98912{next(_phones):07d}"
    )
    await sign_up(user, name=name, birth_date=born)
    return user


async def member_id(world: World, user: SimUser) -> int:
    return int(
        await world.scalar(
            "SELECT member_id FROM identities WHERE platform = 'telegram' "
            "AND platform_user_id = :id",
            id=user.chat.user.id,
        )
    )


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


def greetings(user: SimUser) -> list[str]:
    """The birthday messages this member's chat received (each opens with the cake)."""
    return [text for text in texts_of(user.inbox) if "\N{BIRTHDAY CAKE}" in text]


async def gifts(world: World) -> list[tuple[int, int, str]]:
    rows = await world.rows(
        "SELECT member_id, delta, idempotency_key FROM ledger WHERE kind = 'birthday' ORDER BY id"
    )
    return [(int(m), int(d), str(k)) for m, d, k in rows]


async def run_on(world: World, moment: datetime) -> list[Any]:
    world.clock.now = moment
    ran = await world.run_job("birthdays")
    await delivered(world)
    return ran


async def test_a_member_is_greeted_with_the_gift_on_their_birthday_at_its_time_once(
    world: World,
) -> None:
    day = jday(1404, 5, 12)
    world.clock.now = at(day - timedelta(days=60))
    sara = await join(world, "Sara Mohammadi", "1370/05/12")
    maryam = await join(world, "Maryam Ahmadi", "1368/05/13")  # tomorrow
    gone = await join(world, "Reza Karimi", "1365/05/12")
    sara_id, gone_id = await member_id(world, sara), await member_id(world, gone)
    # Erased, with its birth date still there (what deleted_at alone must exclude).
    await execute(world, "UPDATE members SET deleted_at = joined_at WHERE id = :id", id=gone_id)
    # Before BIRTHDAY_TIME (10:00) the day's greeting has not come yet (and a club that never
    # ran the job does not greet yesterday's birthdays late).
    assert await run_on(world, at(day, 9, 59)) == []
    assert greetings(sara) == [] and await gifts(world) == []
    assert await run_on(world, at(day, 10, 0)) == [day]
    assert greetings(sara) == [greeting("Sara Mohammadi")]
    assert await gifts(world) == [(sara_id, POINTS, f"birthday:{sara_id}:1404")]
    assert greetings(maryam) == [] and greetings(gone) == []
    # The points show in the member's history with their reason.
    await sara.press(t("button-history"))
    assert t("ledger-birthday") in (sara.last.content or "")
    # A second run the same day does nothing; neither does a run whose record was lost
    # (the ledger key and the message's dedup key hold).
    assert await run_on(world, at(day, 18)) == []
    await execute(world, "DELETE FROM job_runs WHERE job = 'birthdays'")
    assert await run_on(world, at(day, 18, 5)) == [day]
    assert len(greetings(sara)) == 1
    assert len(await gifts(world)) == 1
    assert await world.scalar("SELECT count(*) FROM outbox WHERE dedup_key LIKE 'birthday:%'") == 1
    assert await world.scalar("SELECT balance FROM members WHERE id = :id", id=sara_id) == 200


async def test_30_esfand_in_a_leap_year_is_greeted_on_the_30th_not_the_29th(world: World) -> None:
    # jdatetime: 1403 has a 30 Esfand (2025-03-20), 1404 does not.
    assert jdatetime.date(1403, 1, 1).isleap() and not jdatetime.date(1404, 1, 1).isleap()
    day29 = jday(1403, 12, 29)
    world.clock.now = at(day29 - timedelta(days=60))
    leapling = await join(world, "Negar Rezaei", "1370/12/30")
    ninth = await join(world, "Ali Hosseini", "1371/12/29")
    assert await run_on(world, at(day29)) == [day29]
    assert greetings(ninth) == [greeting("Ali Hosseini")] and greetings(leapling) == []
    assert await run_on(world, at(jday(1403, 12, 30))) == [jday(1403, 12, 30)]
    assert greetings(leapling) == [greeting("Negar Rezaei")]
    assert len(greetings(ninth)) == 1
    ids = [await member_id(world, u) for u in (leapling, ninth)]
    assert sorted(k for _, _, k in await gifts(world)) == sorted(f"birthday:{m}:1403" for m in ids)


async def test_30_esfand_in_a_year_without_it_is_greeted_on_the_29th_and_nowruz_after(
    world: World,
) -> None:
    day29 = jday(1404, 12, 29)
    world.clock.now = at(day29 - timedelta(days=60))
    leapling = await join(world, "Negar Rezaei", "1370/12/30")
    ninth = await join(world, "Ali Hosseini", "1371/12/29")
    nowruz = await join(world, "Bahar Kazemi", "1372/01/01")
    assert await run_on(world, at(day29)) == [day29]
    assert greetings(leapling) == [greeting("Negar Rezaei")]
    assert greetings(ninth) == [greeting("Ali Hosseini")]
    assert greetings(nowruz) == []
    # The next day is 1 Farvardin 1405: a new Jalali year, and Nowruz's members.
    assert jday(1405, 1, 1) == day29 + timedelta(days=1)
    assert await run_on(world, at(jday(1405, 1, 1))) == [jday(1405, 1, 1)]
    assert greetings(nowruz) == [greeting("Bahar Kazemi")]
    assert len(greetings(leapling)) == len(greetings(ninth)) == 1
    ids = {u: await member_id(world, u) for u in (leapling, ninth, nowruz)}
    assert sorted(k for _, _, k in await gifts(world)) == sorted(
        [
            f"birthday:{ids[leapling]}:1404",
            f"birthday:{ids[ninth]}:1404",
            f"birthday:{ids[nowruz]}:1405",
        ]
    )


async def test_a_birth_date_set_yesterday_is_greeted_without_the_gift_but_a_correction_is_not(
    world: World,
) -> None:
    day = jday(1404, 3, 10)
    world.clock.now = at(day - timedelta(days=60))
    changed = await join(world, "Sara Mohammadi", "1370/07/01")
    corrected = await join(world, "Maryam Ahmadi", "1370/07/02")
    settled = await join(world, "Reza Karimi", "1370/03/10")
    world.clock.now = at(day - timedelta(days=1), 20)
    newcomer = await join(world, "Ali Hosseini", "1370/03/10")  # signs up the day before
    await changed.press(t("button-profile"))  # changes it in the profile the day before
    await changed.press(t("button-edit-birthdate"))
    await changed.send("1370/03/10")
    # An admin's correction (a mistake fixed) does not make the date new.
    await world.club.profiles.correct_birth_date(
        member_id=await member_id(world, corrected),
        birth_date=jday(1370, 3, 10),
        chat=("telegram", OWNER_TELEGRAM_ID),
        actor=f"telegram:{OWNER_TELEGRAM_ID}",
        role="owner",
    )
    await run_on(world, at(day))
    assert greetings(newcomer) == [greeting("Ali Hosseini", new=True)]
    assert greetings(changed) == [greeting("Sara Mohammadi", new=True)]
    assert greetings(corrected) == [greeting("Maryam Ahmadi")]
    assert greetings(settled) == [greeting("Reza Karimi")]
    gifted = {m for m, _, _ in await gifts(world)}
    assert gifted == {await member_id(world, corrected), await member_id(world, settled)}


@pytest.fixture
async def short_catch_up(make_world: Callable[..., Any]) -> World:
    built: World = await make_world(birthday_catch_up_days=2)
    return built


async def test_three_days_of_downtime_greet_each_missed_day_once_late_up_to_the_limit(
    short_catch_up: World,
) -> None:
    world = short_catch_up
    start = jday(1404, 8, 1)
    world.clock.now = at(start - timedelta(days=60))
    names = ("Sara Day", "Maryam Day", "Reza Day", "Ali Day", "Negar Day")
    born = {n: await join(world, names[n], f"1369/08/0{1 + n}") for n in range(5)}
    assert await run_on(world, at(start)) == [start]
    assert greetings(born[0]) == [greeting(names[0])]
    # Off for three days (the runs of 2, 3 and 4 Aban missed); back on 5 Aban at 10:30.
    # BIRTHDAY_CATCH_UP_DAYS=2 reaches back to the 3rd: the 2nd is too far back.
    back = start + timedelta(days=4)
    ran = await run_on(world, at(back))
    assert ran == [start + timedelta(days=n) for n in (2, 3, 4)]
    assert greetings(born[1]) == []
    for n in (2, 3):
        missed = start + timedelta(days=n)
        assert greetings(born[n]) == [greeting(names[n], late=missed)]
    assert greetings(born[4]) == [greeting(names[4])]
    assert await run_on(world, at(back, 23)) == []
    assert [len(greetings(born[n])) for n in range(5)] == [1, 0, 1, 1, 1]
    assert len(await gifts(world)) == 4


@pytest.fixture
async def pg_world(emu: Emulator, postgres_url: str) -> AsyncIterator[World]:
    world = World(emu, world_settings(emu, postgres_url), Clock())
    await world.start()
    yield world
    await world.stop()


async def test_29_esfand_without_a_30th_greets_both_days_on_postgresql(pg_world: World) -> None:
    world, day29 = pg_world, jday(1404, 12, 29)
    world.clock.now = at(day29 - timedelta(days=60))
    leapling = await join(world, "Negar Rezaei", "1370/12/30")
    ninth = await join(world, "Ali Hosseini", "1371/12/29")
    assert await run_on(world, at(day29)) == [day29]
    assert greetings(leapling) == [greeting("Negar Rezaei")]
    assert greetings(ninth) == [greeting("Ali Hosseini")]
    assert len(await gifts(world)) == 2


async def test_a_late_greeting_written_at_night_waits_for_the_end_of_the_quiet_hours(
    make_world: Callable[..., Any],
) -> None:
    world = await make_world(quiet_hours="22:00-09:00")
    start = jday(1404, 8, 1)
    world.clock.now = at(start - timedelta(days=60))
    sara = await join(world, "Sara Day", "1369/08/02")
    assert await run_on(world, at(start)) == [start]
    # Down on 2 Aban; back at 02:30 on 3 Aban: the 2nd's greeting is written, late, at once,
    # and waits for 09:00 to be sent.
    world.clock.now = at(start + timedelta(days=2), 2, 30)
    assert await world.run_job("birthdays") == [start + timedelta(days=1)]
    async with world.club.db.read() as conn:
        due = await conn.scalar(
            sa.select(outbox.c.next_at).where(outbox.c.dedup_key.like("birth%"))
        )
    assert due == at(start + timedelta(days=2), 9, 0)
    assert world.runtime is not None
    world.runtime.sender.wake()
    await world.runtime.sender.wait_idle()
    assert greetings(sara) == []
    world.clock.now = at(start + timedelta(days=2), 9, 0)
    await delivered(world)
    assert greetings(sara) == [greeting("Sara Day", late=start + timedelta(days=1))]


async def test_a_member_who_rejoins_gets_no_second_gift_in_the_same_jalali_year(
    world: World,
) -> None:
    start = jday(1404, 8, 1)
    world.clock.now = at(start - timedelta(days=60))
    sara = await join(world, "Sara Day", "1369/08/01")
    assert await run_on(world, at(start)) == [start]
    # The next day she erases her account and joins again, with a birth date later this year.
    world.clock.now = at(start + timedelta(days=1))
    await sara.press(t("button-privacy"))
    await sara.press(t("button-delete"))
    await sara.press(t("button-delete-yes"))
    await sign_up(sara, name="Sara Day", birth_date="1369/12/20")
    again = await member_id(world, sara)
    # Greeted on the new date, without a second gift in 1404; the next year's comes.
    esfand = jday(1404, 12, 20)
    assert esfand in await run_on(world, at(esfand))
    assert greetings(sara) == [greeting("Sara Day"), greeting("Sara Day", gift=False)]
    assert [key for _, _, key in await gifts(world)] == [f"birthday:{again - 1}:1404"]
    next_year = jday(1405, 12, 20)
    assert next_year in await run_on(world, at(next_year))
    assert greetings(sara)[-1] == greeting("Sara Day")
    assert (again, POINTS, f"birthday:{again}:1405") in await gifts(world)


async def test_a_greeting_without_a_gift_is_not_sent_again_that_year_after_a_date_change(
    make_world: Callable[..., Any],
) -> None:
    """With no gift there is no ledger row: the member's greeted year says it was sent, even
    after the outbox's delivered row is pruned and the member moves the date later on."""
    world = await make_world(points_birthday=0)
    first = jday(1404, 8, 1)
    world.clock.now = at(first - timedelta(days=60))
    sara = await join(world, "Sara Day", "1369/08/01")
    assert await run_on(world, at(first)) == [first]
    sara_id = await member_id(world, sara)
    await execute(world, "DELETE FROM outbox WHERE status = 'sent'")  # pruned a week later
    await execute(world, "UPDATE members SET birth_jday = 20 WHERE id = :id", id=sara_id)
    later = jday(1404, 8, 20)
    assert later in await run_on(world, at(later))  # (and the missed days before it)
    assert len(greetings(sara)) == 1
    # The next Jalali year she is greeted again.
    next_year = jday(1405, 8, 20)
    await run_on(world, at(next_year))
    assert len(greetings(sara)) == 2
