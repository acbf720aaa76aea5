"""Runs first for every update: private chats only, flood control, member and state loaded."""

from __future__ import annotations

import time
from collections import deque

import sqlalchemy as sa
from telegram import Chat, Update
from telegram.ext import ApplicationHandlerStop

from bot.club.clock import local_midnight
from bot.context import ClubContext
from bot.storage.tables import members

PRUNE_ABOVE = 10_000


class FloodGate:
    """Per-user sliding window: past the limit, one polite notice, then silence for a while."""

    def __init__(self, limit: int, window: float, mute: float) -> None:
        self.limit, self.window, self.mute = limit, window, mute
        self._seen: dict[tuple[str, int], deque[float]] = {}
        self._muted_until: dict[tuple[str, int], float] = {}

    def check(self, key: tuple[str, int], now: float | None = None) -> str:
        """'ok', 'notice' (tell them once) or 'drop'."""
        now = time.monotonic() if now is None else now
        if self._muted_until.get(key, 0.0) > now:
            return "drop"
        seen = self._seen.setdefault(key, deque())
        while seen and seen[0] <= now - self.window:
            seen.popleft()
        seen.append(now)
        if len(seen) > self.limit:
            self._muted_until[key] = now + self.mute
            seen.clear()
            return "notice"
        if len(self._seen) > PRUNE_ABOVE:
            self._prune(now)
        return "ok"

    def _prune(self, now: float) -> None:
        """Forgets quiet users, so memory stays bounded; a muted user stays muted."""
        for key in [k for k, v in self._seen.items() if not v or v[-1] <= now - self.window]:
            if self._muted_until.get(key, 0.0) <= now:
                self._seen.pop(key, None)
                self._muted_until.pop(key, None)


async def preload(update: Update, context: ClubContext) -> None:
    """Group -1: filters and loads; raising ApplicationHandlerStop ends the update here."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None or chat.type != Chat.PRIVATE or user.is_bot:
        raise ApplicationHandlerStop
    platform = context.platform
    if update.my_chat_member is None and not context.is_owner:
        gate: FloodGate = context.bot_data["flood"]
        verdict = gate.check((platform.value, user.id))
        if verdict == "drop":
            raise ApplicationHandlerStop
        if verdict == "notice":
            if update.effective_message is not None:
                context.reply(context.texts("flood-slow-down"))
            raise ApplicationHandlerStop
    club = context.club
    found, context.conversation = await club.members.actor(platform.value, user.id)
    if found is not None:
        context.identity, context.member = found
        if update.my_chat_member is None:
            if context.member.last_platform != platform.value:
                await club.members.touch(context.member, platform.value)
            await _seen_today(context)
            if context.identity.blocked:
                # They wrote to us, so they can hear us again: a 403 once (a block lifted
                # since, with no my_chat_member update as on Bale) must not silence them.
                await club.members.set_blocked(platform.value, user.id, False)


async def _seen_today(context: ClubContext) -> None:
    """Keeps members.last_active_at to the day (segments: "active within N days"): written
    by a member's first update of the club's day only, in that update's transaction."""
    member, club = context.member, context.club
    assert member is not None
    day_start = local_midnight(club.today(), club.settings.timezone)
    if member.last_active_at is not None and member.last_active_at >= day_start:
        return
    async with club.db.write() as conn:
        # Conditional: another process may have written it since this update read the row.
        await conn.execute(
            sa.update(members)
            .where(
                members.c.id == member.id,
                sa.or_(members.c.last_active_at.is_(None), members.c.last_active_at < day_start),
            )
            .values(last_active_at=club.now())
        )
