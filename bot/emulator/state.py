"""Everything the emulator knows: bots, their chats, queued updates and who handled what."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections import Counter
from dataclasses import dataclass
from typing import Any, Literal

from bot.emulator import payloads
from bot.emulator.faults import FaultInjector
from bot.emulator.markup import inline_labels, keyboard_buttons
from bot.emulator.models import (
    ApiError,
    BotState,
    ChatState,
    JSONDict,
    SentMessage,
    StoredFile,
    UpdateStat,
    UserInfo,
)
from bot.emulator.platforms import (
    DEFAULT_ALLOWED_UPDATES,
    DEFAULT_USER_ID_BASE,
    check_platform,
    default_vouch_contacts,
    sends_update,
)
from bot.emulator.ratecap import RateCap

ButtonSource = Literal["any", "inline", "keyboard"]


@dataclass
class ButtonTarget:
    kind: Literal["callback", "text", "contact"]
    label: str
    message: SentMessage | None = None
    data: str | None = None


class EmulatorState:
    def __init__(self) -> None:
        self.bots: dict[str, BotState] = {}
        self.faults = FaultInjector()
        self.ratecap = RateCap()  # Telegram-style send caps and send statistics per bot
        # getUpdates is left out: it would swamp the list during long runs.
        self.calls: list[tuple[str, str, JSONDict]] = []
        self.method_counts: Counter[str] = Counter()
        self.closing = False
        self.last_sent_at = 0.0  # perf_counter of the bot's last message (settling waits)

    # --- bots and users -------------------------------------------------------------------

    def add_bot(
        self,
        token: str,
        username: str,
        platform: str = "telegram",
        vouch_contacts: bool | None = None,
        first_name: str | None = None,
        update_id_start: int = 1,
    ) -> BotState:
        """``update_id_start`` lets a new emulator continue past ids a bot's database has seen
        (update ids, and the message ids of its chats)."""
        prefix, sep, secret = token.partition(":")
        if not sep or not prefix.isdigit() or not secret:
            raise ValueError(f"token must look like '<digits>:<secret>', got {token!r}")
        if update_id_start < 1:
            raise ValueError(f"update_id_start must be positive, got {update_id_start}")
        checked = check_platform(platform)
        bot = BotState(
            token=token,
            bot_id=int(prefix),
            username=username.lstrip("@"),
            first_name=first_name or username.lstrip("@"),
            platform=checked,
            vouch_contacts=(
                default_vouch_contacts(checked) if vouch_contacts is None else vouch_contacts
            ),
            next_update_id=update_id_start,
            message_id_start=update_id_start,
        )
        self.bots[token] = bot
        return bot

    def get_bot(self, token: str) -> BotState:
        try:
            return self.bots[token]
        except KeyError:
            raise ValueError(f"no bot with token {token!r} was added to the emulator") from None

    def default_user_id(self, bot: BotState, n: int) -> int:
        return DEFAULT_USER_ID_BASE[bot.platform] + n

    def register_user(
        self,
        bot: BotState,
        user_id: int,
        first_name: str = "User",
        last_name: str | None = None,
        username: str | None = None,
        phone: str | None = None,
        language_code: str | None = None,
    ) -> ChatState:
        chat = bot.chats.get(user_id)
        if chat is None:
            info = UserInfo(user_id, first_name, last_name, username, phone, language_code)
            chat = bot.chats[user_id] = ChatState(user=info, next_message_id=bot.message_id_start)
        else:
            chat.user.first_name = first_name
            chat.user.last_name = last_name
            chat.user.username = username
            chat.user.phone = phone if phone is not None else chat.user.phone
            chat.user.language_code = language_code
        return chat

    def chat_for(self, bot: BotState, chat_id: Any) -> ChatState:
        chat = None
        if isinstance(chat_id, int) or (isinstance(chat_id, str) and chat_id.lstrip("-").isdigit()):
            chat = bot.chats.get(int(chat_id))
        if chat is None:
            raise ApiError(400, "Bad Request: chat not found")
        return chat

    # --- user-side updates ----------------------------------------------------------------

    def enqueue(self, bot: BotState, chat: ChatState | None, kind: str, body: JSONDict) -> int:
        update_id = bot.next_update_id
        bot.next_update_id += 1
        payload = {"update_id": update_id, kind: body}
        stat = UpdateStat(
            update_id, chat.chat_id if chat else None, kind, time.perf_counter(), payload
        )
        bot.stats[update_id] = stat
        if chat is not None:
            chat.current_update = update_id
        allowed = set(bot.allowed_updates) if bot.allowed_updates else DEFAULT_ALLOWED_UPDATES
        if kind in allowed and sends_update(bot.platform, kind):
            bot.pending[update_id] = payload
        else:
            # The real API never creates updates the bot opted out of (or its platform lacks).
            stat.handled_at = stat.queued_at
        bot.poll_signal.notify()
        return update_id

    def _user_message(self, bot: BotState, chat: ChatState, **content: Any) -> int:
        body = payloads.user_message(bot, chat, chat.take_message_id(), **content)
        return self.enqueue(bot, chat, "message", body)

    def user_text(self, bot: BotState, chat: ChatState, text: str) -> int:
        content: JSONDict = {"text": text}
        entities = payloads.command_entities(text)
        if entities:
            content["entities"] = entities
        return self._user_message(bot, chat, **content)

    def user_contact(
        self,
        bot: BotState,
        chat: ChatState,
        phone: str | None = None,
        user_id: int | None = None,
        first_name: str | None = None,
        last_name: str | None = None,
    ) -> int:
        """Share a contact; without ``phone`` it is the user's own (as a request_contact tap)."""
        own = phone is None
        if own:
            if not chat.user.phone:
                raise AssertionError(f"user {chat.user.id} has no phone to share")
            phone, user_id = chat.user.phone, chat.user.id
            first_name, last_name = chat.user.first_name, chat.user.last_name
        contact: JSONDict = {"phone_number": phone, "first_name": first_name or "Contact"}
        if last_name:
            contact["last_name"] = last_name
        if bot.vouch_contacts and user_id is not None:
            contact["user_id"] = user_id
        return self._user_message(bot, chat, contact=contact)

    def user_photo(self, bot: BotState, chat: ChatState, data: bytes, caption: str | None) -> int:
        """A photo the user sends: stored with the bot (getFile serves it), as one size."""
        file_id = f"PHO{uuid.uuid4().hex}"
        path = f"photos/user_{len(bot.files)}.jpg"
        bot.files[file_id] = StoredFile(
            file_id, uuid.uuid4().hex[:12], data, None, "image/jpeg", path
        )
        size = {
            "file_id": file_id,
            "file_unique_id": bot.files[file_id].file_unique_id,
            "width": 640,
            "height": 480,
            "file_size": len(data),
        }
        content: JSONDict = {"photo": [size]}
        if caption:
            content["caption"] = caption
        return self._user_message(bot, chat, **content)

    def user_document(
        self,
        bot: BotState,
        chat: ChatState,
        data: bytes,
        filename: str | None,
        mime_type: str | None,
        file_size: int | None = None,
    ) -> int:
        """A file the user sends: stored with the bot (getFile serves it). ``file_size`` may
        claim another size than the data's (a large file without sending its bytes)."""
        file_id = f"DOC{uuid.uuid4().hex}"
        path = f"documents/user_{len(bot.files)}"
        bot.files[file_id] = StoredFile(
            file_id, uuid.uuid4().hex[:12], data, filename, mime_type, path
        )
        document: JSONDict = {
            "file_id": file_id,
            "file_unique_id": bot.files[file_id].file_unique_id,
            "file_size": len(data) if file_size is None else file_size,
        }
        if filename is not None:
            document["file_name"] = filename
        if mime_type is not None:
            document["mime_type"] = mime_type
        return self._user_message(bot, chat, document=document)

    def user_sticker(self, bot: BotState, chat: ChatState, emoji: str = "👍") -> int:
        return self._user_message(bot, chat, sticker=payloads.sticker_json(emoji))

    def user_callback(self, bot: BotState, chat: ChatState, msg: SentMessage, data: str) -> int:
        query_id = uuid.uuid4().hex[:16]
        bot.callback_queries[query_id] = chat.chat_id
        body = payloads.callback_query(bot, chat, msg, query_id, data)
        return self.enqueue(bot, chat, "callback_query", body)

    def user_block(self, bot: BotState, chat: ChatState, blocked: bool) -> int:
        chat.blocked = blocked
        body = payloads.my_chat_member(bot, chat, blocked)
        return self.enqueue(bot, chat, "my_chat_member", body)

    def find_button(
        self, chat: ChatState, label: str, source: ButtonSource = "any"
    ) -> ButtonTarget:
        ordered = sorted(chat.messages.values(), key=lambda m: m.message_id)
        live = [m for m in ordered if not m.deleted]
        if source in ("any", "inline"):
            for msg in reversed(live):
                for button in msg.inline_buttons():
                    if button.get("text") != label:
                        continue
                    if "callback_data" not in button:
                        raise AssertionError(
                            f"inline button {label!r} is not a callback "
                            f"button and cannot be pressed here: {button}"
                        )
                    return ButtonTarget("callback", label, msg, str(button["callback_data"]))
        if source in ("any", "keyboard"):
            for button in keyboard_buttons(chat.reply_keyboard):
                if button.get("text") == label:
                    kind: Literal["text", "contact"] = (
                        "contact" if button.get("request_contact") else "text"
                    )
                    return ButtonTarget(kind, label)
        newest = next((m for m in reversed(live) if m.inline_buttons()), None)
        raise AssertionError(
            f"no button labelled {label!r}. Inline buttons on newest keyboard message: "
            f"{inline_labels(newest.reply_markup) if newest else []}; "
            f"reply keyboard: {[b.get('text') for b in keyboard_buttons(chat.reply_keyboard)]}"
        )

    def press(
        self, bot: BotState, chat: ChatState, label: str, source: ButtonSource = "any"
    ) -> int:
        target = self.find_button(chat, label, source)
        if target.kind == "callback":
            assert target.message is not None and target.data is not None
            return self.user_callback(bot, chat, target.message, target.data)
        if target.kind == "contact":
            return self.user_contact(bot, chat)
        return self.user_text(bot, chat, label)

    # --- polling and delivery bookkeeping -------------------------------------------------

    def confirm(self, bot: BotState, offset: int) -> None:
        if offset < 0:
            keep = sorted(bot.pending)[offset:]
            offset = keep[0] if keep else bot.next_update_id
        now = time.perf_counter()
        confirmed = [u for u in bot.pending if u < offset]
        for update_id in confirmed:
            del bot.pending[update_id]
            bot.stats[update_id].handled_at = now
        bot.handled_waiters.wake(confirmed)

    def deliverable(self, bot: BotState, offset: int | None) -> list[JSONDict]:
        start = offset if offset and offset > 0 else 0
        return [bot.pending[u] for u in sorted(bot.pending) if u >= start]

    async def get_updates(
        self,
        bot: BotState,
        offset: int | None,
        limit: int,
        wait_seconds: float,
        allowed_updates: list[str] | None,
    ) -> list[JSONDict]:
        if bot.webhook_url:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        if allowed_updates is not None:
            bot.allowed_updates = list(allowed_updates) or None
        bot.poll_generation += 1
        generation = bot.poll_generation
        if offset:
            self.confirm(bot, offset)
        bot.poll_signal.notify()  # terminates an older concurrent long poll

        def ready() -> bool:
            return (
                generation != bot.poll_generation
                or self.closing
                or bool(self.deliverable(bot, offset))
            )

        await bot.poll_signal.wait_for(ready, wait_seconds)
        if generation != bot.poll_generation:
            raise ApiError(
                409,
                "Conflict: terminated by other getUpdates request; make sure "
                "that only one bot instance is running",
            )
        return self.deliverable(bot, offset)[: max(1, min(limit, 100))]

    def redeliver(self, bot: BotState, update_id: int) -> None:
        stat = bot.stats.get(update_id)
        if stat is None:
            raise ValueError(f"update {update_id} was never queued for bot {bot.username}")
        bot.pending[update_id] = stat.payload
        stat.handled_at = None
        bot.poll_signal.notify()

    async def wait_handled(self, bot: BotState, update_id: int, seconds: float) -> bool:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + max(seconds, 0.0)
        while not (bot.is_handled(update_id) or self.closing):
            remaining = deadline - loop.time()
            if remaining <= 0:
                break
            await bot.handled_waiters.wait(update_id, remaining)
        return bot.is_handled(update_id)

    def close(self) -> None:
        self.closing = True
        for bot in self.bots.values():
            bot.poll_signal.notify()
            bot.handled_waiters.wake_all()

    # --- bot-side bookkeeping -------------------------------------------------------------

    def record_sent(self, chat: ChatState, msg: SentMessage, bot: BotState) -> None:
        msg.in_reply_to = chat.current_update
        chat.log.append(msg)
        self.last_sent_at = time.perf_counter()
        if msg.in_reply_to is not None:
            stat = bot.stats.get(msg.in_reply_to)
            if stat is not None:
                stat.first_reply_at = stat.first_reply_at or msg.sent_at
                stat.last_reply_at = msg.sent_at
                stat.replies += 1
