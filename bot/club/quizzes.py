"""Quizzes: questions with one right choice, answered once each, credited once at the close.

Invariants: an answer is one conditional UPDATE of the row written when its question was shown
(`choice IS NULL`), so a second press, or two presses at once, keep the first answer; the
close is one transaction that claims the quiz (`status = open` -> `closed`), credits each
participant with the key `quiz:<id>:<member>` and queues their notice (deduplicated by the
same key). A crash mid-close rolls all of it back and the next tick does it again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.club import audience, audit, ledger
from bot.club.due import each
from bot.club.names import short_name
from bot.club.notices import texts_for
from bot.i18n import Texts
from bot.settings import Settings
from bot.storage import outbox
from bot.storage.db import dialect_insert
from bot.storage.tables import members
from bot.storage.tables_quizzes import quiz_answers, quiz_questions, quizzes

if TYPE_CHECKING:
    from bot.club.club import Club

OPEN, CLOSED = "open", "closed"
MAX_TITLE, MAX_QUESTION, MAX_CHOICE = 64, 300, 40
MIN_CHOICES, MAX_CHOICES, MAX_QUESTIONS = 2, 6, 20
MAX_POINTS = 10_000
BOARD_SIZE = 10
LEDGER_KIND = "quiz"


class QuizInputError(ValueError):
    """Bad builder input; `key` is the text key that says what to do instead."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


@dataclass
class Question:
    text: str
    choices: list[str]
    correct: int


@dataclass
class Draft:
    """A quiz being built (kept in the builder's conversation, as plain data)."""

    title: str = ""
    questions: list[Question] = field(default_factory=list)
    pending_text: str | None = None  # a question whose choices are being typed
    pending_choices: list[str] | None = None  # ... whose right choice is being picked
    points: int = 0
    opens_at: datetime | None = None
    closes_at: datetime | None = None
    segment_id: int | None = None
    nonce: str | None = None

    def data(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "questions": [[q.text, q.choices, q.correct] for q in self.questions],
            "pending_text": self.pending_text,
            "pending_choices": self.pending_choices,
            "points": self.points,
            "opens_at": self.opens_at.isoformat() if self.opens_at else None,
            "closes_at": self.closes_at.isoformat() if self.closes_at else None,
            "segment_id": self.segment_id,
            "nonce": self.nonce,
        }

    @classmethod
    def of(cls, data: dict[str, Any]) -> Draft:
        opens, closes = data.get("opens_at"), data.get("closes_at")
        return cls(
            title=str(data.get("title") or ""),
            questions=[Question(str(t), list(c), int(r)) for t, c, r in data.get("questions", [])],
            pending_text=data.get("pending_text"),
            pending_choices=data.get("pending_choices"),
            points=int(data.get("points") or 0),
            opens_at=datetime.fromisoformat(opens) if opens else None,
            closes_at=datetime.fromisoformat(closes) if closes else None,
            segment_id=data.get("segment_id"),
            nonce=data.get("nonce"),
        )


@dataclass(frozen=True)
class Quiz:
    id: int
    title: str
    points: int
    segment_id: int | None
    opens_at: datetime
    closes_at: datetime
    status: str
    questions: int

    def open_at(self, now: datetime) -> bool:
        return self.status == OPEN and self.opens_at <= now < self.closes_at


@dataclass(frozen=True)
class Standing:
    member_id: int
    name: str | None
    correct: int
    millis: int
    rank: int


# Builder input (each raises QuizInputError with the key of its polite answer)


def _clean(text: str) -> str:
    return " ".join(text.split())


def read_title(text: str) -> str:
    title = _clean(text)
    if not title or len(title) > MAX_TITLE:
        raise QuizInputError("quiz-title-wrong")
    return title


def read_question(text: str) -> str:
    question = text.strip()
    if not question or len(question) > MAX_QUESTION:
        raise QuizInputError("quiz-question-wrong")
    return question


