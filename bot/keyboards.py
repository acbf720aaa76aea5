"""Keyboards built from locale texts (labels live in locales/, never here)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from telegram import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
)

from bot.i18n import Texts

if TYPE_CHECKING:
    from bot.context import ClubContext

MENU_ROWS = (
    ("button-points", "button-history"),
    ("button-rewards", "button-my-codes"),
    ("button-card", "button-invite"),
    ("button-surveys", "button-lotteries"),
    ("button-quizzes", "button-contact"),
    ("button-profile", "button-help"),
    ("button-privacy",),
)
MENU_KEYS = tuple(key for row in MENU_ROWS for key in row)


def main_menu(texts: Texts) -> ReplyKeyboardMarkup:
    # Sent with most replies: built once per Texts (PTB markups are immutable, so shareable).
    return texts.derived(_build_main_menu)


def menu_key(texts: Texts, text: str) -> str | None:
    """The menu button a text came from, if any (checked on every typed text)."""
    return texts.derived(_menu_labels).get(text)


def _build_main_menu(texts: Texts) -> ReplyKeyboardMarkup:
    return reply(texts, *MENU_ROWS)


def _menu_labels(texts: Texts) -> dict[str, str]:
    return {texts(key): key for key in MENU_KEYS}


def reply(texts: Texts, *rows: tuple[str, ...]) -> ReplyKeyboardMarkup:
    return ReplyKeyboardMarkup([[texts(key) for key in row] for row in rows], resize_keyboard=True)


def share_phone(texts: Texts) -> ReplyKeyboardMarkup:
    return ReplyKeyboardMarkup(
        [
            [KeyboardButton(texts("button-share-phone"), request_contact=True)],
            [texts("button-cancel")],
        ],
        resize_keyboard=True,
    )


def inline(*rows: tuple[tuple[str, str], ...]) -> InlineKeyboardMarkup:
    """Rows of (label, callback data) pairs."""
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=data) for label, data in row] for row in rows]
    )


async def pressed_message(query: CallbackQuery, context: ClubContext) -> Message | None:
    """The message under a pressed inline button, or None when it can no longer be used.

    A message older than 48 hours comes with date 0: PTB 22 parses it as a Message that is not
    `is_accessible` (an InaccessibleMessage elsewhere). It has no content and cannot be edited,
    so the press is only answered with a short hint.
    """
    message = query.message
    if isinstance(message, Message) and message.is_accessible:
        return message
    context.answer(query, context.texts("hint-stale-button"))
    return None
