"""Texts: Fluent files in locales/<lang>/, loaded once; Persian digits and Jalali dates.

Fluent was chosen over gettext because its messages carry named placeholders and per-locale
selectors in the translation itself, keys stay readable (kebab-case), and the parser lets a
test compare every locale's keys and placeholders.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date, datetime
from importlib.resources import files
from pathlib import Path
from typing import Any, TypeVar, cast
from zoneinfo import ZoneInfo

from fluent.runtime import FluentBundle, FluentResource
from fluent.syntax.ast import Resource

from bot.club.digits import format_number, to_persian_digits
from bot.club.jalali import JALALI_MONTH_KEYS, to_jalali
from bot.plurals import Count


def _locales_root() -> Path:
    """locales/ at the repository root (the project's rule), which a wheel ships inside the
    package as bot/locales (pyproject.toml maps it): the installed copy wins when present."""
    installed = Path(str(files("bot").joinpath("locales")))
    return installed if installed.is_dir() else Path(__file__).resolve().parent.parent / "locales"


LOCALES = _locales_root()
# The shop's name when CLUB_NAME is empty: a text, so each language words it its own way.
CLUB_DEFAULT_KEY = "club-default-name"

Value = str | int | date | datetime
T = TypeVar("T")


class MissingText(KeyError):
    """A key used in code is missing from a locale (a test keeps this from shipping)."""


class Texts:
    """One language's texts; call it with a key and named values."""

    def __init__(self, language: str, bundle: FluentBundle, timezone: str, club: str = "") -> None:
        self.language = language
        self._bundle = bundle
        self._tz = ZoneInfo(timezone)
        self._derived: dict[Callable[[Texts], Any], Any] = {}
        # Every message may name the shop as { $club }: filled here, so callers never pass it.
        self.club = ""
        self.club = club.strip() or self(CLUB_DEFAULT_KEY)

    def __call__(self, key: str, **values: Value) -> str:
        if not self._bundle.has_message(key):
            raise MissingText(f"{self.language}: {key}")
        message = self._bundle.get_message(key)
        if message.value is None:
            raise MissingText(f"{self.language}: {key} has no value")
        args = {name: self._render(value) for name, value in values.items()}
        args.setdefault("club", self.club)
        text, errors = self._bundle.format_pattern(message.value, args)
        if errors:
            raise MissingText(f"{self.language}: {key}: {errors}")
        return str(text)

    def has(self, key: str) -> bool:
        return bool(self._bundle.has_message(key))

    def get(self, key: str, default: str) -> str:
        """The text `key`, or `default` where the texts have none (a tier or kind named in
        the settings or the data, with no text of its own)."""
        return self(key) if self.has(key) else default

    def _render(self, value: Value) -> str | Count:
        if isinstance(value, bool):
            raise TypeError("booleans are not shown to people")
        if isinstance(value, int):
            # Shown as the language writes numbers, and still a count that a Fluent selector
            # (`[one]`, `*[other]`) can choose on.
            return Count(value, self.number(value))
        if isinstance(value, datetime):
            return self.datetime(value)
        if isinstance(value, date):
            return self.date(value)
        return value

    def number(self, value: int) -> str:
        return format_number(value) if self.language == "fa" else f"{value:,}"

    def decimal(self, value: float, places: int = 1) -> str:
        """A decimal number as the language writes it (Persian digits and the Arabic decimal
        separator U+066B in Persian)."""
        text = f"{value:.{places}f}"
        return to_persian_digits(text).replace(".", "\u066b") if self.language == "fa" else text

    def digits(self, text: str) -> str:
        """Shows a code or other digit string in the language's digits (no separators)."""
        return to_persian_digits(text) if self.language == "fa" else text

    def date(self, value: date) -> str:
        year, month, day = to_jalali(value)
        return self(
            "date-format",
            day=self.digits(str(day)),
            month=self(JALALI_MONTH_KEYS[month - 1]),
            year=self.digits(str(year)),
        )

    def datetime(self, value: datetime) -> str:
        local = value.astimezone(self._tz)
        return self(
            "datetime-format",
            date=self.date(local.date()),
            time=self.digits(local.strftime("%H:%M")),
        )

    def derived(self, build: Callable[[Texts], T]) -> T:
        """What `build` makes from these texts (a keyboard, a label map), built on first use."""
        if build not in self._derived:
            self._derived[build] = build(self)
        return cast(T, self._derived[build])


def available_languages(root: Path = LOCALES) -> list[str]:
    """The languages with texts: folders of locales/ that hold at least one .ftl file."""
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if p.is_dir() and any(p.glob("*.ftl")))


def load_texts(language: str, timezone: str, root: Path = LOCALES, club: str = "") -> Texts:
    """One language's texts; `club` is the shop's name (CLUB_NAME), shown as { $club }."""
    folder = root / language
    if not folder.is_dir():
        raise FileNotFoundError(f"no locale folder {folder}")
    # Isolation marks are added by hand where they matter (phones): Fluent would add them
    # around every value, and Telegram clients show stray marks as boxes on some systems.
    bundle = FluentBundle([language], use_isolating=False)
    for resource in _resources(folder):
        bundle.add_resource(resource)
    return Texts(language, bundle, timezone, club)


@functools.cache
def _resources(folder: Path) -> tuple[Resource, ...]:
    """A language's files, parsed once per process (parsing is most of a load's time, and
    every Application and every job loads the texts)."""
    return tuple(
        FluentResource(path.read_text(encoding="utf-8")) for path in sorted(folder.glob("*.ftl"))
    )
