"""Noticing that the data directory changed under a running process.

Invariant: while a `DatabaseGuard` passes `check()`, the SQLite file the process opened is
still the one at its path. SQLite keeps writing to a file deleted under it (`rm -rf data/`)
without an error, and every commit then goes where nobody will ever read it; `check()` before
acknowledging anything turns that silent loss into a stop.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

import sqlalchemy as sa

from bot.storage.db import Database
from bot.storage.tables import ledger, members

log = logging.getLogger(__name__)


class DatabaseReplaced(RuntimeError):
    """The SQLite file was deleted or replaced while the process was using it."""


class DatabaseGuard:
    """Remembers the SQLite file's identity (device and inode) when made; PostgreSQL and
    in-memory databases have no file to watch, and their guard always passes."""

    def __init__(self, url: str) -> None:
        parsed = sa.make_url(url)
        name = parsed.database
        self.path: Path | None = None
        self._identity: tuple[int, int] | None = None
        if parsed.get_backend_name() == "sqlite" and name and name != ":memory:":
            self.path = Path(name).absolute()
            self._identity = self._stat()

    def _stat(self) -> tuple[int, int] | None:
        assert self.path is not None
        try:
            found = os.stat(self.path)
        except FileNotFoundError:
            return None
        return found.st_dev, found.st_ino

    def check(self) -> None:
        """Raises DatabaseReplaced when the file is gone or is another file now."""
        if self.path is None:
            return
        now = self._stat()
        if self._identity is None:
            # Made before the file existed: the first file seen is the one to keep.
            self._identity = now
            return
        if now is None:
            raise DatabaseReplaced(
                f"the database file {self.path} was deleted while Vafa was running; "
                "stopping so nothing more is written where it cannot be read. Restore it "
                "from a backup (or check the volume mount) and start again"
            )
        if now != self._identity:
            raise DatabaseReplaced(
                f"the database file {self.path} was replaced by another file while Vafa was "
                "running; stopping. Start again to use the file now in place"
            )


async def warn_if_new(db: Database) -> bool:
    """Logs a warning when the database holds no members and no ledger rows; whether it did.

    A mistyped volume or DATABASE_URL looks exactly like a fresh club, so say so at start.
    """
    async with db.read() as conn:
        has_members = await conn.scalar(sa.select(sa.exists().select_from(members)))
        has_ledger = await conn.scalar(sa.select(sa.exists().select_from(ledger)))
    if has_members or has_ledger:
        return False
    log.warning(
        "starting on a new, empty database at %s: if you expected data, check the volume "
        "mount and DATABASE_URL",
        _where(db),
    )
    return True


def _where(db: Database) -> str:
    if db.is_sqlite and db.url.database and db.url.database != ":memory:":
        return str(Path(db.url.database).absolute())
    return db.describe()
