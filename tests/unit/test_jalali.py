import datetime

import pytest

from bot.club.jalali import (
    JALALI_MONTH_KEYS,
    BirthDateError,
    is_leap,
    parse_birth_date,
    to_jalali,
)

TODAY = datetime.date(2024, 6, 1)  # 1403/03/12
FAR_FUTURE = datetime.date(2040, 1, 1)  # lets recent dates pass the age checks
GREG_1292_03_13 = datetime.date(1913, 6, 3)


def error_key(text: str, today: datetime.date = TODAY) -> str:
    with pytest.raises(BirthDateError) as info:
        parse_birth_date(text, today=today)
    return info.value.key


@pytest.mark.parametrize(
    "text",
    [
        "۱۳۷۰/۰۵/۱۲",
        "1370/5/12",
        "1370-05-12",
        "۱۳۷۰ ۵ ۱۲",
        "1370.5.12",
        "١٣٧٠/٠٥/١٢",
        "1370/05-12",
        "  1370 / 5 / 12  ",
        "1370 -5. 12",
        "۱۳۷۰٫۵٫۱۲",
        "\u200f۱۳۷۰/۰۵/۱۲\u200e",
        "13700512",
        "۱۳۷۰۰۵۱۲",
    ],
)
def test_every_accepted_format_yields_the_same_gregorian_date(text: str) -> None:
    assert parse_birth_date(text, today=TODAY) == datetime.date(1991, 8, 3)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "سلام",
        "70/5/12",
        "۷۰/۰۵/۱۲",
        "12/5/1370",
        "1370/5",
        "1370/5/12/1",
        "1370//5/12",
        "1370512",
        "137005120",
        "13700512x",
        "1370/۵/۱۲ ق",
        "x1370/5/12",
    ],
)
def test_text_that_is_not_a_date_is_a_format_error(text: str) -> None:
    assert error_key(text) == "error-birthdate-format"


@pytest.mark.parametrize(
    "text",
    [
        "1370/13/01",
        "1370/00/10",
        "1370/05/00",
        "1370/05/32",
        "1370/07/31",  # Mehr has 30 days
        "1370/11/31",  # Bahman has 30 days
        "1402/12/30",  # 1402 is not a leap year
        "1399/12/31",
        "0000/01/01",
    ],
)
def test_dates_that_do_not_exist_are_impossible(text: str) -> None:
    assert error_key(text, FAR_FUTURE) == "error-birthdate-impossible"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1399/12/30", datetime.date(2021, 3, 20)),
        ("1403/12/30", datetime.date(2025, 3, 20)),
        ("1370/06/31", datetime.date(1991, 9, 22)),
        ("1402/12/29", datetime.date(2024, 3, 19)),
    ],
)
def test_last_days_of_months_are_valid_where_the_calendar_has_them(
    text: str, expected: datetime.date
) -> None:
    assert parse_birth_date(text, today=FAR_FUTURE) == expected


@pytest.mark.parametrize(
    ("year", "leap"), [(1399, True), (1403, True), (1402, False), (1400, False)]
)
def test_is_leap_follows_the_jalali_calendar(year: int, leap: bool) -> None:
    assert is_leap(year) is leap


@pytest.mark.parametrize("text", ["1403/03/13", "1404/01/01", "9999/01/01"])
def test_dates_after_today_are_in_the_future(text: str) -> None:
    assert error_key(text) == "error-birthdate-future"


@pytest.mark.parametrize("text", ["1403/03/12", "1396/03/13", "1400/01/01"])
def test_members_younger_than_seven_are_too_young(text: str) -> None:
    assert error_key(text) == "error-birthdate-too-young"


def test_a_member_turning_seven_today_is_old_enough() -> None:
    assert parse_birth_date("1396/03/12", today=TODAY) == datetime.date(2017, 6, 2)


def test_a_member_turning_one_hundred_ten_today_is_accepted() -> None:
    assert parse_birth_date("1293/03/12", today=TODAY) == datetime.date(1914, 6, 3)


def test_a_member_turning_one_hundred_eleven_tomorrow_is_still_accepted() -> None:
    assert parse_birth_date("1292/03/13", today=TODAY) == GREG_1292_03_13


@pytest.mark.parametrize("text", ["1292/03/12", "1200/01/01"])
def test_members_older_than_one_hundred_ten_are_too_old(text: str) -> None:
    assert error_key(text) == "error-birthdate-too-old"


def test_age_limits_are_configurable() -> None:
    with pytest.raises(BirthDateError) as info:
        parse_birth_date("1390/01/01", today=TODAY, min_age=18)
    assert info.value.key == "error-birthdate-too-young"
    assert parse_birth_date("1290/01/01", today=TODAY, max_age=120) == datetime.date(1911, 3, 22)


def test_birth_date_error_is_a_value_error_carrying_its_key() -> None:
    error = BirthDateError("error-birthdate-format")
    assert isinstance(error, ValueError)
    assert error.key == "error-birthdate-format"


@pytest.mark.parametrize(
    ("gregorian", "jalali"),
    [
        (datetime.date(1991, 8, 3), (1370, 5, 12)),
        (datetime.date(2024, 3, 20), (1403, 1, 1)),
        (datetime.date(2021, 3, 20), (1399, 12, 30)),
    ],
)
def test_to_jalali_converts_gregorian_dates(
    gregorian: datetime.date, jalali: tuple[int, int, int]
) -> None:
    assert to_jalali(gregorian) == jalali


def test_month_keys_are_locale_keys_for_the_twelve_months() -> None:
    assert JALALI_MONTH_KEYS == tuple(f"month-{m}" for m in range(1, 13))
    assert JALALI_MONTH_KEYS[0] == "month-1"
    assert JALALI_MONTH_KEYS[11] == "month-12"
