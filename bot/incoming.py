"""A raw getUpdates batch parsed one update at a time, with Bale's documented gaps filled in.

Invariant: an update that cannot be parsed never costs the updates beside it, and nothing a
person wrote (names, phones, texts) reaches the log. A skipped update is logged with its id,
its top-level keys and a short reason only, and still carries its id so the poller can move
the offset past it.

Why not ``Bot.get_updates``: python-telegram-bot 22 parses the whole batch in one call
(``Bot.get_updates`` -> ``Update.de_list`` -> ``Update.de_json`` for each item, in
telegram/_bot.py). The first item that raises loses the whole batch, and before re-raising
PTB logs the raw batch at CRITICAL ("Error while parsing updates! Received data was %r"),
names and phones included.

How PTB 22 treats missing or wrong fields (telegram/_telegramobject.py ``_de_json``,
_update.py, _callbackquery.py, _message.py, _utils/argumentparsing.py):

- ``_de_json`` calls ``cls(**data)``. A missing required argument is a TypeError ("missing 1
  required positional argument"), re-raised. So a CallbackQuery without ``chat_instance``, a
  User without ``first_name`` or ``is_bot``, a Chat without ``type`` and a Contact without
  ``phone_number`` all raise.
- ``MaybeInaccessibleMessage._de_json`` reads ``data["date"]``, so a message without ``date``
  is a KeyError. A ``date`` of 0 turns a callback's message into an InaccessibleMessage.
- A message without ``chat`` does NOT raise: ``de_json_optional(None)`` gives ``chat=None``
  and the handlers fail later. Ids are not type-checked either (``"id": "12"`` parses). That
  is why this module checks the message structure itself.
- A value of the wrong type (a string where an object belongs) fails in ``data.copy()`` or on
  an index, with AttributeError or TypeError.

What Bale documents. docs.bale.ai is quoted by its client libraries: ErfanVahabpour/
Bale-Bot-SDK src/Objects/*.php, python-bale-bot/python-bale-bot bale/*.py and
Balethon/Balethon balethon/objects/*.py.

- CallbackQuery: id, from, message?, data?. There is no ``chat_instance`` (Bale-Bot-SDK
  CallbackQuery.php, python-bale-bot _callbackquery.py). A message that is too old may come
  without its content and date (python-bale-bot _callbackquery.py).
- User: id, is_bot, first_name, last_name?, username?. python-bale-bot _user.py has no
  language_code and calls is_bot optional. Bale-Bot-SDK User.php lists language_code as
  optional.
- Contact: phone_number, first_name, last_name?, user_id? (python-bale-bot
  attachments/_contact.py, Bale-Bot-SDK Contact.php).
- Chat: id, type ('private', 'group' or 'channel'), and so on (Bale-Bot-SDK Chat.php).
- Update: message, edited_message, callback_query and payment queries. There is no
  my_chat_member (Bale-Bot-SDK Update.php, python-bale-bot _update.py, Balethon update.py).

What gets filled in before parsing, and only where absent (Telegram always sends these
fields, so nothing changes for it):

- ``callback_query.chat_instance``: the chat id as a string. Telegram's value is an opaque
  string for each chat, and nothing in this project reads it.
- ``user.is_bot`` is set to false and ``user.first_name`` to "".
- ``chat.type`` is "private" when the chat id is the sender's id, since a private chat's id
  is its user's id.
- ``callback_query.message.date`` is 0, which is Telegram's own mark of an inaccessible
  message (``is_accessible`` is then false).

A top-level message without ``date`` stays an error, because every source documents it as
always present.
"""

from __future__ import annotations

import copy
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from telegram import Bot, Update

from bot.platforms import Platform

log = logging.getLogger(__name__)

MESSAGE_KINDS = ("message", "edited_message", "channel_post", "edited_channel_post")
# PTB's own wording for a missing argument: the names come from its signatures, not the data.
_MISSING = re.compile(r"missing \d+ required (?:positional |keyword-only )?arguments?: (.+)$")
_FIELD = re.compile(r"'([a-z_]{1,40})'")


@dataclass(frozen=True, slots=True)
class Incoming:
    """One item of a getUpdates batch: parsed, or skipped with a reason free of personal data."""

    update_id: int | None
    update: Update | None
    reason: str | None = None


class Malformed(Exception):
    """A structural fault found here; the message is a fixed text, never the data."""


def parse_updates(raw: object, bot: Bot, platform: Platform) -> list[Incoming]:
    """Every item of ``raw`` (the ``result`` of getUpdates), in order; never raises."""
    if not isinstance(raw, list):
        log.warning(
            "%s getUpdates returned a %s, not a list; nothing parsed",
            platform.value,
            type(raw).__name__,
        )
        return []
    return [parse_update(item, bot, platform) for item in raw]


