"""Telegram-style send rate caps per bot (and optionally per chat), with send statistics.

A *counted* call is one that puts a message into a chat or changes one: every ``send*`` that
delivers a message, ``copyMessage(s)``, ``forwardMessage(s)`` and the ``editMessage*``
family. Telegram's flood control counts edits too, so the emulator does as well. Reading and
housekeeping calls (``getUpdates``, ``getMe``, ``answerCallbackQuery``, ``deleteMessage``,
``sendChatAction``, ...) are never capped nor counted.

The bot cap: at most ``floor(per_second)`` counted calls in any sliding 1-second window per bot
token (a cap below 1/s, e.g. 1/3 for 20 per minute, means one call per ``1/per_second``
seconds). A call over the cap is answered like Telegram, HTTP 429 with
``{"ok": false, "error_code": 429, "description": "Too Many Requests: retry after X",
"parameters": {"retry_after": X}}``, and nothing is delivered. The optional per-chat cap (off
by default; Telegram's guidance is 1 message per second in one chat) works the same way, keyed
by ``chat_id``. A call that passes the caps uses its slot even if the method then fails (a 400
or a 403 from a blocked user): Telegram counts requests, not successes.

Statistics are kept whether or not a cap is set, so a benchmark can measure how smoothly a
sender spreads its messages without enforcing anything: the admission times of counted calls
(``time.monotonic``) and the number of 429s answered.
"""

from __future__ import annotations

import itertools
import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot.emulator.models import ApiError, JSONDict

SEND_METHODS = frozenset(
    {
        "sendmessage", "sendphoto", "senddocument", "sendmediagroup", "sendvideo",
        "sendaudio", "sendvoice", "sendanimation", "sendsticker", "sendvideonote",
        "sendlocation", "sendvenue", "sendcontact", "sendpoll", "senddice", "sendinvoice",
        "sendgame", "sendpaidmedia", "copymessage", "copymessages", "forwardmessage",
        "forwardmessages",
    }
)  # fmt: skip
EDIT_METHODS = frozenset(
    {
        "editmessagetext", "editmessagecaption", "editmessagereplymarkup",
        "editmessagemedia", "editmessagelivelocation", "stopmessagelivelocation",
    }
)  # fmt: skip
COUNTED_METHODS = SEND_METHODS | EDIT_METHODS

SMOOTH_WINDOW = 0.2  # seconds: RateStats.max_in_200ms


def counts(method: str) -> bool:
    """Whether ``method`` (any case) is a counted, cappable call."""
    return method.lower() in COUNTED_METHODS


@dataclass(frozen=True)
class Limit:
    """At most ``count`` calls in any sliding window of ``window`` seconds."""

    count: int
    window: float

    @classmethod
    def from_rate(cls, per_second: float) -> Limit:
        if not per_second > 0 or math.isinf(per_second):
            raise ValueError(f"a rate cap must be a positive number, got {per_second!r}")
        if per_second >= 1:
            return cls(int(per_second), 1.0)  # floor: 2.5/s never lets 3 through in a second
        return cls(1, 1.0 / per_second)


@dataclass(frozen=True)
class CapConfig:
    per_second: float | None = None
    retry_after: int = 1
    per_chat: float | None = None

    def __post_init__(self) -> None:
        if self.retry_after < 0:
            raise ValueError(f"retry_after must be >= 0, got {self.retry_after}")
        # Validate now, not on the first send.
        for rate in (self.per_second, self.per_chat):
            if rate is not None:
                Limit.from_rate(rate)

    @property
    def bot_limit(self) -> Limit | None:
        return None if self.per_second is None else Limit.from_rate(self.per_second)

    @property
    def chat_limit(self) -> Limit | None:
        return None if self.per_chat is None else Limit.from_rate(self.per_chat)

    def as_json(self) -> JSONDict:
        return {
            "per_second": self.per_second,
            "retry_after": self.retry_after,
            "per_chat": self.per_chat,
        }


NO_CAP = CapConfig()


@dataclass
class BotRate:
    """One bot's send record."""

    accepted: list[float] = field(default_factory=list)  # monotonic admission times
    rejected: int = 0
    rejected_per_chat: int = 0  # of ``rejected``, those refused by the per-chat cap
    recent: deque[float] = field(default_factory=deque)  # admissions still in the window
    chats: dict[str, deque[float]] = field(default_factory=dict)


def max_in_window(times: list[float] | tuple[float, ...], window: float) -> int:
    """The most of ``times`` (sorted) in any half-open window ``[t, t + window)``."""
    best = start = 0
    for end, t in enumerate(times):
        while times[start] <= t - window:
            start += 1
        best = max(best, end - start + 1)
    return best


