"""Actions waiting for a button press; each can be completed exactly once."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.club.clock import Clock
from bot.storage.db import Database
from bot.storage.tables import pending_actions


@dataclass(frozen=True)
class Pending:
    token: str
    kind: str
    member_id: int | None
    data: dict[str, Any]
    done: bool


class PendingActions:
    def __init__(self, db: Database, clock: Clock) -> None:
        self.db, self.clock = db, clock

    async def create(
        self,
        kind: str,
        data: dict[str, Any],
        *,
        member_id: int | None,
        conn: AsyncConnection | None = None,
    ) -> str:
        token = secrets.token_urlsafe(12)
        insert = sa.insert(pending_actions).values(
            token=token, kind=kind, member_id=member_id, data=data, created_at=self.clock()
        )
        if conn is not None:
            await conn.execute(insert)
        else:
            async with self.db.write() as own:
                await own.execute(insert)
        return token

    async def get(self, token: str, kind: str) -> Pending | None:
        async with self.db.read() as conn:
            row = (
                await conn.execute(
                    sa.select(pending_actions).where(
                        pending_actions.c.token == token, pending_actions.c.kind == kind
                    )
                )
            ).first()
        if row is None:
            return None
        return Pending(row.token, row.kind, row.member_id, dict(row.data), row.done_at is not None)

    async def complete_in(self, conn: AsyncConnection, token: str) -> bool:
        """Marks it done inside the caller's transaction; only the first caller gets True,
        so a double tap, or a tap racing another, does the action once."""
        result = await conn.execute(
            sa.update(pending_actions)
            .where(pending_actions.c.token == token, pending_actions.c.done_at.is_(None))
            .values(done_at=self.clock())
        )
        return result.rowcount == 1

    async def complete(self, token: str) -> bool:
        async with self.db.write() as conn:
            return await self.complete_in(conn, token)

    async def prune(self, before: datetime) -> int:
        """Old actions go: a week-old quote or link request is stale, and holds personal data."""
        async with self.db.write() as conn:
            result = await conn.execute(
                sa.delete(pending_actions).where(pending_actions.c.created_at < before)
            )
        return int(result.rowcount or 0)
