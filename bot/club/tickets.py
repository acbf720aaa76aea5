"""Feedback threads: a member's ticket, its messages both ways, and its status.

Invariant: a ticket and every message of its thread are written in the transaction of the
update that said them (the caller's), so a member is never told a number of a ticket that was
rolled back. A ticket belongs to one member: every member-side read names the member too, so
a ticket number guessed or forwarded shows nothing of someone else's.

Statuses: open (the team owes an answer), answered (the member may answer back, which opens it
again), closed (a later message from the member starts a new ticket).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.club.digits import visible_text
from bot.storage.db import dialect_insert
from bot.storage.tables import purchases
from bot.storage.tables_tickets import ticket_messages, tickets

SUGGESTION, COMPLAINT, QUESTION, PURCHASE, SURVEY = (
    "suggestion",
    "complaint",
    "question",
    "purchase",
    "survey",
)
KINDS = (SUGGESTION, COMPLAINT, QUESTION, PURCHASE, SURVEY)
# The kinds a member picks from the menu; the others are opened by the club.
MEMBER_KINDS = (SUGGESTION, COMPLAINT, QUESTION)

OPEN, ANSWERED, CLOSED = "open", "answered", "closed"
MEMBER, TEAM = "member", "team"

# A message's longest text (a photo's caption included); longer is refused, not cut.
MAX_TEXT = 2000


class TicketRefused(ValueError):
    """Something the person must be told instead; `key` names the message."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


@dataclass(frozen=True)
class Ticket:
    number: int
    member_id: int
    kind: str
    status: str
    purchase_id: int | None
    attachment: dict[str, Any] | None
    created_at: datetime
    first_response_at: datetime | None


@dataclass(frozen=True)
class Entry:
    author: str
    text: str
    photo: dict[str, str] | None
    created_at: datetime


def _ticket(row: Any) -> Ticket:
    return Ticket(
        number=row.id,
        member_id=row.member_id,
        kind=row.kind,
        status=row.status,
        purchase_id=row.purchase_id,
        attachment=row.attachment,
        created_at=row.created_at,
        first_response_at=row.first_response_at,
    )


def _json(value: dict[str, Any] | None) -> Any:
    """SQL NULL for nothing (a JSON column would otherwise keep the JSON value `null`)."""
    return sa.null() if value is None else value


def check_text(text: str) -> str:
    """The member's or team's words as kept: trimmed; empty or too long is refused."""
    text = text.strip()
    if not visible_text(text):  # marks and zero-width characters alone show nothing
        raise TicketRefused("ticket-error-empty")
    if len(text) > MAX_TEXT:
        raise TicketRefused("ticket-error-too-long")
    return text


async def open_in(
    conn: AsyncConnection,
    *,
    member_id: int,
    kind: str,
    text: str,
    now: datetime,
    purchase_id: int | None = None,
    attachment: dict[str, Any] | None = None,
    photo: dict[str, str] | None = None,
) -> int:
    """Opens a ticket in the caller's transaction and returns its number.

    A survey's low score calls it with kind "survey" and its answers in `attachment`, shown to
    the team as `{"title": str, "answers": [[question, answer], ...]}` (any other JSON is
    shown as it is); `text` may be empty then. Telling
    the team is the caller's (bot/handlers/tickets.announce). A purchase already disowned
    returns its existing ticket (one ticket per purchase, whoever races)."""
    assert kind in KINDS, kind
    number = await _insert(conn, member_id, kind, text, now, purchase_id, attachment, photo)
    if number is None:
        existing = await conn.scalar(
            sa.select(tickets.c.id).where(tickets.c.purchase_id == purchase_id)
        )
        assert existing is not None
        return int(existing)
    return number


async def _insert(
    conn: AsyncConnection,
    member_id: int,
    kind: str,
    text: str,
    now: datetime,
    purchase_id: int | None,
    attachment: dict[str, Any] | None,
    photo: dict[str, str] | None,
) -> int | None:
    """The new ticket's number with its first message; None if the purchase has one."""
    number = await conn.scalar(
        dialect_insert(conn, tickets)
        .values(
            member_id=member_id,
            kind=kind,
            status=OPEN,
            purchase_id=purchase_id,
            attachment=_json(attachment),
            created_at=now,
            updated_at=now,
        )
        .on_conflict_do_nothing(index_elements=["purchase_id"])
        .returning(tickets.c.id)
    )
    if number is None:
        return None
    await _append(conn, int(number), MEMBER, None, text, photo, now)
    return int(number)


