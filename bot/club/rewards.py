"""The rewards catalog: what a member may take for points, for whom, while it lasts.

A reward's `issued` counter is moved only by a conditional UPDATE in the redemption's own
transaction (bot/club/redemptions.py), which also serialises every redemption of one reward on
its row: exactly the stock is handed out, however many members confirm at once.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.club import audit
from bot.club.audience import includes
from bot.club.digits import parse_int, visible_text
from bot.storage.tables import rewards

KINDS = ("percent", "amount", "item")
ACTIVE, PAUSED, ARCHIVED = "active", "paused", "archived"
POOL_EMPTY = "pool-empty"
# What an admin may type (the columns' own bounds, and typos well before them).
MAX_TITLE = 64
MAX_DESCRIPTION = 500
MAX_COUNT = 2**31 - 1
MAX_TOMAN = 10**12
MAX_VALID_DAYS = 3650
# The fields an admin may change after saving; kind and pooled stay (codes already issued
# were issued as that kind, from that pool).
EDITABLE = (
    "title",
    "description",
    "value",
    "cost",
    "min_purchase",
    "stock",
    "per_member",
    "valid_days",
    "audience",
    "window",
)


@dataclass(frozen=True)
class Draft:
    """What an admin fills in; `value` is the percent (1..100) or the toman off."""

    title: str
    cost: int
    kind: str
    valid_days: int
    description: str = ""
    value: int = 0
    min_purchase: int = 0
    stock: int | None = None
    per_member: int | None = None
    tier: str | None = None
    segment_id: int | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    pooled: bool = False

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(self.kind)
        if self.kind == "percent" and not 1 <= self.value <= 100:
            raise ValueError(self.value)


@dataclass(frozen=True)
class Reward(Draft):
    id: int = 0
    issued: int = 0
    status: str = ACTIVE
    paused_reason: str | None = None

    @property
    def left(self) -> int | None:
        """How many can still be taken (None: unlimited)."""
        return None if self.stock is None else max(self.stock - self.issued, 0)

    def open_on(self, today: date) -> bool:
        return (self.starts_on is None or self.starts_on <= today) and (
            self.ends_on is None or today <= self.ends_on
        )


_DRAFT_FIELDS = tuple(Draft.__dataclass_fields__)


def from_row(row: Any) -> Reward:
    values = {name: getattr(row, name) for name in _DRAFT_FIELDS}
    return Reward(
        **values,
        id=row.id,
        issued=row.issued,
        status=row.status,
        paused_reason=row.paused_reason,
    )


async def get_in(conn: AsyncConnection, reward_id: int) -> Reward | None:
    row = (await conn.execute(sa.select(rewards).where(rewards.c.id == reward_id))).first()
    return from_row(row) if row is not None else None


async def create(
    conn: AsyncConnection, draft: Draft, *, actor: str, role: str | None, now: datetime
) -> int:
    """A new active reward and its audit row, in the caller's transaction."""
    reward_id = await conn.scalar(
        sa.insert(rewards)
        .values(**asdict(draft), status=ACTIVE, created_by=actor, created_at=now, updated_at=now)
        .returning(rewards.c.id)
    )
    assert reward_id is not None
    await _audit(
        conn, "reward_created", int(reward_id), actor, role, now, audit.draft_details(draft)
    )
    return int(reward_id)


async def set_status(
    conn: AsyncConnection,
    reward_id: int,
    status: str,
    *,
    actor: str,
    role: str | None,
    now: datetime,
    reason: str | None = None,
) -> bool:
    """Pause, resume or archive (audited); False when it already was so or is archived."""
    assert status in (ACTIVE, PAUSED, ARCHIVED)
    result = await conn.execute(
        sa.update(rewards)
        .where(
            rewards.c.id == reward_id,
            rewards.c.status != status,
            rewards.c.status != ARCHIVED,
        )
        .values(status=status, paused_reason=reason, updated_at=now)
    )
    if result.rowcount != 1:
        return False
    await _audit(
        conn, f"reward_{status}", reward_id, actor, role, now, {"reason": reason} if reason else {}
    )
    return True


async def _audit(
    conn: AsyncConnection,
    action: str,
    reward_id: int,
    actor: str,
    role: str | None,
    now: datetime,
    details: dict[str, Any],
) -> None:
    await audit.record(
        conn,
        actor=actor,
        role=role,
        action=action,
        target=f"reward:{reward_id}",
        details=details,
        at=now,
    )


