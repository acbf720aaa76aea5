"""The outbox: a message an effect causes is a row written in the effect's own transaction.

The life of a row: written `pending` (or already claimed, `sending`, by the process whose
update wrote it), claimed atomically by one sender (`UPDATE ... RETURNING`, `SKIP LOCKED` on
PostgreSQL) under a lease it renews while it holds the row, then `sent`, `failed`,
`unreachable` (403) or `skipped` (the member was erased first). A claim whose lease ran out
(its process died) is taken again: transactional and service rows are delivered at least
once. Promotional rows are at most once: a lapsed claim on one is given up, never resent.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.storage.db import Database, dialect_insert
from bot.storage.tables import identities, members, outbox


class MessageClass(enum.IntEnum):
    """Sending order and guarantee."""

    TRANSACTIONAL = 0  # replies, purchase and void notices: first, at least once
    SERVICE = 1  # confirmations, warnings, greetings: at least once
    PROMOTIONAL = 2  # broadcasts: last, at most once


PENDING, SENDING, SENT = "pending", "sending", "sent"
FAILED, UNREACHABLE, SKIPPED = "failed", "unreachable", "skipped"
# A promotional row that may or may not have arrived (its process died mid-send, a read
# timeout, a 5xx): at most once, so it is never sent again.
UNKNOWN = "unknown"
FINAL = (SENT, FAILED, UNREACHABLE, SKIPPED, UNKNOWN)


@dataclass
class Message:
    """One outgoing message, as the sender handles it (from the outbox or from memory)."""

    method: str  # send, edit, photo, document
    payload: dict[str, Any]
    klass: MessageClass = MessageClass.TRANSACTIONAL
    platform: str | None = None
    chat_id: int | None = None
    member_id: int | None = None
    dedup_key: str | None = None
    id: int | None = None  # the outbox row, once written; None for read-only answers
    attempts: int = 0
    # Chats still to try for a message addressed to a member, after the current one.
    fallbacks: list[tuple[str, int]] = field(default_factory=list)
    broadcast_id: int | None = None

    def row(self) -> dict[str, Any]:
        payload = self.payload | {"fallbacks": self.fallbacks} if self.fallbacks else self.payload
        return {
            "class": int(self.klass),
            "platform": self.platform,
            "chat_id": self.chat_id,
            "member_id": self.member_id,
            "method": self.method,
            "payload": payload,
            "dedup_key": self.dedup_key,
            "broadcast_id": self.broadcast_id,
        }

    @classmethod
    def from_row(cls, row: Any) -> Message:
        payload = dict(row.payload)
        fallbacks = [(str(p), int(c)) for p, c in payload.pop("fallbacks", [])]
        return cls(
            method=row.method,
            payload=payload,
            klass=MessageClass(row._mapping["class"]),
            platform=row.platform,
            chat_id=row.chat_id,
            member_id=row.member_id,
            dedup_key=row.dedup_key,
            id=row.id,
            attempts=row.attempts,
            fallbacks=fallbacks,
            broadcast_id=row.broadcast_id,
        )


async def write(
    conn: AsyncConnection,
    messages: Sequence[Message],
    *,
    now: datetime,
    claimed_by: str | None = None,
    lease: timedelta | None = None,
    due: datetime | None = None,
) -> None:
    """Inserts messages inside the caller's transaction and sets their ids.

    With `claimed_by`, the rows are born claimed by that sender, which delivers them right
    after the commit; without it they wait for any sender's claim, from `due` on (default
    now). A message whose dedup_key already exists is not written again (and keeps id None).
    """
    rows = []
    for message in messages:
        values = message.row() | {"next_at": due or now, "created_at": now, "attempts": 0}
        if claimed_by is not None and lease is not None:
            values |= {"status": SENDING, "claimed_by": claimed_by, "lease_until": now + lease}
        else:
            values |= {"status": PENDING, "claimed_by": None, "lease_until": None}
        rows.append(values)
    plain = [(m, r) for m, r in zip(messages, rows, strict=True) if m.dedup_key is None]
    if plain:
        # One statement for the update's messages, ids back in the order given.
        result = await conn.execute(
            sa.insert(outbox).returning(outbox.c.id, sort_by_parameter_order=True),
            [r for _, r in plain],
        )
        for (message, _), row_id in zip(plain, result.scalars(), strict=True):
            message.id = row_id
    keyed = [(m, r) for m, r in zip(messages, rows, strict=True) if m.dedup_key is not None]
    if keyed:
        # One statement too (a job's batch of notices); a key already written is skipped.
        result = await conn.execute(
            dialect_insert(conn, outbox)
            .on_conflict_do_nothing()
            .returning(outbox.c.id, outbox.c.dedup_key),
            [r for _, r in keyed],
        )
        made = {key: row_id for row_id, key in result}
        for message, _ in keyed:
            message.id = made.pop(message.dedup_key, None)  # the first of a repeated key


async def claim(
    db: Database,
    *,
    claimed_by: str,
    now: datetime,
    lease: timedelta,
    limit: int,
    promotions: int = 0,
    broadcasts: Sequence[int] = (),
) -> list[Message]:
    """Takes due rows for this sender: pending ones, and at-least-once rows whose claim
    lapsed. Atomic: two senders never take one row.

    Promotional rows are taken only up to `promotions` (the sender's in-flight window, 0 in
    quiet hours), and a broadcast's rows only while it is sending (`broadcasts`): pausing or
    cancelling one changes one row, not its million.
    """
    promotional = outbox.c["class"] == int(MessageClass.PROMOTIONAL)
    pending = sa.and_(outbox.c.status == PENDING, outbox.c.next_at <= now)
    due = sa.or_(
        sa.and_(pending, ~promotional),
        sa.and_(outbox.c.status == SENDING, outbox.c.lease_until < now, ~promotional),
    )
    # Promotional rows: a broadcast's by its index (broadcast_id, status, id), in order.
    promo_choices = [
        sa.select(outbox.c.id).where(outbox.c.broadcast_id == broadcast_id, pending, promotional)
        for broadcast_id in broadcasts
    ]
    promo_choices.append(
        sa.select(outbox.c.id).where(outbox.c.broadcast_id.is_(None), pending, promotional)
    )
    async with db.read() as conn:
        # A cheap look first: most polls find nothing and need no write lock.
        found = await conn.scalar(sa.select(outbox.c.id).where(due).limit(1)) is not None
        if promotions > 0 and not found:
            for choice in promo_choices:
                if await conn.scalar(choice.limit(1)) is not None:
                    found = True
                    break
        if not found:
            return []
    claimed: list[Message] = []
    async with db.write() as conn:

        async def take(choice: sa.Select[tuple[int]], room: int) -> None:
            chosen = choice.limit(room)
            if conn.dialect.name == "postgresql":
                chosen = chosen.with_for_update(skip_locked=True)
            rows = await conn.execute(
                sa.update(outbox)
                .where(outbox.c.id.in_(chosen.scalar_subquery()))
                .values(status=SENDING, claimed_by=claimed_by, lease_until=now + lease)
                .returning(*outbox.c)
            )
            claimed.extend(Message.from_row(row) for row in rows)

        await take(
            sa.select(outbox.c.id).where(due).order_by(outbox.c["class"], outbox.c.id), limit
        )
        for choice in promo_choices if promotions > 0 else ():
            room = promotions - sum(1 for m in claimed if m.klass == MessageClass.PROMOTIONAL)
            if room > 0:
                await take(choice.order_by(outbox.c.id), room)
    # Within a chat the order written is the order sent, whatever the class; the class only
    # decides which chat goes first (the sender's turns).
    claimed.sort(key=lambda m: m.id or 0)
    return claimed


async def give_up_lapsed_promotions(db: Database, *, now: datetime) -> int:
    """At most once: a promotional row whose sender died mid-send may have been delivered."""
    async with db.write() as conn:
        result = await conn.execute(
            sa.update(outbox)
            .where(
                outbox.c.status == SENDING,
                outbox.c.lease_until < now,
                outbox.c["class"] == int(MessageClass.PROMOTIONAL),
            )
            .values(status=UNKNOWN, error="claim lapsed (at most once)", payload={})
        )
        return int(result.rowcount or 0)


async def renew(db: Database, *, claimed_by: str, until: datetime) -> None:
    """Keeps this sender's claims while it still holds the rows (a long 429, a retry)."""
    async with db.write() as conn:
        await conn.execute(
            sa.update(outbox)
            .where(outbox.c.claimed_by == claimed_by, outbox.c.status == SENDING)
            .values(lease_until=until)
        )