def read_choices(text: str) -> list[str]:
    """One choice a line, 2 to 6 of them, short and different from each other."""
    choices = [_clean(line) for line in text.splitlines() if _clean(line)]
    if not MIN_CHOICES <= len(choices) <= MAX_CHOICES:
        raise QuizInputError("quiz-choices-count")
    if any(len(choice) > MAX_CHOICE for choice in choices):
        raise QuizInputError("quiz-choice-long")
    if len({choice.casefold() for choice in choices}) != len(choices):
        raise QuizInputError("quiz-choices-same")
    return choices


# Publishing and reading


async def create(
    conn: AsyncConnection,
    draft: Draft,
    *,
    actor: str,
    role: str | None,
    now: datetime,
    broadcast_id: int | None = None,
) -> int:
    """The quiz and its questions, audited (in the caller's transaction)."""
    assert draft.opens_at is not None and draft.closes_at is not None
    quiz_id = int(
        await conn.scalar(
            sa.insert(quizzes)
            .values(
                title=draft.title,
                points=draft.points,
                segment_id=draft.segment_id,
                opens_at=draft.opens_at,
                closes_at=draft.closes_at,
                status=OPEN,
                broadcast_id=broadcast_id,
                created_by=actor,
                created_at=now,
            )
            .returning(quizzes.c.id)
        )
    )
    await conn.execute(
        sa.insert(quiz_questions),
        [
            {
                "quiz_id": quiz_id,
                "position": n,
                "text": q.text,
                "choices": q.choices,
                "correct": q.correct,
            }
            for n, q in enumerate(draft.questions)
        ],
    )
    await audit.record(
        conn,
        actor=actor,
        role=role,
        action="quiz_created",
        target=f"quiz:{quiz_id}",
        details={
            "title": draft.title,
            "questions": len(draft.questions),
            "points": draft.points,
            "segment": draft.segment_id,
            "opens_at": draft.opens_at.isoformat(),
            "closes_at": draft.closes_at.isoformat(),
        },
        at=now,
    )
    return quiz_id


async def set_broadcast(conn: AsyncConnection, quiz_id: int, broadcast_id: int) -> None:
    await conn.execute(
        sa.update(quizzes).where(quizzes.c.id == quiz_id).values(broadcast_id=broadcast_id)
    )


def _quiz(row: Any, count: int) -> Quiz:
    return Quiz(
        id=row.id,
        title=row.title,
        points=row.points,
        segment_id=row.segment_id,
        opens_at=row.opens_at,
        closes_at=row.closes_at,
        status=row.status,
        questions=count,
    )


def _with_count() -> sa.Select[Any]:
    count = (
        sa.select(sa.func.count())
        .where(quiz_questions.c.quiz_id == quizzes.c.id)
        .scalar_subquery()
        .label("count")
    )
    return sa.select(quizzes, count)


async def get(conn: AsyncConnection, quiz_id: int) -> Quiz | None:
    row = (await conn.execute(_with_count().where(quizzes.c.id == quiz_id))).first()
    return _quiz(row, row.count) if row else None


async def recent(conn: AsyncConnection, limit: int = 8) -> list[Quiz]:
    rows = await conn.execute(_with_count().order_by(quizzes.c.id.desc()).limit(limit))
    return [_quiz(row, row.count) for row in rows]


async def may_take(
    conn: AsyncConnection, quiz: Quiz, *, member_id: int, now: datetime, timezone: str
) -> bool:
    """Whether the member is in the quiz's audience now."""
    return await audience.includes(
        conn,
        member_id=member_id,
        tier=None,
        segment_id=quiz.segment_id,
        tiers=(),
        now=now,
        timezone=timezone,
    )


async def open_for(
    conn: AsyncConnection, *, member_id: int, now: datetime, timezone: str
) -> list[Quiz]:
    """The quizzes open now that this member may take."""
    rows = await conn.execute(
        _with_count()
        .where(quizzes.c.status == OPEN, quizzes.c.opens_at <= now, quizzes.c.closes_at > now)
        .order_by(quizzes.c.closes_at, quizzes.c.id)
    )
    found = [_quiz(row, row.count) for row in rows]
    return [
        q for q in found if await may_take(conn, q, member_id=member_id, now=now, timezone=timezone)
    ]