def percentile(values: list[float], p: float) -> float | None:
    """Linear-interpolated percentile (``p`` in 0..100) of unsorted ``values``."""
    if not values:
        return None
    ordered = sorted(values)
    rank = (len(ordered) - 1) * p / 100
    low = math.floor(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


@dataclass(frozen=True)
class RateStats:
    """What a bot's sender did: see ``RateCap.stats``."""

    accepted: int
    rejected_429: int
    rejected_per_chat: int
    max_in_1s: int
    max_in_200ms: int
    gap_p50: float | None  # seconds between consecutive admitted sends; None below 2 sends
    gap_p95: float | None
    times: tuple[float, ...]  # monotonic admission times, oldest first

    @classmethod
    def of(cls, record: BotRate) -> RateStats:
        times = tuple(record.accepted)
        gaps = [b - a for a, b in itertools.pairwise(times)]
        return cls(
            accepted=len(times),
            rejected_429=record.rejected,
            rejected_per_chat=record.rejected_per_chat,
            max_in_1s=max_in_window(times, 1.0),
            max_in_200ms=max_in_window(times, SMOOTH_WINDOW),
            gap_p50=percentile(gaps, 50),
            gap_p95=percentile(gaps, 95),
            times=times,
        )

    def max_in(self, window: float) -> int:
        """The most admitted sends in any ``window`` seconds."""
        return max_in_window(self.times, window)

    def as_json(self, *, times: bool = False) -> JSONDict:
        body: JSONDict = {
            "accepted": self.accepted,
            "rejected_429": self.rejected_429,
            "rejected_per_chat": self.rejected_per_chat,
            "max_in_1s": self.max_in_1s,
            "max_in_200ms": self.max_in_200ms,
            "gap_p50": self.gap_p50,
            "gap_p95": self.gap_p95,
        }
        if times:
            body["times"] = list(self.times)
        return body


class RateCap:
    """Per-token caps (a default for every bot plus per-token overrides) and send records."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.default: CapConfig = NO_CAP
        self.overrides: dict[str, CapConfig] = {}
        self.records: dict[str, BotRate] = {}

    def set(
        self,
        per_second: float | None,
        retry_after: int = 1,
        token: str | None = None,
        *,
        per_chat: float | None = None,
    ) -> CapConfig:
        """Cap ``token``'s bot (every bot without its own setting when ``token`` is None).

        ``per_second=None`` (and ``per_chat=None``) lifts the cap; with a ``token`` that is an
        override, so that bot stays uncapped even under a default cap.
        """
        config = CapConfig(per_second, int(retry_after), per_chat)
        if token is None:
            self.default = config
        else:
            self.overrides[token] = config
        return config

    def clear(self) -> None:
        """No caps anywhere (the records stay; see ``reset``)."""
        self.default = NO_CAP
        self.overrides.clear()

    def reset(self, token: str | None = None) -> None:
        """Forget the send records (and the current windows) of one bot or of all."""
        if token is None:
            self.records.clear()
        else:
            self.records.pop(token, None)

    def config(self, token: str) -> CapConfig:
        return self.overrides.get(token, self.default)

    def check(self, token: str, method: str, params: dict[str, Any]) -> None:
        """Admit a counted call (and record it) or raise the 429 ``ApiError``."""
        if not counts(method):
            return
        now = self.clock()
        config = self.config(token)
        record = self.records.get(token)
        if record is None:
            record = self.records[token] = BotRate()
        bot_limit = config.bot_limit
        if bot_limit is not None and not _room(record.recent, bot_limit, now):
            record.rejected += 1
            raise _too_many(config.retry_after)
        chat_limit = config.chat_limit
        chat_key = params.get("chat_id")
        chat_window: deque[float] | None = None
        if chat_limit is not None and chat_key is not None:
            chat_window = record.chats.setdefault(str(chat_key), deque())
            if not _room(chat_window, chat_limit, now):
                record.rejected += 1
                record.rejected_per_chat += 1
                raise _too_many(config.retry_after)
        if bot_limit is not None:
            record.recent.append(now)
        if chat_window is not None:
            chat_window.append(now)
        record.accepted.append(now)

    def stats(self, token: str) -> RateStats:
        return RateStats.of(self.records.get(token) or BotRate())


def _room(window: deque[float], limit: Limit, now: float) -> bool:
    """Drop admissions older than the window; whether one more fits."""
    while window and window[0] <= now - limit.window:
        window.popleft()
    return len(window) < limit.count


def _too_many(retry_after: int) -> ApiError:
    return ApiError(429, f"Too Many Requests: retry after {retry_after}", retry_after=retry_after)
