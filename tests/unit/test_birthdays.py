"""Which Jalali birthdays a club day celebrates, and when a birth date is too new for the gift."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import jdatetime
import pytest
import sqlalchemy as sa

from bot.club.birthdays import birthday_key, birthday_pairs, born_on, gift_cutoff
from bot.settings import Settings


def test_jdatetime_knows_1403_has_a_30_esfand_and_1404_does_not() -> None:
    assert jdatetime.date(1403, 12, 30).togregorian() == date(2025, 3, 20)
    with pytest.raises(ValueError):
        jdatetime.date(1404, 12, 30)


@pytest.mark.parametrize(
    ("jalali", "pairs"),
    [
        ((1404, 5, 12), [(5, 12)]),  # an ordinary day
        ((1404, 6, 31), [(6, 31)]),  # the first half's months have 31 days
        ((1405, 1, 1), [(1, 1)]),  # Nowruz
        ((1403, 12, 29), [(12, 29)]),  # a leap year: the 30th has its own day
        ((1403, 12, 30), [(12, 30)]),
        ((1404, 12, 29), [(12, 29), (12, 30)]),  # no 30th: its members come on the 29th
        ((1408, 12, 29), [(12, 29)]),  # the next leap year
        ((1404, 12, 28), [(12, 28)]),
    ],
)
def test_the_birthdays_a_jalali_date_celebrates(
    jalali: tuple[int, int, int], pairs: list[tuple[int, int]]
) -> None:
    assert birthday_pairs(*jalali) == pairs


def test_every_jalali_birthday_is_celebrated_once_a_year_in_leap_and_other_years() -> None:
    for jyear in (1403, 1404):
        start = jdatetime.date(jyear, 1, 1).togregorian()
        end = jdatetime.date(jyear + 1, 1, 1).togregorian()
        seen: list[tuple[int, int]] = []
        day = start
        while day < end:
            j = jdatetime.date.fromgregorian(date=day)
            seen += birthday_pairs(j.year, j.month, j.day)
            day += timedelta(days=1)
        every = [(m, d) for m in range(1, 13) for d in range(1, 32 if m <= 6 else 31)]
        assert sorted(seen) == every  # 30 Esfand too, whether the year has one or not


def _sql(day: date) -> str:
    clauses = sa.and_(*born_on(day))
    return str(clauses.compile(compile_kwargs={"literal_binds": True}))


def test_the_selection_is_one_month_and_its_day_or_days_of_live_members() -> None:
    assert _sql(date(2025, 8, 3)) == (  # 12 Mordad 1404
        "members.birth_jmonth = 5 AND members.birth_jday = 12 AND members.deleted_at IS NULL"
    )
    assert _sql(date(2026, 3, 20)) == (  # 29 Esfand 1404
        "members.birth_jmonth = 12 AND members.birth_jday IN (29, 30) "
        "AND members.deleted_at IS NULL"
    )


def test_a_birth_date_is_new_within_the_set_days_before_the_greetings_time() -> None:
    settings = Settings(_env_file=None, birthday_time="10:00", birthday_new_date_days=30)  # type: ignore[call-arg]
    # 10:00 in Tehran (UTC+3:30) on 2025-08-03, thirty days back.
    assert gift_cutoff(date(2025, 8, 3), settings) == datetime(2025, 7, 4, 6, 30, tzinfo=UTC)
    assert birthday_key(7, 1404) == "birthday:7:1404"
