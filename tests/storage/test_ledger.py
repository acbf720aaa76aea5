"""The ledger on SQLite and PostgreSQL: no lost or doubled points, even under concurrency."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from bot.club import ledger
from bot.club.ledger import InsufficientPoints
from bot.storage.db import Database
from bot.storage.tables import members

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


async def new_member(db: Database, phone: str = "+989120000001") -> int:
    async with db.write() as conn:
        result = await conn.execute(
            sa.insert(members)
            .values(name="Test", phone=phone, code=phone[-8:], joined_at=NOW)
            .returning(members.c.id)
        )
        return int(result.scalar_one())


async def test_a_credit_with_the_same_key_applies_once(any_db: Database) -> None:
    member_id = await new_member(any_db)
    for _ in range(3):
        async with any_db.write() as conn:
            await ledger.credit(
                conn,
                member_id=member_id,
                points=50,
                kind="signup",
                key=f"signup:{member_id}",
                now=NOW,
            )
    async with any_db.read() as conn:
        assert await ledger.balance(conn, member_id=member_id) == 50
        rows = await conn.scalar(sa.text("SELECT count(*) FROM ledger"))
    assert rows == 1


async def test_an_insufficient_debit_writes_nothing(any_db: Database) -> None:
    member_id = await new_member(any_db)
    async with any_db.write() as conn:
        await ledger.credit(conn, member_id=member_id, points=30, kind="signup", key="s", now=NOW)
    with pytest.raises(InsufficientPoints):
        async with any_db.write() as conn:
            await ledger.debit(
                conn, member_id=member_id, points=31, kind="redeem", key="r", now=NOW
            )
    async with any_db.read() as conn:
        assert await ledger.balance(conn, member_id=member_id) == 30
        assert await conn.scalar(sa.text("SELECT count(*) FROM ledger")) == 1


async def test_fifty_concurrent_debits_against_a_balance_for_ten_apply_exactly_ten(
    any_db: Database,
) -> None:
    member_id = await new_member(any_db)
    async with any_db.write() as conn:
        await ledger.credit(conn, member_id=member_id, points=100, kind="signup", key="s", now=NOW)
    start = asyncio.Event()

    async def redeem(n: int) -> str:
        await start.wait()
        try:
            async with any_db.write() as conn:
                await ledger.debit(
                    conn, member_id=member_id, points=10, kind="redeem", key=f"redeem:{n}", now=NOW
                )
        except InsufficientPoints:
            return "insufficient"
        return "applied"

    tasks = [asyncio.create_task(redeem(n)) for n in range(50)]
    start.set()
    outcomes = await asyncio.gather(*tasks)  # any other error fails the test here
    assert outcomes.count("applied") == 10
    assert outcomes.count("insufficient") == 40
    async with any_db.read() as conn:
        assert await ledger.balance(conn, member_id=member_id) == 0
        debits = await conn.scalar(sa.text("SELECT count(*) FROM ledger WHERE delta < 0"))
        total = await conn.scalar(sa.text("SELECT sum(delta) FROM ledger"))
    assert debits == 10
    assert total == 0


async def test_the_balance_can_never_be_written_negative(any_db: Database) -> None:
    member_id = await new_member(any_db)
    with pytest.raises(sa.exc.IntegrityError):
        async with any_db.write() as conn:
            await conn.execute(
                sa.update(members).where(members.c.id == member_id).values(balance=-1)
            )
