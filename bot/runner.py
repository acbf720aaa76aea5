"""Long polling that never loses, doubles or wrongly records an update.

Invariants: the offset moves past an update only after it was handled, recorded as handled,
or given up on (then recorded too); an update whose handling failed is never recorded as
handled. Each update is handled in one database transaction (bot/storage/db.py:
UpdateScope) that also holds its processed mark and its outgoing messages (the outbox), so
"handled", its effects and its words commit together; the sender delivers them after the
commit, and the poller never waits for a send.

A failure that looks like an outage (the database, the network) is retried as long as it
lasts; any other failure (a bug) is retried `UPDATE_MAX_ATTEMPTS` times, then the person gets
the apology and the update is recorded and skipped, so it cannot block its chat. One chat's
updates are handled in order (after a failure its later updates wait); chats run concurrently.
Updates are fetched as raw JSON and parsed one by one (bot/incoming.py): an update that cannot
be parsed is skipped and recorded, and never costs the valid updates beside it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import warnings
from collections import OrderedDict, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy.exc import DBAPIError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from telegram import Update
from telegram.error import (
    BadRequest,
    Conflict,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TimedOut,
)
from telegram.warnings import PTBUserWarning

from bot.app import ALLOWED_UPDATES, ClubApplication
from bot.health import record_poll
from bot.incoming import next_offset, parse_updates
from bot.outgoing import text_message
from bot.platforms import Platform
from bot.storage import outbox
from bot.storage.db import UpdateMark, UpdateScope, current_scope
from bot.storage.guard import DatabaseGuard
from bot.storage.updates import already_processed, mark_processed

if TYPE_CHECKING:
    from bot.club.club import Club
    from bot.sender import Sender

log = logging.getLogger(__name__)
# getUpdates is fetched raw on purpose (PTB would parse, and lose, a batch as a whole).
warnings.filterwarnings("ignore", r".*getUpdates.*", PTBUserWarning)
# Handled update ids this process remembers, so a batch fetched again after a failure (or
# while the processed marks could not be written) never handles one twice.
REMEMBERED = 10_000
CONFLICT_PAUSE = 30.0


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


def is_outage(error: BaseException) -> bool:
    """A failure of something the update depends on, expected to pass (not a bug)."""
    if isinstance(error, DBAPIError):
        reason = str(error.orig).lower() if error.orig is not None else ""
        # A full disk, a read-only file or a missing table does not pass by waiting: treated
        # as a failure, so the member hears the apology and the owners get a report.
        if any(word in reason for word in ("full", "readonly", "read-only", "no such")):
            return False
        return (
            error.connection_invalidated
            or isinstance(error, OperationalError)
            or any(
                word in reason for word in ("locked", "connect", "closed", "timeout", "terminat")
            )
        )
    if isinstance(error, BadRequest | Forbidden | RetryAfter | InvalidToken):
        return False  # a refusal, not an outage (BadRequest is a NetworkError in PTB)
    return isinstance(error, PoolTimeout | NetworkError | ConnectionError | TimeoutError)


@dataclass
class Handled:
    mark: UpdateMark
    failed: BaseException | None = None
    gave_up: bool = False


class Poller:
    def __init__(
        self,
        app: ClubApplication,
        club: Club,
        sender: Sender,
        platform: Platform,
        *,
        timeout: int,
        guard: DatabaseGuard | None = None,
    ) -> None:
        self.app, self.club, self.sender, self.timeout = app, club, sender, timeout
        self.platform, self.guard = platform, guard
        self.offset: int | None = None
        self.attempts: dict[int, int] = defaultdict(int)
        self.remembered: OrderedDict[int, None] = OrderedDict()
        self.unrecorded: list[UpdateMark] = []

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
                raw = fetch.result()
            except RetryAfter as error:
                delay = error.retry_after
                seconds = delay.total_seconds() if hasattr(delay, "total_seconds") else delay
                await pause(stop, float(seconds))
                continue
            except InvalidToken:
                raise
            except Conflict:
                log.error(
                    "%s: another process is polling this bot's token; waiting %.0fs. Stop the "
                    "other process (or give each its own bot).",
                    self.platform.value,
                    CONFLICT_PAUSE,
                )
                await pause(stop, CONFLICT_PAUSE)
                continue
            except (TimedOut, NetworkError) as error:
                log.warning("getUpdates failed (%s); retrying in %.1fs", error, backoff.delay)
                await pause(stop, backoff.next())
                continue
            record_poll(self.platform.value)
            if not raw:
                await self._record()
                backoff.reset()
                continue
            try:
                retry = await self.handle(raw)
            except SQLAlchemyError as error:
                # The database is away before anything was handled: the same batch again.
                log.error(
                    "database error before handling updates (%s); retrying in %.1fs",
                    type(error).__name__,
                    backoff.delay,
                )
                await pause(stop, backoff.next())
                continue
            if retry:
                await pause(stop, backoff.next())
            else:
                backoff.reset()

    async def _fetch(self) -> list[Any]:
        raw = await self.app.bot.do_api_request(
            "getUpdates",
            api_kwargs={
                "offset": self.offset,
                "timeout": self.timeout,
                "allowed_updates": ALLOWED_UPDATES,
            },
            read_timeout=self.timeout + 10,
        )
        return raw if isinstance(raw, list) else []

    async def handle(self, raw: Sequence[Any]) -> bool:
        """Handles one batch; True when some update failed and will be fetched again."""
        self._check_database()
        parsed = parse_updates(list(raw), self.app.bot, self.platform)
        ids = [p.update_id for p in parsed if p.update_id is not None]
        seen = await already_processed(self.club.db, self.platform.value, self.app.bot.id, ids)
        seen |= {i for i in ids if i in self.remembered}
        chains: dict[int, list[Update]] = defaultdict(list)
        for item in parsed:
            if item.update_id is None:
                continue  # nothing to record; the offset moves past it with the batch
            if item.update_id in seen:
                log.info("update %s was already handled; skipped", item.update_id)
                continue
            if item.update is None:  # bot/incoming.py logged why, without personal data
                self._remember(self._mark(item.update_id))
                continue
            user = item.update.effective_user
            chains[user.id if user else 0].append(item.update)
        results = await asyncio.gather(*(self._chain(chain) for chain in chains.values()))
        waiting = [update_id for _, left in results for update_id in left]
        for handled in (h for done, _ in results for h in done):
            if handled.failed is None or handled.gave_up:
                self._remember(handled.mark)
        await self._record()
        self.offset = min(waiting) if waiting else next_offset(parsed, self.offset)
        return bool(waiting)

    def _check_database(self) -> None:
        if self.guard is not None:
            self.guard.check()

    def _mark(self, update_id: int) -> UpdateMark:
        return UpdateMark(self.platform.value, self.app.bot.id, update_id, self.club.now())

    def _remember(self, mark: UpdateMark) -> None:
        self.remembered[mark.update_id] = None
        while len(self.remembered) > REMEMBERED:
            self.remembered.popitem(last=False)
        self.attempts.pop(mark.update_id, None)
        if not mark.written:
            self.unrecorded.append(mark)

    async def _record(self) -> None:
        """Records handled updates that wrote nothing (one statement for many). If the
        database is away they are kept, remembered meanwhile, and recorded later."""
        if not self.unrecorded:
            return
        try:
            await mark_processed(self.club.db, self.unrecorded)
        except SQLAlchemyError as error:
            log.warning("could not record handled updates yet (%s)", type(error).__name__)
            return
        self.unrecorded.clear()

    async def _chain(self, chain: list[Update]) -> tuple[list[Handled], list[int]]:
        """One chat's updates in order: what was handled, and the ids still to come back
        for (after a failure the rest of the chat waits, to keep its order)."""
        done: list[Handled] = []
        for position, update in enumerate(chain):
            handled = await self._one(update)
            done.append(handled)
            if handled.failed is not None and not handled.gave_up:
                return done, [u.update_id for u in chain[position:]]
        return done, []

    async def _one(self, update: Update) -> Handled:
        mark = self._mark(update.update_id)
        scope = UpdateScope(self.club.db, mark)
        token = current_scope.set(scope)
        try:
            await self.app.process_update(update)
        except Exception as error:  # process_update hands errors to on_error; just in case
            scope.failed = error
        finally:
            current_scope.reset(token)
        if scope.failed is None:
            try:
                await scope.finish(self._write_outbox(scope))
            except Exception as error:
                scope.failed = error
        if scope.failed is None:
            self._check_database()  # the commit must have reached the file people rely on
            # A message with a dedup key already in the outbox was not written (its id is
            # None): it was said before, and must not go out again from memory.
            self.sender.submit(
                [m for m in scope.outgoing if m.dedup_key is None or m.id is not None]
            )
            self._answer(scope)
            return Handled(mark)
        await scope.abort()
        return self._failed(update, mark, scope.failed)

    def _write_outbox(self, scope: UpdateScope) -> Any:
        async def write(conn: Any) -> None:
            await outbox.address(conn, scope.outgoing, platforms=self.sender.bots)
            await outbox.write(
                conn,
                scope.outgoing,
                now=self.club.now(),
                claimed_by=self.sender.me,
                lease=self.sender.lease,
            )

        return write

    def _answer(self, scope: UpdateScope) -> None:
        for query, text in scope.answers:
            self.sender.answer(query, text)

    def _failed(self, update: Update, mark: UpdateMark, error: BaseException) -> Handled:
        if is_outage(error):
            log.warning(
                "update %s waits for %s (%s); it will be retried",
                update.update_id,
                "the database" if isinstance(error, SQLAlchemyError) else "the network",
                type(error).__name__,
            )
            return Handled(mark, failed=error)
        self.attempts[update.update_id] += 1
        attempt = self.attempts[update.update_id]
        log.error(
            "update %s failed (attempt %d of %d)",
            update.update_id,
            attempt,
            self.club.settings.update_max_attempts,
            exc_info=error,
        )
        if attempt < self.club.settings.update_max_attempts:
            return Handled(mark, failed=error)
        self._apologise(update, error)
        return Handled(mark, failed=error, gave_up=True)

    def _apologise(self, update: Update, error: BaseException) -> None:
        """The person hears the apology; owners a short report (never what was typed)."""
        texts = self.app.bot_data["texts"]
        messages = []
        chat = update.effective_chat
        if chat is not None:
            apology = text_message(texts("error-sorry"))
            apology.platform, apology.chat_id = self.platform.value, chat.id
            messages.append(apology)
        messages.extend(self.app.bot_data["reporter"].report(update, error, self.platform))
        self.sender.submit(messages)
