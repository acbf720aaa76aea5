import pytest

from bot.club.digits import (
    format_number,
    normalize_text,
    parse_int,
    to_latin_digits,
    to_persian_digits,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("۰۱۲۳۴۵۶۷۸۹", "0123456789"),
        ("٠١٢٣٤٥٦٧٨٩", "0123456789"),
        ("0123456789", "0123456789"),
        ("کد ۱۲a٣4", "کد 12a34"),
        ("", ""),
    ],
)
def test_to_latin_digits_converts_persian_and_arabic_digits_only(text: str, expected: str) -> None:
    assert to_latin_digits(text) == expected


def test_to_persian_digits_converts_ascii_digits_and_leaves_the_rest() -> None:
    assert to_persian_digits("a0123456789 ٣") == "a۰۱۲۳۴۵۶۷۸۹ ٣"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("علي", "علی"),
        ("مصطفى", "مصطفی"),
        ("كريم", "کریم"),
        ("  سارا \t\n  احمدی  ", "سارا احمدی"),
        ("می\u200cخواهم", "می\u200cخواهم"),
        ("   ", ""),
    ],
)
def test_normalize_text_unifies_arabic_letters_and_whitespace(text: str, expected: str) -> None:
    assert normalize_text(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0", 0),
        ("42", 42),
        ("۱۲۵۰۰۰۰", 1_250_000),
        ("١٢٥٠", 1250),
        ("1,250,000", 1_250_000),
        ("۱٬۲۵۰٬۰۰۰", 1_250_000),
        ("۱،۲۵۰،۰۰۰", 1_250_000),
        ("  ۹۵,000 ", 95_000),
        ("007", 7),
    ],
)
def test_parse_int_accepts_any_digit_set_and_thousands_separators(text: str, expected: int) -> None:
    assert parse_int(text) == expected


@pytest.mark.parametrize(
    "text",
    ["", "  ", "-5", "+5", "1.5", "۱٫۵", "12,5", "1,2345", ",100", "100,", "1,,000", "12a", "۱ ۲"],
)
def test_parse_int_rejects_anything_but_a_plain_non_negative_integer(text: str) -> None:
    assert parse_int(text) is None


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "۰"),
        (999, "۹۹۹"),
        (1000, "۱٬۰۰۰"),
        (1_250_000, "۱٬۲۵۰٬۰۰۰"),
        (-1500, "-۱٬۵۰۰"),
    ],
)
def test_format_number_uses_persian_digits_and_arabic_thousands_separator(
    n: int, expected: str
) -> None:
    assert format_number(n) == expected


def test_format_number_round_trips_through_parse_int() -> None:
    assert parse_int(format_number(987_654_321)) == 987_654_321


def test_visible_text_drops_marks_that_show_nothing_but_keeps_the_non_joiner() -> None:
    from bot.club.digits import visible_text

    assert visible_text("\u200f\u200b\ufeff\u202e") == ""
    assert visible_text(" \u202eجشنواره\u202c ") == "جشنواره"
    assert visible_text("می\u200cخواهم") == "می\u200cخواهم"
    assert visible_text("\u200cیلدا\u200c") == "یلدا"
