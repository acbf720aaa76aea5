"""Members for broadcast tests and benchmarks, written straight to the database (a signup each
would take minutes at these numbers), each with a chat the emulator knows."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.storage.tables import identities, members


async def add_members(
    conn: AsyncConnection,
    chat_ids: Sequence[int],
    *,
    now: datetime,
    platform: str = "telegram",
    first_id: int | None = None,
    phone_prefix: str = "+98935",
) -> list[int]:
    """One member per chat id (verified phone `<prefix><id:07d>`, joined now, last seen on
    `platform`); returns their member ids."""
    if first_id is None:
        first_id = 1 + int(
            await conn.scalar(sa.select(sa.func.coalesce(sa.func.max(members.c.id), 0))) or 0
        )
    ids = [first_id + i for i in range(len(chat_ids))]
    rows: list[dict[str, Any]] = [
        {
            "id": member_id,
            "code": f"T{member_id:07d}",
            "name": f"عضو {member_id}",
            "phone": f"{phone_prefix}{member_id:07d}",
            "phone_verified": True,
            "joined_at": now,
            "consent_at": now,
            "last_active_at": now,
            "last_platform": platform,
        }
        for member_id in ids
    ]
    await conn.execute(sa.insert(members), rows)
    await conn.execute(
        sa.insert(identities),
        [
            {
                "platform": platform,
                "platform_user_id": chat_id,
                "member_id": member_id,
                "chat_id": chat_id,
                "created_at": now,
            }
            for member_id, chat_id in zip(ids, chat_ids, strict=True)
        ],
    )
    return ids
