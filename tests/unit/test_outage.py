"""Which failures the poller waits out (an outage) and which it counts towards giving up."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy.exc import IntegrityError, OperationalError
from telegram.error import BadRequest, Forbidden, NetworkError, TimedOut

from bot.runner import is_outage


def _db(cls: type[Exception], message: str) -> Exception:
    return cls("INSERT ...", {}, sqlite3.OperationalError(message))  # type: ignore[call-arg]


@pytest.mark.parametrize(
    "error",
    [
        _db(OperationalError, "database is locked"),
        _db(OperationalError, "unable to open database file"),
        TimedOut(),
        NetworkError("Bad Gateway"),
        ConnectionRefusedError(),
    ],
    ids=["locked", "cannot-open", "timed-out", "bad-gateway", "refused"],
)
def test_a_passing_failure_is_waited_out(error: Exception) -> None:
    assert is_outage(error)


@pytest.mark.parametrize(
    "error",
    [
        _db(OperationalError, "database or disk is full"),
        _db(OperationalError, "attempt to write a readonly database"),
        _db(OperationalError, "no such table: members"),
        _db(IntegrityError, "UNIQUE constraint failed: members.phone"),
        BadRequest("Message is not modified"),
        Forbidden("bot was blocked by the user"),
        KeyError("name"),
        RuntimeError("boom"),
    ],
    ids=[
        "disk-full",
        "read-only",
        "no-table",
        "integrity",
        "bad-request",
        "forbidden",
        "key",
        "bug",
    ],
)
def test_anything_else_is_a_failure_that_ends_in_the_apology(error: Exception) -> None:
    assert not is_outage(error)
