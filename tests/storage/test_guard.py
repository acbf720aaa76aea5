"""The data directory: a deleted or replaced SQLite file stops the process; an empty
database at start is called out."""

from __future__ import annotations

import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from bot.storage.db import Database
from bot.storage.guard import DatabaseGuard, DatabaseReplaced, warn_if_new
from bot.storage.tables import members


def sqlite_file(url: str) -> Path:
    return Path(sa.make_url(url).database or "")


def test_the_guard_passes_while_the_file_is_the_one_opened(sqlite_url: str) -> None:
    guard = DatabaseGuard(sqlite_url)
    guard.check()
    guard.check()


def test_deleting_the_data_folder_stops_the_process(sqlite_url: str) -> None:
    guard = DatabaseGuard(sqlite_url)
    shutil.rmtree(sqlite_file(sqlite_url).parent)
    with pytest.raises(DatabaseReplaced, match="was deleted while Vafa was running"):
        guard.check()


def test_a_file_put_in_its_place_is_noticed(sqlite_url: str, tmp_path: Path) -> None:
    guard = DatabaseGuard(sqlite_url)
    path = sqlite_file(sqlite_url)
    copy = tmp_path / "copy.db"
    shutil.copyfile(path, copy)
    os.replace(copy, path)
    with pytest.raises(DatabaseReplaced, match="was replaced by another file"):
        guard.check()


def test_postgresql_and_memory_databases_have_no_file_to_watch() -> None:
    DatabaseGuard("postgresql+asyncpg://u@127.0.0.1/vafa").check()
    DatabaseGuard("sqlite+aiosqlite:///:memory:").check()


async def test_an_empty_database_at_start_is_a_warning_naming_where_it_is(
    any_db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    assert await warn_if_new(any_db)
    [record] = [r for r in caplog.records if r.name == "bot.storage.guard"]
    assert record.levelname == "WARNING"
    assert "starting on a new, empty database at" in record.getMessage()
    assert "check the volume mount" in record.getMessage()
    if any_db.is_sqlite:
        assert str(any_db.url.database) in record.getMessage()


async def test_a_database_with_members_starts_quietly(
    any_db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    async with any_db.write() as conn:
        await conn.execute(
            sa.insert(members).values(code="1", name="Sara", joined_at=datetime.now(UTC))
        )
    assert not await warn_if_new(any_db)
    assert "empty database" not in caplog.text
