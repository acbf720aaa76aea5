"""Fresh, migrated databases for one run: a temp SQLite file, or a PostgreSQL database."""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import sqlalchemy as sa

from bot.storage.db import Database
from bot.storage.migrate import upgrade

# Same default (and override) as the test suite, so one PostgreSQL serves both.
POSTGRES_ADMIN_URL = os.environ.get(
    "VAFA_BENCH_POSTGRES_URL",
    os.environ.get("VAFA_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"),
)


class Unavailable(Exception):
    """The backend cannot be used here; the run is skipped with this reason."""


async def migrate(url: str) -> None:
    db = Database(url)
    try:
        await upgrade(db)
    finally:
        await db.dispose()


@asynccontextmanager
async def sqlite_database() -> AsyncIterator[str]:
    with tempfile.TemporaryDirectory(prefix="vafa-bench-") as folder:
        url = f"sqlite+aiosqlite:///{folder}/vafa.db"
        await migrate(url)
        yield url


async def _admin() -> Any:
    import asyncpg

    try:
        return await asyncpg.connect(POSTGRES_ADMIN_URL, timeout=3)
    except (OSError, TimeoutError, asyncpg.PostgresError) as error:
        shown = sa.make_url(POSTGRES_ADMIN_URL).render_as_string(hide_password=True)
        raise Unavailable(f"PostgreSQL not reachable at {shown}: {error}") from error


@asynccontextmanager
async def postgres_database() -> AsyncIterator[str]:
    """A database created for this run and dropped afterwards, even if the run fails."""
    name = f"vafa_bench_{uuid.uuid4().hex[:12]}"
    admin = await _admin()
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    base = sa.make_url(POSTGRES_ADMIN_URL).set(drivername="postgresql+asyncpg", database=name)
    url = base.render_as_string(hide_password=False)
    try:
        await migrate(url)
        yield url
    finally:
        admin = await _admin()
        try:
            # FORCE: the bot's pool may still hold idle connections in a failed run.
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await admin.close()


@asynccontextmanager
async def database(backend: str) -> AsyncIterator[str]:
    factory = sqlite_database if backend == "sqlite" else postgres_database
    async with factory() as url:
        yield url
