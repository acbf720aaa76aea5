"""The points ledger: append-only rows, a cached balance, one transaction, one key per row.

Every movement of points goes through `credit` or `debit` inside a write transaction the
caller opened, so the ledger row and the balance change commit or roll back together.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.storage.db import dialect_insert
from bot.storage.tables import ledger, members


class InsufficientPoints(Exception):
    """The balance does not cover the debit; nothing was written."""


@dataclass(frozen=True)
class Entry:
    id: int
    delta: int
    kind: str
    ref: str | None
    created_at: datetime


async def _append(
    conn: AsyncConnection,
    *,
    member_id: int,
    delta: int,
    kind: str,
    key: str,
    now: datetime,
    ref: str | None,
    qualifying: int,
    qualifying_at: datetime | None,
) -> bool:
    result = await conn.execute(
        dialect_insert(conn, ledger)
        .on_conflict_do_nothing(index_elements=["idempotency_key"])
        .values(
            member_id=member_id,
            delta=delta,
            qualifying=qualifying,
            kind=kind,
            ref=ref,
            idempotency_key=key,
            created_at=now,
            qualifying_at=qualifying_at,
        )
    )
    return result.rowcount == 1


async def credit(
    conn: AsyncConnection,
    *,
    member_id: int,
    points: int,
    kind: str,
    key: str,
    now: datetime,
    ref: str | None = None,
    qualifying: int = 0,
    qualifying_at: datetime | None = None,
) -> bool:
    """Adds points once per key; False when the key was already applied (nothing changes)."""
    if points < 0:
        raise ValueError("credit takes a non-negative amount; use debit")
    if not await _append(
        conn,
        member_id=member_id,
        delta=points,
        kind=kind,
        key=key,
        now=now,
        ref=ref,
        qualifying=qualifying,
        qualifying_at=qualifying_at,
    ):
        return False
    await conn.execute(
        sa.update(members)
        .where(members.c.id == member_id)
        .values(balance=members.c.balance + points)
    )
    return True


async def debit(
    conn: AsyncConnection,
    *,
    member_id: int,
    points: int,
    kind: str,
    key: str,
    now: datetime,
    ref: str | None = None,
    qualifying: int = 0,
    qualifying_at: datetime | None = None,
) -> bool:
    """Takes points once per key; False when already applied; InsufficientPoints if short.

    The balance check and the subtraction are one conditional UPDATE, so concurrent debits
    can never overdraw: the loser sees zero rows and raises, rolling back its ledger row.
    """
    if points <= 0:
        raise ValueError("debit takes a positive amount")
    if not await _append(
        conn,
        member_id=member_id,
        delta=-points,
        kind=kind,
        key=key,
        now=now,
        ref=ref,
        qualifying=qualifying,
        qualifying_at=qualifying_at,
    ):
        return False
    result = await conn.execute(
        sa.update(members)
        .where(members.c.id == member_id, members.c.balance >= points)
        .values(balance=members.c.balance - points)
    )
    if result.rowcount != 1:
        raise InsufficientPoints
    return True


@dataclass(frozen=True)
class Debit:
    member_id: int
    points: int
    key: str
    ref: str | None = None


async def debit_many(
    conn: AsyncConnection, debits: Sequence[Debit], *, kind: str, now: datetime
) -> set[int]:
    """A job's batch of debits of one kind, one per member, in two statements; the members
    whose row was new (a key already applied is skipped, as `debit` does).

    InsufficientPoints when any balance does not cover its debit: the caller's transaction
    rolls back, so a batch is applied whole or not at all (the CHECK on the balance is the
    last guard)."""
    if not debits:
        return set()
    if any(d.points <= 0 for d in debits):
        raise ValueError("debit takes a positive amount")
    if len({d.member_id for d in debits}) != len(debits):
        raise ValueError("one debit per member in a batch")
    made = await conn.execute(
        dialect_insert(conn, ledger)
        .on_conflict_do_nothing(index_elements=["idempotency_key"])
        .values(
            [
                {
                    "member_id": d.member_id,
                    "delta": -d.points,
                    "qualifying": 0,
                    "kind": kind,
                    "ref": d.ref,
                    "idempotency_key": d.key,
                    "created_at": now,
                    "qualifying_at": None,
                }
                for d in debits
            ]
        )
        .returning(ledger.c.member_id, ledger.c.delta)
    )
    taken = {int(member_id): -int(delta) for member_id, delta in made}
    if not taken:
        return set()
    amount = sa.case(taken, value=members.c.id)
    result = await conn.execute(
        sa.update(members)
        .where(members.c.id.in_(list(taken)), members.c.balance >= amount)
        .values(balance=members.c.balance - amount)
    )
    if result.rowcount != len(taken):
        raise InsufficientPoints
    return set(taken)


async def balance(conn: AsyncConnection, *, member_id: int) -> int:
    value = await conn.scalar(sa.select(members.c.balance).where(members.c.id == member_id))
    return int(value or 0)


def counted_at() -> sa.ColumnElement[datetime]:
    """When a row's points count (tier windows, expiry terms): a take-back counts at the time
    of the credit it takes back (`qualifying_at`), any other row when it was made."""
    return sa.func.coalesce(ledger.c.qualifying_at, ledger.c.created_at)


def _qualifying_sum(member_id: int, since: datetime) -> sa.ScalarSelect[int]:
    return (
        sa.select(sa.func.coalesce(sa.func.sum(ledger.c.qualifying), 0))
        .where(
            ledger.c.member_id == member_id,
            counted_at() >= since,
        )
        .scalar_subquery()
    )


async def qualifying_points(conn: AsyncConnection, *, member_id: int, since: datetime) -> int:
    """Tier points in the rolling window; a reversal counts at its purchase's time."""
    value = await conn.scalar(sa.select(_qualifying_sum(member_id, since)))
    return int(value or 0)


async def balance_and_qualifying(
    conn: AsyncConnection, *, member_id: int, since: datetime
) -> tuple[int, int]:
    """Both in one round trip (the points screen shows them together)."""
    row = (
        await conn.execute(
            sa.select(members.c.balance, _qualifying_sum(member_id, since)).where(
                members.c.id == member_id
            )
        )
    ).one()
    return int(row[0]), int(row[1] or 0)


async def history(
    conn: AsyncConnection, *, member_id: int, limit: int, before_id: int | None = None
) -> list[Entry]:
    """Newest first; `before_id` pages back (by id, so new entries never shift a page)."""
    query = (
        sa.select(ledger.c.id, ledger.c.delta, ledger.c.kind, ledger.c.ref, ledger.c.created_at)
        .where(ledger.c.member_id == member_id)
        .order_by(ledger.c.id.desc())
        .limit(limit)
    )
    if before_id is not None:
        query = query.where(ledger.c.id < before_id)
    rows = await conn.execute(query)
    return [Entry(r.id, r.delta, r.kind, r.ref, r.created_at) for r in rows]
