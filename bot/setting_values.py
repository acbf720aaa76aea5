"""Parsing and checking the settings whose mistakes a shop owner makes most often.

Every error here is a ValueError whose text names what was wrong and what to write instead,
in one line: bot/startup.py prints it after the setting's name, so it must never echo a
password or a token.
"""

from __future__ import annotations

import re
from datetime import datetime, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import sqlalchemy as sa
from sqlalchemy.exc import ArgumentError

from bot.platforms import Platform

SQLITE_EXAMPLE = "sqlite+aiosqlite:///data/vafa.db"
POSTGRES_EXAMPLE = "postgresql+asyncpg://user:password@host:5432/vafa"


def parse_admin_ids(value: str) -> tuple[tuple[Platform, int], ...]:
    """`telegram:123, bale:456` -> ((telegram, 123), (bale, 456)); empty means no owners."""
    known = " or ".join(f"{p.value}:<user id>" for p in Platform)
    owners: list[tuple[Platform, int]] = []
    for item in filter(None, (part.strip() for part in value.split(","))):
        name, colon, user_id = (part.strip() for part in item.partition(":"))
        if not colon:
            raise ValueError(f"{item!r} is not messenger:user_id; write {known}, comma separated")
        try:
            platform = Platform(name.lower())
        except ValueError:
            raise ValueError(
                f"{item!r} names no messenger Vafa knows ({name!r}); write {known}, comma separated"
            ) from None
        # A person's id is a positive number (negative ids are groups and channels).
        if not user_id.isascii() or not user_id.isdigit() or int(user_id) == 0:
            raise ValueError(
                f"{item!r}: the user id must be a positive number, e.g. {platform.value}:123456789 "
                "(your numeric id on that messenger, not a username: send /whoami to the bot)"
            )
        owners.append((platform, int(user_id)))
    return tuple(owners)


def check_database_url(value: str) -> str:
    """The URL as given, when it names a driver Vafa runs on (aiosqlite or asyncpg)."""
    try:
        url = sa.make_url(value.strip())
    except ArgumentError:
        raise ValueError(
            f"not a database URL; write {SQLITE_EXAMPLE} for SQLite or {POSTGRES_EXAMPLE} "
            "for PostgreSQL"
        ) from None
    # From the name itself: asking SQLAlchemy would load the dialect, and `postgres` has none.
    backend, _, driver = url.drivername.partition("+")
    if backend in ("postgres", "postgresql") and driver != "asyncpg":
        fixed = url.set(drivername="postgresql+asyncpg").render_as_string(hide_password=True)
        raise ValueError(f"Vafa talks to PostgreSQL through asyncpg; write {fixed}")
    if backend == "sqlite" and driver != "aiosqlite":
        fixed = url.set(drivername="sqlite+aiosqlite").render_as_string()
        raise ValueError(f"Vafa talks to SQLite through aiosqlite; write {fixed}")
    if backend not in ("postgresql", "sqlite"):
        raise ValueError(
            f"Vafa runs on SQLite ({SQLITE_EXAMPLE}) or PostgreSQL ({POSTGRES_EXAMPLE}), "
            f"not {backend}"
        )
    if backend == "sqlite" and not url.database:
        raise ValueError(f"no SQLite file named; write {SQLITE_EXAMPLE}")
    return value.strip()


def check_timezone(value: str) -> str:
    try:
        ZoneInfo(value.strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"unknown time zone {value!r}; write a name like Asia/Tehran (IANA time zones)"
        ) from None
    return value.strip()


def parse_quiet_hours(value: str) -> tuple[time, time] | None:
    """`22:00-09:00` → (22:00, 09:00); empty → None (no quiet hours). Raises ValueError."""
    value = value.strip()
    if not value:
        return None
    found = re.fullmatch(r"(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})", value)
    try:
        if found is None:
            raise ValueError
        hour, minute, end_hour, end_minute = (int(part) for part in found.groups())
        start, end = time(hour, minute), time(end_hour, end_minute)
    except ValueError:
        raise ValueError(
            f"{value!r} is not a time range; write HH:MM-HH:MM, e.g. 22:00-09:00, "
            "or leave it empty for none"
        ) from None
    if start == end:
        raise ValueError(f"{value!r} starts and ends at once; leave it empty for no quiet hours")
    return start, end


def check_quiet_hours(value: str) -> None:
    parse_quiet_hours(value)


def in_quiet_hours(local: time, hours: tuple[time, time] | None) -> bool:
    """Whether a local time of day falls in [start, end), across midnight when start > end."""
    if hours is None:
        return False
    start, end = hours
    if start < end:
        return start <= local < end
    return local >= start or local < end


def parse_time_of_day(value: str) -> time:
    """ "HH:MM" (club time) for a daily job; a clear line for anything else."""
    try:
        return datetime.strptime(value.strip(), "%H:%M").time()
    except ValueError:
        raise ValueError(f"{value!r} is not a time of day; write HH:MM, e.g. 10:00") from None
