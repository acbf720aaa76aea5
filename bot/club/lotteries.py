"""Lotteries: created with a secret seed and its published commitment, tickets bought with
points through the ledger, drawn once (bot/club/draw.py says how), or cancelled with refunds.

Invariants. A lottery moves open -> drawing -> drawn, or open -> cancelled, each move one
conditional UPDATE, so two processes (or a double tap) never act twice. A purchase raises the
lottery's ticket count with a conditional UPDATE on an open lottery before the deadline: it
commits before the draw's claim (and is drawn) or finds the lottery claimed (and is refused).
The draw is three steps, each idempotent: claim, write the winners and credit their prizes
(`lottery-prize:<lottery>:<k>`), then mark it drawn together with its notices. A process
killed between steps leaves the lottery `drawing`; the next tick redoes the remaining steps,
with the same winners (the draw is a function of the seed and the entries) and one notice.

Ledger keys: `lottery:<lottery>:<member>:<seq>` for a purchase (seq: the member's n-th
purchase in this lottery, fixed when the confirmation is shown, so a double tap buys once),
`lottery-refund:<lottery>:<member>` for a cancel's refund, `lottery-prize:<lottery>:<k>`.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.club import audience, audit, draw, ledger, notices
from bot.club.digits import parse_int, visible_text
from bot.club.due import each
from bot.club.names import short_name
from bot.club.notices import texts_for
from bot.i18n import Texts, Value
from bot.settings import Settings
from bot.storage import outbox as box
from bot.storage.db import Database, dialect_insert
from bot.storage.tables import members
from bot.storage.tables import outbox as outbox_table
from bot.storage.tables_lotteries import lotteries, lottery_entries, lottery_winners

if TYPE_CHECKING:
    from bot.club.club import Club

OPEN, DRAWING, DRAWN, CANCELLED = "open", "drawing", "drawn", "cancelled"
MAX_TITLE, MAX_PRIZE, MAX_PRIZES = 64, 64, 10
MAX_PRICE, MAX_PER_MEMBER, MAX_PRIZE_POINTS = 1_000_000, 1_000, 10_000_000


@dataclass(frozen=True)
class Prize:
    text: str
    points: int = 0


@dataclass
class Draft:
    title: str
    prizes: list[Prize]
    price: int
    per_member: int
    segment_id: int | None
    deadline: datetime


@dataclass(frozen=True)
class Lottery:
    id: int
    title: str
    prizes: list[Prize]
    price: int
    per_member: int
    segment_id: int | None
    deadline: datetime
    status: str
    seed: str
    commitment: str
    tickets: int
    created_at: datetime
    drawn_at: datetime | None

    @classmethod
    def of(cls, row: Any) -> Lottery:
        prizes = [Prize(str(p["text"]), int(p.get("points") or 0)) for p in row.prizes]
        return cls(
            row.id,
            row.title,
            prizes,
            row.price,
            row.per_member,
            row.segment_id,
            row.deadline,
            row.status,
            row.seed,
            row.commitment,
            row.tickets,
            row.created_at,
            row.drawn_at,
        )

    def on_sale(self, now: datetime) -> bool:
        return self.status == OPEN and now < self.deadline


class BuyRefused(Exception):
    """Why a purchase did not happen; `key` is its locale key. Nothing was written."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


# Reading an admin's typed answers


def read_title(text: str) -> str | None:
    title = visible_text(text).strip()
    return title if 0 < len(title) <= MAX_TITLE else None


def read_prizes(text: str) -> list[Prize] | None:
    """One prize a line; a line ending in `+ <points>` also credits those points."""
    prizes = []
    for raw in text.splitlines():
        line = visible_text(raw)
        if not line.strip():
            continue
        words, plus, tail = line.rpartition("+")
        points = parse_int(tail.strip()) if plus else 0
        if plus and points is None:
            return None
        name = (words if plus else line).strip()
        if not name or len(name) > MAX_PRIZE or (points or 0) > MAX_PRIZE_POINTS:
            return None
        prizes.append(Prize(name, points or 0))
    return prizes if 0 < len(prizes) <= MAX_PRIZES else None


def read_count(text: str, *, least: int, most: int) -> int | None:
    value = parse_int(visible_text(text).strip())
    return value if value is not None and least <= value <= most else None


# Creating and reading


