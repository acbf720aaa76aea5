"""The erasure salt: generated once per database, kept with the data, overridable."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from pydantic import SecretStr

from bot.storage.db import Database
from bot.storage.meta import LEGACY_SALT, SALT_KEY, resolve_erasure_salt
from bot.storage.tables import club_meta, erasures
from tests.conftest import make_settings


async def stored(db: Database) -> list[str]:
    async with db.read() as conn:
        rows = await conn.scalars(sa.select(club_meta.c.value).where(club_meta.c.key == SALT_KEY))
        return list(rows)


async def test_a_new_database_gets_a_random_salt_that_stays(any_db: Database) -> None:
    settings = make_settings()
    first = await resolve_erasure_salt(any_db, settings)
    assert len(first) >= 32 and first != LEGACY_SALT
    assert await resolve_erasure_salt(any_db, settings) == first
    assert await stored(any_db) == [first]


async def test_two_processes_starting_together_agree_on_one_salt(any_url: str) -> None:
    settings = make_settings()
    dbs = [Database(any_url) for _ in range(4)]
    try:
        salts = await asyncio.gather(*(resolve_erasure_salt(db, settings) for db in dbs))
    finally:
        await asyncio.gather(*(db.dispose() for db in dbs))
    assert len(set(salts)) == 1
    check = Database(any_url)
    try:
        assert await stored(check) == [salts[0]]
    finally:
        await check.dispose()


async def test_the_environment_overrides_the_stored_salt(any_db: Database) -> None:
    kept = await resolve_erasure_salt(any_db, make_settings())
    chosen = make_settings(erased_phone_salt=SecretStr("our-own-salt"))
    assert await resolve_erasure_salt(any_db, chosen) == "our-own-salt"
    assert await stored(any_db) == [kept]


async def test_a_database_with_erasures_made_before_salts_were_stored_keeps_the_old_salt(
    any_db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    async with any_db.write() as conn:
        await conn.execute(sa.insert(erasures).values(hash="ab" * 32, erased_at=datetime.now(UTC)))
    assert await resolve_erasure_salt(any_db, make_settings()) == LEGACY_SALT
    assert "a value published with Vafa" in caplog.text
