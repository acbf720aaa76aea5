"""Outgoing messages as data: built by handlers, kept in the outbox, sent by the sender.

A message must survive a restart in the outbox, so it is plain JSON: the text, the buttons as
the Bot API's own dict, a file as base64. `deliver` turns it back into one Bot API call.
"""

from __future__ import annotations

import base64
import contextlib
import logging
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from telegram import (
    Bot,
    InlineKeyboardMarkup,
    InputFile,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)
from telegram import (
    Message as SentMessage,
)

from bot.storage.outbox import FAILED, Message

log = logging.getLogger(__name__)

Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove
# Seconds a file's upload may take (45 MB on a slow line); PTB's default is 20.
FILE_WRITE_TIMEOUT = 600

_MARKUPS: dict[str, type[Markup]] = {
    "inline": InlineKeyboardMarkup,
    "reply": ReplyKeyboardMarkup,
    "remove": ReplyKeyboardRemove,
}


def markup_data(markup: Markup | None) -> dict[str, Any] | None:
    """Buttons as plain data, as kept in the outbox (and in a broadcast's row)."""
    return _markup(markup)


def _markup(markup: Markup | None) -> dict[str, Any] | None:
    if markup is None:
        return None
    kind = next(k for k, cls in _MARKUPS.items() if isinstance(markup, cls))
    return {"kind": kind, "data": markup.to_dict()}


def _restore(payload: dict[str, Any], bot: Bot) -> Markup | None:
    stored = payload.get("markup")
    if stored is None:
        return None
    restored: Markup | None = _MARKUPS[stored["kind"]].de_json(stored["data"], bot)
    return restored


def text_message(text: str, markup: Markup | None = None) -> Message:
    return Message("send", {"text": text, "markup": _markup(markup)})


def photo(image: bytes, caption: str, markup: Markup | None = None) -> Message:
    file = base64.b64encode(image).decode()
    return Message("photo", {"file": file, "caption": caption, "markup": _markup(markup)})


def photo_by_id(file_id: str, caption: str, markup: Markup | None = None) -> Message:
    return Message("photo", {"file_id": file_id, "caption": caption, "markup": _markup(markup)})


def document(data: bytes, filename: str, caption: str) -> Message:
    file = base64.b64encode(data).decode()
    return Message("document", {"file": file, "filename": filename, "caption": caption})


# A file message's path -> what to call once the sender is done with it (see release).
_ON_DONE: dict[str, Callable[[str], None]] = {}


def document_file(
    path: Path, filename: str, caption: str, on_done: Callable[[str], None] | None = None
) -> Message:
    """A file on this machine's disk (an export), sent from memory only: never written to
    the outbox, whose rows would carry tens of megabytes and a path that means nothing to
    another process. The sender removes the file once done with the message (`release`),
    and then calls `on_done` with how it went (outbox.SENT, FAILED, ...)."""
    if on_done is not None:
        # Kept beside the message, not in it: a payload stays plain data.
        _ON_DONE[str(path)] = on_done
    return Message("file", {"path": str(path), "filename": filename, "caption": caption})


def release(message: Message, status: str = FAILED) -> None:
    """Removes a sent (or given up) file message's file, and its folder once empty; then tells
    whoever made it how it went (`status`: delivered or not). Called once per file message:
    by the sender when done with it, or by its stop for one still queued."""
    if message.method != "file":
        return
    path = Path(message.payload["path"])
    path.unlink(missing_ok=True)
    with contextlib.suppress(OSError):
        path.parent.rmdir()
    on_done = _ON_DONE.pop(str(path), None)
    if on_done is not None:
        try:
            on_done(status)
        except Exception:  # the sender goes on whatever its caller's callback does
            log.exception("a file message's on_done failed")


def edit(message_id: int, text: str | None, markup: Markup | None = None) -> Message:
    """A new text (or, with None, only new buttons) for a message already sent."""
    return Message("edit", {"message_id": message_id, "text": text, "markup": _markup(markup)})


def as_new_message(message: Message) -> Message | None:
    """What to send instead of an edit the messenger refused (the message is gone, too old):
    the new text as a message of its own; a change of buttons alone needs nothing."""
    text = message.payload.get("text")
    if message.method != "edit" or text is None:
        return None
    markup = message.payload.get("markup")
    if markup is not None and markup["kind"] != "inline":
        markup = None
    return replace(message, method="send", payload={"text": text, "markup": markup})


async def deliver(bot: Bot, chat_id: int, message: Message) -> SentMessage | None:
    """One Bot API call for one message; the messenger's errors propagate to the sender.
    Returns the message sent (a photo's file_id on this messenger is in it)."""
    payload = message.payload
    markup = _restore(payload, bot)
    if message.method == "send":
        return await bot.send_message(chat_id, payload["text"], reply_markup=markup)
    elif message.method == "edit":
        inline = markup if isinstance(markup, InlineKeyboardMarkup) else None
        if payload.get("text") is None:
            await bot.edit_message_reply_markup(
                chat_id=chat_id, message_id=payload["message_id"], reply_markup=inline
            )
        else:
            await bot.edit_message_text(
                payload["text"],
                chat_id=chat_id,
                message_id=payload["message_id"],
                reply_markup=inline,
            )
    elif message.method == "photo":
        # A file_id this messenger gave before, or the image itself (base64).
        image = payload.get("file_id") or base64.b64decode(payload["file"])
        return await bot.send_photo(
            chat_id,
            photo=image,
            caption=payload.get("caption"),
            reply_markup=markup,
        )
    elif message.method == "document":
        await bot.send_document(
            chat_id,
            document=InputFile(base64.b64decode(payload["file"]), filename=payload["filename"]),
            caption=payload.get("caption"),
        )
    elif message.method == "file":
        # Streamed from disk (the file may be tens of megabytes), opened anew for each try;
        # a local file opens at once, so the blocking open is harmless here.
        with open(payload["path"], "rb") as handle:  # noqa: ASYNC230
            await bot.send_document(
                chat_id,
                document=InputFile(handle, filename=payload["filename"], read_file_handle=False),
                caption=payload.get("caption"),
                write_timeout=FILE_WRITE_TIMEOUT,
            )
    else:
        raise ValueError(f"unknown outgoing method {message.method!r}")
    return None
