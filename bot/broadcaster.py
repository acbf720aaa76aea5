"""The broadcasts' own loop (one per process): writes a confirmed broadcast's audience to the
outbox in chunks, keeps the composer's progress message current, closes cancelled ones and
sends the final report. Sending itself is the sender's (bot/sender.py).

Everything it does is safe with two processes on one database: a chunk's cursor moves by a
conditional update, a broadcast is finished once, and a progress edit said twice is "not
modified".
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import replace
from typing import TYPE_CHECKING

from bot.club import audit
from bot.club.broadcasts import CANCELLED, DONE, PAUSED, SENDING, Broadcast, Progress
from bot.handlers.broadcast import report_text, status_screen
from bot.outgoing import edit, text_message
from bot.storage import outbox
from bot.storage.outbox import Message, MessageClass

if TYPE_CHECKING:
    from bot.club.club import Club
    from bot.i18n import Texts
    from bot.sender import Sender

log = logging.getLogger(__name__)
# How often the loop looks for work when no broadcast is active.
IDLE_SECONDS = 1.0


class Broadcaster:
    def __init__(self, club: Club, texts: Texts, sender: Sender) -> None:
        self.club, self.texts, self.sender = club, texts, sender
        self._shown: dict[int, str] = {}  # the progress text each broadcast shows now
        self._last_shown: dict[int, float] = {}
        self._queuing: dict[int, asyncio.Task[None]] = {}
        self._stopping = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run())

    async def stop(self) -> None:
        self._stopping.set()
        tasks = [t for t in (self._task, *self._queuing.values()) if t is not None]
        # A chunk in the middle of its transaction finishes (the cursor and rows commit
        # together); the loops end at their next check.
        await asyncio.gather(*tasks, return_exceptions=True)

    async def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                await self.step()
            except Exception:
                log.warning("broadcasts: a round failed; trying again", exc_info=True)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), IDLE_SECONDS)

    async def step(self) -> None:
        """One round over the active broadcasts (tests call it directly)."""
        for broadcast in await self.club.broadcasts.active():
            if broadcast.status == CANCELLED:
                if await self.club.broadcasts.close_cancelled(broadcast):
                    await self._finish(broadcast, CANCELLED)
                continue
            if broadcast.status not in (SENDING, PAUSED):
                continue
            if not broadcast.queued:
                self._queue(broadcast)
                continue
            progress = await self.club.broadcasts.progress(broadcast)
            if broadcast.status == SENDING and progress.left == 0:
                await self._finish(broadcast, DONE)
            else:
                await self._show(broadcast, progress)

    def _queue(self, broadcast: Broadcast) -> None:
        if broadcast.id in self._queuing:
            return
        task = asyncio.get_running_loop().create_task(self._write_rows(broadcast))
        self._queuing[broadcast.id] = task
        task.add_done_callback(lambda _: self._queuing.pop(broadcast.id, None))

    async def _write_rows(self, broadcast: Broadcast) -> None:
        """The frozen audience's rows, a chunk per transaction, until all are written; the
        members' updates get the database between chunks."""
        while not broadcast.queued and not self._stopping.is_set():
            before = broadcast.queued_through
            broadcast.queued_through = await self.club.broadcasts.queue_chunk(broadcast)
            if broadcast.queued_through == before:  # cancelled (or gone): stop writing
                return
            self.sender.wake()
            await asyncio.sleep(0)
            if self._due_to_show(broadcast.id):
                current = await self.club.broadcasts.get(broadcast.id)
                if current is None or current.status == CANCELLED:
                    return
                current.queued_through = broadcast.queued_through
                await self._show(current, await self.club.broadcasts.progress(current))

    def _due_to_show(self, broadcast_id: int) -> bool:
        loop = asyncio.get_running_loop()
        every = self.club.settings.broadcast_progress_seconds
        return loop.time() - self._last_shown.get(broadcast_id, 0.0) >= every

    async def _show(self, broadcast: Broadcast, progress: Progress) -> None:
        """Edits the composer's progress message, about every BROADCAST_PROGRESS_SECONDS and
        only when its figures changed."""
        if not self._due_to_show(broadcast.id) or broadcast.progress_message_id is None:
            return
        text, markup = status_screen(self.texts, broadcast, progress, self.club.now())
        if self.sender.promotions.quiet() and broadcast.status == SENDING:
            text += "\n" + self.texts("broadcast-quiet-now")
        if self._shown.get(broadcast.id) == text:
            return
        self._shown[broadcast.id] = text
        self._last_shown[broadcast.id] = asyncio.get_running_loop().time()
        await self._say(broadcast, edit(broadcast.progress_message_id, text, markup))

    async def _finish(self, broadcast: Broadcast, status: str) -> None:
        """Finished, its audit row and its report to the composer: one transaction."""
        progress = await self.club.broadcasts.progress(broadcast)
        now = self.club.now()
        finished = replace(broadcast, status=status, finished_at=now, outcome=progress.counts)
        report = await report_text(self.texts, self.club, finished)
        message = _to_composer(
            broadcast,
            edit(broadcast.progress_message_id, report)
            if broadcast.progress_message_id is not None
            else text_message(report),
        )
        async with self.club.db.write() as conn:
            if not await self.club.broadcasts.finish(conn, finished):
                return  # another process finished it
            await audit.record(
                conn,
                actor=audit.SYSTEM,
                action=f"broadcast_{status}",
                target=f"broadcast:{broadcast.id}",
                details={
                    "sent": progress.sent,
                    "failed": progress.failed,
                    "unreachable": progress.unreachable,
                    "unknown": progress.unknown,
                    "skipped": progress.skipped,
                },
                at=now,
            )
            await outbox.write(
                conn, [message], now=now, claimed_by=self.sender.me, lease=self.sender.lease
            )
        self.sender.submit([message])
        self._shown.pop(broadcast.id, None)

    async def _say(self, broadcast: Broadcast, message: Message) -> None:
        """A message to the composer's chat, through the outbox like any other."""
        message = _to_composer(broadcast, message)
        now = self.club.now()
        async with self.club.db.write() as conn:
            await outbox.write(
                conn, [message], now=now, claimed_by=self.sender.me, lease=self.sender.lease
            )
        self.sender.submit([message])


def _to_composer(broadcast: Broadcast, message: Message) -> Message:
    """Addressed to the composer's chat, as a service message (progress, the report)."""
    message.klass = MessageClass.SERVICE
    message.platform, message.chat_id = broadcast.platform, broadcast.chat_id
    return message