async def _append(
    conn: AsyncConnection,
    number: int,
    author: str,
    actor: str | None,
    text: str,
    photo: dict[str, str] | None,
    now: datetime,
) -> None:
    await conn.execute(
        sa.insert(ticket_messages).values(
            ticket_id=number,
            author=author,
            actor=actor,
            text=text,
            photo=_json(photo),
            created_at=now,
        )
    )


async def get(conn: AsyncConnection, number: int) -> Ticket | None:
    """A ticket by number, for the team (the handler asked Action.TICKETS first)."""
    row = (await conn.execute(sa.select(tickets).where(tickets.c.id == number))).first()
    return _ticket(row) if row is not None else None


async def get_for_member(conn: AsyncConnection, number: int, member_id: int) -> Ticket | None:
    """A ticket by number only if it is this member's: another's is as if it did not exist."""
    row = (
        await conn.execute(
            sa.select(tickets).where(tickets.c.id == number, tickets.c.member_id == member_id)
        )
    ).first()
    return _ticket(row) if row is not None else None


async def live_for_member(conn: AsyncConnection, member_id: int) -> Ticket | None:
    """The member's latest ticket still open or answered: their next message joins it."""
    row = (
        await conn.execute(
            sa.select(tickets)
            .where(tickets.c.member_id == member_id, tickets.c.status != CLOSED)
            .order_by(tickets.c.updated_at.desc(), tickets.c.id.desc())
            .limit(1)
        )
    ).first()
    return _ticket(row) if row is not None else None


async def add_member_message(
    conn: AsyncConnection,
    *,
    number: int,
    member_id: int,
    text: str,
    now: datetime,
    photo: dict[str, str] | None = None,
) -> Ticket:
    """The member's words added to their own ticket, which opens again (the team owes an
    answer). A closed or someone else's ticket is refused."""
    reopened = await conn.execute(
        sa.update(tickets)
        .where(tickets.c.id == number, tickets.c.member_id == member_id, tickets.c.status != CLOSED)
        .values(status=OPEN, updated_at=now)
    )
    if reopened.rowcount != 1:
        raise TicketRefused("ticket-error-closed")
    await _append(conn, number, MEMBER, None, text, photo, now)
    found = await get(conn, number)
    assert found is not None
    return found


async def answer(
    conn: AsyncConnection, *, number: int, actor: str, text: str, now: datetime
) -> Ticket:
    """The team's answer: the ticket is answered, the first answer's time kept once."""
    done = await conn.execute(
        sa.update(tickets)
        .where(tickets.c.id == number, tickets.c.status != CLOSED)
        .values(
            status=ANSWERED,
            updated_at=now,
            first_response_at=sa.func.coalesce(tickets.c.first_response_at, now),
        )
    )
    if done.rowcount != 1:
        raise TicketRefused("ticket-error-closed")
    await _append(conn, number, TEAM, actor, text, None, now)
    found = await get(conn, number)
    assert found is not None
    return found


async def close(conn: AsyncConnection, *, number: int, now: datetime) -> Ticket | None:
    """Closes the ticket; None when it was closed already (a second press does nothing)."""
    done = await conn.execute(
        sa.update(tickets)
        .where(tickets.c.id == number, tickets.c.status != CLOSED)
        .values(status=CLOSED, closed_at=now, updated_at=now)
    )
    if done.rowcount != 1:
        return None
    return await get(conn, number)


async def thread(conn: AsyncConnection, number: int) -> list[Entry]:
    rows = (
        await conn.execute(
            sa.select(ticket_messages)
            .where(ticket_messages.c.ticket_id == number)
            .order_by(ticket_messages.c.id)
        )
    ).all()
    return [Entry(r.author, r.text, r.photo, r.created_at) for r in rows]


