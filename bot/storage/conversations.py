"""Write-through conversation state: one row per user, saved with every step."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.club.clock import Clock
from bot.storage.db import Database, dialect_insert
from bot.storage.tables import conversations


@dataclass
class Conversation:
    flow: str
    step: str
    data: dict[str, Any] = field(default_factory=dict)


class Conversations:
    def __init__(self, db: Database, clock: Clock) -> None:
        self.db, self.clock = db, clock

    async def get(
        self, platform: str, user_id: int, conn: AsyncConnection | None = None
    ) -> Conversation | None:
        query = sa.select(conversations.c.flow, conversations.c.step, conversations.c.data).where(
            conversations.c.platform == platform, conversations.c.platform_user_id == user_id
        )
        async with self.db.read(within=conn) as reading:
            row = (await reading.execute(query)).first()
        return Conversation(row.flow, row.step, dict(row.data)) if row else None

    async def save(self, platform: str, user_id: int, state: Conversation) -> None:
        async with self.db.write() as conn:
            await self.save_in(conn, platform, user_id, state)

    async def save_in(
        self, conn: AsyncConnection, platform: str, user_id: int, state: Conversation
    ) -> None:
        values = {
            "flow": state.flow,
            "step": state.step,
            "data": state.data,
            "updated_at": self.clock(),
        }
        stmt = dialect_insert(conn, conversations).values(
            platform=platform, platform_user_id=user_id, **values
        )
        await conn.execute(
            stmt.on_conflict_do_update(index_elements=["platform", "platform_user_id"], set_=values)
        )

    async def clear(self, platform: str, user_id: int) -> None:
        async with self.db.write() as conn:
            await self.clear_in(conn, platform, user_id)

    @staticmethod
    async def clear_in(conn: AsyncConnection, platform: str, user_id: int) -> None:
        await conn.execute(
            sa.delete(conversations).where(
                conversations.c.platform == platform,
                conversations.c.platform_user_id == user_id,
            )
        )

    async def prune(self, *, before: datetime) -> int:
        """Conversations untouched since `before` (abandoned drafts with personal data)."""
        async with self.db.write() as conn:
            result = await conn.execute(
                sa.delete(conversations).where(conversations.c.updated_at < before)
            )
            return int(result.rowcount or 0)
