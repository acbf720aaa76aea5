"""Campaign codes on SQLite and PostgreSQL: the code text an admin may choose, every reason a
code does not apply, and its total and per-member uses held under concurrent purchases."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from bot.club import discount_codes, promo_codes
from bot.club.promo_codes import CodeTextError, PromoCode, PromoDraft, PromoRefused
from bot.settings import Settings
from bot.storage.db import Database
from bot.storage.tables import audit, members, promo_code_uses
from bot.storage.tables import promo_codes as table

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
TODAY = date(2026, 11, 23)
SETTINGS = Settings(_env_file=None)


def test_a_code_text_is_normalised_and_checked() -> None:
    assert promo_codes.validate_code(" nowruz-۱۴۰۵ ") == "NOWRUZ1405"
    cases = [("AB", "length"), ("A" * 33, "length"), ("NOWRUZ!", "chars"), ("یلدا۱۴۰۵", "chars")]
    for text, why in cases:
        with pytest.raises(CodeTextError) as error:
            promo_codes.validate_code(text)
        assert error.value.key == f"promo-error-code-{why}"


def test_a_text_that_reads_as_a_single_use_code_is_refused() -> None:
    code = discount_codes.new_code()
    with pytest.raises(CodeTextError) as error:
        promo_codes.validate_code(discount_codes.shown(code).lower())
    assert error.value.key == "promo-error-code-single-use"


async def a_member(db: Database, member_id: int, tier: str = "bronze") -> int:
    async with db.write() as conn:
        await conn.execute(
            sa.insert(members).values(
                id=member_id,
                name=f"M{member_id}",
                phone=f"+98912{member_id:07d}",
                code=f"{member_id:08d}",
                joined_at=NOW,
                tier=tier,
            )
        )
    return member_id


async def a_code(db: Database, **values: Any) -> PromoCode:
    start: dict[str, Any] = {"code": "NOWRUZ1405", "kind": "percent", "value": 10}
    draft = PromoDraft(**(start | values))
    async with db.write() as conn:
        promo_id = await promo_codes.create(conn, draft, actor="telegram:1", role="owner", now=NOW)
        assert promo_id is not None
        found = await promo_codes.get_in(conn, promo_id)
    assert found is not None
    return found


async def refusal(db: Database, promo: PromoCode, member_id: int, **kw: Any) -> str | None:
    async with db.read() as conn:
        fresh = await promo_codes.get_in(conn, promo.id)
        assert fresh is not None
        return await promo_codes.refusal_in(
            conn,
            fresh,
            member_id=member_id,
            amount=kw.get("amount"),
            now=NOW,
            today=kw.get("today", TODAY),
            settings=SETTINGS,
        )


async def use(db: Database, promo: PromoCode, member_id: int, purchase_id: int) -> bool:
    try:
        async with db.write() as conn:
            await promo_codes.use_in(
                conn,
                promo,
                member_id=member_id,
                purchase_id=purchase_id,
                discount=1_000,
                staff="telegram:2",
                now=NOW,
            )
    except PromoRefused:
        return False
    return True


async def test_creating_is_audited_and_a_taken_text_is_refused(any_db: Database) -> None:
    promo = await a_code(any_db)
    async with any_db.write() as conn:
        again = PromoDraft(code="NOWRUZ1405", kind="amount", value=5)
        assert await promo_codes.create(conn, again, actor="x", role=None, now=NOW) is None
        found = await promo_codes.find_in(conn, "nowruz-۱۴۰۵")
        actions = (await conn.execute(sa.select(audit.c.action, audit.c.target))).all()
    assert found == promo
    assert [tuple(a) for a in actions] == [("promo_code_created", f"promo_code:{promo.id}")]


async def test_every_reason_a_code_does_not_apply(any_db: Database) -> None:
    bronze, gold = await a_member(any_db, 1), await a_member(any_db, 2, tier="gold")
    promo = await a_code(
        any_db,
        tier="silver",
        min_purchase=100_000,
        starts_on=TODAY,
        ends_on=TODAY + timedelta(days=5),
        total_uses=2,
    )
    assert await refusal(any_db, promo, gold) is None
    assert await refusal(any_db, promo, gold, amount=100_000) is None
    assert await refusal(any_db, promo, gold, amount=99_999) == "promo-refused-minimum"
    assert await refusal(any_db, promo, bronze) == "promo-refused-audience"
    yesterday, later = TODAY - timedelta(days=1), TODAY + timedelta(days=6)
    assert await refusal(any_db, promo, gold, today=yesterday) == "promo-refused-not-started"
    assert await refusal(any_db, promo, gold, today=later) == "promo-refused-ended"
    assert await use(any_db, promo, gold, 1)
    assert await refusal(any_db, promo, gold) == "promo-refused-member-limit"
    async with any_db.write() as conn:
        await conn.execute(sa.update(table).values(uses=2))
    assert await refusal(any_db, promo, gold) == "promo-refused-used-up"
    for status, key in (("paused", "promo-refused-paused"), ("archived", "promo-refused-archived")):
        async with any_db.write() as conn:
            assert await promo_codes.set_status(
                conn, promo.id, status, actor="telegram:1", role="owner", now=NOW
            )
        assert await refusal(any_db, promo, gold) == key
        assert not await use(any_db, promo, gold, 9)


async def test_status_changes_are_audited_once(any_db: Database) -> None:
    promo = await a_code(any_db)
    done = []
    for status in ("paused", "paused", "active", "archived", "active"):
        async with any_db.write() as conn:
            done.append(
                await promo_codes.set_status(
                    conn, promo.id, status, actor="telegram:1", role="owner", now=NOW
                )
            )
    assert done == [True, False, True, True, False]
    async with any_db.read() as conn:
        actions = (await conn.scalars(sa.select(audit.c.action).order_by(audit.c.id))).all()
    assert actions == [
        "promo_code_created",
        "promo_code_paused",
        "promo_code_resumed",
        "promo_code_archived",
    ]


async def test_total_uses_hold_under_concurrent_purchases(any_db: Database) -> None:
    ids = [await a_member(any_db, n) for n in range(1, 13)]
    promo = await a_code(any_db, total_uses=5)
    results = await asyncio.gather(*(use(any_db, promo, m, 100 + m) for m in ids))
    assert sum(results) == 5
    async with any_db.read() as conn:
        uses = await conn.scalar(sa.select(table.c.uses))
        rows = await conn.scalar(sa.select(sa.func.count()).select_from(promo_code_uses))
        usage = await promo_codes.usage_in(conn, promo.id)
    assert (uses, rows) == (5, 5)
    assert (usage.uses, usage.members) == (5, 5)


async def test_uses_per_member_hold_under_concurrent_purchases(any_db: Database) -> None:
    one, two = await a_member(any_db, 1), await a_member(any_db, 2)
    promo = await a_code(any_db, per_member=2)
    tries = [(one, 200 + n) for n in range(6)] + [(two, 300 + n) for n in range(6)]
    results = await asyncio.gather(*(use(any_db, promo, m, p) for m, p in tries))
    assert sum(results) == 4
    async with any_db.read() as conn:
        per = (
            await conn.execute(
                sa.select(promo_code_uses.c.member_id, sa.func.count())
                .group_by(promo_code_uses.c.member_id)
                .order_by(promo_code_uses.c.member_id)
            )
        ).all()
        uses = await conn.scalar(sa.select(table.c.uses))
    assert [tuple(row) for row in per] == [(one, 2), (two, 2)]
    assert uses == 4  # refused uses rolled their counter back


def test_a_draft_refuses_impossible_terms() -> None:
    base = PromoDraft(code="YALDA", kind="amount", value=5)
    for changes in (
        {"kind": "gift"},
        {"kind": "percent", "value": 101},
        {"per_member": 0},
        {"total_uses": 0},
        {"code": "yalda"},
    ):
        with pytest.raises(ValueError):
            replace(base, **changes)
