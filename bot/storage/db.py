"""The engine: SQLite tuned for many small writers, PostgreSQL as is; read and write units."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

_WRITE = "vafa_write"


class Database:
    """One engine for the process; `read()` and `write()` are its only doors."""

    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = sa.make_url(url)
        self.is_sqlite = self.url.get_backend_name() == "sqlite"
        if self.is_sqlite and self.url.database and self.url.database != ":memory:":
            Path(self.url.database).parent.mkdir(parents=True, exist_ok=True)
        kwargs: dict[str, Any] = {"echo": echo}
        if not self.is_sqlite:
            kwargs.update(pool_size=10, max_overflow=10, pool_pre_ping=True)
        self.engine: AsyncEngine = create_async_engine(self.url, **kwargs)
        # Counts statements sent to the database (benchmarks report round trips per update).
        self.statement_count = 0
        # SQLite has one writer at a time. Queueing writers here wakes the next one as soon as
        # the lock is free; left to SQLite, waiters poll with growing sleeps (busy_timeout).
        self._write_lock = asyncio.Lock() if self.is_sqlite else None
        sync = self.engine.sync_engine
        sa.event.listen(sync, "before_cursor_execute", self._count)
        if self.is_sqlite:
            sa.event.listen(sync, "connect", _sqlite_connect)
            sa.event.listen(sync, "begin", _sqlite_begin)

    def _count(self, *_: Any) -> None:
        self.statement_count += 1

    @asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncConnection]:
        """A connection for reads; its implicit transaction is rolled back at the end."""
        async with self.engine.connect() as conn:
            yield conn

    @asynccontextmanager
    async def write(self) -> AsyncIterator[AsyncConnection]:
        """One write transaction: committed at the end, rolled back on any exception."""
        if self._write_lock is None:
            async with self._write_connection() as conn:
                yield conn
        else:
            async with self._write_lock, self._write_connection() as conn:
                yield conn

    @asynccontextmanager
    async def _write_connection(self) -> AsyncIterator[AsyncConnection]:
        async with self.engine.connect() as conn:
            conn = await conn.execution_options(**{_WRITE: True})
            async with conn.begin():
                yield conn

    def describe(self) -> str:
        """The URL without its password, for logs."""
        return self.url.render_as_string(hide_password=True)

    async def dispose(self) -> None:
        await self.engine.dispose()


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # Take transactions out of the driver's hands so `_sqlite_begin` decides how they begin.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    # NORMAL under WAL survives a process crash (kill -9); only an OS crash or power loss may
    # lose the last commits. FULL would fsync every commit for that last margin.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_begin(conn: sa.Connection) -> None:
    # A deferred BEGIN that later writes fails with "database is locked" under contention;
    # IMMEDIATE takes the write lock up front and waits for it (busy_timeout) instead.
    # Reads run in the driver's autocommit mode: no BEGIN round trip, and under WAL each
    # statement still sees a consistent snapshot.
    if conn.get_execution_options().get(_WRITE, False):
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def dialect_insert(conn: AsyncConnection, table: sa.Table) -> Any:
    """INSERT with ON CONFLICT support on both backends (SQLite and PostgreSQL)."""
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    return dialect.insert(table)
