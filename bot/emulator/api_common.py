"""The per-request context handed to Bot API method implementations."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from bot.emulator.models import BLOCKED, ApiError, BotState, ChatState, JSONDict
from bot.emulator.state import EmulatorState


@dataclass
class Upload:
    filename: str | None
    data: bytes
    content_type: str | None


@dataclass
class Call:
    state: EmulatorState
    bot: BotState
    method: str
    params: JSONDict
    files: dict[str, Upload] = field(default_factory=dict)

    def get(self, name: str, default: Any = None) -> Any:
        value = self.params.get(name)
        return default if value is None else value

    def int_param(self, name: str, default: int | None = None) -> int:
        value = self.params.get(name, default)
        if value is None:
            raise ApiError(400, f'Bad Request: parameter "{name}" is required')
        try:
            return int(value)
        except (TypeError, ValueError):
            raise ApiError(400, f"Bad Request: invalid {name} specified") from None

    def chat(self, *, writable: bool = True) -> ChatState:
        if self.params.get("chat_id") is None:
            raise ApiError(400, "Bad Request: chat_id is empty")
        chat = self.state.chat_for(self.bot, self.params["chat_id"])
        if writable and chat.blocked:
            raise BLOCKED
        return chat


Handler = Callable[[Call], Awaitable[Any]]


def registry(*handlers: Handler) -> dict[str, Handler]:
    """Map Bot API method names (camelCase, derived from the snake_case function) to handlers."""
    table: dict[str, Handler] = {}
    for handler in handlers:
        head, *rest = handler.__name__.split("_")
        table[head + "".join(part.capitalize() for part in rest)] = handler
    return table
