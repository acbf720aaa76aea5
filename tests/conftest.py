"""Shared fixtures: a migrated template database copied per test, the emulator, the club."""

from __future__ import annotations

import asyncio
import os
import shutil
import uuid
from collections.abc import AsyncIterator, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import pytest
import sqlalchemy as sa

from bot.settings import Settings
from bot.storage.db import Database
from bot.storage.migrate import upgrade

T = TypeVar("T")


def run_async(coroutine: Coroutine[Any, Any, T]) -> T:
    """Runs set-up work on its own loop in a thread (a test's loop may already be running)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Migrated once per run; each test gets a copy (fast on 2 cores)."""
    path = tmp_path_factory.mktemp("template") / "template.db"

    async def migrate() -> None:
        db = Database(f"sqlite+aiosqlite:///{path}")
        await upgrade(db)
        await db.dispose()

    run_async(migrate())
    return path


@pytest.fixture
def sqlite_url(sqlite_template: Path, tmp_path: Path) -> Iterator[str]:
    """A fresh SQLite file per test, copied from the template."""
    target = tmp_path / "vafa.db"
    shutil.copyfile(sqlite_template, target)
    yield f"sqlite+aiosqlite:///{target}"


def make_settings(**overrides: object) -> Settings:
    """Settings for tests: never read a developer's .env."""
    return Settings(_env_file=None, **overrides)  # type: ignore[call-arg]


@pytest.fixture
async def sqlite_db(sqlite_url: str) -> AsyncIterator[Database]:
    db = Database(sqlite_url)
    yield db
    await db.dispose()


POSTGRES_ADMIN_URL = os.environ.get(
    "VAFA_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)


async def _pg_admin() -> Any:
    import asyncpg

    return await asyncpg.connect(POSTGRES_ADMIN_URL, timeout=3)


def _pg_url(database: str) -> str:
    base = sa.make_url(POSTGRES_ADMIN_URL).set(drivername="postgresql+asyncpg")
    return base.set(database=database).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def postgres_template() -> Iterator[str]:
    """A migrated template database, made once per run; skipped where PostgreSQL is absent."""
    name = f"vafa_template_{os.getpid()}"

    async def create() -> None:
        admin = await _pg_admin()
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            await admin.execute(f'CREATE DATABASE "{name}"')
        finally:
            await admin.close()
        db = Database(_pg_url(name))
        await upgrade(db)
        await db.dispose()

    try:
        run_async(create())
    except (TimeoutError, OSError, ImportError) as error:
        pytest.skip(f"PostgreSQL not reachable at {POSTGRES_ADMIN_URL}: {error}")
    yield name

    async def drop() -> None:
        admin = await _pg_admin()
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await admin.close()

    run_async(drop())


@pytest.fixture
def postgres_url(postgres_template: str) -> Iterator[str]:
    """A fresh database per test, copied from the template."""
    name = f"vafa_test_{uuid.uuid4().hex[:12]}"

    async def admin(sql: str) -> None:
        connection = await _pg_admin()
        try:
            await connection.execute(sql)
        finally:
            await connection.close()

    run_async(admin(f'CREATE DATABASE "{name}" TEMPLATE "{postgres_template}"'))
    yield _pg_url(name)
    run_async(admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(params=["sqlite", "postgres"])
def any_url(request: pytest.FixtureRequest) -> str:
    """The same test on SQLite and on PostgreSQL."""
    url: str = request.getfixturevalue(f"{request.param}_url")
    return url


@pytest.fixture
async def any_db(any_url: str) -> AsyncIterator[Database]:
    db = Database(any_url)
    yield db
    await db.dispose()