async def create(
    conn: AsyncConnection, draft: Draft, *, actor: str, role: str | None, now: datetime
) -> Lottery:
    """A new open lottery with its secret seed and published commitment (audited)."""
    seed = secrets.token_bytes(draw.SEED_BYTES)
    lottery_id = await conn.scalar(
        sa.insert(lotteries)
        .values(
            title=draft.title,
            prizes=[{"text": p.text, "points": p.points} for p in draft.prizes],
            price=draft.price,
            per_member=1 if draft.price == 0 else draft.per_member,
            segment_id=draft.segment_id,
            deadline=draft.deadline,
            status=OPEN,
            seed=seed.hex(),
            commitment=draw.commitment(seed),
            tickets=0,
            created_by=actor,
            created_at=now,
        )
        .returning(lotteries.c.id)
    )
    found = await get_in(conn, int(lottery_id))
    assert found is not None
    await audit.record(
        conn,
        actor=actor,
        role=role,
        action="lottery_created",
        target=f"lottery:{found.id}",
        details={"title": found.title, "commitment": found.commitment},
        at=now,
    )
    return found


async def get_in(conn: AsyncConnection, lottery_id: int) -> Lottery | None:
    row = (await conn.execute(sa.select(lotteries).where(lotteries.c.id == lottery_id))).first()
    return Lottery.of(row) if row else None


async def listed(conn: AsyncConnection, *, limit: int = 30) -> list[Lottery]:
    rows = await conn.execute(sa.select(lotteries).order_by(lotteries.c.id.desc()).limit(limit))
    return [Lottery.of(row) for row in rows]


async def held(conn: AsyncConnection, lottery_id: int, member_id: int) -> tuple[int, int]:
    """(purchases, tickets) the member holds in the lottery."""
    row = (
        await conn.execute(
            sa.select(
                sa.func.count(), sa.func.coalesce(sa.func.sum(lottery_entries.c.tickets), 0)
            ).where(
                lottery_entries.c.lottery_id == lottery_id,
                lottery_entries.c.member_id == member_id,
            )
        )
    ).one()
    return int(row[0]), int(row[1])


async def participants(conn: AsyncConnection, lottery_id: int) -> int:
    return int(
        await conn.scalar(
            sa.select(sa.func.count(sa.distinct(lottery_entries.c.member_id))).where(
                lottery_entries.c.lottery_id == lottery_id
            )
        )
        or 0
    )


async def is_for(
    conn: AsyncConnection, found: Lottery, member_id: int, *, settings: Settings, now: datetime
) -> bool:
    return await audience.includes(
        conn,
        member_id=member_id,
        tier=None,
        segment_id=found.segment_id,
        tiers=settings.tiers,
        now=now,
        timezone=settings.timezone,
    )


async def open_for(
    conn: AsyncConnection, member_id: int, *, settings: Settings, now: datetime
) -> list[Lottery]:
    """Lotteries on sale now whose audience includes the member, soonest deadline first."""
    rows = await conn.execute(
        sa.select(lotteries)
        .where(lotteries.c.status == OPEN, lotteries.c.deadline > now)
        .order_by(lotteries.c.deadline, lotteries.c.id)
    )
    found = [Lottery.of(row) for row in rows]
    return [f for f in found if await is_for(conn, f, member_id, settings=settings, now=now)]


async def mine(conn: AsyncConnection, member_id: int) -> list[tuple[Lottery, int, int | None]]:
    """The member's lotteries, newest first: (lottery, tickets, prize won or None)."""
    tickets = (
        sa.select(lottery_entries.c.lottery_id, sa.func.sum(lottery_entries.c.tickets).label("n"))
        .where(lottery_entries.c.member_id == member_id)
        .group_by(lottery_entries.c.lottery_id)
        .subquery()
    )
    rows = await conn.execute(
        sa.select(lotteries, tickets.c.n, lottery_winners.c.prize)
        .join(tickets, tickets.c.lottery_id == lotteries.c.id)
        .outerjoin(
            lottery_winners,
            sa.and_(
                lottery_winners.c.lottery_id == lotteries.c.id,
                lottery_winners.c.member_id == member_id,
            ),
        )
        .order_by(lotteries.c.id.desc())
        .limit(20)
    )
    return [(Lottery.of(row), int(row.n), row.prize) for row in rows]


