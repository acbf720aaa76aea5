"""The member menu's items that belong to a feature's own module (surveys, lotteries, quizzes,
feedback): each registers its menu key and the screen it opens, so menu.py needs no list."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import Message

from bot.context import ClubContext

MemberItem = Callable[[Message, ClubContext], Awaitable[None]]

ITEMS: dict[str, MemberItem] = {}


def register_item(key: str, screen: MemberItem) -> None:
    """`key` is the menu button's locale key (e.g. `button-surveys`)."""
    assert key not in ITEMS, f"two menu items named {key}"
    ITEMS[key] = screen
