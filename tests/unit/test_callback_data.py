import random

import pytest

from bot.club.callback_data import DEFAULT_MAX, parse_callback_field, parse_callback_int


def test_numbers_the_bot_writes_are_read_back() -> None:
    rng = random.Random(5)
    values = [0, 1, 9, 10, 12345, DEFAULT_MAX - 1, DEFAULT_MAX]
    values += [rng.randrange(DEFAULT_MAX + 1) for _ in range(1000)]
    for value in values:
        assert parse_callback_int(str(value)) == value


@pytest.mark.parametrize(
    "text",
    [
        "",
        "-1",
        "+1",
        "1.0",
        "1e3",
        " 1",
        "1 ",
        "1_000",
        "0x10",
        "007",
        "\u06f1\u06f2",
        "\u0661\u0662",
        "\uff11\uff12",
        "\u00b2",
        "12\u200e",
    ],
)
def test_anything_but_plain_ascii_digits_is_a_stale_button(text: str) -> None:
    assert parse_callback_int(text) is None


@pytest.mark.parametrize(
    "text", [str(DEFAULT_MAX + 1), "99999999999999999999", str(2**63), "9" * 5000, "1" * 10**6]
)
def test_numbers_too_large_for_the_database_are_a_stale_button(text: str) -> None:
    assert parse_callback_int(text) is None


def test_a_smaller_bound_is_honoured() -> None:
    assert parse_callback_int("100", max_value=100) == 100
    assert parse_callback_int("101", max_value=100) is None
    assert parse_callback_int("1000", max_value=100) is None


def test_a_forged_history_button_becomes_none() -> None:
    assert parse_callback_field("history:41", "history") == 41
    assert parse_callback_field("history:99999999999999999999", "history") is None
    assert parse_callback_field("history:", "history") is None
    assert parse_callback_field("history", "history") is None
    assert parse_callback_field("history:1:2", "history") is None
    assert parse_callback_field("historyx:1", "history") is None
    assert parse_callback_field("privacy:1", "history") is None