async def winners_of(conn: AsyncConnection, lottery_id: int) -> list[tuple[int, int, str | None]]:
    """(prize, member_id, name) in prize order."""
    rows = await conn.execute(
        sa.select(lottery_winners.c.prize, lottery_winners.c.member_id, members.c.name)
        .join(members, members.c.id == lottery_winners.c.member_id)
        .where(lottery_winners.c.lottery_id == lottery_id)
        .order_by(lottery_winners.c.prize)
    )
    return [(int(r.prize), int(r.member_id), r.name) for r in rows]


# Buying tickets


async def buy(
    conn: AsyncConnection,
    *,
    lottery_id: int,
    member_id: int,
    seq: int,
    count: int,
    settings: Settings,
    now: datetime,
) -> bool:
    """Buys `count` tickets as the member's purchase number `seq`; False when that purchase
    was already made (a double tap). Raises BuyRefused (and InsufficientPoints from the
    ledger); the caller's transaction then rolls back whatever this wrote."""
    found = await get_in(conn, lottery_id)
    if found is None:
        raise BuyRefused("lottery-unknown")
    purchases, tickets = await held(conn, lottery_id, member_id)
    if seq <= purchases:
        return False
    if not found.on_sale(now):
        raise BuyRefused("lottery-closed")
    if seq != purchases + 1 or count < 1:
        raise BuyRefused("hint-stale-button")
    if found.price == 0 and count != 1:
        raise BuyRefused("hint-stale-button")
    if tickets + count > found.per_member:
        raise BuyRefused("lottery-cap-reached")
    if not await is_for(conn, found, member_id, settings=settings, now=now):
        raise BuyRefused("lottery-not-for-you")
    # The lottery's row is the gate: still open and before the deadline, in this transaction.
    moved = await conn.execute(
        sa.update(lotteries)
        .where(lotteries.c.id == lottery_id, lotteries.c.status == OPEN, lotteries.c.deadline > now)
        .values(tickets=lotteries.c.tickets + count)
    )
    if not moved.rowcount:
        raise BuyRefused("lottery-closed")
    cost = found.price * count
    written = await conn.execute(
        dialect_insert(conn, lottery_entries)
        .on_conflict_do_nothing(index_elements=["lottery_id", "member_id", "seq"])
        .values(
            lottery_id=lottery_id,
            member_id=member_id,
            seq=seq,
            tickets=count,
            points=cost,
            created_at=now,
        )
    )
    if not written.rowcount:
        raise BuyRefused("lottery-already-bought")  # a concurrent twin won; undo the count
    if cost:
        await ledger.debit(
            conn,
            member_id=member_id,
            points=cost,
            kind="lottery",
            key=f"lottery:{lottery_id}:{member_id}:{seq}",
            now=now,
            ref=f"lottery:{lottery_id}",
        )
    return True


# Cancelling


async def cancel(
    conn: AsyncConnection,
    lottery_id: int,
    *,
    actor: str,
    role: str | None,
    settings: Settings,
    now: datetime,
) -> bool:
    """Cancels an open lottery and refunds every paid ticket (one credit per member, told);
    False when it was no longer open."""
    moved = await conn.execute(
        sa.update(lotteries)
        .where(lotteries.c.id == lottery_id, lotteries.c.status == OPEN)
        .values(status=CANCELLED, cancelled_at=now)
    )
    if not moved.rowcount:
        return False
    found = await get_in(conn, lottery_id)
    assert found is not None
    paid = await conn.execute(
        sa.select(lottery_entries.c.member_id, sa.func.sum(lottery_entries.c.points).label("p"))
        .where(lottery_entries.c.lottery_id == lottery_id)
        .group_by(lottery_entries.c.member_id)
        .order_by(lottery_entries.c.member_id)
    )
    texts = texts_for(settings)
    for member_id, points in paid.all():
        if points:
            await ledger.credit(
                conn,
                member_id=member_id,
                points=int(points),
                kind="lottery-refund",
                key=f"lottery-refund:{lottery_id}:{member_id}",
                now=now,
                ref=f"lottery:{lottery_id}",
            )
        key = "lottery-cancelled-refund" if points else "lottery-cancelled-free"
        values: dict[str, Value] = {
            "title": texts.digits(found.title),
            "points": int(points or 0),
        }
        await notices.tell_member(
            conn, member_id=member_id, key=key, values=values, settings=settings, now=now
        )
    await audit.record(
        conn,
        actor=actor,
        role=role,
        action="lottery_cancelled",
        target=f"lottery:{lottery_id}",
        details={"tickets": found.tickets},
        at=now,
    )
    return True


# The draw


