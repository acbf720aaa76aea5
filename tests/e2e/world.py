"""The end-to-end world: the emulator, the real Runtime (both messengers), helpers a test reads."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from pydantic import SecretStr

from bot.emulator.driver import BotHandle, Emulator, SimUser
from bot.i18n import Texts, load_texts
from bot.lifecycle import Runtime
from bot.settings import Settings

TELEGRAM_TOKEN = "111111:telegram-test-token-SECRET"
BALE_TOKEN = "222222:bale-test-token-SECRET"
OWNER_TELEGRAM_ID = 9_000


@dataclass
class Clock:
    """Settable clock for the club (tier windows, ages)."""

    now: datetime = field(default_factory=lambda: datetime.now(UTC))

    def __call__(self) -> datetime:
        return self.now


@dataclass
class World:
    emu: Emulator
    settings: Settings
    clock: Clock
    runtime: Runtime | None = None
    telegram: BotHandle = field(init=False)
    bale: BotHandle = field(init=False)

    def __post_init__(self) -> None:
        self.telegram = self.emu.add_bot(TELEGRAM_TOKEN, "vafa_test_bot", platform="telegram")
        self.bale = self.emu.add_bot(BALE_TOKEN, "vafa_test_bale_bot", platform="bale")

    async def start(self) -> None:
        self.runtime = Runtime(self.settings, clock=self.clock)
        await self.runtime.start()
        # Daily jobs run when a test asks (`run_job`), on the test's clock: a real tick could
        # greet a birthday or send Saturday's report into the middle of another test.
        self.runtime.scheduler.remove_job("jobs_tick")
        # Replies leave after the update is confirmed: a step is over once they are sent.
        sender = self.runtime.sender

        async def settle(*_: object) -> None:
            await sender.wait_idle()

        self.emu.settle = settle

    async def stop(self) -> None:
        if self.runtime is not None:
            self.emu.settle = None
            await self.runtime.shutdown()
            self.runtime = None

    async def restart(self) -> None:
        await self.stop()
        await self.start()

    async def run_job(self, name: str) -> list[Any]:
        """Runs job `name`'s due periods now, as the scheduler's tick would (the periods)."""
        assert self.runtime is not None
        jobs = self.runtime.jobs
        return await jobs.run_due(jobs.job(name))

    @property
    def club(self) -> Any:
        assert self.runtime is not None
        return self.runtime.club

    async def rows(self, query: str, **params: Any) -> list[Any]:
        """Rows from the database as the bot left them (for asserting on state)."""
        async with self.club.db.read() as conn:
            return list((await conn.execute(sa.text(query), params)).all())

    async def scalar(self, query: str, **params: Any) -> Any:
        async with self.club.db.read() as conn:
            return await conn.scalar(sa.text(query), params)


def world_settings(emu: Emulator, database_url: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "_env_file": None,
        "telegram_token": SecretStr(TELEGRAM_TOKEN),
        "bale_token": SecretStr(BALE_TOKEN),
        "telegram_api_url": emu.base_url,
        "bale_api_url": emu.base_url,
        "telegram_file_url": emu.base_file_url,
        "bale_file_url": emu.base_file_url,
        "database_url": database_url,
        "admin_ids": f"telegram:{OWNER_TELEGRAM_ID}",
        "poll_timeout": 5,
        # The emulator has no rate limit; the tests' bursts should not wait for one.
        "telegram_rate_limit": 1000,
        "bale_rate_limit": 1000,
        "error_report_interval_seconds": 0,
        # The clock is the real one unless a test sets it: no quiet hours unless it asks.
        "quiet_hours": "",
    }
    values.update(overrides)
    return Settings(**values)


MENU_KEYS = (
    "button-points",
    "button-history",
    "button-rewards",
    "button-my-codes",
    "button-card",
    "button-invite",
    "button-surveys",
    "button-lotteries",
    "button-quizzes",
    "button-contact",
    "button-profile",
    "button-help",
    "button-privacy",
)


def texts_of(messages: list[Any]) -> list[str]:
    return [m.content or "" for m in messages]


@functools.cache
def _persian() -> Texts:
    return load_texts("fa", "Asia/Tehran")


def t(key: str, **values: Any) -> str:
    """The Persian text for a key, as the bot would render it (the locale is parsed once)."""
    return _persian()(key, **values)


async def sign_up(
    user: SimUser,
    *,
    name: str | None = "سارا محمدی",
    birth_date: str | None = "۱۳۷۰/۰۵/۱۲",
    start: str = "/start",
) -> list[str]:
    """The happy path; returns everything the bot said along the way."""
    said: list[str] = []
    await user.send(start)
    await user.press(t("button-consent-yes"))
    if name is None:
        await user.press(user.keyboard()[0])
    else:
        await user.send(name)
    await user.share_contact()
    if birth_date is None:
        await user.press(t("button-skip"))
    else:
        await user.send(birth_date)
    said.extend(texts_of(user.inbox))
    return said


Factory = Callable[..., World]


MENU = [t(key) for key in MENU_KEYS]  # the main menu's labels, in order
