"""Settings from the environment or `.env` (pydantic-settings); every production knob lives here."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.club.rules import DEFAULT_TIERS, Tier, parse_tiers
from bot.platforms import Platform

DEFAULT_SALT = "vafa-change-me"


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

    points_signup: int = Field(50, ge=0)
    points_profile: int = Field(50, ge=0)
    points_referrer: int = Field(100, ge=0)
    points_referee: int = Field(50, ge=0)
    toman_per_point: int = Field(10_000, gt=0)
    tiers: Annotated[tuple[Tier, ...], NoDecode] = DEFAULT_TIERS
    tier_window_days: int = Field(365, gt=0)
    purchase_max_toman: int = Field(100_000_000, gt=0)
    birth_date_changes: int = Field(1, ge=0)
    history_page_size: int = Field(10, gt=0, le=50)

    flood_messages: int = Field(20, gt=0)
    flood_window_seconds: float = Field(10.0, gt=0)
    flood_mute_seconds: float = Field(30.0, gt=0)
    rate_limiter: bool = True
    rate_limiter_max_retries: int = Field(3, ge=0)
    poll_timeout: int = Field(30, ge=0)
    error_report_interval_seconds: float = Field(300.0, ge=0)
    erased_phone_salt: SecretStr = SecretStr(DEFAULT_SALT)
    processed_updates_days: int = Field(3, gt=0)

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _parse_admin_ids(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        owners: list[tuple[Platform, int]] = []
        for item in filter(None, (part.strip() for part in value.split(","))):
            platform, _, user_id = item.partition(":")
            if not user_id.strip().lstrip("-").isdigit():
                raise ValueError(f"ADMIN_IDS item {item!r} is not platform:user_id")
            owners.append((Platform(platform.strip().lower()), int(user_id)))
        return tuple(owners)

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
