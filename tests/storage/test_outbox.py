"""The outbox's rows on SQLite and PostgreSQL: one claimant per row, leases, dead claimants."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from bot.outgoing import text_message
from bot.storage import outbox
from bot.storage.db import Database
from bot.storage.outbox import Message, MessageClass

NOW = datetime(2025, 3, 21, 12, 0, tzinfo=UTC)
LEASE = timedelta(seconds=30)


def message(n: int, klass: MessageClass = MessageClass.TRANSACTIONAL) -> Message:
    built = text_message(f"message {n}")
    built.klass, built.platform, built.chat_id = klass, "telegram", 1000 + n
    return built


async def write(db: Database, messages: list[Message], **claim: object) -> list[int]:
    async with db.write() as conn:
        await outbox.write(conn, messages, now=NOW, **claim)  # type: ignore[arg-type]
    return [m.id for m in messages if m.id is not None]


async def statuses(db: Database) -> dict[int, tuple[str, str | None]]:
    async with db.read() as conn:
        rows = await conn.execute(
            sa.select(outbox.outbox.c.id, outbox.outbox.c.status, outbox.outbox.c.claimed_by)
        )
        return {r.id: (r.status, r.claimed_by) for r in rows}


async def test_two_senders_claiming_at_once_never_take_the_same_row(any_url: str) -> None:
    first, second = Database(any_url), Database(any_url)
    try:
        ids = await write(first, [message(n) for n in range(120)])
        taken: dict[str, list[int]] = {"a": [], "b": []}

        async def sender(db: Database, name: str) -> None:
            while True:
                found = await outbox.claim(db, claimed_by=name, now=NOW, lease=LEASE, limit=7)
                if not found:
                    return
                taken[name].extend(m.id for m in found if m.id is not None)
                await asyncio.sleep(0.005)  # a sender's pause between rounds lets the other in

        await asyncio.gather(sender(first, "a"), sender(second, "b"))
        assert taken["a"] and taken["b"], "both senders should have had a share"
        assert not set(taken["a"]) & set(taken["b"])
        assert sorted(taken["a"] + taken["b"]) == sorted(ids)
        rows = await statuses(first)
        assert all(rows[i] == ("sending", "a") for i in taken["a"])
        assert all(rows[i] == ("sending", "b") for i in taken["b"])
    finally:
        await first.dispose()
        await second.dispose()


async def test_claims_take_the_higher_classes_first_and_keep_the_written_order(
    any_db: Database,
) -> None:
    await write(
        any_db,
        [
            message(1, MessageClass.PROMOTIONAL),
            message(2, MessageClass.SERVICE),
            message(3, MessageClass.TRANSACTIONAL),
        ],
    )
    found = await outbox.claim(any_db, claimed_by="a", now=NOW, lease=LEASE, limit=2)
    # The promotional row waits; the two taken go out in the order they were written (one
    # chat's messages keep their order whatever their class).
    assert [m.payload["text"] for m in found] == ["message 2", "message 3"]


async def test_a_lapsed_claim_is_taken_again_unless_the_row_is_promotional(
    any_db: Database,
) -> None:
    kinds = [MessageClass.TRANSACTIONAL, MessageClass.SERVICE, MessageClass.PROMOTIONAL]
    ids = await write(
        any_db, [message(n, k) for n, k in enumerate(kinds)], claimed_by="dead", lease=LEASE
    )
    # While the lease runs, nobody else takes them.
    assert await outbox.claim(any_db, claimed_by="b", now=NOW, lease=LEASE, limit=10) == []
    later = NOW + LEASE + timedelta(seconds=1)
    found = await outbox.claim(
        any_db, claimed_by="b", now=later, lease=LEASE, limit=10, promotions=10
    )
    assert [m.id for m in found] == ids[:2]
    assert await outbox.give_up_lapsed_promotions(any_db, now=later) == 1
    rows = await statuses(any_db)
    assert rows[ids[0]] == rows[ids[1]] == ("sending", "b")
    # It may have arrived before its sender died: "unknown", never sent again.
    assert rows[ids[2]][0] == "unknown"
    much_later = later + 10 * LEASE
    again = await outbox.claim(
        any_db, claimed_by="c", now=much_later, lease=LEASE, limit=10, promotions=10
    )
    assert ids[2] not in [m.id for m in again]


async def test_release_dead_frees_only_the_dead_claimants_rows(any_db: Database) -> None:
    alive = await write(any_db, [message(1), message(2)], claimed_by="host:1:alive", lease=LEASE)
    dead = await write(any_db, [message(3), message(4)], claimed_by="host:2:dead", lease=LEASE)
    assert sorted(await outbox.claimants(any_db)) == ["host:1:alive", "host:2:dead"]
    freed = await outbox.release_dead(
        any_db, alive=["host:1:alive"], dead=["host:1:alive", "host:2:dead"]
    )
    assert freed == 2
    found = await outbox.claim(any_db, claimed_by="host:3:new", now=NOW, lease=LEASE, limit=10)
    assert [m.id for m in found] == dead
    rows = await statuses(any_db)
    assert [rows[i] for i in alive] == [("sending", "host:1:alive")] * 2
    assert await outbox.release_dead(any_db, alive=["x"], dead=[]) == 0


async def test_a_clean_stop_hands_rows_back_and_outcomes_are_recorded(any_db: Database) -> None:
    ids = await write(any_db, [message(1), message(2)], claimed_by="a", lease=LEASE)
    await outbox.record(any_db, [outbox.Outcome(ids[0], outbox.SENT, NOW)])
    assert await outbox.release(any_db, claimed_by="a", now=NOW) == 1
    rows = await statuses(any_db)
    assert rows == {ids[0]: ("sent", None), ids[1]: ("pending", None)}
    found = await outbox.claim(any_db, claimed_by="b", now=NOW, lease=LEASE, limit=10)
    assert [m.id for m in found] == [ids[1]]


async def test_a_message_with_a_dedup_key_is_written_once(any_db: Database) -> None:
    def greeting() -> Message:
        built = message(1, MessageClass.SERVICE)
        built.dedup_key = "birthday:2025:7"
        return built

    first, plain, second = greeting(), message(2), greeting()
    assert len(await write(any_db, [first, plain])) == 2
    assert await write(any_db, [second]) == []
    assert first.id is not None and plain.id is not None and second.id is None
    async with any_db.read() as conn:
        keys = (await conn.execute(sa.select(outbox.outbox.c.dedup_key))).scalars().all()
    assert sorted(keys, key=str) == sorted(["birthday:2025:7", None], key=str)