async def draw_due(club: Club) -> list[int]:
    """The minute tick: lotteries past their deadline, and draws a crash left half done."""
    now = club.now()
    async with club.db.read() as conn:
        due = await conn.scalars(
            sa.select(lotteries.c.id)
            .where(
                sa.or_(
                    sa.and_(lotteries.c.status == OPEN, lotteries.c.deadline <= now),
                    lotteries.c.status == DRAWING,
                )
            )
            .order_by(lotteries.c.id)
        )
        ids = list(due)
    return await each("lottery", ids, lambda lottery_id: run_draw(club, lottery_id))


async def run_draw(
    club: Club, lottery_id: int, *, actor: str = "system", role: str | None = None
) -> bool:
    """All three steps; False when the lottery was not open or drawing (nothing done)."""
    if not await claim(club, lottery_id):
        return False
    await write_winners(club, lottery_id)
    return await finish(club, lottery_id, actor=actor, role=role)


async def claim(club: Club, lottery_id: int) -> bool:
    """Step 1: open -> drawing (or a draw already claimed, being redone)."""
    async with club.db.write() as conn:
        moved = await conn.execute(
            sa.update(lotteries)
            .where(lotteries.c.id == lottery_id, lotteries.c.status == OPEN)
            .values(status=DRAWING)
        )
        if moved.rowcount:
            return True
        status = await conn.scalar(
            sa.select(lotteries.c.status).where(lotteries.c.id == lottery_id)
        )
        return bool(status == DRAWING)


async def write_winners(club: Club, lottery_id: int) -> None:
    """Step 2: the winners (computed in SQL, see draw.py) and their prize points; redone,
    it finds them written and changes nothing."""
    async with club.db.write() as conn:
        found = await get_in(conn, lottery_id)
        assert found is not None
        if found.status != DRAWING:
            return
        written = await conn.scalar(
            sa.select(sa.func.count()).where(lottery_winners.c.lottery_id == lottery_id)
        )
        if not written:
            seed = bytes.fromhex(found.seed)
            won: list[int] = []
            for prize in range(1, len(found.prizes) + 1):
                picked = await _draw_prize(conn, lottery_id, seed, prize, won)
                if picked is None:
                    break
                entry_id, member_id, ticket = picked
                won.append(member_id)
                await conn.execute(
                    dialect_insert(conn, lottery_winners)
                    .on_conflict_do_nothing()
                    .values(
                        lottery_id=lottery_id,
                        prize=prize,
                        member_id=member_id,
                        entry_id=entry_id,
                        ticket=ticket,
                    )
                )
        for prize, member_id, _ in await winners_of(conn, lottery_id):
            points = found.prizes[prize - 1].points
            if points:
                await ledger.credit(
                    conn,
                    member_id=member_id,
                    points=points,
                    kind="lottery-prize",
                    key=f"lottery-prize:{lottery_id}:{prize}",
                    now=club.now(),
                    ref=f"lottery:{lottery_id}",
                )


async def _draw_prize(
    conn: AsyncConnection, lottery_id: int, seed: bytes, prize: int, won: list[int]
) -> tuple[int, int, int] | None:
    """One prize: the pool's size and the entry holding ticket r, by a window sum in SQL."""
    pool = [lottery_entries.c.lottery_id == lottery_id]
    if won:
        pool.append(lottery_entries.c.member_id.not_in(won))
    size = int(
        await conn.scalar(
            sa.select(sa.func.coalesce(sa.func.sum(lottery_entries.c.tickets), 0)).where(*pool)
        )
        or 0
    )
    if size == 0:
        return None
    ticket = draw.pick(seed, prize, size)
    running = (
        sa.select(
            lottery_entries.c.id,
            lottery_entries.c.member_id,
            sa.func.sum(lottery_entries.c.tickets)
            .over(order_by=lottery_entries.c.id)
            .label("upto"),
        )
        .where(*pool)
        .subquery()
    )
    row = (
        await conn.execute(
            sa.select(running.c.id, running.c.member_id)
            .where(running.c.upto > ticket)
            .order_by(running.c.id)
            .limit(1)
        )
    ).one()
    return int(row.id), int(row.member_id), ticket


