"""Actions waiting for a button press; each can be completed exactly once."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from bot.club.clock import system_clock
from bot.storage.db import Database
from bot.storage.tables import pending_actions


@dataclass(frozen=True)
class Pending:
    token: str
    kind: str
    data: dict[str, Any]
    done: bool


class PendingActions:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def create(self, kind: str, data: dict[str, Any]) -> str:
        token = secrets.token_urlsafe(12)
        async with self.db.write() as conn:
            await conn.execute(
                sa.insert(pending_actions).values(
                    token=token, kind=kind, data=data, created_at=system_clock()
                )
            )
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
        return Pending(row.token, row.kind, dict(row.data), row.done_at is not None)

    async def complete(self, token: str) -> bool:
        """Marks it done; only the first caller gets True (a double tap does nothing)."""
        async with self.db.write() as conn:
            result = await conn.execute(
                sa.update(pending_actions)
                .where(pending_actions.c.token == token, pending_actions.c.done_at.is_(None))
                .values(done_at=system_clock())
            )
        return result.rowcount == 1