async def open_list(conn: AsyncConnection, *, limit: int) -> list[Ticket]:
    """Tickets waiting for the team (open), oldest first."""
    rows = (
        await conn.execute(
            sa.select(tickets)
            .where(tickets.c.status == OPEN)
            .order_by(tickets.c.created_at, tickets.c.id)
            .limit(limit)
        )
    ).all()
    return [_ticket(r) for r in rows]


async def count_open(conn: AsyncConnection) -> int:
    found = await conn.scalar(
        sa.select(sa.func.count()).select_from(tickets).where(tickets.c.status == OPEN)
    )
    return int(found or 0)


async def disown_purchase(
    conn: AsyncConnection, *, member_id: int, purchase_number: int, text: str, now: datetime
) -> tuple[int, bool]:
    """Not my purchase: (ticket number, opened now). Only the purchase's own member may;
    another's purchase, or one unknown, is refused the same way. Pressed twice, one ticket."""
    owner = await conn.scalar(
        sa.select(purchases.c.member_id).where(purchases.c.id == purchase_number)
    )
    if owner is None or owner != member_id:
        raise TicketRefused("ticket-notmine-unknown")
    number = await _insert(conn, member_id, PURCHASE, text, now, purchase_number, None, None)
    if number is not None:
        return number, True
    before = await conn.scalar(
        sa.select(tickets.c.id).where(tickets.c.purchase_id == purchase_number)
    )
    assert before is not None
    return int(before), False


async def flagged_purchases(conn: AsyncConnection) -> set[int]:
    """Purchases a member said were not theirs, whose ticket is not closed (for staff)."""
    rows = await conn.scalars(
        sa.select(tickets.c.purchase_id).where(
            tickets.c.purchase_id.is_not(None), tickets.c.status != CLOSED
        )
    )
    return {int(r) for r in rows}


async def median_first_response(
    conn: AsyncConnection, since: datetime, until: datetime | None = None
) -> timedelta | None:
    """The median time from a ticket's opening to the team's first answer, over tickets
    opened since `since` (and before `until`) and answered; None when there are none.
    Computed in Python over the answered tickets' two times (a club answers tens a week,
    not millions)."""
    query = sa.select(tickets.c.created_at, tickets.c.first_response_at).where(
        tickets.c.created_at >= since, tickets.c.first_response_at.is_not(None)
    )
    if until is not None:
        query = query.where(tickets.c.created_at < until)
    rows = (await conn.execute(query)).all()
    if not rows:
        return None
    seconds = [(r.first_response_at - r.created_at).total_seconds() for r in rows]
    return timedelta(seconds=statistics.median(seconds))


async def erase_member(conn: AsyncConnection, *, member_id: int, now: datetime) -> None:
    """An erased member's threads keep their shape (counts, times, the KPI) and lose their
    words: every message of their tickets is blanked, photos and attachments dropped, and
    the tickets closed (bot/club/privacy.py calls it in the erasure's transaction)."""
    theirs = sa.select(tickets.c.id).where(tickets.c.member_id == member_id)
    await conn.execute(
        sa.update(ticket_messages)
        .where(ticket_messages.c.ticket_id.in_(theirs))
        .values(text="", photo=sa.null())
    )
    await conn.execute(
        sa.update(tickets)
        .where(tickets.c.member_id == member_id)
        .values(
            attachment=sa.null(),
            status=CLOSED,
            closed_at=sa.func.coalesce(tickets.c.closed_at, now),
        )
    )


async def export(conn: AsyncConnection, *, member_id: int) -> list[dict[str, Any]]:
    """The member's own tickets and their messages, for "export my data" (bot/club/export.py)."""
    rows = (
        await conn.execute(
            sa.select(tickets).where(tickets.c.member_id == member_id).order_by(tickets.c.id)
        )
    ).all()
    found = []
    for row in rows:
        entries = await thread(conn, row.id)
        found.append(
            {
                "number": row.id,
                "kind": row.kind,
                "status": row.status,
                "purchase": row.purchase_id,
                "created_at": row.created_at.isoformat(),
                "messages": [
                    {"from": e.author, "text": e.text, "at": e.created_at.isoformat()}
                    for e in entries
                ],
            }
        )
    return found
