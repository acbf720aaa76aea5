"""What the sender needs for promotional rows: a broadcast's row turned into the message a
member sees, the photo uploaded once per messenger, quiet hours, and which errors prove a
message was not sent.

A broadcast's outbox row carries only the broadcast's id. Just before it is sent, it becomes
the broadcast's text (or photo and caption) with its buttons; a paused broadcast's row goes
back to wait, a cancelled one's is skipped, and a member who opted out or was erased since
the confirmation gets nothing.
"""

from __future__ import annotations

import asyncio
import base64
import time
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import httpx
from telegram import Bot
from telegram import Message as SentMessage
from telegram.error import RetryAfter

from bot.club.broadcasts import CANCELLED, SENDING, Broadcast
from bot.setting_values import in_quiet_hours, parse_quiet_hours
from bot.storage import outbox
from bot.storage.outbox import Message

if TYPE_CHECKING:
    from bot.club.club import Club

# How long a broadcast's state is trusted from memory (a pause takes effect within this).
FRESH_SECONDS = 1.0
# httpx errors raised before a request left this machine: the message was certainly not sent.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


def provably_unsent(error: BaseException) -> bool:
    """A 429, a refused connection or a full pool: nothing reached the messenger. After a
    read timeout or a 5xx the message may have been delivered, so it is not."""
    if isinstance(error, RetryAfter):
        return True
    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, _NOT_SENT):
            return True
        cause = cause.__cause__
    return False


@dataclass
class Ready:
    """A promotional row made concrete, and whether its photo is a first upload."""

    message: Message
    upload: bool = False


class Promotions:
    def __init__(self, club: Club, bots: dict[str, Bot]) -> None:
        self.club = club
        self.bots = bots  # the sender's, by messenger
        self._quiet = parse_quiet_hours(club.settings.quiet_hours)
        self._tz = ZoneInfo(club.settings.timezone)
        self._cache: dict[int, tuple[float, Broadcast | None]] = {}
        self._photos: dict[int, bytes] = {}
        self._locks: dict[tuple[int, str], asyncio.Lock] = {}

    def quiet(self, now: datetime | None = None) -> bool:
        local = (now or self.club.now()).astimezone(self._tz).time()
        return in_quiet_hours(local, self._quiet)

    async def broadcast(self, broadcast_id: int) -> Broadcast | None:
        cached = self._cache.get(broadcast_id)
        if cached is not None and time.monotonic() - cached[0] < FRESH_SECONDS:
            return cached[1]
        found = await self.club.broadcasts.get(broadcast_id)
        self._cache[broadcast_id] = (time.monotonic(), found)
        return found

    async def prepare(self, message: Message, platform: str) -> Ready | str:
        """The message to send, or why not: `outbox.SKIPPED` (cancelled, opted out) or
        `outbox.PENDING` (paused, quiet hours: back to wait)."""
        assert message.broadcast_id is not None and message.member_id is not None
        found = await self.broadcast(message.broadcast_id)
        if found is None or found.status == CANCELLED:
            return outbox.SKIPPED
        if found.status != SENDING or self.quiet():
            return outbox.PENDING
        if not await self.club.broadcasts.wanted(message.member_id):
            return outbox.SKIPPED
        markup = found.markup
        if found.photo is None:
            payload: dict[str, Any] = {"text": found.text, "markup": markup}
            return Ready(replace(message, method="send", payload=payload))
        file_id = found.photo.get(platform)
        if file_id is not None:
            payload = {"file_id": file_id, "caption": found.text, "markup": markup}
            return Ready(replace(message, method="photo", payload=payload))
        data = await self._photo_bytes(found)
        payload = {"file": base64.b64encode(data).decode(), "caption": found.text, "markup": markup}
        return Ready(replace(message, method="photo", payload=payload), upload=True)

    def upload_lock(self, broadcast_id: int, platform: str) -> asyncio.Lock:
        """One upload of a broadcast's photo per messenger: the others wait for its file_id."""
        return self._locks.setdefault((broadcast_id, platform), asyncio.Lock())

    async def _photo_bytes(self, found: Broadcast) -> bytes:
        """The photo from the composer's messenger (its file_id means nothing elsewhere)."""
        if found.id not in self._photos:
            assert found.photo is not None
            source = found.photo["source"]
            bot = self.bots.get(source)
            if bot is None:
                raise LookupError(f"the photo's messenger ({source}) is not running")
            file = await bot.get_file(found.photo[source])
            self._photos[found.id] = bytes(await file.download_as_bytearray())
        return self._photos[found.id]

    async def uploaded(self, broadcast_id: int, platform: str, sent: SentMessage | None) -> None:
        """Keeps the file_id of a first upload, for every later recipient on that messenger."""
        if sent is None or not sent.photo:
            return
        file_id = sent.photo[-1].file_id
        await self.club.broadcasts.remember_photo(broadcast_id, platform, file_id)
        self._cache.pop(broadcast_id, None)
