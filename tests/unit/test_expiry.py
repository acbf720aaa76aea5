"""Points expiry's pure parts: the Jalali month arithmetic, FIFO amounts, the day's plan."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import jdatetime
import pytest

from bot.club.expiry import (
    cutoff,
    earliest_expiry,
    expiring,
    expiry_date,
    month_start,
    plan,
)
from bot.club.notices import quiet_until
from tests.conftest import make_settings


def jalali(year: int, month: int, day: int) -> date:
    result: date = jdatetime.date(year, month, day).togregorian()
    return result


def test_points_last_through_the_end_of_the_nth_month_after_the_month_they_were_earned() -> None:
    assert expiry_date(jalali(1404, 5, 12), 12) == jalali(1405, 6, 1)
    assert expiry_date(jalali(1404, 5, 31), 12) == jalali(1405, 6, 1)
    assert expiry_date(jalali(1404, 5, 1), 1) == jalali(1404, 7, 1)
    # Across the year's end, and from 30 Esfand of a leap year (1403 has one).
    assert expiry_date(jalali(1403, 12, 30), 1) == jalali(1404, 2, 1)
    assert expiry_date(jalali(1404, 11, 15), 2) == jalali(1405, 2, 1)
    assert month_start(jalali(1404, 1, 1), -1) == jalali(1403, 12, 1)


@pytest.mark.parametrize("months", [1, 2, 12])
def test_the_cutoff_of_an_expiry_date_agrees_with_every_days_expiry_date(months: int) -> None:
    days = [jalali(1402, 10, 1) + timedelta(days=n) for n in range(900)]
    starts = sorted({month_start(day) for day in days})
    for expires in starts:
        edge = cutoff(expires, months)
        for day in days:
            assert (expiry_date(day, months) <= expires) == (day < edge), (expires, day)


def test_spends_use_the_oldest_points_first() -> None:
    # 100 earned in month 1, 50 in month 2, 120 spent in month 3: the 120 took month 1's 100
    # and 20 of month 2's, so nothing is left of month 1 and 30 of month 2 expire.
    assert expiring([100, 150], spent=120, balance=30) == [0, 30]
    assert expiring([100, 150, 190], spent=120, balance=70) == [0, 30, 40]
    # Nothing spent: each month's own points.
    assert expiring([100, 150], spent=0, balance=150) == [100, 50]
    # An earlier expiry is a spend too: run again, nothing more expires.
    assert expiring([100], spent=100, balance=50) == [0]


def test_an_expiry_never_takes_more_than_the_balance() -> None:
    assert expiring([100], spent=0, balance=60) == [60]
    assert expiring([100, 150], spent=0, balance=120) == [100, 20]
    assert expiring([100], spent=0, balance=0) == [0]
    assert expiring([100], spent=300, balance=10) == [0]


def runs(
    days: list[date], warning_days: tuple[int, ...] = (30, 7, 1)
) -> dict[date, tuple[bool, tuple[tuple[date, int], ...]]]:
    """Runs on `days` in order, each finishing: what each did (expire, warnings)."""
    finished: set[date] = set()
    done = {}
    for day in days:
        today = plan(day, warning_days, finished)
        done[day] = (today.expire, today.warnings)
        finished.add(day)
    return done


def test_daily_runs_expire_on_the_first_and_warn_30_7_and_1_days_before() -> None:
    first = jalali(1405, 4, 1)  # 1 Tir; Tir has 31 days, so 1 Mordad is 31 days later
    days = [first + timedelta(days=n) for n in range(63)]  # to 1 Shahrivar
    done = runs(days)
    mordad, shahrivar = jalali(1405, 5, 1), jalali(1405, 6, 1)
    assert [d for d, (expire, _) in done.items() if expire] == [first, mordad, shahrivar]
    sent = [(d, w) for d, (_, warnings) in done.items() for w in warnings]
    assert sent == [
        (mordad - timedelta(days=30), (mordad, 30)),
        (mordad - timedelta(days=7), (mordad, 7)),
        (mordad - timedelta(days=1), (mordad, 1)),
        (shahrivar - timedelta(days=30), (shahrivar, 30)),
        (shahrivar - timedelta(days=7), (shahrivar, 7)),
        (shahrivar - timedelta(days=1), (shahrivar, 1)),
    ]
    idle = [d for d in days if plan(d, (30, 7, 1), set(days) - {d}).idle]
    assert len(idle) == 63 - 6 - 3  # nothing to do on most days: no pass over the members


def test_after_downtime_the_missed_warning_goes_once_and_a_superseded_one_not_at_all() -> None:
    mordad = jalali(1405, 5, 1)
    tir = jalali(1405, 4, 1)  # 31 days before
    # Down from 1 Tir to 21 days before 1 Mordad: the 30-day warning goes late, once.
    done = runs([tir, mordad - timedelta(days=21)])
    assert done[mordad - timedelta(days=21)] == (False, ((mordad, 30),))
    # Down over both the 30- and the 7-day warning: only the 7-day one goes.
    days = [tir, mordad - timedelta(days=5), mordad - timedelta(days=4)]
    done = runs(days)
    assert done[days[1]] == (False, ((mordad, 7),))
    assert done[days[2]] == (False, ())
    # Down over the first of the month: the next run expires, late, once.
    days = [tir, mordad - timedelta(days=2), mordad + timedelta(days=3), mordad + timedelta(days=4)]
    done = runs(days, warning_days=(1,))
    assert [done[d][0] for d in days] == [True, False, True, False]


def test_a_first_run_mid_month_expires_and_warns_at_once() -> None:
    day = jalali(1405, 4, 20)
    today = plan(day, (30, 7, 1), set())
    assert today.expire and today.expires == jalali(1405, 4, 1)
    assert today.warnings == ((jalali(1405, 5, 1), 30),)


def test_a_warning_further_ahead_than_a_month_covers_two_expiry_dates() -> None:
    # Esfand 1404 has 29 days: on 29 Bahman, 1 Esfand is a day away and 1 Farvardin 30.
    day = jalali(1404, 11, 30)
    today = plan(day, (30, 1), {day - timedelta(days=1)})
    esfand, farvardin = jalali(1404, 12, 1), jalali(1405, 1, 1)
    assert (farvardin - day).days == 30
    assert today.warnings == ((esfand, 1), (farvardin, 30))
    assert today.upcoming == (esfand, farvardin)


def test_a_new_policy_neither_expires_nor_warns_about_a_date_inside_its_notice() -> None:
    # Turned on (or shortened) on 20 Tir 1405, with warnings 30, 7 and 1 days before: the
    # first date acted on is 31 days later or after, so 1 Mordad (12 days on) is passed by
    # and 1 Shahrivar (43 days on) is the first.
    since = jalali(1405, 4, 20)
    earliest = earliest_expiry(since, (30, 7, 1))
    assert earliest == since + timedelta(days=31)
    mordad, shahrivar = jalali(1405, 5, 1), jalali(1405, 6, 1)
    first = plan(since, (30, 7, 1), set(), earliest)
    assert first.idle  # not Tir's expiry, not a warning about 1 Mordad
    days = [since + timedelta(days=n) for n in range(44)]  # to 1 Shahrivar
    done = runs_from(days, earliest)
    assert [d for d, (expire, _) in done.items() if expire] == [shahrivar]
    sent = [(d, w) for d, (_, warnings) in done.items() for w in warnings]
    assert sent == [
        (shahrivar - timedelta(days=30), (shahrivar, 30)),
        (shahrivar - timedelta(days=7), (shahrivar, 7)),
        (shahrivar - timedelta(days=1), (shahrivar, 1)),
    ]
    assert all(w[0] != mordad for _, w in sent)
    # Without a policy start (None) the same first day expires and warns at once.
    assert plan(since, (30, 7, 1), set()).expire


def runs_from(
    days: list[date], earliest: date
) -> dict[date, tuple[bool, tuple[tuple[date, int], ...]]]:
    finished: set[date] = set()
    done = {}
    for day in days:
        today = plan(day, (30, 7, 1), finished, earliest)
        done[day] = (today.expire, today.warnings)
        finished.add(day)
    return done


def test_notices_written_in_quiet_hours_wait_for_their_end() -> None:
    settings = make_settings(quiet_hours="22:00-09:00")
    four = datetime(2026, 7, 1, 0, 30, tzinfo=UTC)  # 04:00 in Tehran
    assert quiet_until(four, settings) == datetime(2026, 7, 1, 5, 30, tzinfo=UTC)
    late = datetime(2026, 7, 1, 19, 30, tzinfo=UTC)  # 23:00 in Tehran
    assert quiet_until(late, settings) == datetime(2026, 7, 2, 5, 30, tzinfo=UTC)
    ten = datetime(2026, 7, 1, 6, 30, tzinfo=UTC)
    assert quiet_until(ten, settings) == ten
    assert quiet_until(four, make_settings(quiet_hours="")) == four
