"""Builders for the JSON objects the Bot API sends (Message, Chat, User, ChatMember, ...).

Each builder sends the shape of the bot's platform: see ``bot.emulator.platforms``.
"""

from __future__ import annotations

import hashlib
import struct
import time
from typing import Any

from bot.emulator.models import BotState, ChatState, JSONDict, SentMessage, UserInfo
from bot.emulator.platforms import Platform, sends_chat_instance, sends_language_code


def utf16_len(text: str) -> int:
    # Entity offsets/lengths are measured in UTF-16 code units by the Bot API.
    return len(text.encode("utf-16-le")) // 2


def user_json(user: UserInfo, platform: Platform = "telegram") -> JSONDict:
    data: JSONDict = {"id": user.id, "is_bot": False, "first_name": user.first_name}
    if user.last_name:
        data["last_name"] = user.last_name
    if user.username:
        data["username"] = user.username
    if user.language_code and sends_language_code(platform):
        data["language_code"] = user.language_code
    return data


def chat_json(user: UserInfo) -> JSONDict:
    data: JSONDict = {"id": user.id, "type": "private", "first_name": user.first_name}
    if user.last_name:
        data["last_name"] = user.last_name
    if user.username:
        data["username"] = user.username
    return data


def full_chat_json(user: UserInfo) -> JSONDict:
    return {
        **chat_json(user),
        "accent_color_id": 0,
        "max_reaction_count": 11,
        "accepted_gift_types": {
            "unlimited_gifts": False,
            "limited_gifts": False,
            "unique_gifts": False,
            "premium_subscription": False,
            "gifts_from_channels": False,
        },
    }


def command_entities(text: str) -> list[JSONDict]:
    """PTB's CommandHandler only fires when a bot_command entity sits at offset 0."""
    if not text.startswith("/") or len(text) < 2:
        return []
    command = text.split(maxsplit=1)[0]
    return [{"type": "bot_command", "offset": 0, "length": utf16_len(command)}]


def user_message(bot: BotState, chat: ChatState, message_id: int, **content: Any) -> JSONDict:
    return {
        "message_id": message_id,
        "from": user_json(chat.user, bot.platform),
        "chat": chat_json(chat.user),
        "date": int(time.time()),
        **content,
    }


def bot_message(bot: BotState, chat: ChatState, msg: SentMessage) -> JSONDict:
    data: JSONDict = {
        "message_id": msg.message_id,
        "from": bot.user_json(),
        "chat": chat_json(chat.user),
        "date": msg.date,
    }
    if msg.kind == "text":
        data["text"] = msg.text or ""
    else:
        data[msg.kind] = msg.attachment
        if msg.caption is not None:
            data["caption"] = msg.caption
    if msg.edited:
        data["edit_date"] = int(time.time())
    # Only inline keyboards are echoed back inside Message objects.
    if msg.reply_markup and "inline_keyboard" in msg.reply_markup:
        data["reply_markup"] = msg.reply_markup
    return data


def sticker_json(emoji: str) -> JSONDict:
    return {
        "file_id": "CAACAgIAAxkBAAEemulatorSticker",
        "file_unique_id": "AgADemuSticker",
        "type": "regular",
        "width": 512,
        "height": 512,
        "is_animated": False,
        "is_video": False,
        "emoji": emoji,
        "file_size": 12345,
    }


def member_json(bot: BotState, blocked: bool) -> JSONDict:
    if blocked:
        return {"status": "kicked", "user": bot.user_json(), "until_date": 0}
    return {"status": "member", "user": bot.user_json()}


def my_chat_member(bot: BotState, chat: ChatState, blocked: bool) -> JSONDict:
    return {
        "chat": chat_json(chat.user),
        "from": user_json(chat.user, bot.platform),
        "date": int(time.time()),
        "old_chat_member": member_json(bot, not blocked),
        "new_chat_member": member_json(bot, blocked),
    }


def chat_instance(bot: BotState, chat: ChatState) -> str:
    digest = hashlib.sha256(f"{bot.token}:{chat.chat_id}".encode()).digest()
    return str(int.from_bytes(digest[:8], "big") >> 1)


def callback_query(
    bot: BotState, chat: ChatState, msg: SentMessage, query_id: str, data: str
) -> JSONDict:
    """A press on an inline button of ``msg``; Bale's has no ``chat_instance``."""
    body: JSONDict = {
        "id": query_id,
        "from": user_json(chat.user, bot.platform),
        "message": bot_message(bot, chat, msg),
        "data": data,
    }
    if sends_chat_instance(bot.platform):
        body["chat_instance"] = chat_instance(bot, chat)
    return body


def image_size(data: bytes) -> tuple[int, int]:
    """Width/height for PNG and JPEG; anything else is reported as 512x512."""
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return int(width), int(height)
    if data[:2] == b"\xff\xd8":
        pos = 2
        while pos + 9 < len(data):
            if data[pos] != 0xFF:
                break
            marker, length = data[pos + 1], struct.unpack(">H", data[pos + 2 : pos + 4])[0]
            if marker in (0xC0, 0xC1, 0xC2):
                height, width = struct.unpack(">HH", data[pos + 5 : pos + 9])
                return int(width), int(height)
            pos += 2 + length
    return 512, 512
