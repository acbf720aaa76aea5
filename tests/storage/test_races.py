"""Races the messengers can produce: two taps, two chats of one member at once."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime

import sqlalchemy as sa

from bot.club.club import Club
from bot.storage.db import Database
from bot.storage.tables import members
from tests.conftest import make_settings


async def a_member(club: Club, birth: date | None = None) -> int:
    async with club.db.write() as conn:
        return int(
            (
                await conn.execute(
                    sa.insert(members)
                    .values(
                        name="T",
                        phone="+989120000001",
                        code="10000001",
                        joined_at=datetime.now(UTC),
                        birth_date=birth,
                    )
                    .returning(members.c.id)
                )
            ).scalar_one()
        )


async def test_one_quote_confirmed_twice_at_once_records_one_purchase(any_db: Database) -> None:
    club = Club(any_db, make_settings())
    member_id = await a_member(club)
    token = await club.pending.create("purchase", {}, member_id=member_id)
    results = await asyncio.gather(
        *(
            club.purchases.record(
                member_id=member_id,
                amount=100_000,
                source="receipt",
                receipt_id=f"R-{n}",
                staff="telegram:1",
                quote_token=token,
            )
            for n in range(2)
        )
    )
    assert sorted(r.quote_used for r in results) == [False, True]
    async with any_db.read() as conn:
        assert await conn.scalar(sa.text("SELECT count(*) FROM purchases")) == 1
        assert await conn.scalar(sa.text("SELECT balance FROM members")) == 10


async def test_two_chats_changing_the_birth_date_at_once_get_one_change(any_db: Database) -> None:
    club = Club(any_db, make_settings(birth_date_changes=1))
    member_id = await a_member(club, birth=date(1990, 1, 1))
    results = await asyncio.gather(
        club.profiles.set_birth_date(
            member_id=member_id, birth_date=date(1991, 2, 2), chat=("telegram", 1)
        ),
        club.profiles.set_birth_date(
            member_id=member_id, birth_date=date(1992, 3, 3), chat=("bale", 2)
        ),
    )
    assert sorted(r is None for r in results) == [False, True]  # one changed, one refused
    async with any_db.read() as conn:
        assert await conn.scalar(sa.text("SELECT birth_date_changes FROM members")) == 1


async def test_two_voids_of_one_receipt_at_once_reverse_it_once(any_db: Database) -> None:
    from bot.club.purchases import PurchaseRefused

    club = Club(any_db, make_settings())
    member_id = await a_member(club)
    await club.purchases.record(
        member_id=member_id, amount=500_000, source="receipt", receipt_id="R-1", staff="telegram:1"
    )

    async def void() -> str:
        try:
            await club.purchases.void(receipt_id="R-1")
        except PurchaseRefused as refused:
            return refused.key
        return "voided"

    assert sorted(await asyncio.gather(void(), void())) == ["void-error-already", "voided"]
    async with any_db.read() as conn:
        assert (
            await conn.scalar(sa.text("SELECT count(*) FROM ledger WHERE kind = 'reversal'")) == 1
        )


async def test_two_voids_of_one_purchase_number_at_once_reverse_it_once(any_db: Database) -> None:
    from bot.club.purchases import PurchaseRefused

    club = Club(any_db, make_settings())
    member_id = await a_member(club)
    receipt = club.purchases.message_receipt(bot_id=1, chat_id=2, message_id=3)
    recorded = await club.purchases.record(
        member_id=member_id, amount=500_000, source="msg", receipt_id=receipt, staff="telegram:2"
    )
    assert recorded.number is not None

    async def void() -> str:
        try:
            await club.purchases.void(number=recorded.number)
        except PurchaseRefused as refused:
            return refused.key
        return "voided"

    assert sorted(await asyncio.gather(void(), void())) == ["void-error-already", "voided"]
    views = await club.purchases.find(number=recorded.number)
    assert [(v.voided, v.reclaimed) for v in views] == [(True, 50)]
    async with any_db.read() as conn:
        assert await conn.scalar(sa.text("SELECT balance FROM members")) == 0
