"""The club's clock: injectable so tests can move time (tier windows, ages)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)


def local_today(now: datetime, timezone: str) -> date:
    return now.astimezone(ZoneInfo(timezone)).date()


def local_midnight(day: date, timezone: str) -> datetime:
    """The moment the club's day `day` begins (midnight in its timezone), in UTC."""
    return datetime.combine(day, time(), tzinfo=ZoneInfo(timezone)).astimezone(UTC)


def last_day_before(end: datetime, timezone: str) -> date:
    """The club day of the instant just before `end` (for a period or a grace ending at a
    club midnight: its last day)."""
    return local_today(end - timedelta(microseconds=1), timezone)