async def release(
    db: Database, *, claimed_by: str, now: datetime, attempted: Iterable[int] = ()
) -> int:
    """Hands this sender's undelivered rows back (a clean stop), for the next sender; a
    promotional row it already tried to send may have arrived, so it is given up instead."""
    tried = list(attempted)
    async with db.write() as conn:
        if tried:
            await conn.execute(
                sa.update(outbox)
                .where(
                    outbox.c.claimed_by == claimed_by,
                    outbox.c.status == SENDING,
                    outbox.c.id.in_(tried),
                    outbox.c["class"] == int(MessageClass.PROMOTIONAL),
                )
                .values(status=UNKNOWN, error="stopped mid-send (at most once)", payload={})
            )
        result = await conn.execute(
            sa.update(outbox)
            .where(outbox.c.claimed_by == claimed_by, outbox.c.status == SENDING)
            .values(status=PENDING, claimed_by=None, lease_until=None, next_at=now)
        )
        return int(result.rowcount or 0)


async def release_dead(db: Database, *, alive: Iterable[str], dead: Iterable[str]) -> int:
    """Frees rows claimed by senders known to be dead (a process on this host that is gone),
    without waiting for their leases; `alive` is never touched."""
    gone = set(dead) - set(alive)
    if not gone:
        return 0
    async with db.write() as conn:
        result = await conn.execute(
            sa.update(outbox)
            .where(outbox.c.status == SENDING, outbox.c.claimed_by.in_(gone))
            .values(lease_until=datetime(1970, 1, 1, tzinfo=UTC))
        )
        return int(result.rowcount or 0)


