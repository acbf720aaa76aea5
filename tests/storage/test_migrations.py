"""Alembic owns the schema: migrations match the tables, constraints keep their names."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import command

from bot.storage.db import Database
from bot.storage.migrate import alembic_config


async def test_migrations_produce_exactly_the_tables_the_code_queries(any_db: Database) -> None:
    def check(connection: sa.Connection) -> None:
        command.check(alembic_config(connection))  # raises when autogenerate sees a diff

    async with any_db.engine.connect() as conn:
        await conn.run_sync(check)


async def test_the_balance_check_constraint_is_named_so_batch_rebuilds_keep_it(
    sqlite_db: Database,
) -> None:
    async with sqlite_db.read() as conn:
        schema = await conn.scalar(
            sa.text("SELECT sql FROM sqlite_master WHERE type='table' AND name='members'")
        )
    assert "CONSTRAINT ck_members_balance_not_negative CHECK (balance >= 0)" in schema


async def test_sqlite_connections_use_wal_foreign_keys_and_a_busy_timeout(
    sqlite_db: Database,
) -> None:
    async with sqlite_db.read() as conn:
        pragmas = {
            name: await conn.scalar(sa.text(f"PRAGMA {name}"))
            for name in ("journal_mode", "foreign_keys", "busy_timeout", "synchronous")
        }
    assert pragmas == {
        "journal_mode": "wal",
        "foreign_keys": 1,
        "busy_timeout": 10000,
        "synchronous": 1,
    }


async def test_a_migration_that_fails_half_way_leaves_sqlite_as_it_was(tmp_path: object) -> None:
    import pathlib

    import pytest

    from bot.storage.migrate import upgrade

    path = pathlib.Path(str(tmp_path)) / "half.db"
    db = Database(f"sqlite+aiosqlite:///{path}")
    async with db.write() as conn:  # a clash half-way through the initial migration
        await conn.execute(sa.text("CREATE TABLE members (id INTEGER PRIMARY KEY)"))
    with pytest.raises(sa.exc.OperationalError):
        await upgrade(db)
    async with db.read() as conn:
        tables = set(
            (await conn.execute(sa.text("SELECT name FROM sqlite_master WHERE type='table'")))
            .scalars()
            .all()
        )
    await db.dispose()
    assert tables == {"members"}  # the tables created before the clash were rolled back
