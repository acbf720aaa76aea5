"""In-process test driver: start the emulator, add bots, and play users against them."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from bot.emulator.faults import FaultInjector
from bot.emulator.markup import keyboard_buttons
from bot.emulator.models import BotState, ChatState, JSONDict, SentMessage
from bot.emulator.platforms import Platform
from bot.emulator.ratecap import RateCap, RateStats
from bot.emulator.raw import enqueue_raw
from bot.emulator.server import build_app
from bot.emulator.state import ButtonSource, EmulatorState

DEFAULT_TIMEOUT = 10.0


class BotHandle:
    """A bot registered with the emulator (the token PTB must be configured with)."""

    def __init__(self, emu: Emulator, state: BotState) -> None:
        self.emu = emu
        self.state = state

    token = property(lambda self: self.state.token)
    username = property(lambda self: self.state.username)
    id = property(lambda self: self.state.bot_id)

    @property
    def platform(self) -> Platform:
        return self.state.platform

    @property
    def commands(self) -> dict[str, list[JSONDict]]:
        return self.state.commands

    def user(self, user_id: int | None = None, first_name: str = "User", **kwargs: Any) -> SimUser:
        return self.emu.user(self, user_id, first_name, **kwargs)

    async def inject_raw(
        self,
        body: Any,
        *,
        include_update_id: bool = True,
        wait: bool = True,
        timeout: float = DEFAULT_TIMEOUT,  # noqa: ASYNC109
    ) -> int:
        """Queue any JSON as an update, malformed or not (see ``bot.emulator.raw``).

        Returns the emulator's id for it. With ``wait`` this waits until the bot's offset has
        moved past that id, which means the bot confirmed the update, whether it parsed it or
        skipped it.
        """
        update_id = enqueue_raw(self.state, body, include_update_id=include_update_id)
        # Only the confirmation is awaited, not Emulator.settle: a skipped update has no reply.
        if wait and not await self.emu.state.wait_handled(self.state, update_id, timeout):
            raise TimeoutError(
                f"raw update {update_id} for @{self.username} was not confirmed within "
                f"{timeout}s: the bot never called getUpdates with offset > {update_id}"
            )
        return update_id

    def __repr__(self) -> str:
        return f"BotHandle({self.username!r}, {self.platform})"


class SimUser:
    """A person chatting privately with one bot."""

    def __init__(self, emu: Emulator, bot: BotState, chat: ChatState) -> None:
        self.emu = emu
        self.bot = bot
        self.chat = chat
        self._mark = len(chat.log)

    @property
    def id(self) -> int:
        return self.chat.user.id

    @property
    def phone(self) -> str | None:
        return self.chat.user.phone

    @phone.setter
    def phone(self, value: str | None) -> None:
        self.chat.user.phone = value

    @property
    def blocked(self) -> bool:
        return self.chat.blocked

    async def _finish(self, update_id: int, wait: bool, seconds: float) -> int:
        if wait:
            await self.emu.wait_handled(self.bot, update_id, seconds)
        return update_id

    def _start(self) -> None:
        self._mark = len(self.chat.log)

    # The spec'd API takes `timeout=` like asyncio.wait_for, hence the ASYNC109 waivers.
    async def send(
        self,
        text: str,
        *,
        wait: bool = True,
        timeout: float = DEFAULT_TIMEOUT,  # noqa: ASYNC109
    ) -> int:
        """Send a text message (a leading /command gets its bot_command entity)."""
        self._start()
        update_id = self.emu.state.user_text(self.bot, self.chat, text)
        return await self._finish(update_id, wait, timeout)

    async def share_contact(
        self,
        phone: str | None = None,
        user_id: int | None = None,
        *,
        first_name: str | None = None,
        last_name: str | None = None,
        wait: bool = True,
        timeout: float = DEFAULT_TIMEOUT,  # noqa: ASYNC109
    ) -> int:
        """Share the user's own contact (no ``phone``) or someone else's."""
        self._start()
        update_id = self.emu.state.user_contact(
            self.bot, self.chat, phone, user_id, first_name, last_name
        )
        return await self._finish(update_id, wait, timeout)

    async def send_photo(
        self,
        data: bytes,
        caption: str | None = None,
        *,
        wait: bool = True,
        timeout: float = DEFAULT_TIMEOUT,  # noqa: ASYNC109
    ) -> int:
        self._start()
        update_id = self.emu.state.user_photo(self.bot, self.chat, data, caption)
        return await self._finish(update_id, wait, timeout)

    async def send_document(
        self,
        data: bytes,
        filename: str | None = "codes.csv",
        mime_type: str | None = "text/csv",
        *,
        file_size: int | None = None,
        wait: bool = True,
        timeout: float = DEFAULT_TIMEOUT,  # noqa: ASYNC109
    ) -> int:
        """Send a file (a document), as a user attaches one; `file_size` may claim a size."""
        self._start()
        update_id = self.emu.state.user_document(
            self.bot, self.chat, data, filename, mime_type, file_size
        )
        return await self._finish(update_id, wait, timeout)

    async def send_sticker(
        self,
        emoji: str = "👍",
        *,
        wait: bool = True,
        timeout: float = DEFAULT_TIMEOUT,  # noqa: ASYNC109
    ) -> int:
        self._start()
        update_id = self.emu.state.user_sticker(self.bot, self.chat, emoji)
        return await self._finish(update_id, wait, timeout)

    async def press(
        self,
        label: str,
        *,
        source: ButtonSource = "any",
        wait: bool = True,
        timeout: float = DEFAULT_TIMEOUT,  # noqa: ASYNC109
    ) -> int:
        """Press the inline (newest message first) or reply-keyboard button with this label."""
        self.emu.state.find_button(self.chat, label, source)  # fail before moving the mark
        self._start()
        update_id = self.emu.state.press(self.bot, self.chat, label, source)
        return await self._finish(update_id, wait, timeout)

    async def block(
        self,
        *,
        wait: bool = True,
        timeout: float = DEFAULT_TIMEOUT,  # noqa: ASYNC109
    ) -> int:
        self._start()
        update_id = self.emu.state.user_block(self.bot, self.chat, True)
        return await self._finish(update_id, wait, timeout)

    async def unblock(
        self,
        *,
        wait: bool = True,
        timeout: float = DEFAULT_TIMEOUT,  # noqa: ASYNC109
    ) -> int:
        self._start()
        update_id = self.emu.state.user_block(self.bot, self.chat, False)
        return await self._finish(update_id, wait, timeout)

    @property
    def inbox(self) -> list[SentMessage]:
        return sorted(self.chat.messages.values(), key=lambda m: m.message_id)

    def replies(self) -> list[SentMessage]:
        """Messages and edit snapshots since the last send or the last call, then reset."""
        entries = self.chat.log[self._mark :]
        self._mark = len(self.chat.log)
        return entries

    @property
    def last(self) -> SentMessage:
        live = [m for m in self.inbox if not m.deleted]
        if not live:
            raise AssertionError(f"the bot has sent nothing (visible) to user {self.id}")
        return live[-1]

    def buttons(self) -> list[str]:
        for msg in reversed(self.inbox):
            if not msg.deleted and msg.inline_buttons():
                return [str(b.get("text")) for b in msg.inline_buttons()]
        return []

    def keyboard(self) -> list[str]:
        return [str(b.get("text")) for b in keyboard_buttons(self.chat.reply_keyboard)]

    @property
    def callback_answers(self) -> list[str | None]:
        return self.chat.callback_answers

    def __repr__(self) -> str:
        return f"SimUser({self.id}, {self.chat.user.first_name!r}, bot={self.bot.username!r})"


class Emulator:
    """The Bot API emulator, served on 127.0.0.1 inside the caller's event loop."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        state: EmulatorState | None = None,
        *,
        rate_cap: float | None = None,
    ) -> None:
        """``rate_cap``: the per-bot send cap for every bot (see ``set_rate_cap``)."""
        self.host = host
        self.port = port
        self.state = state if state is not None else EmulatorState()
        if rate_cap is not None:
            self.state.ratecap.set(rate_cap)
        self._runner: web.AppRunner | None = None
        self._user_counts: dict[str, int] = {}
        # A bot in this process that answers after confirming an update (its sender works
        # after the commit) sets this: "handled" then also means "its messages were sent".
        self.settle: Callable[[BotState, int], Awaitable[None]] | None = None

    async def start(self) -> Emulator:
        self.state.closing = False
        self._runner = web.AppRunner(build_app(self.state), shutdown_timeout=1.0, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        self.port = int(self._runner.addresses[0][1])
        return self

    async def stop(self) -> None:
        self.state.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Emulator:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def base_url(self) -> str:
        return f"{self.url}/bot"

    @property
    def base_file_url(self) -> str:
        return f"{self.url}/file/bot"

    @property
    def faults(self) -> FaultInjector:
        return self.state.faults

    @property
    def ratecap(self) -> RateCap:
        return self.state.ratecap

    def set_rate_cap(
        self,
        per_second: float | None,
        retry_after: int = 1,
        token: BotHandle | str | None = None,
        *,
        per_chat: float | None = None,
    ) -> None:
        """Answer sends over ``per_second`` per bot (any sliding second) with Telegram's 429.

        ``token=None`` sets the cap of every bot without its own; ``per_chat`` adds the
        per-chat cap (Telegram's guidance: 1/s). ``None`` lifts a cap. See
        ``bot.emulator.ratecap`` for which methods count (sends, copies, forwards, edits).
        """
        key = None if token is None else self._bot(token).token
        self.state.ratecap.set(per_second, retry_after, key, per_chat=per_chat)

    def rate_stats(self, bot: BotHandle | str) -> RateStats:
        """Admitted sends (times, max in 1 s / 200 ms, gap p50/p95) and 429s of ``bot``."""
        return self.state.ratecap.stats(self._bot(bot).token)

    @property
    def calls(self) -> list[tuple[str, str, JSONDict]]:
        return self.state.calls

    def calls_to(self, method: str, bot: BotHandle | str | None = None) -> list[JSONDict]:
        token = None if bot is None else self._bot(bot).token
        return [
            p
            for t, m, p in self.state.calls
            if m.lower() == method.lower() and (token is None or t == token)
        ]

    def add_bot(
        self,
        token: str,
        username: str,
        platform: str = "telegram",
        vouch_contacts: bool | None = None,
        first_name: str | None = None,
        *,
        update_id_start: int = 1,
    ) -> BotHandle:
        state = self.state.add_bot(
            token, username, platform, vouch_contacts, first_name, update_id_start
        )
        return BotHandle(self, state)

    def bot(self, token: str) -> BotHandle:
        return BotHandle(self, self.state.get_bot(token))

    def _bot(self, bot: BotHandle | BotState | str) -> BotState:
        if isinstance(bot, BotHandle):
            return bot.state
        if isinstance(bot, BotState):
            return bot
        return self.state.get_bot(bot)

    def user(
        self,
        bot: BotHandle | str,
        user_id: int | None = None,
        first_name: str = "User",
        last_name: str | None = None,
        username: str | None = None,
        phone: str | None = None,
        language_code: str | None = None,
    ) -> SimUser:
        """A user of ``bot``; without ``user_id`` the platform's next default id is used."""
        state = self._bot(bot)
        if user_id is None:
            n = self._user_counts[state.token] = self._user_counts.get(state.token, 0) + 1
            user_id = self.state.default_user_id(state, n)
        chat = self.state.register_user(
            state, user_id, first_name, last_name, username, phone, language_code
        )
        return SimUser(self, state, chat)

    def redeliver(self, bot: BotHandle | str, update_id: int) -> None:
        """Queue an already confirmed update again with the same update_id (a restart).

        A poller whose offset is already past ``update_id`` confirms it without seeing it,
        exactly like the real API; a restarted bot polling from offset 0 receives it.
        """
        self.state.redeliver(self._bot(bot), update_id)

    async def wait_handled(
        self,
        bot: BotHandle | BotState | str,
        update_id: int,
        timeout: float = DEFAULT_TIMEOUT,  # noqa: ASYNC109
    ) -> None:
        state = self._bot(bot)
        if not await self.state.wait_handled(state, update_id, timeout):
            stat = state.stats.get(update_id)
            raise TimeoutError(
                f"update {update_id} ({stat.kind if stat else 'unknown'}) for bot "
                f"@{state.username} was not handled within {timeout}s: the bot never called "
                f"getUpdates with offset > {update_id}. Pending update ids: "
                f"{sorted(state.pending)}. Is the bot polling this emulator ({self.base_url})?"
            )
        if self.settle is not None:
            await self.settle(state, update_id)

    async def replied(self, state: BotState, update_id: int, quiet: float = 0.15) -> None:
        """A settle for a bot in another process: the update's first reply has come, and
        nothing more for `quiet` seconds (a step's messages arrive close together)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + DEFAULT_TIMEOUT
        stat = state.stats.get(update_id)
        while loop.time() < deadline:
            reply = stat.first_reply_at if stat is not None else None
            if reply is not None and time.perf_counter() - self.state.last_sent_at >= quiet:
                return
            await asyncio.sleep(0.02)

    def updates_pending(self, bot: BotHandle | str) -> int:
        return len(self._bot(bot).pending)
