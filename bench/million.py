"""Synthetic members for benchmarks: `await fill(db_url, members)` fills a migrated, empty database.

    from bench.million import fill
    await fill("sqlite+aiosqlite:///tmp/x.db", 1_000_000)   # about a minute on 2 cores

Each member gets one or two identities (Telegram, Bale or both; 2% blocked), a tier (60%
bronze, 25% silver, 10% gold, 5% diamond), a balance, a Jalali birth month (80%), a join time
over the last three years, a last activity (90%), an RFM class (random; `refresh_rfm` computes
real ones), a campaign (10%), a referrer (20%); 3% opted out of promotions, 1% erased. About
40% bought something: 1-10 purchases over the last 400 days, 2% voided. Ids run 1..members.
Deterministic for a given `seed`. SQLite gets executemany in batches; PostgreSQL gets COPY.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import jdatetime
import sqlalchemy as sa

from bot.storage.db import Database

BATCH = 50_000
TIERS = ("bronze",) * 12 + ("silver",) * 5 + ("gold",) * 2 + ("diamond",)
RFM = ("champions", "loyal", "at_risk", "hibernating", "new", None)
MEMBER_COLUMNS = (
    "id code name phone phone_verified birth_date birth_jmonth birth_jday birth_date_changes "
    "rejoined balance tier referrer_id campaign_id last_platform joined_at consent_at deleted_at "
    "promo_opt_out promo_choice_at last_active_at rfm_class"
).split()
IDENTITY_COLUMNS = "platform platform_user_id member_id chat_id username blocked_at created_at"
PURCHASE_COLUMNS = "id member_id amount_toman points source receipt_id staff_identity created_at"
PURCHASE_COLUMNS += " voided_at"


class _Rows:
    """One batch of generated rows, as tuples in the tables' column order."""

    def __init__(self) -> None:
        self.members: list[tuple[Any, ...]] = []
        self.identities: list[tuple[Any, ...]] = []
        self.purchases: list[tuple[Any, ...]] = []
        self.last_purchase_id = 0


def _birthdays(rng: random.Random) -> list[tuple[date, int, int]]:
    """A pool of Jalali birth dates (converting a million dates one by one would be slow)."""
    pool = []
    for _ in range(4_000):
        year, month, day = rng.randint(1330, 1390), rng.randint(1, 12), rng.randint(1, 29)
        pool.append((jdatetime.date(year, month, day).togregorian(), month, day))
    return pool


def _generate(first: int, last: int, now: datetime, rng: random.Random, purchase_id: int) -> _Rows:
    rows, birthdays = _Rows(), _BIRTHDAYS
    day = 86_400.0
    for member_id in range(first, last + 1):
        joined = now - timedelta(seconds=rng.random() * 3 * 365 * day)
        age = (now - joined).total_seconds()
        birth = birthdays[member_id % len(birthdays)] if rng.random() < 0.8 else None
        roll = rng.random()
        active = joined + timedelta(seconds=age * rng.random() ** 0.3) if roll < 0.9 else None
        opted_out = rng.random() < 0.03
        deleted = now - timedelta(days=rng.randint(1, 300)) if rng.random() < 0.01 else None
        platform = "telegram" if roll < 0.75 else "bale"
        rows.members.append(
            (
                member_id,
                f"{1_000_000 + member_id:09d}",
                "عضو نمونه",
                f"+98912{member_id:07d}",
                True,
                birth[0] if birth else None,
                birth[1] if birth else None,
                birth[2] if birth else None,
                0,
                False,
                int(rng.paretovariate(1.5) * 200) % 50_000,
                TIERS[member_id % len(TIERS)] if rng.random() < 0.5 else rng.choice(TIERS),
                rng.randint(1, member_id - 1) if member_id > 1 and rng.random() < 0.2 else None,
                rng.randint(1, 20) if rng.random() < 0.1 else None,
                platform,
                joined,
                joined,
                deleted,
                opted_out,
                active if opted_out else None,
                active,
                rng.choice(RFM),
            )
        )
        both = rng.random() < 0.1
        for messenger in ("telegram", "bale") if both else (platform,):
            user_id = member_id if messenger == "telegram" else 10_000_000 + member_id
            blocked = joined if rng.random() < 0.02 else None
            rows.identities.append((messenger, user_id, member_id, user_id, None, blocked, joined))
        if rng.random() < 0.4:
            for _ in range(min(10, int(rng.paretovariate(1.2)))):
                at = now - timedelta(seconds=rng.random() * 400 * day)
                amount = rng.randrange(50_000, 5_000_000, 1_000)
                voided = at + timedelta(hours=1) if rng.random() < 0.02 else None
                purchase_id += 1
                receipt = f"B-{purchase_id}"
                rows.purchases.append(
                    (purchase_id, member_id, amount, amount // 1000, "till", receipt, "bench", at,
                     voided)
                )  # fmt: skip
    rows.last_purchase_id = purchase_id
    return rows


