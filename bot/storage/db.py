"""The engine: SQLite tuned for many small writers, PostgreSQL as is; read and write units."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

from bot.storage.tables import processed_updates

_WRITE = "vafa_write"


@dataclass
class UpdateMark:
    """The update being handled in this task; its processed_updates row rides along with the
    handler's first write transaction, so "handled" and its effects commit together."""

    bot_id: int
    update_id: int
    at: datetime
    written: bool = False


current_update: ContextVar[UpdateMark | None] = ContextVar("current_update", default=None)


class Database:
    """One engine for the process; `read()` and `write()` are its only doors."""

    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = sa.make_url(url)
        self.is_sqlite = self.url.get_backend_name() == "sqlite"
        if self.is_sqlite and self.url.database and self.url.database != ":memory:":
            Path(self.url.database).parent.mkdir(parents=True, exist_ok=True)
        # hide_parameters: a failing statement's values (names, phones) stay out of the logs.
        kwargs: dict[str, Any] = {"echo": echo, "hide_parameters": True}
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
    async def read(self, within: AsyncConnection | None = None) -> AsyncIterator[AsyncConnection]:
        """A connection for reads (rolled back at the end), or `within`, a caller's open
        transaction, so a read can see that transaction's own writes."""
        if within is not None:
            yield within
            return
        async with self.engine.connect() as conn:
            yield conn

    @asynccontextmanager
    async def write(self, *, records_update: bool = True) -> AsyncIterator[AsyncConnection]:
        """One write transaction: committed at the end, rolled back on any exception.

        Inside an update's handling, the first such transaction also records the update as
        processed (see UpdateMark); `records_update=False` is for bookkeeping writes that are
        not the update's effect.
        """
        mark = current_update.get() if records_update else None
        if self._write_lock is None:
            async with self._write_connection(mark) as conn:
                yield conn
        else:
            async with self._write_lock, self._write_connection(mark) as conn:
                yield conn

    @asynccontextmanager
    async def _write_connection(self, mark: UpdateMark | None) -> AsyncIterator[AsyncConnection]:
        if mark is not None and mark.written:
            mark = None
        async with self.engine.connect() as conn:
            conn = await conn.execution_options(**{_WRITE: True})
            async with conn.begin():
                if mark is not None:
                    await conn.execute(
                        dialect_insert(conn, processed_updates)
                        .values(bot_id=mark.bot_id, update_id=mark.update_id, at=mark.at)
                        .on_conflict_do_nothing()
                    )
                yield conn
            if mark is not None:
                mark.written = True  # only once committed: a rollback leaves it to the poller

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
