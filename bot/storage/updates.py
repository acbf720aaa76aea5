"""processed_updates: an update handled once is never applied again, even if redelivered."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import sqlalchemy as sa

from bot.storage.db import Database, UpdateMark, dialect_insert
from bot.storage.tables import processed_updates


async def already_processed(
    db: Database, platform: str, bot_id: int, update_ids: Iterable[int]
) -> set[int]:
    ids = list(update_ids)
    if not ids:
        return set()
    async with db.read() as conn:
        rows = await conn.execute(
            sa.select(processed_updates.c.update_id).where(
                processed_updates.c.platform == platform,
                processed_updates.c.bot_id == bot_id,
                processed_updates.c.update_id.in_(ids),
            )
        )
        return {int(r[0]) for r in rows}


async def mark_processed(db: Database, marks: Iterable[UpdateMark]) -> None:
    """Records handled updates whose handlers wrote nothing (one statement for a batch)."""
    rows = [
        {"platform": m.platform, "bot_id": m.bot_id, "update_id": m.update_id, "at": m.at}
        for m in marks
    ]
    if not rows:
        return
    async with db.write() as conn:
        await conn.execute(dialect_insert(conn, processed_updates).on_conflict_do_nothing(), rows)


async def prune_processed(db: Database, before: datetime) -> int:
    async with db.write() as conn:
        result = await conn.execute(
            sa.delete(processed_updates).where(processed_updates.c.at < before)
        )
        return int(result.rowcount or 0)
