"""The audit trail: one row for every change to a member that staff may later need explained.

Invariant: the row is written in the transaction of the change it explains, so there is never
a change without its reason, nor a reason for a change that was rolled back.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.storage.tables import audit

__all__ = ["SYSTEM", "audit", "member_target", "record"]

# The actor of what the club decided by itself (no person pressed a button for it).
SYSTEM = "system"


async def record(
    conn: AsyncConnection,
    *,
    actor: str,
    action: str,
    target: str | None,
    details: dict[str, Any],
    at: datetime,
    role: str | None = None,
) -> None:
    """Appends one audit row inside the caller's transaction."""
    await conn.execute(
        sa.insert(audit).values(
            at=at, actor=actor, role=role, action=action, target=target, details=details
        )
    )


def member_target(member_id: int) -> str:
    return f"member:{member_id}"


def draft_details(draft: Any) -> dict[str, Any]:
    """A builder's draft (a dataclass) as an audit row's details: dates as ISO text."""
    return {
        key: value.isoformat() if isinstance(value, date) else value
        for key, value in asdict(draft).items()
    }
