"""Bot API methods that create, edit and delete messages and files."""

from __future__ import annotations

import dataclasses
import mimetypes
import time
import uuid
from typing import Any

from bot.emulator import payloads
from bot.emulator.api_common import Call, registry
from bot.emulator.markup import check_reply_markup, check_text, render_text
from bot.emulator.models import ApiError, ChatState, JSONDict, SentMessage, StoredFile
from bot.emulator.platforms import parse_mode_honoured

NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)


def _render(call: Call, text: str | None) -> tuple[str | None, str | None]:
    """Return (displayed text, stored parse_mode) for this bot's platform."""
    parse_mode = call.get("parse_mode")
    honoured = parse_mode_honoured(call.bot.platform)
    if text is None:
        return None, parse_mode if honoured else None
    return render_text(text, parse_mode, honoured), parse_mode if honoured else None


def _deliver(call: Call, chat: ChatState, **fields: Any) -> JSONDict:
    markup = check_reply_markup(call.get("reply_markup"))
    msg = SentMessage(
        message_id=chat.take_message_id(),
        chat_id=chat.chat_id,
        date=int(time.time()),
        sent_at=time.perf_counter(),
        reply_markup=markup,
        **fields,
    )
    chat.messages[msg.message_id] = msg
    if markup and "keyboard" in markup:
        chat.reply_keyboard = markup
    elif markup and markup.get("remove_keyboard"):
        chat.reply_keyboard = None
    call.state.record_sent(chat, msg, call.bot)
    return payloads.bot_message(call.bot, chat, msg)


async def send_message(call: Call) -> JSONDict:
    chat = call.chat()
    raw = check_text(call.get("text"))
    if not raw or not raw.strip():
        raise ApiError(400, "Bad Request: message text is empty")
    text, parse_mode = _render(call, raw)
    return _deliver(call, chat, text=text, raw_text=raw, parse_mode=parse_mode)


def _store(call: Call, data: bytes, filename: str | None, mime: str | None, folder: str) -> str:
    file_id = f"{folder[:3].upper()}{uuid.uuid4().hex}"
    ext = (mimetypes.guess_extension(mime) if mime else None) or ".jpg"
    if filename and "." in filename:
        ext = "." + filename.rsplit(".", 1)[1]
    path = f"{folder}/file_{len(call.bot.files)}{ext}"
    call.bot.files[file_id] = StoredFile(file_id, uuid.uuid4().hex[:12], data, filename, mime, path)
    return file_id


def _input_file(call: Call, field: str) -> tuple[bytes, str | None, str | None, str | None]:
    """Resolve an InputFile / attach:// / file_id / URL into (data, name, mime, known id)."""
    value = call.params.get(field)
    upload = call.files.get(field)
    if isinstance(value, str) and value.startswith("attach://"):
        upload = call.files.get(value.removeprefix("attach://"))
    if upload is not None:
        mime = upload.content_type
        if not mime or mime == "application/octet-stream":
            mime = mimetypes.guess_type(upload.filename or "")[0] or mime
        return upload.data, upload.filename, mime, None
    if value is None:
        raise ApiError(400, f"Bad Request: there is no {field} in the request")
    stored = call.bot.files.get(str(value))
    if stored is not None:
        return stored.data, stored.filename, stored.mime_type, stored.file_id
    if str(value).startswith(("http://", "https://")):
        return b"", str(value).rsplit("/", 1)[-1] or None, None, None
    raise ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")


def _caption(call: Call) -> tuple[str | None, str | None]:
    return _render(call, check_text(call.get("caption"), caption=True))


async def send_photo(call: Call) -> JSONDict:
    chat = call.chat()
    data, name, mime, known = _input_file(call, "photo")
    width, height = payloads.image_size(data)
    full = known or _store(call, data, name, mime or "image/jpeg", "photos")
    scale = min(1.0, 90 / max(width, height, 1))
    thumb = _store(call, data, name, mime or "image/jpeg", "photos")
    sizes = [
        {
            "file_id": file_id,
            "file_unique_id": call.bot.files[file_id].file_unique_id,
            "width": w,
            "height": h,
            "file_size": len(data),
        }
        for file_id, w, h in (
            (thumb, max(1, int(width * scale)), max(1, int(height * scale))),
            (full, width, height),
        )
    ]
    caption, parse_mode = _caption(call)
    return _deliver(
        call,
        chat,
        kind="photo",
        caption=caption,
        parse_mode=parse_mode,
        photo=data,
        filename=name,
        mime_type=mime,
        attachment=sizes,
    )


