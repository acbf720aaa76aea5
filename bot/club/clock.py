"""The club's clock: injectable so tests can move time (tier windows, ages)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)


def local_today(now: datetime, timezone: str) -> date:
    return now.astimezone(ZoneInfo(timezone)).date()


def local_midnight(day: date, timezone: str) -> datetime:
    """The moment the club's day `day` begins (midnight in its timezone), in UTC."""
    return datetime.combine(day, time(), tzinfo=ZoneInfo(timezone)).astimezone(UTC)
