"""A clash on a member's phone, logged with its traceback, leaves no phone digits in the logs
(PostgreSQL quotes the row in a DETAIL line that hide_parameters does not cover)."""

from __future__ import annotations

import io
import logging
import re
import traceback
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from bot.logs import configure_logging, scrub
from bot.storage.db import Database
from bot.storage.tables import members

PHONE = "+989121234567"


@pytest.fixture
def output() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    handler = configure_logging("INFO", stream=stream)
    yield stream
    logging.getLogger().removeHandler(handler)


async def test_a_unique_violation_on_a_phone_never_reaches_the_logs(
    any_db: Database, output: io.StringIO
) -> None:
    row = {"name": "Sara", "phone": PHONE, "joined_at": datetime.now(UTC)}
    async with any_db.write() as conn:
        await conn.execute(sa.insert(members).values(code="1", **row))
    with pytest.raises(IntegrityError) as caught:
        async with any_db.write() as conn:
            await conn.execute(sa.insert(members).values(code="2", **row))
    # PostgreSQL's error does carry the number, in the chained driver exception's DETAIL
    # line: the filter is what keeps it out.
    if not any_db.is_sqlite:
        assert PHONE in "".join(traceback.format_exception(caught.value))
    log = logging.getLogger("bot.handlers")
    log.error("handling failed: %s", caught.value, exc_info=caught.value)
    log.warning("retrying %s", caught.value.orig)
    written = output.getvalue()
    assert "Traceback" in written and "IntegrityError" in written
    assert "9121234567" not in written
    assert "members" in written  # what failed is still said, only the values are gone


@pytest.mark.parametrize(
    "text",
    [
        "DETAIL:  Key (phone)=(+989121234567) already exists.",
        "Key (phone)=(+989121234567) already exists.",
        "member 09121234567",
        "member \u06f0\u06f9\u06f1\u06f2\u06f1\u06f2\u06f3\u06f4\u06f5\u06f6\u06f7",
        "member 989121234567 and 00989121234567",
    ],
)
def test_phone_like_text_is_scrubbed(text: str) -> None:
    scrubbed = scrub(text)
    assert "<phone>" in scrubbed or "<hidden>" in scrubbed
    assert not re.search(r"\d{7}", scrubbed), scrubbed


def test_ids_and_times_are_kept() -> None:
    line = "update 123456789 at 2024-05-01 12:00:01 for chat 1234567"
    assert scrub(line) == line
