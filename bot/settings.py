"""Settings from the environment or `.env` (pydantic-settings); every production knob lives here."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.club.digits import to_latin_digits
from bot.club.rules import DEFAULT_TIERS, Tier, parse_tiers
from bot.i18n import LOCALES, available_languages
from bot.platforms import Platform
from bot.setting_values import (
    check_database_url,
    check_quiet_hours,
    check_timezone,
    parse_admin_ids,
    parse_time_of_day,
)

# No longer a default (an empty ERASED_PHONE_SALT means the salt generated and kept in the
# database, bot/storage/meta.py); kept only while bot/lifecycle.py still imports it.


class Settings(BaseSettings):
    """Everything Vafa reads from its environment; names match the README's settings table."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    telegram_token: SecretStr | None = None
    telegram_api_url: str = "https://api.telegram.org/bot"
    telegram_file_url: str | None = None
    bale_token: SecretStr | None = None
    bale_api_url: str = "https://tapi.bale.ai/bot"
    bale_file_url: str | None = None
    database_url: str = "sqlite+aiosqlite:///data/vafa.db"
    # NoDecode: a comma list, not JSON; an empty value means no owners.
    admin_ids: Annotated[tuple[tuple[Platform, int], ...], NoDecode] = ()
    timezone: str = "Asia/Tehran"
    language: str = "fa"
    # The shop's name in texts ({ $club }); empty: the locale's club-default-name.
    club_name: str = ""
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    # Written by the pollers, read by `python -m bot health` (bot/health.py).
    health_file: Path = Path("data/health.json")

    points_signup: int = Field(50, ge=0)
    points_profile: int = Field(50, ge=0)
    points_referrer: int = Field(100, ge=0)
    points_referee: int = Field(50, ge=0)
    toman_per_point: int = Field(10_000, gt=0)
    tiers: Annotated[tuple[Tier, ...], NoDecode] = DEFAULT_TIERS
    tier_window_days: int = Field(365, gt=0)
    purchase_max_toman: int = Field(100_000_000, gt=0)
    # A cashier recording a purchase for their own member account pays themselves points.
    purchase_self_allowed: bool = False
    # Earning rules (bot/club/earning.py), all off at 0: purchases credited per member per
    # club day, referral credits per referrer per Jalali month, the referrer's gift at the
    # friend's first purchase, and the bonus for a second purchase within N days.
    purchase_credits_per_day: int = Field(0, ge=0)
    referral_credits_per_month: int = Field(0, ge=0)
    referral_milestone_points: int = Field(0, ge=0)
    repeat_bonus_points: int = Field(0, ge=0)
    repeat_bonus_days: int = Field(30, ge=1)
    # Spending points (bot/club/redemptions.py, bot/club/till_codes.py): what a point is
    # worth at the till when a member pays with points (0: paying with points is off) and
    # the most of a bill points may pay, in percent; wrong codes one staff account may type
    # in the window before /code waits; rewards per page of the member's catalog.
    point_value_toman: int = Field(500, ge=0)
    points_pay_max_percent: int = Field(50, ge=0, le=100)
    code_wrong_limit: int = Field(5, gt=0)
    code_wrong_window_minutes: int = Field(15, gt=0, le=1440)
    rewards_page_size: int = Field(5, gt=0, le=10)
    # A partner's codes are uploaded as a CSV of at most this many rows.
    partner_pool_max_rows: int = Field(50_000, gt=0)
    birth_date_changes: int = Field(1, ge=0)
    # Identity (bot/club/links.py): how long a link request waits for the account's answer,
    # and whether Bale's contact.user_id proves a phone (its docs do not say it is checked).
    link_request_minutes: int = Field(10, gt=0)
    bale_trusts_contacts: bool = False
    history_page_size: int = Field(10, gt=0, le=50)

    flood_messages: int = Field(20, gt=0)
    flood_window_seconds: float = Field(10.0, gt=0)
    flood_mute_seconds: float = Field(30.0, gt=0)
    # Outgoing messages (bot/sender.py): per-messenger rate limits, the outbox's lease and
    # retries. Telegram allows about 30 messages a second per bot; 25 leaves a margin.
    telegram_rate_limit: float = Field(25.0, gt=0)
    bale_rate_limit: float = Field(20.0, gt=0)
    outbox_lease_seconds: float = Field(30.0, ge=1)
    outbox_poll_seconds: float = Field(1.0, gt=0)
    outbox_max_attempts: int = Field(8, gt=0)
    outbox_keep_days: int = Field(7, gt=0)
    # Broadcasts (bot/club/broadcasts.py): no promotional message is sent in quiet hours
    # (club time, "HH:MM-HH:MM"; empty: none); at most this many promotional messages are
    # handed to a messenger and not yet recorded (after kill -9 only these can be "unknown");
    # the audience is written to the outbox this many members per transaction; the
    # composer's progress message is updated this often.
    quiet_hours: str = "22:00-09:00"
    broadcast_in_flight: int = Field(50, gt=0, le=1000)
    broadcast_chunk: int = Field(2000, gt=0, le=50_000)
    broadcast_progress_seconds: float = Field(3.0, gt=0)
    # An update whose handler keeps failing (a bug, not an outage) gets the apology after this
    # many attempts and is skipped, so it cannot block its chat or the messenger.
    update_max_attempts: int = Field(3, gt=0)
    poll_timeout: int = Field(30, ge=0)
    error_report_interval_seconds: float = Field(300.0, ge=0)
    # Empty: the salt generated on first start and kept in the database (club_meta).
    erased_phone_salt: SecretStr = SecretStr("")
    processed_updates_days: int = Field(3, gt=0)
    # An abandoned signup keeps a name and a phone: such drafts are deleted after this long.
    conversation_draft_days: int = Field(30, gt=0)

    # The club's clock (scheduler/): daily jobs run at these club times (TIMEZONE); a job's
    # period is its club day (the weekly report's, its Jalali week from Saturday).
    # Birthdays: the gift in points (0: a greeting only), days of downtime caught up late,
    # and how recently set a birth date may be and still earn that year's gift.
    birthday_time: str = "10:00"
    points_birthday: int = Field(100, ge=0)
    birthday_catch_up_days: int = Field(7, ge=0, le=60)
    birthday_new_date_days: int = Field(30, ge=0, le=366)
    # Tiers: the nightly recomputation's time; members are warned this many days before their
    # tier falls, and keep it this many days after it would have (0: fall at once).
    tier_time: str = "03:00"
    tier_warning_days: int = Field(7, ge=0, le=90)
    tier_grace_days: int = Field(14, ge=0, le=365)
    # Points expire first-in first-out this many months after they were earned (0: never);
    # members are warned these many days before (a comma list).
    points_expiry_months: int = Field(0, ge=0, le=120)
    expiry_time: str = "04:00"
    expiry_warning_days: Annotated[tuple[int, ...], NoDecode] = (30, 7, 1)
    # The weekly report to owners: Saturday (the Jalali week's first day) at this club time.
    weekly_report_time: str = "09:00"
    # Jobs work through members this many at a time (one transaction per batch, the process
    # may stop between batches); a job whose process stopped answering for this long is
    # taken over by another process or the next start.
    job_batch_size: int = Field(5000, gt=0, le=100_000)
    job_stale_seconds: float = Field(120.0, ge=10)
    # CSV exports are zipped and split into files of at most this many megabytes (the Bot
    # API takes uploads up to 50 MB).
    export_part_mb: int = Field(45, gt=0, le=49)

    @model_validator(mode="before")
    @classmethod
    def _latin_digits(cls, values: object) -> object:
        """A shop owner may type 10:00 or 14 with Persian or Arabic-Indic digits in .env."""
        if not isinstance(values, dict):
            return values
        return {
            key: to_latin_digits(value) if isinstance(value, str) else value
            for key, value in values.items()
        }

    @field_validator("birthday_time", "tier_time", "expiry_time", "weekly_report_time")
    @classmethod
    def _check_time_of_day(cls, value: str) -> str:
        parse_time_of_day(value)
        return value.strip()

    @field_validator("expiry_warning_days", mode="before")
    @classmethod
    def _parse_warning_days(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        try:
            days = tuple(
                sorted({int(part) for part in value.split(",") if part.strip()}, reverse=True)
            )
        except ValueError:
            raise ValueError(f"{value!r} is not a list of days; write e.g. 30,7,1") from None
        if any(not 0 < day <= 366 for day in days):
            raise ValueError(f"{value!r}: warning days must be 1 to 366, e.g. 30,7,1")
        return days

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _parse_admin_ids(cls, value: object) -> object:
        return parse_admin_ids(value) if isinstance(value, str) else value

    @field_validator("database_url")
    @classmethod
    def _check_database_url(cls, value: str) -> str:
        return check_database_url(value)

    @field_validator("quiet_hours")
    @classmethod
    def _check_quiet_hours(cls, value: str) -> str:
        check_quiet_hours(value)
        return value.strip()

    @field_validator("timezone")
    @classmethod
    def _check_timezone(cls, value: str) -> str:
        return check_timezone(value)

    @field_validator("language")
    @classmethod
    def _check_language(cls, value: str) -> str:
        languages = available_languages()
        if value not in languages:
            raise ValueError(
                f"no texts for {value!r} in {LOCALES}; write one of {', '.join(languages)}"
            )
        return value

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper_log_level(cls, value: object) -> object:
        return value.strip().upper() if isinstance(value, str) else value

    @field_validator("erased_phone_salt", mode="before")
    @classmethod
    def _strip_salt(cls, value: object) -> object:
        return value.strip() if isinstance(value, str) else value

    @field_validator("tiers", mode="before")
    @classmethod
    def _parse_tiers(cls, value: object) -> object:
        return parse_tiers(value) if isinstance(value, str) else value

    @field_validator("telegram_token", "bale_token", mode="before")
    @classmethod
    def _blank_token_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    def tokens(self) -> dict[Platform, str]:
        """The configured platforms and their tokens."""
        found = {Platform.TELEGRAM: self.telegram_token, Platform.BALE: self.bale_token}
        return {p: t.get_secret_value() for p, t in found.items() if t is not None}

    def api_url(self, platform: Platform) -> str:
        return self.telegram_api_url if platform is Platform.TELEGRAM else self.bale_api_url

    def file_url(self, platform: Platform) -> str:
        explicit = self.telegram_file_url if platform is Platform.TELEGRAM else self.bale_file_url
        return explicit or platform.file_url_for(self.api_url(platform))

    def is_owner(self, platform: Platform, user_id: int) -> bool:
        return (platform, user_id) in self.admin_ids
