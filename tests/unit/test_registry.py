"""Which periods a job runs: its time of day, its week, and its catch-up policy."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.club.club import Club
from scheduler.registry import SATURDAY, CatchUp, Job, JobRun
from tests.conftest import make_settings

SETTINGS = make_settings(timezone="Asia/Tehran", birthday_catch_up_days=7)


async def nothing(club: Club, run: JobRun) -> None:
    return None


def job(**kwargs: object) -> Job:
    values: dict[str, object] = {"name": "demo", "work": nothing, "at": lambda s: "10:00"}
    values.update(kwargs)
    return Job(**values)  # type: ignore[arg-type]


def tehran(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment of November 2026 in Tehran (UTC+03:30), as UTC."""
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC) - (
        datetime(2026, 1, 1, 3, 30, tzinfo=UTC) - datetime(2026, 1, 1, tzinfo=UTC)
    )


def test_a_daily_period_starts_at_its_time_in_the_club_timezone() -> None:
    daily = job()
    assert daily.due(tehran(29, 9, 59), SETTINGS, None) == [date(2026, 11, 28)]
    assert daily.due(tehran(29, 10, 0), SETTINGS, None) == [date(2026, 11, 29)]
    # 23:00 UTC on the 28th is already the 29th in Tehran.
    late_evening = datetime(2026, 11, 28, 23, 0, tzinfo=UTC)
    assert job(at=lambda s: "02:00").due(late_evening, SETTINGS, None) == [date(2026, 11, 29)]


def test_a_weekly_period_is_its_saturday_once_its_time_has_come() -> None:
    weekly = job(weekday=SATURDAY, at=lambda s: "09:00")
    # 2026-11-28 is a Saturday.
    assert weekly.due(tehran(28, 8, 59), SETTINGS, None) == [date(2026, 11, 21)]
    assert weekly.due(tehran(28, 9, 0), SETTINGS, None) == [date(2026, 11, 28)]
    assert weekly.due(tehran(30, 12, 0), SETTINGS, None) == [date(2026, 11, 28)]


def test_each_runs_every_period_of_its_window_since_it_first_ran_and_latest_the_last() -> None:
    each = job(catch_up=CatchUp.EACH, late_limit=lambda s: s.birthday_catch_up_days)
    now = tehran(29, 11)
    # First ran on the 27th: every day since (the finished ones are left out by the runner).
    assert each.due(now, SETTINGS, date(2026, 11, 27)) == [
        date(2026, 11, 27),
        date(2026, 11, 28),
        date(2026, 11, 29),
    ]
    # Running for months: the last seven days and today, not more.
    month = each.due(now, SETTINGS, date(2026, 1, 1))
    assert month[0] == date(2026, 11, 22) and month[-1] == date(2026, 11, 29)
    assert len(month) == 8
    # Never run before (a new club): today only, not the days before it was installed,
    # and before today's time nothing (not yesterday, late).
    assert each.due(now, SETTINGS, None) == [date(2026, 11, 29)]
    assert each.due(tehran(29, 9), SETTINGS, None) == []
    latest = job()
    assert latest.due(now, SETTINGS, date(2026, 11, 26)) == [date(2026, 11, 29)]