async def available(
    conn: AsyncConnection,
    *,
    member_id: int,
    now: datetime,
    today: date,
    settings: Any,
) -> list[Reward]:
    """The active rewards in their window that this member's audience admits, cheapest
    first. Stock and the member's own limit are shown, not filtered: a member sees why."""
    rows = (
        await conn.execute(
            sa.select(rewards)
            .where(rewards.c.status == ACTIVE)
            .order_by(rewards.c.cost, rewards.c.id)
        )
    ).all()
    found = []
    for row in rows:
        reward = from_row(row)
        if not reward.open_on(today):
            continue
        if (reward.tier is not None or reward.segment_id is not None) and not await includes(
            conn,
            member_id=member_id,
            tier=reward.tier,
            segment_id=reward.segment_id,
            tiers=settings.tiers,
            now=now,
            timezone=settings.timezone,
        ):
            continue
        found.append(reward)
    return found


# Reading what an admin typed: the value, or None (the handler says why and asks again).


def read_title(text: str) -> str | None:
    title = visible_text(text)
    return title if 0 < len(title) <= MAX_TITLE else None


def read_description(text: str) -> str | None:
    description = text.strip()
    return description if 0 < len(visible_text(description)) <= MAX_DESCRIPTION else None


def read_value(kind: str, text: str) -> int | None:
    """A percent 1..100, or toman off above zero; a free item has no value."""
    number = parse_int(text)
    if number is None:
        return None
    if kind == "percent":
        return number if 1 <= number <= 100 else None
    return number if 0 < number <= MAX_TOMAN else None


def read_count(text: str, *, limit: int = MAX_COUNT) -> int | None:
    """A count above zero (points, stock, uses per member, days)."""
    number = parse_int(text)
    return number if number is not None and 0 < number <= limit else None


def read_toman(text: str) -> int | None:
    number = parse_int(text)
    return number if number is not None and 0 < number <= MAX_TOMAN else None


# The admin's catalog and changes


async def listed(conn: AsyncConnection) -> list[Reward]:
    """Every reward for the admins: active, then paused, then archived; newest first."""
    order = sa.case({ACTIVE: 0, PAUSED: 1}, value=rewards.c.status, else_=2)
    rows = await conn.execute(sa.select(rewards).order_by(order, rewards.c.id.desc()))
    return [from_row(row) for row in rows]


class RewardGone(Exception):
    """The reward is unknown or archived: nothing of it can change."""


class StockBelowIssued(Exception):
    """A stock smaller than the codes already handed out."""

    def __init__(self, issued: int) -> None:
        super().__init__(issued)
        self.issued = issued


async def update(
    conn: AsyncConnection,
    reward_id: int,
    field: str,
    values: dict[str, Any],
    *,
    actor: str,
    role: str | None,
    now: datetime,
) -> Reward:
    """One admin change (a field, or the pair of columns `audience` and `window` stand
    for) and its `reward_updated` audit row with the old and new values. The stock is
    checked against `issued` in the UPDATE itself, so a redemption at the same moment
    cannot slip under it. Raises RewardGone, StockBelowIssued."""
    assert field in EDITABLE and values
    before = await get_in(conn, reward_id)
    if before is None or before.status == ARCHIVED:
        raise RewardGone(reward_id)
    conditions = [rewards.c.id == reward_id, rewards.c.status != ARCHIVED]
    stock = values.get("stock")
    if stock is not None:
        conditions.append(rewards.c.issued <= stock)
    result = await conn.execute(
        sa.update(rewards).where(*conditions).values(**values, updated_at=now)
    )
    if result.rowcount != 1:
        current = await get_in(conn, reward_id)
        if current is None or current.status == ARCHIVED:
            raise RewardGone(reward_id)
        raise StockBelowIssued(current.issued)
    old = {name: _plain(getattr(before, name)) for name in values}
    new = {name: _plain(value) for name, value in values.items()}
    details = {"field": field, "old": old, "new": new}
    if len(values) == 1:
        details = {"field": field, "old": old[field], "new": new[field]}
    await _audit(conn, "reward_updated", reward_id, actor, role, now, details)
    after = await get_in(conn, reward_id)
    assert after is not None
    return after


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


async def resume_refilled(
    conn: AsyncConnection, reward_id: int, *, actor: str, role: str | None, now: datetime
) -> bool:
    """A reward that paused itself because its pool ran out is active again once codes
    arrive (audited as `reward_active`, reason pool-refilled); an admin's pause stays."""
    result = await conn.execute(
        sa.update(rewards)
        .where(
            rewards.c.id == reward_id,
            rewards.c.status == PAUSED,
            rewards.c.paused_reason == POOL_EMPTY,
        )
        .values(status=ACTIVE, paused_reason=None, updated_at=now)
    )
    if result.rowcount != 1:
        return False
    await _audit(conn, "reward_active", reward_id, actor, role, now, {"reason": "pool-refilled"})
    return True
