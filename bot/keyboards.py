"""Keyboards built from locale texts (labels live in locales/, never here)."""

from __future__ import annotations

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
)

from bot.i18n import Texts

MENU_ROWS = (
    ("button-points", "button-history"),
    ("button-card", "button-invite"),
    ("button-profile", "button-help"),
    ("button-privacy",),
)
MENU_KEYS = tuple(key for row in MENU_ROWS for key in row)


def main_menu(texts: Texts) -> ReplyKeyboardMarkup:
    return ReplyKeyboardMarkup(
        [[texts(key) for key in row] for row in MENU_ROWS], resize_keyboard=True
    )


def menu_key(texts: Texts, text: str) -> str | None:
    """The menu button a text came from, if any."""
    return next((key for key in MENU_KEYS if texts(key) == text), None)


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
