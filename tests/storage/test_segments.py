"""Segments on SQLite and PostgreSQL: each criterion's SQL against crafted members (exact id
sets), who is never in an audience (erased, opted out, unreachable), RFM classes, saved
segments and their audit rows."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from bot.club import segments
from bot.club.segments import Criteria, NameTaken
from bot.storage.db import Database
from bot.storage.tables import audit, identities, members, purchases

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
DAY = timedelta(days=1)


async def member(db: Database, member_id: int, **values: Any) -> None:
    """A member with one reachable Telegram identity (override any column)."""
    platforms = values.pop("platforms", {"telegram": False})
    row = {
        "id": member_id,
        "code": f"{member_id:08d}",
        "name": f"M{member_id}",
        "phone": f"+98912{member_id:07d}",
        "joined_at": NOW - 400 * DAY,
        "tier": "bronze",
        "balance": 0,
    } | values
    async with db.write() as conn:
        await conn.execute(sa.insert(members).values(**row))
        for n, (platform, blocked) in enumerate(platforms.items()):
            user_id = member_id * 10 + n
            await conn.execute(
                sa.insert(identities).values(
                    platform=platform,
                    platform_user_id=user_id,
                    member_id=member_id,
                    chat_id=user_id,
                    blocked_at=NOW if blocked else None,
                    created_at=row["joined_at"],
                )
            )


async def buy(
    db: Database, member_id: int, amount: int, days_ago: float, voided: bool = False
) -> None:
    async with db.write() as conn:
        number = await conn.scalar(sa.select(sa.func.count()).select_from(purchases))
        await conn.execute(
            sa.insert(purchases).values(
                member_id=member_id,
                amount_toman=amount,
                points=amount // 1000,
                source="till",
                receipt_id=f"R-{number}",
                staff_identity="telegram:1",
                created_at=NOW - days_ago * DAY,
                voided_at=NOW if voided else None,
            )
        )


async def ids(db: Database, criteria: Criteria | None) -> set[int]:
    async with db.read() as conn:
        found = set((await conn.scalars(segments.audience(criteria, now=NOW))).all())
    assert await segments.count(db, criteria, now=NOW) == len(found)
    return found


async def test_erased_opted_out_and_unreachable_members_are_never_in_an_audience(
    any_db: Database,
) -> None:
    await member(any_db, 1)
    await member(any_db, 2, deleted_at=NOW)
    await member(any_db, 3, promo_opt_out=True, promo_choice_at=NOW)
    await member(any_db, 4, platforms={"telegram": True})
    await member(any_db, 5, platforms={"telegram": True, "bale": False})
    await member(any_db, 6, platforms={})
    assert await ids(any_db, None) == {1, 5}
    assert await ids(any_db, Criteria(tiers=("bronze",))) == {1, 5}


async def test_each_criterion_selects_exactly_its_members(any_db: Database) -> None:
    await member(any_db, 1, tier="gold", balance=500, birth_jmonth=7, campaign_id=3)
    await member(any_db, 2, tier="silver", balance=1500, referrer_id=1, joined_at=NOW - 10 * DAY)
    await member(any_db, 3, platforms={"bale": False}, last_active_at=NOW - 2 * DAY)
    await member(any_db, 4, platforms={"bale": True, "telegram": False}, rfm_class="loyal")
    await member(any_db, 5, last_active_at=NOW - 100 * DAY, rfm_class="champions")
    db = any_db
    assert await ids(db, Criteria(tiers=("gold", "silver"))) == {1, 2}
    assert await ids(db, Criteria(platforms=("bale",))) == {3}  # 4's Bale chat is blocked
    assert await ids(db, Criteria(platforms=("telegram",))) == {1, 2, 4, 5}
    assert await ids(db, Criteria(balance_min=500, balance_max=1000)) == {1}
    assert await ids(db, Criteria(balance_min=1000)) == {2}
    assert await ids(db, Criteria(birth_month=7)) == {1}
    assert await ids(db, Criteria(campaign_id=3)) == {1}
    assert await ids(db, Criteria(referred=True)) == {2}
    assert await ids(db, Criteria(referred=False)) == {1, 3, 4, 5}
    assert await ids(db, Criteria(rfm=("loyal", "champions"))) == {4, 5}
    # Never seen since activity is kept: active when they joined (2 joined 10 days ago).
    assert await ids(db, Criteria(active_within_days=30)) == {2, 3}
    assert await ids(db, Criteria(inactive_for_days=30)) == {1, 4, 5}
    assert await ids(db, Criteria(tiers=("gold", "silver"), referred=True)) == {2}


async def test_joined_dates_are_the_clubs_days_inclusive(any_db: Database) -> None:
    # 1405/09/01 is 2026-11-22; Tehran midnight is 20:30 UTC the day before.
    tehran_midnight = datetime(2026, 11, 21, 20, 30, tzinfo=UTC)
    await member(any_db, 1, joined_at=tehran_midnight - timedelta(minutes=1))
    await member(any_db, 2, joined_at=tehran_midnight)
    await member(any_db, 3, joined_at=tehran_midnight + DAY - timedelta(minutes=1))
    await member(any_db, 4, joined_at=tehran_midnight + DAY)
    day = date(2026, 11, 22)
    assert await ids(any_db, Criteria(joined_from=day)) == {2, 3, 4}
    assert await ids(any_db, Criteria(joined_to=day)) == {1, 2, 3}
    assert await ids(any_db, Criteria(joined_from=day, joined_to=day)) == {2, 3}


async def test_purchases_count_only_the_window_and_never_voided_ones(any_db: Database) -> None:
    for member_id in range(1, 5):
        await member(any_db, member_id)
    await buy(any_db, 1, 100_000, 1)
    await buy(any_db, 1, 100_000, 5)
    await buy(any_db, 2, 900_000, 2)
    await buy(any_db, 2, 100_000, 3, voided=True)
    await buy(any_db, 3, 100_000, 40)
    await buy(any_db, 3, 100_000, 1)
    db = any_db
    assert await ids(db, Criteria(purchase_days=30)) == {1, 2, 3}
    assert await ids(db, Criteria(purchase_days=30, purchase_count_min=2)) == {1}
    assert await ids(db, Criteria(purchase_days=60, purchase_count_min=2)) == {1, 3}
    assert await ids(db, Criteria(purchase_days=30, purchase_sum_min=500_000)) == {2}
    assert await ids(db, Criteria(purchase_days=30, purchase_sum_min=1_000_000)) == set()


async def test_an_audience_takes_an_id_range_for_chunked_inserts(any_db: Database) -> None:
    for member_id in range(1, 8):
        await member(any_db, member_id, tier="gold" if member_id % 2 else "bronze")
    chunk = segments.audience(Criteria(tiers=("gold",)), now=NOW).where(
        members.c.id > 2, members.c.id <= 5
    )
    async with any_db.read() as conn:
        assert set((await conn.scalars(chunk)).all()) == {3, 5}


async def test_rfm_classes_follow_the_quintile_rules(any_db: Database) -> None:
    # Ten buyers: 1-2 recent and frequent, 3-4 as frequent but the longest ago, 5-8 one old
    # purchase, 9-10 recent small buyers; 11 a newcomer, 12 never bought, 13 erased.
    for member_id in range(1, 13):
        await member(any_db, member_id)
    await member(any_db, 13, deleted_at=NOW, rfm_class="loyal")
    for member_id in (1, 2, 3, 4):
        days = 1 if member_id <= 2 else 300
        for n in range(6):
            await buy(any_db, member_id, 1_000_000, days + n)
    for member_id in (5, 6, 7, 8):
        await buy(any_db, member_id, 50_000, 200)
    for member_id in (9, 10):
        await buy(any_db, member_id, 50_000, 2)
    async with any_db.write() as conn:
        await conn.execute(
            sa.update(members).where(members.c.id == 11).values(joined_at=NOW - 5 * DAY)
        )
    # Every live member but the two left in no class had none before.
    assert await segments.refresh_rfm(any_db, now=NOW) == 10
    async with any_db.read() as conn:
        rows = dict((await conn.execute(sa.select(members.c.id, members.c.rfm_class))).all())
    assert rows == {
        1: "champions",
        2: "champions",
        3: "at_risk",
        4: "at_risk",
        5: "hibernating",
        6: "hibernating",
        7: "hibernating",
        8: "hibernating",
        9: None,  # recent but small: in no class
        10: None,
        11: "new",
        12: "hibernating",
        13: "loyal",  # erased members are left alone
    }
    assert await segments.refresh_rfm(any_db, now=NOW) == 0  # nothing changed: nothing written


async def test_saved_segments_round_trip_and_leave_audit_rows(any_db: Database) -> None:
    criteria = Criteria(tiers=("gold",), joined_from=date(2026, 1, 1), referred=False)
    first = await segments.save(
        any_db, name="طلایی", criteria=criteria, actor="telegram:9", now=NOW, role="owner"
    )
    with pytest.raises(NameTaken):
        await segments.save(any_db, name="طلایی", criteria=Criteria(), actor="x", now=NOW)
    found = await segments.get(any_db, first)
    assert found is not None and found.criteria == criteria and found.name == "طلایی"
    wider = criteria.without("tiers")
    assert await segments.update(any_db, first, criteria=wider, actor="telegram:9", now=NOW)
    assert [s.criteria for s in await segments.list_all(any_db)] == [wider]
    assert await segments.delete(any_db, first, actor="telegram:9", now=NOW)
    assert not await segments.delete(any_db, first, actor="telegram:9", now=NOW)
    assert await segments.get(any_db, first) is None
    async with any_db.read() as conn:
        rows = (await conn.execute(sa.select(audit.c.action, audit.c.target))).all()
    target = f"segment:{first}"
    assert [tuple(r) for r in rows] == [
        ("segment_saved", target),
        ("segment_updated", target),
        ("segment_deleted", target),
    ]


def test_criteria_survive_json_and_ignore_what_they_do_not_know() -> None:
    criteria = Criteria(
        tiers=("gold",),
        joined_to=date(2026, 3, 20),
        purchase_days=30,
        purchase_count_min=2,
        referred=True,
        rfm=("new",),
    )
    stored = criteria.to_json()
    assert stored["tiers"] == ["gold"] and stored["joined_to"] == "2026-03-20"
    assert Criteria.from_json(stored) == criteria
    noisy = stored | {"colour": "red", "balance_min": "lots", "referred": "yes"}
    assert Criteria.from_json(noisy) == Criteria.from_json(stored).without("referred")
    assert Criteria.from_json(None) == Criteria()


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("۱۴۰۵/۰۹/۰۱", date(2026, 11, 22)),
        ("1405-9-1", date(2026, 11, 22)),
        ("١٤٠٥/٠٩/٠١", date(2026, 11, 22)),
        ("1405/13/01", None),
        ("1403/12/30", date(2025, 3, 20)),  # 1403 is a leap year
        ("1404/12/30", None),
        ("yesterday", None),
    ],
)
def test_jalali_days_are_read_in_any_digits(typed: str, expected: date | None) -> None:
    assert segments.parse_jalali_day(typed) == expected
