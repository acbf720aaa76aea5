"""A mistyped setting is refused with one line naming it, what is wrong and what to write."""

from __future__ import annotations

import pytest

from bot.startup import CONFIG, StartupFailure, load_settings


def failure_lines(monkeypatch: pytest.MonkeyPatch, **env: str) -> list[str]:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(StartupFailure) as caught:
        load_settings(_env_file=None)
    assert caught.value.status == CONFIG
    return caught.value.lines


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("telegram:abc", "ADMIN_IDS: 'telegram:abc': the user id must be a positive number"),
        ("tg:1", "ADMIN_IDS: 'tg:1' names no messenger Vafa knows ('tg')"),
        ("telegram123", "ADMIN_IDS: 'telegram123' is not messenger:user_id"),
        ("telegram:1,,bale:x", "ADMIN_IDS: 'bale:x': the user id must be a positive number"),
        ("telegram:-5", "ADMIN_IDS: 'telegram:-5': the user id must be a positive number"),
    ],
)
def test_a_malformed_owner_list_names_the_bad_item(
    monkeypatch: pytest.MonkeyPatch, value: str, expected: str
) -> None:
    [line] = failure_lines(monkeypatch, ADMIN_IDS=value)
    assert line.startswith(expected)
    assert "telegram:<user id> or bale:<user id>" in line or "e.g. " in line


@pytest.mark.parametrize(
    ("url", "write_instead"),
    [
        ("postgres://vafa:s3cret@db:5432/vafa", "write postgresql+asyncpg://vafa:***@db:5432/vafa"),
        ("postgresql://vafa:s3cret@db/vafa", "write postgresql+asyncpg://vafa:***@db/vafa"),
        ("postgresql+psycopg2://vafa@db/vafa", "write postgresql+asyncpg://vafa@db/vafa"),
        ("sqlite:///data/vafa.db", "write sqlite+aiosqlite:///data/vafa.db"),
        ("data/vafa.db", "write sqlite+aiosqlite:///data/vafa.db for SQLite"),
        ("mysql+aiomysql://u@h/db", "or PostgreSQL"),
    ],
)
def test_a_database_url_vafa_cannot_use_says_what_to_write_and_hides_the_password(
    monkeypatch: pytest.MonkeyPatch, url: str, write_instead: str
) -> None:
    [line] = failure_lines(monkeypatch, DATABASE_URL=url)
    assert line.startswith("DATABASE_URL: ")
    assert write_instead in line
    assert "s3cret" not in line


def test_an_unknown_time_zone_and_a_language_without_texts_are_named(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lines = failure_lines(monkeypatch, TIMEZONE="Asia/Tehrn", LANGUAGE="de")
    assert lines == [
        "TIMEZONE: unknown time zone 'Asia/Tehrn'; write a name like Asia/Tehran (IANA time zones)",
        lines[1],
    ]
    assert lines[1].startswith("LANGUAGE: no texts for 'de' in ")
    assert lines[1].endswith("write one of en, fa")


def test_every_bad_setting_gets_its_own_line_with_its_environment_name(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lines = failure_lines(monkeypatch, POINTS_SIGNUP="-5", POLL_TIMEOUT="soon")
    assert lines == [
        "POINTS_SIGNUP: Input should be greater than or equal to 0 (got '-5')",
        "POLL_TIMEOUT: Input should be a valid integer, unable to parse string as an integer "
        "(got 'soon')",
    ]


def test_a_secret_setting_is_never_echoed(monkeypatch: pytest.MonkeyPatch) -> None:
    [line] = failure_lines(monkeypatch, DATABASE_URL="postgresql://u:hunter2@h/db")
    assert "hunter2" not in line


def test_log_level_is_case_insensitive_and_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOG_LEVEL", "debug")
    assert load_settings(_env_file=None).log_level == "DEBUG"
    [line] = failure_lines(monkeypatch, LOG_LEVEL="loud")
    assert line.startswith("LOG_LEVEL: Input should be 'DEBUG', 'INFO', 'WARNING' or 'ERROR'")


def test_an_empty_erasure_salt_means_the_stored_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ERASED_PHONE_SALT", "  ")
    assert load_settings(_env_file=None).erased_phone_salt.get_secret_value() == ""
