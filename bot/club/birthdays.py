"""Birthdays: once a club day, members whose Jalali birthday it is get a greeting and a gift.

Invariant: one gift per member and Jalali year, one greeting per birthday. The day's run is
one period in `job_runs` (scheduler/registry.py: claimed once, resumed after a cursor, each
missed day once after downtime, late); under it, the gift is a ledger row keyed
`birthday:<member>:<jyear>` and the greeting an outbox row with the same dedup key, both
written in the batch's transaction. A member who had this year's gift is not greeted again
(a birth date moved after the greeting buys no second one).

Selection is the index on (birth_jmonth, birth_jday): one month and one or two days, members
in id batches, never a scan of all members in Python. 30 Esfand exists only in leap years
(jdatetime: 1403 has one, 1404 does not); in other years those members are greeted on
29 Esfand, together with the 29th's.

No gaming: a birth date set or changed (by the member: at signup or in the profile) less than
BIRTHDAY_NEW_DATE_DAYS before the birthday earns the greeting, with a line saying the gift
starts next year, but no points. An admin's correction does not count as a new date.
A member who erased their account and joined again (`members.rejoined`) is greeted but gets
no gift in the Jalali year they rejoined: the erased account may have had that year's gift,
and its ledger key names the old member.

The greetings are due when QUIET_HOURS end: a late greeting written by a restart at 02:30
waits for the morning (bot/club/notices.py, `quiet_until`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.club import ledger
from bot.club.clock import local_today
from bot.club.jalali import is_leap, to_jalali
from bot.club.names import first_name
from bot.club.notices import queue, texts_for
from bot.setting_values import parse_time_of_day
from bot.storage import outbox
from bot.storage.tables import ledger as ledger_table
from bot.storage.tables import members

if TYPE_CHECKING:
    from bot.club.club import Club
    from bot.settings import Settings
    from scheduler.registry import JobRun

ESFAND = 12


def birthday_pairs(jyear: int, jmonth: int, jday: int) -> list[tuple[int, int]]:
    """The Jalali (month, day) birthdays celebrated on this Jalali date."""
    if (jmonth, jday) == (ESFAND, 29) and not is_leap(jyear):
        return [(ESFAND, 29), (ESFAND, 30)]
    return [(jmonth, jday)]


def born_on(day: date) -> list[sa.ColumnElement[bool]]:
    """Where clauses for the members greeted on club day `day` (the (month, day) index)."""
    pairs = birthday_pairs(*to_jalali(day))
    month = pairs[0][0]  # every pair shares its month (29 and 30 Esfand)
    days = [d for _, d in pairs]
    # One day is an equality, which lets SQLite walk the index in id order without a sort.
    on_day = members.c.birth_jday == days[0] if len(days) == 1 else members.c.birth_jday.in_(days)
    return [members.c.birth_jmonth == month, on_day, members.c.deleted_at.is_(None)]


def gift_cutoff(day: date, settings: Settings) -> datetime:
    """A birth date set after this moment is too new to earn `day`'s gift: BIRTHDAY_NEW_DATE_DAYS
    before the greeting's own time on its day (not the time a late run happens to run)."""
    moment = datetime.combine(
        day, parse_time_of_day(settings.birthday_time), tzinfo=ZoneInfo(settings.timezone)
    )
    return moment - timedelta(days=settings.birthday_new_date_days)


def birthday_key(member_id: int, jyear: int) -> str:
    return f"birthday:{member_id}:{jyear}"


async def greet(club: Club, run: JobRun) -> None:
    """The job (scheduler/jobs.py "birthdays"): greets the members born on `run.day`."""
    async for ids in run.member_ids(*born_on(run.day)):
        async with run.commit(ids[-1]) as conn:
            await greet_batch(conn, club, ids, day=run.day, late=run.late)


async def read_batch(
    conn: AsyncConnection, ids: Sequence[int], *, day: date
) -> tuple[list[Any], set[str]]:
    """The batch's members still born on `day` (id, name, birth_date_set_at, rejoined,
    joined_at), and which of them already had this Jalali year's gift (their ledger keys)."""
    jyear = to_jalali(day)[0]
    rows = list(
        (
            await conn.execute(
                sa.select(
                    members.c.id,
                    members.c.name,
                    members.c.birth_date_set_at,
                    members.c.rejoined,
                    members.c.joined_at,
                ).where(
                    members.c.id.in_(ids),
                    *born_on(day),
                    # Greeted already this Jalali year (a date moved since, a greeting
                    # without a gift whose outbox row is gone).
                    sa.or_(members.c.birthday_year.is_(None), members.c.birthday_year != jyear),
                )
            )
        ).all()
    )
    keys = [birthday_key(row.id, jyear) for row in rows]
    gifted = set(
        (
            await conn.execute(
                sa.select(ledger_table.c.idempotency_key).where(
                    ledger_table.c.idempotency_key.in_(keys)
                )
            )
        ).scalars()
    )
    return rows, gifted


async def greet_batch(
    conn: AsyncConnection, club: Club, ids: Sequence[int], *, day: date, late: bool
) -> int:
    """Greets these members (selected for `day`) in the caller's transaction; how many."""
    settings, now = club.settings, club.now()
    jyear = to_jalali(day)[0]
    rows, gifted = await read_batch(conn, ids, day=day)
    texts, cutoff, points = (
        texts_for(settings),
        gift_cutoff(day, settings),
        settings.points_birthday,
    )
    messages = []
    for row in rows:
        key = birthday_key(row.id, jyear)
        if key in gifted:
            continue  # this year's birthday was already celebrated (a date changed since)
        name = first_name(row.name or "")  # a live member always has one
        if late:
            lines = [texts("birthday-greeting-late", name=name, date=day)]
        else:
            lines = [texts("birthday-greeting", name=name)]
        new_date = row.birth_date_set_at is not None and row.birth_date_set_at > cutoff
        # Rejoined this Jalali year: the greeting alone (see the module's docstring).
        rejoined = bool(row.rejoined) and (
            to_jalali(local_today(row.joined_at, settings.timezone))[0] == jyear
        )
        if new_date:
            lines.append(texts("birthday-gift-next-year"))
        elif points > 0 and not rejoined:
            await ledger.credit(
                conn,
                member_id=row.id,
                points=points,
                kind="birthday",
                key=key,
                now=now,
                ref=str(jyear),
            )
            lines.append(texts("birthday-gift", points=points))
        messages.append(
            outbox.Message(
                "send",
                {"text": "\n\n".join(lines), "markup": None},
                klass=outbox.MessageClass.SERVICE,
                member_id=row.id,
                dedup_key=key,
            )
        )
    if messages:
        await conn.execute(
            sa.update(members)
            .where(members.c.id.in_([m.member_id for m in messages]))
            .values(birthday_year=jyear)
        )
    await queue(conn, messages, now=now, settings=settings)
    return len(messages)