async def finish(club: Club, lottery_id: int, *, actor: str, role: str | None) -> bool:
    """Step 3: drawing -> drawn with the seed revealed, the winners told and the result
    announced to the other participants, all in one transaction (so once)."""
    now, settings = club.now(), club.settings
    async with club.db.write() as conn:
        moved = await conn.execute(
            sa.update(lotteries)
            .where(lotteries.c.id == lottery_id, lotteries.c.status == DRAWING)
            .values(status=DRAWN, drawn_at=now)
        )
        if not moved.rowcount:
            return False
        found = await get_in(conn, lottery_id)
        assert found is not None
        texts = texts_for(settings)
        won = await winners_of(conn, lottery_id)
        for prize, member_id, _ in won:
            values: dict[str, Value] = {
                "title": texts.digits(found.title),
                "prize": found.prizes[prize - 1].text,
            }
            await notices.tell_member(
                conn,
                member_id=member_id,
                key="lottery-you-won",
                values=values,
                settings=settings,
                now=now,
            )
        await _announce(conn, found, won, texts, now)
        await audit.record(
            conn,
            actor=actor,
            role=role,
            action="lottery_drawn",
            target=f"lottery:{lottery_id}",
            details={"winners": [member for _, member, _ in won], "seed": found.seed},
            at=now,
        )
    return True


async def _announce(
    conn: AsyncConnection,
    found: Lottery,
    won: list[tuple[int, int, str | None]],
    texts: Texts,
    now: datetime,
) -> None:
    """The result, with the revealed seed, to every participant who did not win: one
    INSERT ... SELECT of service rows, however many took part."""
    lines = [
        texts(
            "lottery-result-line",
            prize=p,
            text=found.prizes[p - 1].text,
            name=public_name(texts, n),
        )
        for p, _, n in won
    ]
    text = texts(
        "lottery-result",
        title=texts.digits(found.title),
        winners="\n".join(lines) or texts("lottery-result-nobody"),
        seed=found.seed,
        commitment=found.commitment,
        lottery=str(found.id),
    )
    people = (
        sa.select(lottery_entries.c.member_id)
        .where(lottery_entries.c.lottery_id == found.id)
        .where(lottery_entries.c.member_id.not_in([m for _, m, _ in won]))
        .distinct()
        .subquery()
    )
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
            ],
            sa.select(
                sa.literal(int(box.MessageClass.SERVICE)),
                people.c.member_id,
                sa.literal("send"),
                sa.literal({"text": text, "markup": None}, sa.JSON),
                sa.literal(box.PENDING),
                sa.literal(0),
                sa.literal(now, outbox_table.c.next_at.type),
                sa.literal(now, outbox_table.c.created_at.type),
            ),
        )
    )


def public_name(texts: Texts, name: str | None) -> str:
    """A winner as the public sees them: first name and last initial (privacy)."""
    return short_name(name) or texts("lottery-winner-anonymous")


# Verifying a draw from what is stored


@dataclass(frozen=True)
class Verdict:
    ok: bool
    line: str


async def verify(db: Database, lottery_id: int) -> Verdict:
    """Recomputes the draw with the reference function from the stored seed, commitment
    and entries (one query for the entries, not one per ticket) and compares."""
    async with db.read() as conn:
        found = await get_in(conn, lottery_id)
        if found is None:
            return Verdict(False, f"lottery {lottery_id}: no such lottery")
        if found.status != DRAWN:
            return Verdict(False, f"lottery {lottery_id}: not drawn (status {found.status})")
        rows = await conn.execute(
            sa.select(lottery_entries.c.member_id, lottery_entries.c.tickets)
            .where(lottery_entries.c.lottery_id == lottery_id)
            .order_by(lottery_entries.c.id)
        )
        entries = [(int(m), int(t)) for m, t in rows.all()]
        stored = [(p, m) for p, m, _ in await winners_of(conn, lottery_id)]
    seed = bytes.fromhex(found.seed)
    if draw.commitment(seed) != found.commitment:
        return Verdict(
            False, f"lottery {lottery_id}: MISMATCH, the seed does not match its commitment"
        )
    again = [(w.prize, w.member_id) for w in draw.winners(seed, entries, len(found.prizes))]
    if again != stored:
        return Verdict(
            False, f"lottery {lottery_id}: MISMATCH, recomputed winners differ: {again} != {stored}"
        )
    tickets = sum(t for _, t in entries)
    return Verdict(
        True,
        f"lottery {lottery_id}: OK, commitment {found.commitment} matches seed {found.seed}; "
        f"{len(stored)} winner(s) recomputed from {tickets} ticket(s) in {len(entries)} entries",
    )
