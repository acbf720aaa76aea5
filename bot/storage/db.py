"""The engine: SQLite tuned for many small writers, PostgreSQL as is; read and write units."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack, asynccontextmanager
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
    """The update being handled; its processed_updates row is written in the update's own
    transaction, so "handled", its effects and its outgoing messages commit together."""

    platform: str
    bot_id: int
    update_id: int
    at: datetime
    written: bool = False


class UpdateScope:
    """One update's handling: every write it makes shares one transaction.

    The first `Database.write()` inside the update opens the transaction (with the update's
    processed mark); later ones are savepoints inside it, and reads see its writes. Nothing
    commits until the handler has finished: `finish()` then writes the update's outgoing
    messages (the outbox) and commits all of it at once, or `abort()` rolls all of it back.
    Handlers make no network calls meanwhile (their messages are buffered in `outgoing`), so
    the transaction, and on SQLite the write lock, is held only for database work.
    """

    def __init__(self, db: Database, mark: UpdateMark) -> None:
        self.db, self.mark = db, mark
        self.conn: AsyncConnection | None = None
        self.outgoing: list[Any] = []
        self.answers: list[Any] = []
        self.failed: BaseException | None = None
        self._stack: AsyncExitStack | None = None

    @property
    def open(self) -> bool:
        return self.conn is not None

    @asynccontextmanager
    async def write(self) -> AsyncIterator[AsyncConnection]:
        if self.conn is not None:
            async with self.conn.begin_nested():
                yield self.conn
            return
        conn = await self._open()
        try:
            yield conn
        except BaseException:
            # The first block failed: nothing else is in this transaction yet, so drop all
            # of it; a later write (the handler caught the error) starts afresh.
            await self.abort()
            raise

    async def _open(self) -> AsyncConnection:
        stack = AsyncExitStack()
        try:
            if self.db._write_lock is not None:
                await stack.enter_async_context(self.db._write_lock)
            conn = await stack.enter_async_context(self.db.engine.connect())
            conn = await conn.execution_options(**{_WRITE: True})
            await stack.enter_async_context(conn.begin())
            await conn.execute(
                dialect_insert(conn, processed_updates)
                .values(
                    platform=self.mark.platform,
                    bot_id=self.mark.bot_id,
                    update_id=self.mark.update_id,
                    at=self.mark.at,
                )
                .on_conflict_do_nothing()
            )
        except BaseException:
            await stack.aclose()
            raise
        self._stack, self.conn = stack, conn
        return conn

    async def finish(self, before_commit: Callable[[AsyncConnection], Awaitable[None]]) -> None:
        """Runs `before_commit` inside the update's transaction, then commits; without a
        transaction (the handler only read) nothing is written here."""
        if self.conn is None or self._stack is None:
            return
        stack, conn = self._stack, self.conn
        self._stack, self.conn = None, None
        try:
            await before_commit(conn)
        except BaseException as error:
            await stack.__aexit__(type(error), error, error.__traceback__)
            raise
        await stack.aclose()  # commits (the transaction's context exits cleanly)
        self.mark.written = True

    async def abort(self) -> None:
        """Rolls back whatever the update wrote."""
        if self._stack is None:
            return
        stack = self._stack
        self._stack, self.conn = None, None
        rollback = _Rollback()
        try:
            await stack.__aexit__(_Rollback, rollback, None)
        except _Rollback:
            pass


class _Rollback(Exception):
    """Passed through an exit stack so the transaction inside it rolls back."""


current_scope: ContextVar[UpdateScope | None] = ContextVar("current_scope", default=None)


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
        transaction, so a read can see that transaction's own writes. Inside an update that
        has written, reads use its transaction for the same reason."""
        if within is None:
            scope = current_scope.get()
            if scope is not None and scope.db is self and scope.conn is not None:
                within = scope.conn
        if within is not None:
            yield within
            return
        async with self.engine.connect() as conn:
            yield conn

    @asynccontextmanager
    async def write(self) -> AsyncIterator[AsyncConnection]:
        """One write transaction: committed at the end, rolled back on any exception.

        Inside an update's handling it is part of the update's one transaction instead (see
        UpdateScope), which commits after the handler, with the update's outgoing messages.
        """
        scope = current_scope.get()
        if scope is not None and scope.db is self:
            async with scope.write() as conn:
                yield conn
            return
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
