"""Long polling that never loses or doubles an update.

PTB's Updater confirms a getUpdates batch to the server before handling it, so a crash would
lose the batch. Here the offset moves past an update only after it was handled; an update
redelivered after a restart is recognised by `processed_updates` and skipped.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy.exc import SQLAlchemyError
from telegram import Update
from telegram.error import Conflict, InvalidToken, NetworkError, RetryAfter, TimedOut

from bot.app import ALLOWED_UPDATES, ClubApplication
from bot.club.club import Club
from bot.storage.db import UpdateMark, current_update
from bot.storage.updates import already_processed, mark_processed

log = logging.getLogger(__name__)


class Backoff:
    """Doubling delays from half a second up to half a minute."""

    def __init__(self) -> None:
        self.delay = 0.5

    def next(self) -> float:
        delay, self.delay = self.delay, min(self.delay * 2, 30.0)
        return delay

    def reset(self) -> None:
        self.delay = 0.5


async def pause(stop: asyncio.Event, seconds: float) -> None:
    """Sleeps, but wakes at once when the process is asked to stop."""
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)


class Poller:
    def __init__(self, app: ClubApplication, club: Club, *, timeout: int) -> None:
        self.app, self.club, self.timeout = app, club, timeout
        self.offset: int | None = None

    async def run(self, stop: asyncio.Event) -> None:
        """Polls until `stop` is set; a batch in progress is always finished first."""
        backoff = Backoff()
        while not stop.is_set():
            fetch = asyncio.ensure_future(self._fetch())
            stopping = asyncio.ensure_future(stop.wait())
            done, _ = await asyncio.wait({fetch, stopping}, return_when=asyncio.FIRST_COMPLETED)
            if fetch not in done:
                fetch.cancel()
                await asyncio.gather(fetch, return_exceptions=True)
                break
            stopping.cancel()
            try:
                updates = fetch.result()
            except RetryAfter as error:
                delay = error.retry_after
                seconds = delay.total_seconds() if hasattr(delay, "total_seconds") else delay
                await pause(stop, float(seconds))
                continue
            except (InvalidToken, Conflict):
                raise
            except (TimedOut, NetworkError) as error:
                log.warning("getUpdates failed (%s); retrying in %.1fs", error, backoff.delay)
                await pause(stop, backoff.next())
                continue
            if not updates:
                backoff.reset()
                continue
            try:
                await self.handle(updates)
            except SQLAlchemyError as error:
                # The database is away (a restart, a full disk): keep the offset, so the same
                # batch comes back; what was handled is recorded and will be skipped.
                log.error(
                    "database error while handling updates (%s); retrying in %.1fs",
                    type(error).__name__,
                    backoff.delay,
                )
                await pause(stop, backoff.next())
                continue
            backoff.reset()
            self.offset = updates[-1].update_id + 1

    async def _fetch(self) -> Sequence[Update]:
        return await self.app.bot.get_updates(
            offset=self.offset,
            timeout=self.timeout,
            allowed_updates=ALLOWED_UPDATES,
            read_timeout=self.timeout + 10,
        )

    async def handle(self, updates: Sequence[Update]) -> None:
        """One chat's updates in order; different chats concurrently."""
        bot_id = self.app.bot.id
        seen = await already_processed(self.club.db, bot_id, (u.update_id for u in updates))
        chains: dict[int, list[Update]] = defaultdict(list)
        for update in updates:
            if update.update_id in seen:
                log.info("update %s was already handled; skipped", update.update_id)
                continue
            user = update.effective_user
            chains[user.id if user else 0].append(update)
        marks = await asyncio.gather(*(self._chain(chain) for chain in chains.values()))
        # Handlers that wrote recorded their update in that same transaction; the rest (reads
        # only, nothing to apply twice) are recorded together here, before the offset moves.
        unwritten = [mark for chain in marks for mark in chain if not mark.written]
        await mark_processed(self.club.db, bot_id, unwritten)

    async def _chain(self, chain: list[Update]) -> list[UpdateMark]:
        marks = []
        for update in chain:
            mark = UpdateMark(self.app.bot.id, update.update_id, self.club.now())
            token = current_update.set(mark)
            try:
                await self.app.process_update(update)
            finally:
                current_update.reset(token)
            marks.append(mark)
        return marks