_BIRTHDAYS: list[tuple[date, int, int]] = []


def _batches(members: int, now: datetime, seed: int) -> Iterator[_Rows]:
    rng = random.Random(seed)
    _BIRTHDAYS[:] = _birthdays(rng)
    purchase_id = 0
    for first in range(1, members + 1, BATCH):
        rows = _generate(first, min(members, first + BATCH - 1), now, rng, purchase_id)
        purchase_id = rows.last_purchase_id
        yield rows


def _sqlite_text(value: Any) -> Any:
    """How SQLAlchemy stores a value in SQLite (datetimes as naive UTC text, booleans 0/1)."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


async def fill(db_url: str, members: int, *, now: datetime | None = None, seed: int = 1) -> None:
    """Adds `members` synthetic members (ids 1..members) and their identities and purchases to
    the migrated, empty database at `db_url`, then ANALYZEs it."""
    now = now or datetime.now(UTC)
    db = Database(db_url)
    try:
        if db.is_sqlite:
            await _fill_sqlite(db, members, now, seed)
        else:
            await _fill_postgres(db, members, now, seed)
    finally:
        await db.dispose()


async def _fill_sqlite(db: Database, members: int, now: datetime, seed: int) -> None:
    tables = {
        "members": MEMBER_COLUMNS,
        "identities": IDENTITY_COLUMNS.split(),
        "purchases": PURCHASE_COLUMNS.split(),
    }
    statements = {
        table: f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
        for table, cols in tables.items()
    }
    for rows in _batches(members, now, seed):
        async with db.write() as conn:
            for table, statement in statements.items():
                batch = [tuple(map(_sqlite_text, row)) for row in getattr(rows, table)]
                if batch:
                    await conn.exec_driver_sql(statement, batch)
    async with db.write() as conn:
        await conn.exec_driver_sql("ANALYZE")


async def _fill_postgres(db: Database, members: int, now: datetime, seed: int) -> None:
    for rows in _batches(members, now, seed):
        async with db.write() as conn:
            raw = await conn.get_raw_connection()
            driver: Any = raw.driver_connection
            await driver.copy_records_to_table(
                "members", records=rows.members, columns=MEMBER_COLUMNS
            )
            await driver.copy_records_to_table(
                "identities", records=rows.identities, columns=IDENTITY_COLUMNS.split()
            )
            await driver.copy_records_to_table(
                "purchases", records=rows.purchases, columns=PURCHASE_COLUMNS.split()
            )
    async with db.write() as conn:
        for table in ("members", "purchases"):
            await conn.execute(
                sa.text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT coalesce(max(id), 1) FROM {table}))"
                )
            )
    async with db.engine.connect() as conn:
        conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
        # VACUUM too: as autovacuum would have, so index-only scans need no heap visits.
        await conn.execute(sa.text("VACUUM ANALYZE"))
