"""What is kept of erased people: salted hashes of their phone and chats, nothing readable.

They stop a person from collecting the joining gifts again by deleting the account (or by
being detached from one) and joining anew, whether with the same phone or the same chat.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.storage.db import dialect_insert
from bot.storage.tables import erasures

if TYPE_CHECKING:
    from bot.club.club import Club

Chat = tuple[str, int]


class Erasures:
    def __init__(self, club: Club) -> None:
        self.club = club

    def _hashes(self, phone: str | None, chats: Iterable[Chat]) -> list[str]:
        salt = self.club.settings.erased_phone_salt.get_secret_value().encode()
        values = [f"phone:{phone}"] if phone else []
        values += [f"chat:{platform}:{user_id}" for platform, user_id in chats]
        return [hmac.new(salt, v.encode(), hashlib.sha256).hexdigest() for v in values]

    async def remember(
        self, conn: AsyncConnection, *, phone: str | None, chats: Iterable[Chat], now: datetime
    ) -> None:
        rows = [{"hash": h, "erased_at": now} for h in self._hashes(phone, chats)]
        if rows:
            await conn.execute(dialect_insert(conn, erasures).on_conflict_do_nothing(), rows)

    async def seen(self, conn: AsyncConnection, *, phone: str, chat: Chat) -> bool:
        """Whether this phone or this chat belonged to an erased or detached account."""
        found = await conn.scalar(
            sa.select(sa.func.count()).where(erasures.c.hash.in_(self._hashes(phone, [chat])))
        )
        return bool(found)
