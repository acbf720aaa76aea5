"""Pure rules of broadcasts: which errors prove a promotion was not sent, quiet hours, the
Jalali send time."""

from __future__ import annotations

from datetime import UTC, datetime, time

import httpx
import pytest
from telegram.error import NetworkError, RetryAfter, TimedOut

from bot.club.jalali import parse_moment
from bot.promotions import provably_unsent
from bot.setting_values import in_quiet_hours, parse_quiet_hours


def caused(error: Exception, cause: BaseException) -> Exception:
    error.__cause__ = cause
    return error


@pytest.mark.parametrize(
    ("error", "unsent"),
    [
        (RetryAfter(3), True),
        (caused(NetworkError("httpx.ConnectError"), httpx.ConnectError("refused")), True),
        (caused(TimedOut("Pool timeout"), httpx.PoolTimeout("full")), True),
        (caused(TimedOut(), httpx.ConnectTimeout("no answer to SYN")), True),
        # It may have arrived: a read timeout, a 5xx, a dropped connection mid-answer.
        (caused(TimedOut(), httpx.ReadTimeout("slow")), False),
        (NetworkError("Bad Gateway (502)"), False),
        (caused(NetworkError("x"), httpx.RemoteProtocolError("closed")), False),
    ],
)
def test_only_errors_before_the_request_left_prove_a_promotion_unsent(
    error: Exception, unsent: bool
) -> None:
    assert provably_unsent(error) is unsent


def test_quiet_hours_across_midnight_and_within_a_day() -> None:
    night = parse_quiet_hours("22:00-09:00")
    assert night == (time(22), time(9))
    assert in_quiet_hours(time(23, 30), night) and in_quiet_hours(time(8, 59), night)
    assert not in_quiet_hours(time(9), night) and not in_quiet_hours(time(21, 59), night)
    noon = parse_quiet_hours("13:00 - 14:00")
    assert in_quiet_hours(time(13, 30), noon) and not in_quiet_hours(time(14), noon)
    assert parse_quiet_hours("  ") is None and not in_quiet_hours(time(3), None)


@pytest.mark.parametrize("bad", ["22-09", "22:00", "25:00-09:00", "10:00-10:00", "a-b"])
def test_a_wrong_quiet_hours_setting_says_what_to_write(bad: str) -> None:
    with pytest.raises(ValueError, match=r"HH:MM-HH:MM|starts and ends"):
        parse_quiet_hours(bad)


@pytest.mark.parametrize(
    "typed",
    ["۱۴۰۵/۰۹/۱۰ ۱۸:۳۰", "1405/09/10 18:30", "١٤٠٥/٠٩/١٠ ١٨:٣٠", "۱۴۰۵-۹-۱۰  ۱۸:۳۰"],
)
def test_a_send_time_is_read_as_jalali_in_the_clubs_timezone(typed: str) -> None:
    # 10 Azar 1405, 18:30 in Tehran (+03:30) is 15:00 UTC on 1 December 2026.
    assert parse_moment(typed, "Asia/Tehran") == datetime(2026, 12, 1, 15, 0, tzinfo=UTC)


@pytest.mark.parametrize("typed", ["۱۴۰۵/۱۳/۱۰ ۱۸:۳۰", "۱۴۰۵/۰۹/۱۰", "۱۴۰۵/۰۹/۱۰ ۲۵:۰۰", "فردا"])
def test_an_impossible_send_time_is_none(typed: str) -> None:
    assert parse_moment(typed, "Asia/Tehran") is None
