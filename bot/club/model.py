"""Domain objects the club services return (plain data, no storage or messenger types)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any


class MemberNotFound(LookupError):
    """No live member matches."""


@dataclass(frozen=True)
class Member:
    id: int
    code: str
    name: str
    phone: str | None
    birth_date: date | None
    birth_date_changes: int
    rejoined: bool
    balance: int
    tier: str
    referrer_id: int | None
    last_platform: str | None
    joined_at: datetime
    # The day's first update sets it (bot/handlers/preload.py); None: not seen since.
    last_active_at: datetime | None = None

    @classmethod
    def from_row(cls, row: Any) -> Member:
        return cls(
            id=row.id,
            code=row.code,
            name=row.name,
            phone=row.phone,
            birth_date=row.birth_date,
            birth_date_changes=row.birth_date_changes,
            rejoined=bool(row.rejoined),
            balance=row.balance,
            tier=row.tier,
            referrer_id=row.referrer_id,
            last_platform=row.last_platform,
            joined_at=row.joined_at,
            last_active_at=row.last_active_at,
        )


@dataclass(frozen=True)
class Identity:
    platform: str
    platform_user_id: int
    member_id: int
    chat_id: int
    blocked: bool

    @classmethod
    def from_row(cls, row: Any) -> Identity:
        return cls(
            platform=row.platform,
            platform_user_id=row.platform_user_id,
            member_id=row.member_id,
            chat_id=row.chat_id,
            blocked=row.blocked_at is not None,
        )