async def send_document(call: Call) -> JSONDict:
    chat = call.chat()
    data, name, mime, known = _input_file(call, "document")
    mime = mime or mimetypes.guess_type(name or "")[0] or "application/octet-stream"
    file_id = known or _store(call, data, name, mime, "documents")
    document: JSONDict = {
        "file_id": file_id,
        "file_unique_id": call.bot.files[file_id].file_unique_id,
        "file_size": len(data),
        "mime_type": mime,
    }
    if name:
        document["file_name"] = name
    caption, parse_mode = _caption(call)
    return _deliver(
        call,
        chat,
        kind="document",
        caption=caption,
        parse_mode=parse_mode,
        document=data,
        filename=name,
        mime_type=mime,
        attachment=document,
    )


async def get_file(call: Call) -> JSONDict:
    stored = call.bot.files.get(str(call.get("file_id", "")))
    if stored is None:
        raise ApiError(400, "Bad Request: invalid file_id")
    return {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": len(stored.data),
        "file_path": stored.file_path,
    }


def _target(call: Call) -> tuple[ChatState, SentMessage]:
    if call.get("inline_message_id") is not None:
        raise ApiError(400, "Bad Request: inline messages are not supported by the emulator")
    chat = call.chat()
    msg = chat.messages.get(call.int_param("message_id"))
    if msg is None or msg.deleted:
        raise ApiError(400, "Bad Request: message to edit not found")
    return chat, msg


def _apply_edit(call: Call, chat: ChatState, msg: SentMessage, changes: JSONDict) -> JSONDict:
    current = {key: getattr(msg, key) for key in changes}
    if current == changes:
        raise ApiError(400, NOT_MODIFIED)
    msg.history.append(msg.content)
    for key, value in changes.items():
        setattr(msg, key, value)
    msg.edited = True
    snapshot = dataclasses.replace(msg, history=list(msg.history), sent_at=time.perf_counter())
    call.state.record_sent(chat, snapshot, call.bot)
    return payloads.bot_message(call.bot, chat, msg)


async def edit_message_text(call: Call) -> JSONDict:
    chat, msg = _target(call)
    if msg.kind != "text":
        raise ApiError(400, "Bad Request: there is no text in the message to edit")
    raw = check_text(call.get("text"))
    if not raw or not raw.strip():
        raise ApiError(400, "Bad Request: message text is empty")
    text, parse_mode = _render(call, raw)
    markup = check_reply_markup(call.get("reply_markup"))
    changes = {"text": text, "reply_markup": markup}
    result = _apply_edit(call, chat, msg, changes)
    msg.raw_text, msg.parse_mode = raw, parse_mode
    return result


async def edit_message_caption(call: Call) -> JSONDict:
    chat, msg = _target(call)
    if msg.kind == "text":
        raise ApiError(400, "Bad Request: there is no caption in the message to edit")
    caption, parse_mode = _caption(call)
    markup = check_reply_markup(call.get("reply_markup"))
    result = _apply_edit(call, chat, msg, {"caption": caption, "reply_markup": markup})
    msg.parse_mode = parse_mode
    return result


async def edit_message_reply_markup(call: Call) -> JSONDict:
    chat, msg = _target(call)
    markup = check_reply_markup(call.get("reply_markup"))
    if markup is not None and "inline_keyboard" not in markup:
        raise ApiError(400, "Bad Request: inline keyboard expected")
    return _apply_edit(call, chat, msg, {"reply_markup": markup})


async def delete_message(call: Call) -> bool:
    chat = call.chat(writable=False)
    msg = chat.messages.get(call.int_param("message_id"))
    if msg is None or msg.deleted:
        raise ApiError(400, "Bad Request: message to delete not found")
    msg.deleted = True
    return True


async def send_chat_action(call: Call) -> bool:
    call.chat()
    if not call.get("action"):
        raise ApiError(400, "Bad Request: wrong parameter action in request")
    return True


HANDLERS = registry(
    send_message,
    send_photo,
    send_document,
    get_file,
    edit_message_text,
    edit_message_caption,
    edit_message_reply_markup,
    delete_message,
    send_chat_action,
)
