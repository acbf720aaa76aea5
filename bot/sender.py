"""The sender: every outgoing message goes through here, from the outbox or from memory.

Invariants: one message in flight per chat, in the order submitted; a row is marked sent only
after the messenger accepted it (at least once), except promotional rows (at most once, see
bot/storage/outbox.py). Rate limits are the sender's: one limiter per messenger, transactional
messages before service before promotional; a 429 pauses that chat only, and several chats'
429s within a second pause that messenger. Nobody waits for a send: the poller submits and
moves on.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import logging
import time
from collections import defaultdict, deque
from collections.abc import Coroutine, Iterable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from aiolimiter import AsyncLimiter
from telegram import Bot, CallbackQuery
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError

from bot import processes
from bot.club.model import MemberNotFound
from bot.outgoing import as_new_message, deliver, release
from bot.platforms import Platform
from bot.promotions import Promotions, Ready, provably_unsent
from bot.storage import outbox
from bot.storage.outbox import Message, MessageClass, Outcome

if TYPE_CHECKING:
    from bot.club.club import Club

log = logging.getLogger(__name__)

Chat = tuple[str, int]
# This many chats hitting a 429 within a second means the messenger, not one chat, is full.
MESSENGER_429_CHATS = 3
# A chat's head message is retried in memory this many times before it goes back to the
# outbox for later (the messenger may be away for minutes).
MEMORY_RETRIES = 5
# The share of a messenger's rate limit promotions may use (the rest is kept for replies).
PROMOTION_SHARE = 0.98


def _retry_after(error: RetryAfter) -> float:
    delay = error.retry_after
    return float(delay.total_seconds() if hasattr(delay, "total_seconds") else delay)


class Sender:
    def __init__(self, club: Club) -> None:
        self.club = club
        settings = club.settings
        self.me = processes.name()
        self.lease = timedelta(seconds=settings.outbox_lease_seconds)
        self.bots: dict[str, Bot] = {}
        self._limiters: dict[str, AsyncLimiter] = {}
        self._queues: dict[Chat, deque[Message]] = {}
        self._drainers: dict[Chat, asyncio.Task[None]] = {}
        self._addressing: dict[int, asyncio.Task[None]] = {}
        self._attempted: set[int] = set()  # promotional rows handed to the messenger
        self._promotional: set[int] = set()  # promotional rows this sender holds
        # Promotions delivered whose state is not recorded yet: still `sending` in the table,
        # so they count against the in-flight window until the recorder writes them.
        self._unrecorded: set[int] = set()
        self.promotions = Promotions(club, self.bots)
        self._paced: dict[str, AsyncLimiter] = {}
        self._held: set[int] = set()
        self._chat_paused: dict[Chat, float] = {}
        self._messenger_paused: dict[str, float] = defaultdict(float)
        self._recent_429: dict[str, deque[tuple[float, Chat]]] = defaultdict(deque)
        self._waiting: dict[str, list[int]] = defaultdict(lambda: [0] * len(MessageClass))
        self._turns = asyncio.Condition()
        self._outcomes: list[Outcome] = []
        self._wake = asyncio.Event()
        self._record_now = asyncio.Event()
        self._stopping = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self._preparing: set[asyncio.Task[None]] = set()
        self._lapse_checked = -1e9
        # Messages and button answers submitted and not yet done with (for wait_idle).
        self._in_flight = 0
        self._idle = asyncio.Event()
        self._idle.set()
        # Tasks run in a context of their own: never inside an update's database scope.
        self._context = contextvars.Context()

    def register(self, platform: Platform, bot: Bot) -> None:
        rate = (
            self.club.settings.telegram_rate_limit
            if platform is Platform.TELEGRAM
            else self.club.settings.bale_rate_limit
        )
        self.bots[platform.value] = bot
        # Whole-second buckets let a burst of replies go at once, up to the rate.
        self._limiters[platform.value] = AsyncLimiter(max(rate, 1.0), 1.0)
        # Promotions go evenly, never a second's worth at once, and a little under the rate:
        # the messenger's bucket then always has a free place for a reply or a purchase
        # notice, which would otherwise wait behind the promotion already waiting there.
        self._paced[platform.value] = AsyncLimiter(1, 1.0 / (max(rate, 1.0) * PROMOTION_SHARE))

    async def start(self) -> None:
        """Frees what dead processes of this host held, then takes up the outbox."""
        dead = [
            c
            for c in await outbox.claimants(self.club.db)
            if processes.dead_on_this_host(c, self.me)
        ]
        if dead:
            freed = await outbox.release_dead(self.club.db, alive=[self.me], dead=dead)
            log.info("outbox: %d messages left by a stopped process will be sent now", freed)
        # What an earlier life left undelivered goes first, before any new reply in its chat.
        await self._take_due()
        for work in (self._poll, self._flush, self._renew):
            self._tasks.append(self._spawn(work()))

    def _spawn(self, coroutine: object) -> asyncio.Task[None]:
        return asyncio.get_running_loop().create_task(
            coroutine,  # type: ignore[arg-type]
            context=self._context.copy(),
        )

    def wake(self) -> None:
        """New rows are in the outbox (a broadcast's chunk): look now, not at the next poll."""
        self._wake.set()

    async def wait_idle(self) -> None:
        """Until everything submitted so far is done with (tests, the sandbox)."""
        await self._idle.wait()

    def _busy(self, count: int) -> None:
        self._in_flight += count
        if self._in_flight <= 0:
            self._in_flight = 0
            self._idle.set()
            # Quiet now: record what was delivered at once, so a crash right after resends
            # as little as possible (under load the records go in batches).
            self._record_now.set()
        else:
            self._idle.clear()

    def prepare(self, work: Coroutine[Any, Any, None]) -> None:
        """Work that submits its messages when done (an export being written), outside any
        update's database scope: wait_idle waits for it too, stop cancels it."""
        self._busy(1)
        task = self._spawn(work)
        self._preparing.add(task)

        def done(finished: asyncio.Task[None]) -> None:
            self._preparing.discard(finished)
            if not finished.cancelled() and finished.exception() is not None:
                log.error("prepared work failed", exc_info=finished.exception())
            self._busy(-1)

        task.add_done_callback(done)

    def answer(self, query: CallbackQuery, text: str | None) -> None:
        """A button's answer goes straight to the messenger (it is not kept)."""
        self._busy(1)
        self._spawn(self._answer(query, text))

    async def _answer(self, query: CallbackQuery, text: str | None) -> None:
        try:
            await query.answer(text)
        except TelegramError as error:
            log.info("a button's answer was not delivered (%s)", type(error).__name__)
        finally:
            self._busy(-1)

    def submit(self, messages: Iterable[Message]) -> None:
        for message in messages:
            self._busy(1)
            if message.id is not None:
                self._held.add(message.id)
                if message.klass == MessageClass.PROMOTIONAL:
                    self._promotional.add(message.id)
            if message.chat_id is None:
                self._address_in_order(message)
            else:
                self._enqueue(message)

    def _enqueue(self, message: Message) -> None:
        assert message.platform is not None and message.chat_id is not None
        chat = (message.platform, message.chat_id)
        self._queues.setdefault(chat, deque()).append(message)
        if chat not in self._drainers:
            self._drainers[chat] = self._spawn(self._drain(chat))

    def _address_in_order(self, message: Message) -> None:
        """A member's messages are addressed one after another, so they keep their order."""
        assert message.member_id is not None
        member_id = message.member_id
        task = self._spawn(self._address(message, self._addressing.get(member_id)))
        self._addressing[member_id] = task

        def forget(done: asyncio.Task[None]) -> None:
            if self._addressing.get(member_id) is done:
                del self._addressing[member_id]

        task.add_done_callback(forget)

    async def _address(self, message: Message, after: asyncio.Task[None] | None) -> None:
        """A message for a member goes where they were seen last, then to their other chats."""
        assert message.member_id is not None
        if after is not None:
            await asyncio.wait([after])
        try:
            member = await self.club.members.get(member_id=message.member_id)
            found = await self.club.members.identities_of(message.member_id)
        except MemberNotFound:  # erased since the message was written
            self._done_without_sending(message, outbox.SKIPPED)
            return
        except Exception:
            log.warning("outbox: could not address a message; it stays for later", exc_info=True)
            self._back_to_outbox(message, "addressing failed")
            self._busy(-1)
            return
        found.sort(key=lambda i: i.platform != member.last_platform)
        chats = [
            (i.platform, i.chat_id) for i in found if not i.blocked and i.platform in self.bots
        ]
        if not chats:
            self._done_without_sending(message, outbox.UNREACHABLE)
            return
        (message.platform, message.chat_id), message.fallbacks = chats[0], chats[1:]
        self._enqueue(message)  # in flight until its chat's queue is done with it

    def _done_without_sending(self, message: Message, status: str) -> None:
        self._finish(message, status)
        self._busy(-1)

    async def _drain(self, chat: Chat) -> None:
        queue = self._queues[chat]
        try:
            while queue:
                message = queue[0]
                await self._wait_until_free(chat)
                done = await self._send(chat, message)
                if done:
                    queue.popleft()
                    self._busy(-1)
        finally:
            self._drainers.pop(chat, None)
            if not queue:
                self._queues.pop(chat, None)

    async def _wait_until_free(self, chat: Chat) -> None:
        while True:
            until = max(self._chat_paused.get(chat, 0.0), self._messenger_paused[chat[0]])
            delay = until - time.monotonic()
            if delay <= 0:
                return
            await asyncio.sleep(delay)

    async def _turn(self, platform: str, klass: MessageClass) -> None:
        """Waits until no message of a higher class waits on this messenger, then for the
        messenger's rate limit."""
        waiting = self._waiting[platform]
        waiting[klass] += 1
        limiter = self._limiters[platform]
        try:
            if klass != MessageClass.PROMOTIONAL:
                async with self._turns:
                    await self._turns.wait_for(lambda: not any(waiting[:klass]))
                await limiter.acquire()
                return
            # A promotion never queues in the messenger's bucket: it takes a place only when
            # one is free and nothing more urgent waits, so a reply or a purchase notice never
            # waits behind promotions that already stood in line.
            await self._paced[platform].acquire()
            while True:
                async with self._turns:
                    await self._turns.wait_for(lambda: not any(waiting[:klass]))
                # One place is always left free, for the reply that may come next.
                if limiter.has_capacity(1 + (1 if limiter.max_rate >= 4 else 0)):
                    await limiter.acquire()
                    return
                await asyncio.sleep(1.0 / max(limiter.max_rate, 1.0))
        finally:
            waiting[klass] -= 1
            async with self._turns:
                self._turns.notify_all()

    async def _send(self, chat: Chat, message: Message) -> bool:
        """One attempt; True when the message is done with (delivered or given up)."""
        platform = chat[0]
        bot = self.bots.get(platform)
        if bot is None:
            self._finish(message, outbox.FAILED, "messenger not running")
            return True
        if not message.payload:  # its member was erased after it was written
            self._finish(message, outbox.SKIPPED, "member erased")
            return True
        if message.method != "broadcast":
            if message.klass != MessageClass.TRANSACTIONAL and message.member_id is not None:
                if await self._erased(message.member_id):
                    self._finish(message, outbox.SKIPPED)
                    return True
            return await self._attempt(chat, bot, message, message)
        # A broadcast's row: preparing it reads whether its member still wants promotions,
        # which covers an erasure too (one query, not two).
        ready = await self._promotion(message, platform)
        if ready is not None and ready.upload:
            assert message.broadcast_id is not None
            async with self.promotions.upload_lock(message.broadcast_id, platform):
                # Another recipient's upload may have given this messenger a file_id since.
                ready = await self._promotion(message, platform)
                if ready is not None:
                    return await self._attempt(chat, bot, message, ready.message, ready.upload)
        return True if ready is None else await self._attempt(chat, bot, message, ready.message)

    async def _promotion(self, message: Message, platform: str) -> Ready | None:
        """A broadcast's row made concrete; None when it is done with (skipped, or back to
        wait while its broadcast is paused or the hours are quiet)."""
        try:
            prepared = await self.promotions.prepare(message, platform)
        except LookupError as error:  # the photo's messenger is not running here
            log.warning("outbox: a broadcast's message could not be prepared (%s)", error)
            self._finish(message, outbox.FAILED, type(error).__name__)
            return None
        except Exception as error:
            # Nothing was sent (the photo's download, the database): try again later.
            log.warning("outbox: a broadcast's message waits (%s)", type(error).__name__)
            message.attempts += 1
            self._back_to_outbox(message, type(error).__name__)
            return None
        if prepared == outbox.SKIPPED:
            self._finish(message, outbox.SKIPPED, "not wanted now")
        elif prepared == outbox.PENDING:
            self._back_to_wait(message)
        assert not isinstance(prepared, str) or prepared in (outbox.SKIPPED, outbox.PENDING)
        return None if isinstance(prepared, str) else prepared

    async def _attempt(
        self, chat: Chat, bot: Bot, message: Message, concrete: Message, upload: bool = False
    ) -> bool:
        """Sends `concrete` (the message itself, or a broadcast's row made concrete); the
        outcome is recorded for `message`."""
        platform, chat_id = chat
        await self._turn(platform, message.klass)
        if message.klass == MessageClass.PROMOTIONAL and message.id is not None:
            self._attempted.add(message.id)
        try:
            sent = await deliver(bot, chat_id, concrete)
        except RetryAfter as error:
            self._not_attempted(message)
            self._paused_by_429(chat, _retry_after(error))
            return False
        except Forbidden:
            await self._unreachable(chat)
            if message.fallbacks:
                message.platform, message.chat_id = message.fallbacks.pop(0)
                self._not_attempted(message)
                self._busy(1)
                self._enqueue(message)
            else:
                self._finish(message, outbox.UNREACHABLE)
            return True
        except BadRequest as error:
            return self._refused(chat, message, error)
        except NetworkError as error:  # timeouts, 5xx, the connection
            return self._failed_for_now(chat, message, error)
        except TelegramError as error:
            self._finish(message, outbox.FAILED, type(error).__name__)
            return True
        except Exception as error:
            log.exception("outbox: sending failed unexpectedly")
            self._finish(message, outbox.FAILED, type(error).__name__)
            return True
        if upload and message.broadcast_id is not None:
            with contextlib.suppress(Exception):
                await self.promotions.uploaded(message.broadcast_id, platform, sent)
        self._finish(message, outbox.SENT)
        return True

    def _not_attempted(self, message: Message) -> None:
        """Refused before it arrived (a 429; a 403 before a fallback): still unsent."""
        if message.id is not None:
            self._attempted.discard(message.id)

    def _back_to_wait(self, message: Message) -> None:
        """A promotion that must wait (its broadcast paused, quiet hours): pending again, at
        once, untried; the claim takes it when it may go."""
        if message.id is None:
            return
        self._held.discard(message.id)
        self._promotional.discard(message.id)
        self._spawn(self._retry_later(message, self.club.now(), "waiting"))

    def _refused(self, chat: Chat, message: Message, error: BadRequest) -> bool:
        """Harmless refusals (a double tap's identical edit) count as delivered; an edit of
        a message that can no longer be edited becomes a message of its own."""
        reason = str(error).lower()
        if "not modified" in reason:
            self._finish(message, outbox.SENT)
            return True
        if message.method == "edit":
            replacement = as_new_message(message)
            if replacement is None:
                self._finish(message, outbox.SKIPPED, "buttons could not be changed")
                return True
            self._queues[chat][0] = replacement
            return False
        log.warning("outbox: %s refused a message: %s", chat[0], error)
        self._finish(message, outbox.FAILED, str(error))
        return True

    def _failed_for_now(self, chat: Chat, message: Message, error: Exception) -> bool:
        if message.klass == MessageClass.PROMOTIONAL:
            if not provably_unsent(error):
                # A read timeout or a 5xx: it may have arrived. At most once: never again.
                self._finish(message, outbox.UNKNOWN, f"{type(error).__name__} (at most once)")
                return True
            self._not_attempted(message)
        message.attempts += 1
        if message.attempts < MEMORY_RETRIES:
            self._chat_paused[chat] = time.monotonic() + min(30.0, 0.5 * 2**message.attempts)
            return False
        log.warning("outbox: %s did not take a message (%s)", chat[0], type(error).__name__)
        if message.id is None:
            self._finish(message, outbox.FAILED, type(error).__name__)
        else:
            self._back_to_outbox(message, type(error).__name__)
        return True

    def _back_to_outbox(self, message: Message, why: str) -> None:
        if message.id is None:
            return
        self._held.discard(message.id)
        self._promotional.discard(message.id)
        if message.attempts >= self.club.settings.outbox_max_attempts * MEMORY_RETRIES:
            self._finish(message, outbox.FAILED, why)
            return
        later = self.club.now() + timedelta(minutes=5)
        self._spawn(self._retry_later(message, later, why))

    async def _retry_later(self, message: Message, at: datetime, why: str) -> None:
        try:
            await outbox.retry_later(self.club.db, message, at=at, error=why)
        except Exception:
            log.warning("outbox: could not put a message back; its lease will", exc_info=True)

    def _paused_by_429(self, chat: Chat, seconds: float) -> None:
        now = time.monotonic()
        self._chat_paused[chat] = now + seconds
        recent = self._recent_429[chat[0]]
        recent.append((now, chat))
        while recent and recent[0][0] < now - 1.0:
            recent.popleft()
        if len({c for _, c in recent}) >= MESSENGER_429_CHATS:
            self._messenger_paused[chat[0]] = max(self._messenger_paused[chat[0]], now + seconds)
            log.warning("%s: rate limited on several chats; pausing %.0fs", chat[0], seconds)

    async def _unreachable(self, chat: Chat) -> None:
        """A 403: the person blocked the bot. Their next update makes them reachable again."""
        platform, chat_id = chat
        try:
            # In a private chat the chat id is the person's user id.
            await self.club.members.set_blocked(platform, chat_id, True)
        except Exception:
            log.warning("could not mark a chat unreachable", exc_info=True)

    async def _erased(self, member_id: int) -> bool:
        try:
            return member_id in await outbox.erased(self.club.db, [member_id])
        except Exception:
            return False

    def _finish(self, message: Message, status: str, error: str | None = None) -> None:
        # A file message's file, sent or given up; its maker hears which (the status).
        release(message, status)
        if message.id is None:
            if status != outbox.SENT:
                log.info("an answer was not delivered (%s)", error or status)
            return
        self._held.discard(message.id)
        if message.id in self._promotional:
            self._promotional.discard(message.id)
            self._unrecorded.add(message.id)
            self._record_now.set()
        self._outcomes.append(Outcome(message.id, status, self.club.now(), error))

    def _promotions_sending(self) -> int:
        """Promotional rows in `sending` because of this sender: held, or delivered and not
        recorded yet. A kill -9 can leave no more than this many `unknown`."""
        return len(self._promotional) + len(self._unrecorded)

    async def _flush(self) -> None:
        """Writes delivered rows' states in batches (one transaction for many)."""
        while not self._stopping.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._record_now.wait(), 0.2)
            self._record_now.clear()
            await self._write_outcomes()
            # At most ten recording transactions a second, whatever the traffic: each takes
            # SQLite's write lock, which the members' updates are waiting for.
            await self._pause(0.1)

    async def _write_outcomes(self) -> None:
        if not self._outcomes:
            return
        batch, self._outcomes = self._outcomes, []
        try:
            await outbox.record(self.club.db, batch)
            if self._unrecorded:
                self._unrecorded.difference_update(o.id for o in batch)
                # The in-flight window has room again: take the next promotions now.
                if self._promotions_sending() <= self.club.settings.broadcast_in_flight // 2:
                    self._wake.set()
        except Exception:
            # Kept for the next round; if the process dies first, the lease lapses and the
            # rows are sent again: at least once.
            self._outcomes[:0] = batch
            log.warning("outbox: could not record delivered messages yet", exc_info=True)

    async def _renew(self) -> None:
        every = max(self.lease.total_seconds() / 3, 0.5)
        while not self._stopping.is_set():
            await self._pause(every)
            # Delivered rows not yet recorded keep their claim too, or another sender could
            # take them again before they are recorded.
            if self._held or self._outcomes:
                with contextlib.suppress(Exception):
                    await outbox.renew(
                        self.club.db, claimed_by=self.me, until=self.club.now() + self.lease
                    )

    async def _poll(self) -> None:
        """Rows this process did not write (a restart, another process, a job)."""
        interval = self.club.settings.outbox_poll_seconds
        while not self._stopping.is_set():
            try:
                await self._take_due()
            except Exception:
                log.warning("outbox: polling failed; trying again", exc_info=True)
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), interval)

    async def _take_due(self) -> None:
        await self._write_outcomes()
        now = self.club.now()
        if time.monotonic() - self._lapse_checked > 60:
            self._lapse_checked = time.monotonic()
            await outbox.give_up_lapsed_promotions(self.club.db, now=now)
        room = 0
        if not self.promotions.quiet(now):
            room = max(self.club.settings.broadcast_in_flight - self._promotions_sending(), 0)
        found = await outbox.claim(
            self.club.db,
            claimed_by=self.me,
            now=now,
            lease=self.lease,
            limit=500,
            promotions=room,
            broadcasts=await self.club.broadcasts.sending() if room else (),
        )
        self.submit(m for m in found if m.id not in self._held)

    async def _pause(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), seconds)

    async def stop(self, grace: float = 3.0) -> None:
        """Gives queued messages a moment, records what was delivered, then hands what is
        left back to the outbox."""
        if self._drainers:
            await asyncio.wait(list(self._drainers.values()), timeout=grace)
        self._stopping.set()
        self._wake.set()
        self._record_now.set()
        busy = [
            *self._preparing,
            *self._drainers.values(),
            *self._addressing.values(),
            *self._tasks[:1],
        ]
        for task in busy:  # prepared work, drainers, addressing, the outbox poll; not the recorder
            task.cancel()
        await asyncio.gather(*busy, return_exceptions=True)
        # File messages still queued (an export's parts) are given up here: they are never in
        # the outbox, and their files hold personal data that must not stay on disk.
        for queue in self._queues.values():
            for message in queue:
                release(message, outbox.FAILED)
        # The recorder and the lease renewal end by themselves (never cancelled mid-write).
        await asyncio.gather(*self._tasks[1:], return_exceptions=True)
        await self._write_outcomes()
        with contextlib.suppress(Exception):
            await outbox.release(
                self.club.db, claimed_by=self.me, now=self.club.now(), attempted=self._attempted
            )
