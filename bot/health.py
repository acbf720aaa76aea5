"""`python -m bot health` and the heartbeat it reads.

Invariant: the heartbeat file (HEALTH_FILE) holds, per messenger, when its poller last
finished a getUpdates round, and is only ever replaced whole (written beside, then renamed),
so the check never reads half a file. Writes are throttled: a busy bot writes it at most once
every few seconds.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sqlite3
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import sqlalchemy as sa

from bot.settings import Settings
from bot.startup import StartupFailure, probe_database

log = logging.getLogger(__name__)

WRITE_EVERY_SECONDS = 5.0
# How stale a poll may be beyond POLL_TIMEOUT: the read timeout's slack, a retry back-off
# (at most 30 s) and the write throttle.
MARGIN_SECONDS = 60.0


class Heartbeat:
    def __init__(
        self,
        path: Path,
        *,
        every: float = WRITE_EVERY_SECONDS,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.path, self.every, self.clock = path, every, clock
        self.polls: dict[str, float] = {}
        self._written = 0.0
        self._failed = False

    def record(self, platform: str) -> None:
        now = self.clock()
        first = platform not in self.polls
        self.polls[platform] = now
        if first or now - self._written >= self.every:
            self._write(now)

    def _write(self, now: float) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".health-")
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump({"polls": self.polls, "pid": os.getpid()}, out)
            os.replace(temporary, self.path)
        except OSError as error:
            # The bot keeps serving; only the health check will say something is off.
            if not self._failed:
                log.warning("cannot write the health file %s (%s)", self.path, error)
            self._failed = True
            return
        self._written, self._failed = now, False


_heartbeat: Heartbeat | None = None


def start_heartbeat(path: Path) -> Heartbeat:
    """Makes `record_poll` write to `path` (`python -m bot run` calls this)."""
    global _heartbeat
    _heartbeat = Heartbeat(path)
    return _heartbeat


def stop_heartbeat() -> None:
    """A clean stop: the health file goes, so `health` says at once that nothing polls."""
    global _heartbeat
    if _heartbeat is not None:
        with contextlib.suppress(OSError):
            _heartbeat.path.unlink(missing_ok=True)
    _heartbeat = None


def record_poll(platform: str) -> None:
    """The poller calls this after every getUpdates round that got an answer; a no-op until
    start_heartbeat (the sandbox and the tests do not write a health file)."""
    if _heartbeat is not None:
        _heartbeat.record(platform)


def check_polls(settings: Settings, now: float | None = None) -> str | None:
    """What is wrong with the pollers' heartbeat, or None."""
    messengers = sorted(p.value for p in settings.tokens())
    if not messengers:
        return "no messenger is configured (TELEGRAM_TOKEN, BALE_TOKEN)"
    path = settings.health_file
    try:
        polls = json.loads(path.read_text(encoding="utf-8"))["polls"]
    except FileNotFoundError:
        return f"no poll recorded in {path} yet (still starting, or HEALTH_FILE differs)"
    except (OSError, ValueError, KeyError, TypeError) as error:
        return f"cannot read {path}: {error}"
    now = time.time() if now is None else now
    limit = settings.poll_timeout + MARGIN_SECONDS
    for name in messengers:
        at = polls.get(name)
        if not isinstance(at, int | float):
            return f"{name}: no poll recorded in {path}"
        if now - at > limit:
            return f"{name}: last poll {now - at:.0f} s ago (more than {limit:.0f} s)"
    return None


async def check_database(settings: Settings) -> str | None:
    """Whether the database answers, without creating anything; what is wrong, or None."""
    url = sa.make_url(settings.database_url)
    if url.get_backend_name() == "sqlite":
        return _check_sqlite(url.database or "")
    try:
        await probe_database(settings.database_url)
    except StartupFailure as failure:
        return failure.lines[0]
    return None


def _check_sqlite(name: str) -> str | None:
    if name == ":memory:":
        return None
    path = Path(name).absolute()
    if not path.is_file():
        return f"the SQLite file {path} does not exist"
    try:
        with sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=5) as conn:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error as error:
        return f"the SQLite file {path} cannot be read ({error})"
    return None


async def check(settings: Settings) -> str | None:
    """`python -m bot health`: the first problem found, or None when healthy."""
    return await check_database(settings) or check_polls(settings)