async def question(conn: AsyncConnection, quiz_id: int, position: int) -> Question | None:
    row = (
        await conn.execute(
            sa.select(quiz_questions).where(
                quiz_questions.c.quiz_id == quiz_id, quiz_questions.c.position == position
            )
        )
    ).first()
    return Question(row.text, list(row.choices), row.correct) if row else None


async def next_position(conn: AsyncConnection, quiz: Quiz, *, member_id: int) -> int | None:
    """The first question this member has not answered; None when all are answered."""
    answered = set(
        (
            await conn.execute(
                sa.select(quiz_answers.c.position).where(
                    quiz_answers.c.quiz_id == quiz.id,
                    quiz_answers.c.member_id == member_id,
                    quiz_answers.c.choice.is_not(None),
                )
            )
        ).scalars()
    )
    return next((n for n in range(quiz.questions) if n not in answered), None)


async def show(
    conn: AsyncConnection, quiz_id: int, position: int, *, member_id: int, now: datetime
) -> None:
    """Starts the question's clock, once: showing it again does not restart it."""
    await conn.execute(
        dialect_insert(conn, quiz_answers)
        .on_conflict_do_nothing(index_elements=["quiz_id", "member_id", "position"])
        .values(quiz_id=quiz_id, member_id=member_id, position=position, shown_at=now)
    )


# Answering

ACCEPTED, ALREADY, CLOSED_NOW, NOT_SHOWN = "accepted", "already", "closed", "not-shown"


async def answer(
    conn: AsyncConnection, quiz: Quiz, position: int, choice: int, *, member_id: int, now: datetime
) -> str:
    """Records the member's first answer; what happened, as one of the outcomes above."""
    if not quiz.open_at(now):
        return CLOSED_NOW
    asked = await question(conn, quiz.id, position)
    if asked is None or not 0 <= choice < len(asked.choices):
        return NOT_SHOWN
    row = (
        await conn.execute(
            sa.select(quiz_answers.c.shown_at, quiz_answers.c.choice).where(
                quiz_answers.c.quiz_id == quiz.id,
                quiz_answers.c.member_id == member_id,
                quiz_answers.c.position == position,
            )
        )
    ).first()
    if row is None:
        return NOT_SHOWN
    millis = max(int((now - row.shown_at).total_seconds() * 1000), 0)
    # The quiz's row, shared: a close (which updates it) waits for this answer to commit and
    # then counts it, or this answer waits for the close and is refused (PostgreSQL; SQLite
    # writes one transaction at a time). Without it, an answer committing during the close
    # on PostgreSQL was stored but never credited.
    status = await conn.scalar(
        sa.select(quizzes.c.status).where(quizzes.c.id == quiz.id).with_for_update(read=True)
    )
    if status != OPEN:
        return CLOSED_NOW
    result = await conn.execute(
        sa.update(quiz_answers)
        .where(
            quiz_answers.c.quiz_id == quiz.id,
            quiz_answers.c.member_id == member_id,
            quiz_answers.c.position == position,
            quiz_answers.c.choice.is_(None),
            # The close claims the quiz's row: an answer after it changes nothing.
            sa.exists().where(quizzes.c.id == quiz.id, quizzes.c.status == OPEN),
        )
        .values(choice=choice, correct=choice == asked.correct, answered_at=now, millis=millis)
    )
    return ACCEPTED if result.rowcount == 1 else ALREADY


# Standings and the close


