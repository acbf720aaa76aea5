"""The data directory as a shop owner can break it: a full disk, a deleted database file."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from bot.club.digits import to_persian_digits
from bot.storage.guard import DatabaseReplaced
from tests.e2e.test_purchases import join
from tests.e2e.world import OWNER_TELEGRAM_ID, World, t


async def test_a_full_disk_gives_the_member_the_apology_and_the_owners_one_report(
    world: World,
) -> None:
    member, _ = await join(world)
    owner = world.emu.user(world.telegram, user_id=OWNER_TELEGRAM_ID, first_name="Owner")
    member.replies()

    def full(conn: Any, cursor: Any, statement: str, *_: Any) -> None:
        if statement.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
            raise sa.exc.OperationalError(
                statement, None, sqlite3.OperationalError("database or disk is full")
            )

    engine = world.club.db.engine.sync_engine
    sa.event.listen(engine, "before_cursor_execute", full)
    try:
        # A profile edit writes; the disk refuses every write. Not an outage that passes by
        # waiting: after its attempts the member hears the apology, once.
        await member.press(t("button-profile"))  # only reads: answered
        failing = await member.press(t("button-edit-name"), timeout=20)
    finally:
        sa.event.remove(engine, "before_cursor_execute", full)
    said = [m.content for m in member.replies()]
    assert said.count(t("error-sorry")) == 1
    report = t(
        "error-owner-report",
        error="OperationalError",
        update=to_persian_digits(str(failing)),
        platform=t("platform-telegram"),
    )
    assert [m.content for m in owner.inbox] == [report]
    # Recorded once the disk takes writes again (the poller's next round), so it is not
    # handled twice.
    query = "SELECT count(*) FROM processed_updates WHERE update_id = :u"
    for _ in range(100):
        if await world.scalar(query, u=failing) == 1:
            break
        await asyncio.sleep(0.1)
    assert await world.scalar(query, u=failing) == 1


def remove_database(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


async def test_a_database_file_deleted_while_running_stops_before_acknowledging_anything(
    world: World, sqlite_url: str
) -> None:
    member, _ = await join(world)
    member.replies()
    remove_database(Path(sa.make_url(sqlite_url).database or ""))  # rm -rf data/
    assert world.runtime is not None
    await member.press(t("button-points"), wait=False)
    with pytest.raises(DatabaseReplaced):
        await asyncio.wait_for(world.runtime.wait(), 20)
    assert member.replies() == []  # nothing acknowledged into a file nobody will read