async def claimants(db: Database) -> list[str]:
    async with db.read() as conn:
        rows = await conn.execute(
            sa.select(outbox.c.claimed_by).where(outbox.c.status == SENDING).distinct()
        )
        return [r[0] for r in rows if r[0]]


@dataclass
class Outcome:
    id: int
    status: str
    at: datetime
    error: str | None = None


async def record(db: Database, outcomes: Sequence[Outcome]) -> None:
    """Final states of delivered rows: one statement per state (most are simply sent), all in
    one transaction."""
    if not outcomes:
        return
    groups: dict[tuple[str, str | None], list[Outcome]] = {}
    for outcome in outcomes:
        groups.setdefault((outcome.status, outcome.error), []).append(outcome)
    async with db.write() as conn:
        for (status, error), done in groups.items():
            await conn.execute(
                sa.update(outbox)
                .where(outbox.c.id.in_([o.id for o in done]))
                .values(
                    status=status,
                    sent_at=max(o.at for o in done),
                    error=error,
                    claimed_by=None,
                    lease_until=None,
                    # Done with: the words (names, codes) are not kept, only what became of them.
                    payload={},
                )
            )


async def retry_later(db: Database, message: Message, *, at: datetime, error: str) -> None:
    """A row that could not be sent now (the messenger is away): back to pending, later."""
    async with db.write() as conn:
        await conn.execute(
            sa.update(outbox)
            .where(outbox.c.id == message.id)
            .values(
                status=PENDING,
                attempts=message.attempts,
                next_at=at,
                claimed_by=None,
                lease_until=None,
                error=error[:200],
            )
        )


async def address(
    conn: AsyncConnection, messages: Sequence[Message], *, platforms: Iterable[str]
) -> None:
    """Chooses the chat of each message addressed to a member, inside the transaction that
    writes it: where they were seen last, then their other reachable chats as fallbacks. So a
    notice takes its place in that chat's order when it is written, like a reply. A member
    with no reachable chat is left to the sender (it records the row unreachable)."""
    wanted = {m.member_id for m in messages if m.chat_id is None and m.member_id is not None}
    if not wanted:
        return
    running = set(platforms)
    rows = await conn.execute(
        sa.select(
            identities.c.member_id,
            identities.c.platform,
            identities.c.chat_id,
            members.c.last_platform,
        )
        .join(members, members.c.id == identities.c.member_id)
        .where(
            identities.c.member_id.in_(wanted),
            identities.c.blocked_at.is_(None),
            members.c.deleted_at.is_(None),
        )
        .order_by(identities.c.member_id, identities.c.platform)
    )
    chats: dict[int, list[tuple[bool, str, int]]] = {}
    for row in rows:
        if row.platform in running:
            elsewhere = row.platform != row.last_platform
            chats.setdefault(row.member_id, []).append((elsewhere, row.platform, row.chat_id))
    for message in messages:
        found = sorted(chats.get(message.member_id or 0, []))
        if message.chat_id is None and found:
            message.platform, message.chat_id = found[0][1], found[0][2]
            message.fallbacks = [(p, c) for _, p, c in found[1:]]


async def forget(
    conn: AsyncConnection, *, member_id: int, chats: Iterable[tuple[str, int]]
) -> None:
    """A member is erased (inside that transaction): no row keeps their words, and notices
    not yet sent to them are not sent. Replies are kept by chat (a private chat's id is the
    person's user id), notices by member."""
    mine = sa.or_(
        outbox.c.member_id == member_id,
        *(
            sa.and_(outbox.c.platform == platform, outbox.c.chat_id == chat_id)
            for platform, chat_id in chats
        ),
    )
    await conn.execute(
        sa.update(outbox)
        .where(mine, outbox.c.status == PENDING)
        .values(status=SKIPPED, error="member erased", payload={})
    )
    # Rows being sent right now keep their words only in the sender's memory; should that
    # sender die, whoever takes the row over finds nothing to send and skips it.
    await conn.execute(sa.update(outbox).where(mine).values(payload={}))


async def erased(db: Database, member_ids: Iterable[int]) -> set[int]:
    """Which of these members were erased (a notice to them is skipped when it is sent)."""
    ids = list(set(member_ids))
    if not ids:
        return set()
    async with db.read() as conn:
        rows = await conn.execute(
            sa.select(members.c.id).where(members.c.id.in_(ids), members.c.deleted_at.isnot(None))
        )
        return {int(r[0]) for r in rows}


async def prune(db: Database, *, before: datetime) -> int:
    """Delivered and given-up rows past the keeping time."""
    async with db.write() as conn:
        result = await conn.execute(
            sa.delete(outbox).where(
                outbox.c.status.in_(FINAL),
                outbox.c.created_at < before,
            )
        )
        return int(result.rowcount or 0)