async def standings(conn: AsyncConnection, quiz_id: int) -> list[Standing]:
    """Every participant, best first: more right answers, then less time, then who joined first."""
    correct = sa.func.sum(sa.case((quiz_answers.c.correct == sa.true(), 1), else_=0))
    millis = sa.func.coalesce(sa.func.sum(quiz_answers.c.millis), 0)
    rows = await conn.execute(
        sa.select(quiz_answers.c.member_id, members.c.name, correct.label("c"), millis.label("m"))
        .join(members, members.c.id == quiz_answers.c.member_id)
        .where(
            quiz_answers.c.quiz_id == quiz_id,
            quiz_answers.c.choice.is_not(None),
            # An erased member takes no place on the board and no points.
            members.c.deleted_at.is_(None),
        )
        .group_by(quiz_answers.c.member_id, members.c.name)
        .order_by(correct.desc(), millis, quiz_answers.c.member_id)
    )
    return [
        Standing(row.member_id, row.name, int(row.c), int(row.m), rank)
        for rank, row in enumerate(rows, start=1)
    ]


async def correct_rates(conn: AsyncConnection, quiz_id: int) -> list[tuple[int, int, int]]:
    """Per question: (position, answers, right answers)."""
    right = sa.func.sum(sa.case((quiz_answers.c.correct == sa.true(), 1), else_=0))
    rows = await conn.execute(
        sa.select(quiz_answers.c.position, sa.func.count(), right)
        .where(quiz_answers.c.quiz_id == quiz_id, quiz_answers.c.choice.is_not(None))
        .group_by(quiz_answers.c.position)
    )
    return [(int(p), int(n), int(r or 0)) for p, n, r in rows]


def board_lines(texts: Texts, found: list[Standing]) -> str:
    """The top of the board, names shortened (a public list among members)."""
    return "\n".join(
        texts(
            "quiz-board-line",
            rank=s.rank,
            name=short_name(s.name) or texts("quiz-board-someone"),
            correct=s.correct,
            seconds=texts.decimal(s.millis / 1000),
        )
        for s in found[:BOARD_SIZE]
    )


async def close(conn: AsyncConnection, quiz: Quiz, *, settings: Settings, now: datetime) -> bool:
    """Claims the close, credits and tells each participant; False when already closed."""
    claimed = await conn.execute(
        sa.update(quizzes)
        .where(quizzes.c.id == quiz.id, quizzes.c.status == OPEN)
        .values(status=CLOSED, closed_at=now)
    )
    if claimed.rowcount != 1:
        return False
    texts = texts_for(settings)
    found = await standings(conn, quiz.id)
    board = board_lines(texts, found)
    notices = []
    for standing in found:
        points = standing.correct * quiz.points
        key = f"quiz:{quiz.id}:{standing.member_id}"
        if points:
            await ledger.credit(
                conn,
                member_id=standing.member_id,
                points=points,
                kind=LEDGER_KIND,
                key=key,
                now=now,
                ref=f"quiz:{quiz.id}",
            )
        text = texts(
            "quiz-result-notice",
            title=quiz.title,
            correct=standing.correct,
            questions=quiz.questions,
            points=points,
            rank=standing.rank,
            participants=len(found),
            board=board,
        )
        notices.append(
            outbox.Message(
                "send",
                {"text": text, "markup": None},
                klass=outbox.MessageClass.SERVICE,
                member_id=standing.member_id,
                dedup_key=key,
            )
        )
    await outbox.write(conn, notices, now=now)
    await audit.record(
        conn,
        actor=audit.SYSTEM,
        action="quiz_closed",
        target=f"quiz:{quiz.id}",
        details={"participants": len(found)},
        at=now,
    )
    return True


async def close_due(club: Club) -> list[int]:
    """The minute tick: every quiz whose close time has passed is closed, each in its own
    transaction (a quiz another process closed first is skipped). Returns the ids closed."""
    now = club.now()
    async with club.db.read() as conn:
        due = (
            (
                await conn.execute(
                    sa.select(quizzes.c.id)
                    .where(quizzes.c.status == OPEN, quizzes.c.closes_at <= now)
                    .order_by(quizzes.c.id)
                )
            )
            .scalars()
            .all()
        )

    async def close_one(quiz_id: int) -> bool:
        async with club.db.write() as conn:
            found = await get(conn, quiz_id)
            return found is not None and await close(conn, found, settings=club.settings, now=now)

    return await each("quiz", due, close_one)
