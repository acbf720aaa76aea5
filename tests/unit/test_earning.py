"""Earning rules' pure parts: the club's day and Jalali month, caps, the repeat window."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from pydantic import ValidationError

from bot.club.earning import day_bounds, jalali_month_bounds, over_cap, repeat_window_start
from bot.settings import Settings


def test_the_day_is_the_clubs_day_not_utcs() -> None:
    # 22:00 UTC on 20 March is 01:30 on 21 March in Tehran (UTC+3:30).
    start, end = day_bounds(datetime(2025, 3, 20, 22, 0, tzinfo=UTC), "Asia/Tehran")
    assert start == datetime(2025, 3, 20, 20, 30, tzinfo=UTC)
    assert end == datetime(2025, 3, 21, 20, 30, tzinfo=UTC)


def test_a_moment_just_before_local_midnight_belongs_to_that_day() -> None:
    start, end = day_bounds(datetime(2025, 3, 21, 20, 29, tzinfo=UTC), "Asia/Tehran")
    assert start == datetime(2025, 3, 20, 20, 30, tzinfo=UTC)
    assert end - start == timedelta(days=1)


def test_the_month_is_the_jalali_month_in_the_clubs_timezone() -> None:
    # 1404/01/01 is 21 March 2025; Farvardin has 31 days, so Ordibehesht starts 21 April.
    start, end = jalali_month_bounds(datetime(2025, 4, 10, 12, 0, tzinfo=UTC), "Asia/Tehran")
    assert start == datetime(2025, 3, 20, 20, 30, tzinfo=UTC)
    assert end == datetime(2025, 4, 20, 20, 30, tzinfo=UTC)


def test_the_first_hours_of_a_jalali_month_in_tehran_are_already_that_month() -> None:
    # 21:00 UTC on 20 April is 00:30 on 1 Ordibehesht in Tehran.
    start, _ = jalali_month_bounds(datetime(2025, 4, 20, 21, 0, tzinfo=UTC), "Asia/Tehran")
    assert start == datetime(2025, 4, 20, 20, 30, tzinfo=UTC)


def test_esfand_ends_at_nowruz_of_the_next_year() -> None:
    # 1403 is a leap year: Esfand has 30 days, 20 Feb - 20 March 2025.
    start, end = jalali_month_bounds(datetime(2025, 3, 1, 12, 0, tzinfo=UTC), "Asia/Tehran")
    assert start == datetime(2025, 2, 18, 20, 30, tzinfo=UTC)
    assert end == datetime(2025, 3, 20, 20, 30, tzinfo=UTC)
    assert (end - start).days == 30


@pytest.mark.parametrize(
    ("count", "cap", "over"),
    [(0, 0, False), (99, 0, False), (0, 1, False), (1, 1, True), (2, 3, False), (3, 3, True)],
)
def test_a_cap_of_zero_means_no_cap_and_a_cap_of_n_allows_n(
    count: int, cap: int, over: bool
) -> None:
    assert over_cap(count, cap) is over


def test_the_repeat_window_reaches_back_exactly_n_days() -> None:
    now = datetime(2025, 5, 1, 9, 0, tzinfo=UTC)
    assert repeat_window_start(now, 30) == datetime(2025, 4, 1, 9, 0, tzinfo=UTC)


def test_earning_rules_are_off_by_default_and_refuse_negative_values() -> None:
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.purchase_credits_per_day == 0
    assert settings.referral_credits_per_month == 0
    assert settings.referral_milestone_points == 0
    assert settings.repeat_bonus_points == 0
    assert settings.repeat_bonus_days == 30
    for name in (
        "purchase_credits_per_day",
        "referral_credits_per_month",
        "referral_milestone_points",
        "repeat_bonus_points",
    ):
        with pytest.raises(ValidationError):
            Settings(_env_file=None, **{name: -1})  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        Settings(_env_file=None, repeat_bonus_days=0)  # type: ignore[call-arg]
