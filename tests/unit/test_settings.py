"""Settings parse as documented, from the environment."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pydantic import ValidationError

from bot.platforms import Platform
from bot.settings import Settings


def settings() -> Settings:
    return Settings(_env_file=None)  # type: ignore[call-arg]


def test_admin_ids_are_a_comma_list_of_platform_and_user_id(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ADMIN_IDS", "telegram:123, bale:456")
    assert settings().admin_ids == ((Platform.TELEGRAM, 123), (Platform.BALE, 456))
    assert settings().is_owner(Platform.BALE, 456)
    assert not settings().is_owner(Platform.TELEGRAM, 456)


def test_an_empty_admin_ids_means_no_owners(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADMIN_IDS", "")
    assert settings().admin_ids == ()


def test_a_malformed_admin_id_is_refused_at_start(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADMIN_IDS", "telegram123")
    with pytest.raises(ValidationError):
        settings()


def test_tokens_are_secret_and_blank_ones_turn_a_messenger_off(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TELEGRAM_TOKEN", "123:abc")
    monkeypatch.setenv("BALE_TOKEN", " ")
    loaded = settings()
    assert loaded.tokens() == {Platform.TELEGRAM: "123:abc"}
    assert "123:abc" not in repr(loaded)


def test_tiers_can_be_overridden_with_a_compact_spec(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIERS", "bronze:0:1,silver:500:1.2")
    assert [(t.key, t.threshold, t.multiplier) for t in settings().tiers] == [
        ("bronze", 0, Decimal("1")),
        ("silver", 500, Decimal("1.2")),
    ]


def test_file_urls_follow_the_api_url_unless_set() -> None:
    loaded = Settings(_env_file=None, bale_api_url="http://127.0.0.1:9/bot")  # type: ignore[call-arg]
    assert loaded.file_url(Platform.BALE) == "http://127.0.0.1:9/file/bot"
    assert loaded.file_url(Platform.TELEGRAM) == "https://api.telegram.org/file/bot"


def test_persian_and_arabic_indic_digits_in_the_environment_are_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("BIRTHDAY_TIME", "۱۰:۳۰")
    monkeypatch.setenv("TIER_GRACE_DAYS", "١٤")
    monkeypatch.setenv("EXPIRY_WARNING_DAYS", "۳۰,۷,۱")
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.birthday_time == "10:30"
    assert settings.tier_grace_days == 14
    assert settings.expiry_warning_days == (30, 7, 1)


def test_a_bad_time_of_day_or_list_of_days_is_one_line_saying_what_to_write(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("BIRTHDAY_TIME", "25:00")
    with pytest.raises(ValidationError, match=r"write HH:MM, e\.g\. 10:00"):
        Settings(_env_file=None)  # type: ignore[call-arg]
    monkeypatch.setenv("BIRTHDAY_TIME", "10:00")
    monkeypatch.setenv("EXPIRY_WARNING_DAYS", "30;7")
    with pytest.raises(ValidationError, match=r"write e\.g\. 30,7,1"):
        Settings(_env_file=None)  # type: ignore[call-arg]
    monkeypatch.setenv("EXPIRY_WARNING_DAYS", "30,3000000")
    with pytest.raises(ValidationError, match="warning days must be 1 to 366"):
        Settings(_env_file=None)  # type: ignore[call-arg]
