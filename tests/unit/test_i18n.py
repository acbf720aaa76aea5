"""Texts: what is derived from them is built once; buttons under unusable messages get a hint."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from telegram import CallbackQuery, Chat, InaccessibleMessage, Message, User

from bot import keyboards
from bot.i18n import Texts, load_texts

TZ = "Asia/Tehran"


def test_the_menu_and_its_labels_are_built_once_per_texts(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = load_texts("fa", TZ)
    menu = keyboards.main_menu(texts)
    assert keyboards.menu_key(texts, texts("button-points")) == "button-points"
    formatted: list[str] = []
    original = Texts.__call__

    def counting(self: Texts, key: str, **values: Any) -> str:
        formatted.append(key)
        return original(self, key, **values)

    privacy = texts("button-privacy")
    monkeypatch.setattr(Texts, "__call__", counting)
    assert keyboards.main_menu(texts) is menu
    assert keyboards.menu_key(texts, "سلام") is None
    assert keyboards.menu_key(texts, privacy) == "button-privacy"
    assert formatted == []


def test_each_language_gets_its_own_menu() -> None:
    persian, english = load_texts("fa", TZ), load_texts("en", TZ)
    assert keyboards.main_menu(persian) is not keyboards.main_menu(english)
    assert keyboards.main_menu(english).keyboard[0][0].text == english("button-points")
    assert keyboards.menu_key(english, english("button-help")) == "button-help"
    assert keyboards.menu_key(english, persian("button-help")) is None


class _Context:
    """Records button answers as a handler's context collects them."""

    def __init__(self) -> None:
        self.texts = load_texts("fa", TZ)
        self.answers: list[str | None] = []

    def answer(self, query: CallbackQuery, text: str | None = None) -> None:
        self.answers.append(text)


CHAT = Chat(1, Chat.PRIVATE)


def _query(message: Any) -> tuple[CallbackQuery, _Context]:
    query = CallbackQuery("q1", User(1, "Sara", False), "instance", message=message, data="x:1")
    return query, _Context()


@pytest.mark.parametrize(
    "message",
    [
        InaccessibleMessage(CHAT, 7),
        Message.de_json({"message_id": 7, "chat": {"id": 1, "type": "private"}, "date": 0}, None),
        None,
    ],
    ids=["inaccessible", "date-zero", "missing"],
)
async def test_a_button_under_an_unusable_message_is_only_answered_with_a_hint(
    message: Any,
) -> None:
    query, context = _query(message)
    assert await keyboards.pressed_message(query, context) is None  # type: ignore[arg-type]
    assert context.answers == [context.texts("hint-stale-button")]


async def test_a_button_under_a_recent_message_gives_that_message() -> None:
    message = Message(7, datetime.now(UTC), CHAT, text="hi")
    query, context = _query(message)
    assert await keyboards.pressed_message(query, context) is message  # type: ignore[arg-type]
    assert context.answers == []