def parse_update(item: object, bot: Bot, platform: Platform) -> Incoming:
    update_id = _update_id(item)
    try:
        if not isinstance(item, dict):
            raise Malformed("not an object")
        if update_id is None:
            raise Malformed("no integer update_id")
        data = copy.deepcopy(item)  # the caller's list stays as the server sent it
        _complete(data)
        _check(data)
        update = Update.de_json(data, bot)
    except Exception as error:  # one bad update must never stop the batch
        reason = _reason(error)
        log.warning(
            "%s update %s skipped (%s); top-level keys: %s",
            platform.value,
            update_id,
            reason,
            _keys(item),
        )
        return Incoming(update_id, None, reason)
    return Incoming(update_id, update)


def next_offset(batch: Iterable[Incoming], current: int | None) -> int | None:
    """The offset that confirms the whole batch: one past the highest readable update id.

    Items without an id cannot be confirmed by id. A batch made only of such items leaves the
    offset where it was; a poller that keeps getting them back can drop them with a negative
    offset (-1 keeps only the newest one).
    """
    ids = [item.update_id for item in batch if item.update_id is not None]
    if not ids:
        return current
    past = max(ids) + 1
    return past if current is None else max(current, past)


# --- filling in what Bale leaves out ------------------------------------------------------


def _complete(update: dict[str, Any]) -> None:
    for kind in MESSAGE_KINDS:
        message = update.get(kind)
        if isinstance(message, dict):
            _complete_message(message, message.get("from"))
    query = update.get("callback_query")
    if isinstance(query, dict):
        sender = query.get("from")
        _complete_user(sender)
        message = query.get("message")
        if isinstance(message, dict):
            message.setdefault("date", 0)
            # The message is the bot's own; its chat is the private chat of the one who pressed.
            _complete_message(message, sender)
        if "chat_instance" not in query:
            query["chat_instance"] = _chat_instance(query)


def _complete_message(message: dict[str, Any], sender: object) -> None:
    _complete_user(message.get("from"))
    chat = message.get("chat")
    if isinstance(chat, dict) and "type" not in chat and isinstance(sender, dict):
        chat_id = chat.get("id")
        if _is_int(chat_id) and chat_id == sender.get("id"):
            chat["type"] = "private"
    reply = message.get("reply_to_message")
    if isinstance(reply, dict):
        _complete_message(reply, reply.get("from"))


def _complete_user(user: object) -> None:
    if isinstance(user, dict):
        user.setdefault("is_bot", False)
        user.setdefault("first_name", "")


def _chat_instance(query: dict[str, Any]) -> str:
    message = query.get("message")
    chat = message.get("chat") if isinstance(message, dict) else None
    if isinstance(chat, dict) and _is_int(chat.get("id")):
        return str(chat["id"])
    sender = query.get("from")
    if isinstance(sender, dict) and _is_int(sender.get("id")):
        return str(sender["id"])
    return ""


# --- what PTB would let through but the handlers could not use ----------------------------


def _check(update: dict[str, Any]) -> None:
    for kind in MESSAGE_KINDS:
        if kind in update:
            _check_message(update[kind], kind)
    if "callback_query" in update:
        query = update["callback_query"]
        if not isinstance(query, dict):
            raise Malformed("callback_query is not an object")
        if not isinstance(query.get("id"), str) and not _is_int(query.get("id")):
            raise Malformed("callback_query.id is missing")
        _check_user(query.get("from"), "callback_query.from")
        if query.get("message") is not None:
            _check_message(query["message"], "callback_query.message")
    for kind, value in update.items():
        # Every other kind with a sender (my_chat_member, ...): the poller keys chats by it.
        if isinstance(value, dict) and "from" in value and kind not in MESSAGE_KINDS:
            _check_user(value["from"], f"{_safe_key(kind)}.from")


def _check_message(message: object, where: str) -> None:
    if not isinstance(message, dict):
        raise Malformed(f"{where} is not an object")
    if not _is_int(message.get("message_id")):
        raise Malformed(f"{where}.message_id is not an integer")
    chat = message.get("chat")
    if not isinstance(chat, dict):
        raise Malformed(f"{where}.chat is missing")
    if not _is_int(chat.get("id")):
        raise Malformed(f"{where}.chat.id is not an integer")
    if message.get("from") is not None:
        _check_user(message["from"], f"{where}.from")


def _check_user(user: object, where: str) -> None:
    if not isinstance(user, dict):
        raise Malformed(f"{where} is missing")
    if not _is_int(user.get("id")):
        raise Malformed(f"{where}.id is not an integer")


# --- helpers that keep personal data out of the log ---------------------------------------


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _update_id(item: object) -> int | None:
    value = item.get("update_id") if isinstance(item, dict) else None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _reason(error: Exception) -> str:
    if isinstance(error, Malformed):
        return str(error)
    if isinstance(error, TypeError):
        found = _MISSING.search(str(error))
        if found:
            fields = _FIELD.findall(found.group(1))
            if fields:
                return f"TypeError: missing {', '.join(fields)}"
    return type(error).__name__


def _safe_key(key: object) -> str:
    # Update kinds are short snake_case names; anything else could be content.
    return key if isinstance(key, str) and re.fullmatch(r"[a-z_]{1,40}", key) else "?"


def _keys(item: object) -> list[str]:
    if not isinstance(item, dict):
        return [f"<{type(item).__name__}>"]
    return sorted(_safe_key(key) for key in list(item)[:20])
