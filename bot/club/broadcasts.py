"""Broadcasts: a promotional message to an audience, delivered through the outbox.

The life of a broadcast: `scheduled` (due later; the minute tick starts it), `sending`,
`paused` (its rows wait; nothing is sent), `cancelled` or `done`. Confirming freezes the
audience: the members that match at that moment with ids up to `frozen_through` (later
joiners are not in it). Its outbox rows, one per recipient (class promotional, method
`broadcast`, addressed to the member so the sender picks the chat they used last), are
written in chunks of BROADCAST_CHUNK members, each chunk its own short transaction, so a
million recipients never hold SQLite's write lock for long. A row carries only the
broadcast's id; the words, the photo and the buttons live once, in the broadcast's row.

Pausing, resuming and cancelling change the broadcast's row only: the sender takes a
broadcast's rows only while it is `sending`. Rows left `pending` by a cancel are closed in
chunks afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.club import segments
from bot.storage import outbox as box
from bot.storage.tables import broadcasts, members
from bot.storage.tables import outbox as outbox_table

if TYPE_CHECKING:
    from bot.club.club import Club

SCHEDULED, SENDING, PAUSED = "scheduled", "sending", "paused"
CANCELLED, DONE = "cancelled", "done"
# Telegram's limits: a message's text, a photo's caption.
MAX_TEXT, MAX_CAPTION = 4096, 1024
MAX_BUTTON_TEXT, MAX_URL = 40, 512


@dataclass
class Draft:
    """A broadcast being composed (kept in the composer's conversation, as plain data)."""

    text: str = ""
    photo: str | None = None  # a file_id on the composer's messenger
    button_text: str | None = None
    button_url: str | None = None
    segment_id: int | None = None
    due_at: datetime | None = None
    nonce: str | None = None  # the preview shown last (its buttons carry it)

    def data(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "photo": self.photo,
            "button_text": self.button_text,
            "button_url": self.button_url,
            "segment_id": self.segment_id,
            "due_at": self.due_at.isoformat() if self.due_at else None,
            "nonce": self.nonce,
        }

    @classmethod
    def of(cls, data: dict[str, Any]) -> Draft:
        due = data.get("due_at")
        return cls(
            text=str(data.get("text") or ""),
            photo=data.get("photo"),
            button_text=data.get("button_text"),
            button_url=data.get("button_url"),
            segment_id=data.get("segment_id"),
            due_at=datetime.fromisoformat(due) if due else None,
            nonce=data.get("nonce"),
        )

    def limit(self) -> int:
        return MAX_CAPTION if self.photo else MAX_TEXT


@dataclass
class Broadcast:
    id: int
    created_by: str
    platform: str
    chat_id: int
    progress_message_id: int | None
    text: str
    photo: dict[str, str] | None
    markup: dict[str, Any] | None
    segment_id: int | None
    criteria: dict[str, Any] | None
    status: str
    due_at: datetime | None
    audience_size: int
    frozen_through: int
    queued_through: int
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    outcome: dict[str, int] | None = None

    @classmethod
    def of(cls, row: Any) -> Broadcast:
        return cls(
            id=row.id,
            created_by=row.created_by,
            platform=row.platform,
            chat_id=row.chat_id,
            progress_message_id=row.progress_message_id,
            text=row.text,
            photo=dict(row.photo) if row.photo else None,
            markup=row.markup,
            segment_id=row.segment_id,
            criteria=row.criteria,
            status=row.status,
            due_at=row.due_at,
            audience_size=row.audience_size or 0,
            frozen_through=row.frozen_through or 0,
            queued_through=row.queued_through or 0,
            created_at=row.created_at,
            started_at=row.started_at,
            finished_at=row.finished_at,
            outcome=dict(row.outcome) if row.outcome else None,
        )

    @property
    def queued(self) -> bool:
        return self.queued_through >= self.frozen_through


@dataclass
class Progress:
    """What became of a broadcast's rows so far."""

    counts: dict[str, int] = field(default_factory=dict)
    total: int = 0

    def of(self, *statuses: str) -> int:
        return sum(self.counts.get(s, 0) for s in statuses)

    @property
    def sent(self) -> int:
        return self.of(box.SENT)

    @property
    def failed(self) -> int:
        return self.of(box.FAILED)

    @property
    def unreachable(self) -> int:
        return self.of(box.UNREACHABLE)

    @property
    def unknown(self) -> int:
        return self.of(box.UNKNOWN)

    @property
    def skipped(self) -> int:
        return self.of(box.SKIPPED)

    @property
    def left(self) -> int:
        """Not yet done with: waiting, being sent, or not yet written (still queuing)."""
        return max(self.total - self.of(*box.FINAL), 0)


class Broadcasts:
    def __init__(self, club: Club) -> None:
        self.club = club

    async def _criteria(self, segment_id: int | None) -> segments.Criteria | None:
        if segment_id is None:
            return None
        found = await segments.get(self.club.db, segment_id)
        if found is None:
            raise LookupError(f"segment {segment_id} is gone")
        return found.criteria

    async def audience_count(self, segment_id: int | None) -> int:
        """How many members a broadcast to this audience would reach now."""
        criteria = await self._criteria(segment_id)
        return await segments.count(
            self.club.db, criteria, now=self.club.now(), timezone=self.club.settings.timezone
        )

    async def create(
        self,
        draft: Draft,
        *,
        actor: str,
        platform: str,
        chat_id: int,
        progress_message_id: int | None,
        markup: dict[str, Any] | None,
    ) -> Broadcast:
        """The confirmation (in the update's transaction): the audience is frozen now."""
        now = self.club.now()
        criteria = await self._criteria(draft.segment_id)
        async with self.club.db.write() as conn:
            frozen = int(await conn.scalar(sa.select(sa.func.max(members.c.id))) or 0)
            chosen = self._audience(criteria, now).where(members.c.id <= frozen).subquery()
            size = int(await conn.scalar(sa.select(sa.func.count()).select_from(chosen)) or 0)
            later = draft.due_at is not None and draft.due_at > now
            photo = {"source": platform, platform: draft.photo} if draft.photo else None
            broadcast_id = await conn.scalar(
                sa.insert(broadcasts)
                .values(
                    created_by=actor,
                    platform=platform,
                    chat_id=chat_id,
                    progress_message_id=progress_message_id,
                    text=draft.text,
                    photo=photo,
                    button_text=draft.button_text,
                    button_url=draft.button_url,
                    markup=markup,
                    segment_id=draft.segment_id,
                    criteria=criteria.to_json() if criteria is not None else None,
                    status=SCHEDULED if later else SENDING,
                    due_at=draft.due_at if later else now,
                    audience_size=size,
                    frozen_through=frozen,
                    queued_through=0,
                    created_at=now,
                    started_at=None if later else now,
                )
                .returning(broadcasts.c.id)
            )
            row = (
                await conn.execute(sa.select(broadcasts).where(broadcasts.c.id == broadcast_id))
            ).one()
        return Broadcast.of(row)

    def _audience(self, criteria: segments.Criteria | None, now: datetime) -> sa.Select[Any]:
        return segments.audience(criteria, now=now, timezone=self.club.settings.timezone)

    async def get(self, broadcast_id: int) -> Broadcast | None:
        async with self.club.db.read() as conn:
            row = (
                await conn.execute(sa.select(broadcasts).where(broadcasts.c.id == broadcast_id))
            ).first()
        return Broadcast.of(row) if row else None

    async def recent(self, limit: int = 5) -> list[Broadcast]:
        async with self.club.db.read() as conn:
            rows = await conn.execute(
                sa.select(broadcasts).order_by(broadcasts.c.id.desc()).limit(limit)
            )
            return [Broadcast.of(row) for row in rows]

    async def change(self, broadcast_id: int, *, to: str, allowed: tuple[str, ...]) -> bool:
        """Pause, resume or cancel: one conditional update; False when the broadcast is no
        longer in a state that allows it (done, or a double tap already did it)."""
        values: dict[str, Any] = {"status": to}
        if to == SENDING:
            values["started_at"] = sa.func.coalesce(broadcasts.c.started_at, self.club.now())
        async with self.club.db.write() as conn:
            result = await conn.execute(
                sa.update(broadcasts)
                .where(broadcasts.c.id == broadcast_id, broadcasts.c.status.in_(allowed))
                .values(**values)
            )
            return bool(result.rowcount)

    async def start_due(self) -> list[int]:
        """Scheduled broadcasts whose time has come start sending (the minute tick)."""
        now = self.club.now()
        async with self.club.db.write() as conn:
            due = (
                (
                    await conn.execute(
                        sa.select(broadcasts.c.id).where(
                            broadcasts.c.status == SCHEDULED, broadcasts.c.due_at <= now
                        )
                    )
                )
                .scalars()
                .all()
            )
            if due:
                await conn.execute(
                    sa.update(broadcasts)
                    .where(broadcasts.c.id.in_(due), broadcasts.c.status == SCHEDULED)
                    .values(status=SENDING, started_at=now)
                )
        return list(due)

    async def active(self) -> list[Broadcast]:
        """Broadcasts with work left: rows to write, rows to send, or a cancel to close."""
        async with self.club.db.read() as conn:
            rows = await conn.execute(
                sa.select(broadcasts).where(
                    sa.or_(
                        broadcasts.c.status.in_((SCHEDULED, SENDING, PAUSED)),
                        sa.and_(
                            broadcasts.c.status == CANCELLED, broadcasts.c.finished_at.is_(None)
                        ),
                    )
                )
            )
            return [Broadcast.of(row) for row in rows]

    async def sending(self) -> list[int]:
        async with self.club.db.read() as conn:
            rows = await conn.execute(
                sa.select(broadcasts.c.id).where(broadcasts.c.status == SENDING)
            )
            return [int(r[0]) for r in rows]

    async def queue_chunk(self, broadcast: Broadcast) -> int:
        """Writes the next chunk of the frozen audience's rows (one transaction); returns the
        new `queued_through`. Two processes never write one chunk twice: the chunk's cursor
        moves with a conditional update in the same transaction."""
        chunk = self.club.settings.broadcast_chunk
        start = broadcast.queued_through
        end = min(start + chunk, broadcast.frozen_through)
        now = self.club.now()
        # The criteria frozen at the confirmation, not the segment as it is now.
        criteria = segments.Criteria.from_json(broadcast.criteria) if broadcast.criteria else None
        async with self.club.db.write() as conn:
            moved = await conn.execute(
                sa.update(broadcasts)
                .where(
                    broadcasts.c.id == broadcast.id,
                    broadcasts.c.queued_through == start,
                    # A cancel stops the writing at once (its rows would only be skipped).
                    broadcasts.c.status.in_((SENDING, PAUSED)),
                )
                .values(queued_through=end)
            )
            if not moved.rowcount:
                return int(
                    await conn.scalar(
                        sa.select(broadcasts.c.queued_through).where(
                            broadcasts.c.id == broadcast.id
                        )
                    )
                    or end
                )
            # The audience as it is now, within the frozen id range: a member who opted out
            # or was erased since the confirmation is not written at all.
            chosen = self._audience(criteria, now).where(members.c.id > start, members.c.id <= end)
            ids = chosen.subquery()
            await conn.execute(
                sa.insert(outbox_table).from_select(
                    [
                        "class",
                        "member_id",
                        "method",
                        "payload",
                        "status",
                        "attempts",
                        "next_at",
                        "created_at",
                        "broadcast_id",
                    ],
                    sa.select(
                        sa.literal(int(box.MessageClass.PROMOTIONAL)),
                        ids.c.id,
                        sa.literal("broadcast"),
                        sa.literal({"b": broadcast.id}, sa.JSON),
                        sa.literal(box.PENDING),
                        sa.literal(0),
                        sa.literal(now, outbox_table.c.next_at.type),
                        sa.literal(now, outbox_table.c.created_at.type),
                        sa.literal(broadcast.id),
                    ),
                )
            )
        return end

    async def progress(self, broadcast: Broadcast) -> Progress:
        if broadcast.outcome is not None:  # finished: its rows may be pruned since
            return Progress(dict(broadcast.outcome), sum(broadcast.outcome.values()))
        async with self.club.db.read() as conn:
            rows = await conn.execute(
                sa.select(outbox_table.c.status, sa.func.count())
                .where(outbox_table.c.broadcast_id == broadcast.id)
                .group_by(outbox_table.c.status)
            )
            counts = {str(status): int(n) for status, n in rows}
        written = sum(counts.values())
        # Until every chunk is written, the frozen count is the best total there is.
        total = written if broadcast.queued else max(broadcast.audience_size, written)
        return Progress(counts, total)

    async def close_cancelled(self, broadcast: Broadcast) -> bool:
        """A cancelled broadcast's waiting rows become skipped, a chunk at a time; True when
        none is left."""
        async with self.club.db.write() as conn:
            chosen = (
                sa.select(outbox_table.c.id)
                .where(
                    outbox_table.c.broadcast_id == broadcast.id,
                    outbox_table.c.status == box.PENDING,
                )
                .limit(self.club.settings.broadcast_chunk)
            )
            result = await conn.execute(
                sa.update(outbox_table)
                .where(outbox_table.c.id.in_(chosen.scalar_subquery()))
                .values(status=box.SKIPPED, error="broadcast cancelled", payload={})
            )
            return not result.rowcount

    @staticmethod
    async def finish(conn: AsyncConnection, finished: Broadcast) -> bool:
        """Marks the broadcast finished once, with its final counts (in the caller's
        transaction, with its report); False when another process already did."""
        result = await conn.execute(
            sa.update(broadcasts)
            .where(broadcasts.c.id == finished.id, broadcasts.c.finished_at.is_(None))
            .values(
                status=finished.status,
                finished_at=finished.finished_at,
                outcome=finished.outcome,
            )
        )
        return bool(result.rowcount)

    async def remember_photo(self, broadcast_id: int, platform: str, file_id: str) -> None:
        """The file_id a messenger gave the photo on its first upload, reused for the rest."""
        async with self.club.db.write() as conn:
            current = await conn.scalar(
                sa.select(broadcasts.c.photo).where(broadcasts.c.id == broadcast_id)
            )
            photo = dict(current or {}) | {platform: file_id}
            await conn.execute(
                sa.update(broadcasts).where(broadcasts.c.id == broadcast_id).values(photo=photo)
            )

    async def wanted(self, member_id: int) -> bool:
        """Whether a member still takes promotions (not opted out, not erased)."""
        async with self.club.db.read() as conn:
            row = (
                await conn.execute(
                    sa.select(members.c.promo_opt_out, members.c.deleted_at).where(
                        members.c.id == member_id
                    )
                )
            ).first()
        return row is not None and not row.promo_opt_out and row.deleted_at is None
