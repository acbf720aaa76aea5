"""Plain data kept by the emulator: bots, chats, messages, files and queued updates."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from bot.emulator.platforms import Platform

JSONDict = dict[str, Any]


class ApiError(Exception):
    """A Bot API failure, rendered as ``{"ok": false, ...}`` with the same HTTP status."""

    def __init__(self, code: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(f"{code} {description}")
        self.code = code
        self.description = description
        self.retry_after = retry_after

    def payload(self) -> JSONDict:
        body: JSONDict = {"ok": False, "error_code": self.code, "description": self.description}
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


BLOCKED = ApiError(403, "Forbidden: bot was blocked by the user")


class Signal:
    """Wakes every waiter whenever something changes; waiters re-check their own predicate.

    A fresh Event per notification avoids the lost-wakeup/clear races of a shared Event.
    """

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def notify(self) -> None:
        self._event.set()
        self._event = asyncio.Event()

    async def wait_for(self, predicate: Callable[[], bool], seconds: float) -> bool:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + max(seconds, 0.0)
        while not predicate():
            remaining = deadline - loop.time()
            if remaining <= 0:
                return False
            event = self._event
            try:
                await asyncio.wait_for(event.wait(), remaining)
            except TimeoutError:
                pass
        return True


class Waiters:
    """Futures keyed by update id: a confirmation wakes only the waiters of those updates.

    With hundreds of members each waiting for its own update, a shared Signal would wake
    every one of them on every getUpdates confirmation.
    """

    def __init__(self) -> None:
        self._by_key: dict[int, list[asyncio.Future[None]]] = {}

    def wake(self, keys: Iterable[int]) -> None:
        for key in keys:
            for future in self._by_key.pop(key, ()):
                if not future.done():
                    future.set_result(None)

    def wake_all(self) -> None:
        self.wake(list(self._by_key))

    async def wait(self, key: int, seconds: float) -> None:
        """Until ``wake`` names ``key`` or ``seconds`` pass; the caller re-checks its state."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[None] = loop.create_future()
        waiters = self._by_key.setdefault(key, [])
        waiters.append(future)
        timer = loop.call_later(max(seconds, 0.0), _settle, future)
        try:
            await future
        finally:
            timer.cancel()
            if future in waiters:
                waiters.remove(future)
                if not waiters and self._by_key.get(key) is waiters:
                    del self._by_key[key]


def _settle(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)


@dataclass
class StoredFile:
    file_id: str
    file_unique_id: str
    data: bytes
    filename: str | None
    mime_type: str | None
    file_path: str


@dataclass
class SentMessage:
    """A message the bot sent to a chat, as the user would see it."""

    message_id: int
    chat_id: int
    date: int
    sent_at: float
    kind: str = "text"  # "text" | "photo" | "document"
    text: str | None = None
    raw_text: str | None = None
    caption: str | None = None
    parse_mode: str | None = None
    reply_markup: JSONDict | None = None
    photo: bytes | None = None
    document: bytes | None = None
    filename: str | None = None
    mime_type: str | None = None
    attachment: Any = None  # the "photo" list / "document" dict as returned by the API
    edited: bool = False
    history: list[str | None] = field(default_factory=list)
    deleted: bool = False
    in_reply_to: int | None = None  # update id of the latest user update in this chat

    @property
    def content(self) -> str | None:
        return self.text if self.kind == "text" else self.caption

    def inline_buttons(self) -> list[JSONDict]:
        if not self.reply_markup or "inline_keyboard" not in self.reply_markup:
            return []
        return [b for row in self.reply_markup["inline_keyboard"] for b in row]

    def summary(self) -> JSONDict:
        data = self.photo if self.photo is not None else self.document
        return {
            "message_id": self.message_id,
            "kind": self.kind,
            "text": self.text,
            "caption": self.caption,
            "parse_mode": self.parse_mode,
            "reply_markup": self.reply_markup,
            "filename": self.filename,
            "size": len(data) if data is not None else None,
            "edited": self.edited,
            "deleted": self.deleted,
            "sent_at": self.sent_at,
            "in_reply_to": self.in_reply_to,
        }


@dataclass
class UserInfo:
    id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None
    phone: str | None = None
    language_code: str | None = None


@dataclass
class ChatState:
    user: UserInfo
    blocked: bool = False
    next_message_id: int = 1
    messages: dict[int, SentMessage] = field(default_factory=dict)
    log: list[SentMessage] = field(default_factory=list)  # sends plus edit snapshots
    reply_keyboard: JSONDict | None = None
    callback_answers: list[str | None] = field(default_factory=list)
    current_update: int | None = None

    @property
    def chat_id(self) -> int:
        return self.user.id

    def take_message_id(self) -> int:
        message_id = self.next_message_id
        self.next_message_id += 1
        return message_id


@dataclass
class UpdateStat:
    update_id: int
    chat_id: int | None
    kind: str
    queued_at: float
    payload: JSONDict
    handled_at: float | None = None
    first_reply_at: float | None = None
    last_reply_at: float | None = None
    replies: int = 0

    def as_json(self) -> JSONDict:
        return {
            "update_id": self.update_id,
            "chat_id": self.chat_id,
            "kind": self.kind,
            "queued_at": self.queued_at,
            "handled_at": self.handled_at,
            "first_reply_at": self.first_reply_at,
            "last_reply_at": self.last_reply_at,
            "replies": self.replies,
        }


@dataclass
class BotState:
    token: str
    bot_id: int
    username: str
    first_name: str
    platform: Platform
    vouch_contacts: bool
    next_update_id: int = 1
    # Where a new chat's message ids start: past an earlier run's (the sandbox restarts with
    # the same database, where a purchase without a receipt is known by its chat and message).
    message_id_start: int = 1
    pending: dict[int, JSONDict] = field(default_factory=dict)
    stats: dict[int, UpdateStat] = field(default_factory=dict)
    allowed_updates: list[str] | None = None
    webhook_url: str = ""
    webhook_secret: str | None = None
    commands: dict[str, list[JSONDict]] = field(default_factory=dict)
    menu_button: JSONDict | None = None
    chats: dict[int, ChatState] = field(default_factory=dict)
    files: dict[str, StoredFile] = field(default_factory=dict)
    callback_queries: dict[str, int] = field(default_factory=dict)
    poll_generation: int = 0
    poll_signal: Signal = field(default_factory=Signal)  # new updates, newer poll, shutdown
    handled_waiters: Waiters = field(default_factory=Waiters)  # wait_handled(), per update

    def is_handled(self, update_id: int) -> bool:
        return update_id < self.next_update_id and update_id not in self.pending

    def user_json(self) -> JSONDict:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.first_name,
            "username": self.username,
        }
