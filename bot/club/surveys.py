"""Surveys: built by admins, answered by members with buttons, one response per member.

Invariants (held by unique rows and conditional updates, so double presses, two processes and
a crash mid-way never count twice):
- one response per member and survey (`survey_responses` unique on both);
- one answer per response and question: two presses of the same answer at once insert one row,
  the second press finds it and is told so; answers are never changed once given;
- a member resumes at the first question without an answer (no cursor to fall out of step);
- the reward is credited once, only when the last question is answered, with the ledger key
  `survey:<id>:<member>`; completion is a conditional UPDATE (`completed_at IS NULL`);
- after the close time (or once closed) nothing is written for an answer;
- a post-purchase survey invites each member at most once (`survey_invitations` unique).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.club import audit, ledger, segments
from bot.club.notices import texts_for
from bot.i18n import Texts
from bot.storage import outbox
from bot.storage.db import dialect_insert
from bot.storage.tables import members, purchases
from bot.storage.tables_surveys import (
    survey_answers,
    survey_invitations,
    survey_picks,
    survey_questions,
    survey_responses,
    surveys,
)

if TYPE_CHECKING:
    from bot.club.club import Club

YESNO, SINGLE, MULTI, RATING, NPS, TEXT = "yesno", "single", "multi", "rating", "nps", "text"
KINDS = (YESNO, SINGLE, MULTI, RATING, NPS, TEXT)
OPEN, CLOSED = "open", "closed"

MAX_TITLE, MAX_INTRO, MAX_QUESTION = 100, 1000, 300
MAX_QUESTIONS, MIN_CHOICES, MAX_CHOICES, MAX_CHOICE = 20, 2, 8, 40
MIN_TEXT_LIMIT, MAX_TEXT_LIMIT = 10, 2000
MAX_REWARD = 100_000
MAX_HOURS = 24 * 30
# A low score (these or less) opens a feedback thread so somebody follows up.
LOW_RATING, LOW_NPS = 2, 6
# Invitations written per survey and tick (each its own transaction).
INVITE_CHUNK = 500
CHUNK = 1000


class Outcome(StrEnum):
    NEXT = "next"  # recorded; the next question follows
    COMPLETED = "completed"  # recorded; that was the last question
    DUPLICATE = "duplicate"  # this question was answered already (a double press): no change
    STALE = "stale"  # not the question the member is on (an old message), or a forged value
    CLOSED = "closed"  # past the close time, closed, or not yet open
    DONE = "done"  # the member's response is complete already
    NOT_FOR_YOU = "not-for-you"  # the member is not in the survey's audience
    UNKNOWN = "unknown"  # no such survey


@dataclass(frozen=True)
class Question:
    id: int
    position: int
    kind: str
    text: str
    choices: tuple[str, ...]
    required: bool
    max_length: int | None

    @classmethod
    def of(cls, row: Any) -> Question:
        return cls(
            row.id,
            row.position,
            row.kind,
            row.text,
            tuple(row.choices or ()),
            bool(row.required),
            row.max_length,
        )

    def options(self) -> range:
        """The values a button of this question may carry."""
        if self.kind == YESNO:
            return range(2)
        if self.kind in (SINGLE, MULTI):
            return range(len(self.choices))
        if self.kind == RATING:
            return range(1, 6)
        if self.kind == NPS:
            return range(11)
        return range(0)

    def is_low(self, value: int | None) -> bool:
        if value is None:
            return False
        return (self.kind == RATING and value <= LOW_RATING) or (
            self.kind == NPS and value <= LOW_NPS
        )


@dataclass(frozen=True)
class Survey:
    id: int
    title: str
    intro: str
    reward_points: int
    segment_id: int | None
    opens_at: datetime
    closes_at: datetime
    after_purchase_hours: int | None
    status: str
    broadcast_id: int | None
    audience_size: int
    created_by: str
    created_at: datetime

    @classmethod
    def of(cls, row: Any) -> Survey:
        return cls(
            row.id,
            row.title,
            row.intro,
            row.reward_points,
            row.segment_id,
            row.opens_at,
            row.closes_at,
            row.after_purchase_hours,
            row.status,
            row.broadcast_id,
            row.audience_size,
            row.created_by,
            row.created_at,
        )

    def open_at(self, now: datetime) -> bool:
        return self.status == OPEN and self.opens_at <= now < self.closes_at

    @property
    def after_purchase(self) -> bool:
        return self.after_purchase_hours is not None


@dataclass
class Draft:
    """A survey being built (kept in the builder's conversation, as plain data)."""

    title: str = ""
    intro: str = ""
    questions: list[dict[str, Any]] = field(default_factory=list)
    reward_points: int = 0
    segment_id: int | None = None
    opens_at: datetime | None = None
    closes_at: datetime | None = None
    after_purchase_hours: int | None = None
    # The question being added (its kind, text, choices, limit) until it is required or not.
    pending: dict[str, Any] | None = None
    nonce: str | None = None

    def data(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "intro": self.intro,
            "questions": self.questions,
            "reward_points": self.reward_points,
            "segment_id": self.segment_id,
            "opens_at": self.opens_at.isoformat() if self.opens_at else None,
            "closes_at": self.closes_at.isoformat() if self.closes_at else None,
            "after_purchase_hours": self.after_purchase_hours,
            "pending": self.pending,
            "nonce": self.nonce,
        }

    @classmethod
    def of(cls, data: dict[str, Any]) -> Draft:
        def moment(key: str) -> datetime | None:
            value = data.get(key)
            return datetime.fromisoformat(value) if value else None

        return cls(
            title=str(data.get("title") or ""),
            intro=str(data.get("intro") or ""),
            questions=list(data.get("questions") or []),
            reward_points=int(data.get("reward_points") or 0),
            segment_id=data.get("segment_id"),
            opens_at=moment("opens_at"),
            closes_at=moment("closes_at"),
            after_purchase_hours=data.get("after_purchase_hours"),
            pending=data.get("pending"),
            nonce=data.get("nonce"),
        )

    def as_questions(self) -> list[Question]:
        """The draft's questions as members will see them (ids are positions until saved)."""
        return [
            Question(
                id=i,
                position=i,
                kind=q["kind"],
                text=q["text"],
                choices=tuple(q.get("choices") or ()),
                required=bool(q.get("required", True)),
                max_length=q.get("max_length"),
            )
            for i, q in enumerate(self.questions, start=1)
        ]


# Reading


async def get_in(conn: AsyncConnection, survey_id: int) -> Survey | None:
    row = (await conn.execute(sa.select(surveys).where(surveys.c.id == survey_id))).first()
    return Survey.of(row) if row is not None else None


async def questions_in(conn: AsyncConnection, survey_id: int) -> list[Question]:
    rows = await conn.execute(
        sa.select(survey_questions)
        .where(survey_questions.c.survey_id == survey_id)
        .order_by(survey_questions.c.position)
    )
    return [Question.of(row) for row in rows]


async def recent(conn: AsyncConnection, limit: int = 8) -> list[Survey]:
    rows = await conn.execute(sa.select(surveys).order_by(surveys.c.id.desc()).limit(limit))
    return [Survey.of(row) for row in rows]


async def eligible(
    conn: AsyncConnection, survey: Survey, *, member_id: int, now: datetime, timezone: str
) -> bool:
    """Whether the member may answer: invited (post-purchase), else in its audience now."""
    if survey.after_purchase:
        invited = await conn.scalar(
            sa.select(survey_invitations.c.id).where(
                survey_invitations.c.survey_id == survey.id,
                survey_invitations.c.member_id == member_id,
            )
        )
        return invited is not None
    terms: list[sa.ColumnElement[bool]] = [
        members.c.id == member_id,
        members.c.deleted_at.is_(None),
    ]
    if survey.segment_id is not None:
        segment = await segments.get_in(conn, survey.segment_id)
        if segment is None:
            return False
        terms.extend(segments.conditions(segment.criteria, now=now, timezone=timezone))
    return await conn.scalar(sa.select(members.c.id).where(*terms)) is not None


@dataclass(frozen=True)
class Listed:
    survey: Survey
    started: bool


async def open_for(
    conn: AsyncConnection, *, member_id: int, now: datetime, timezone: str
) -> list[Listed]:
    """Open surveys this member may answer and has not completed, oldest close first."""
    rows = await conn.execute(
        sa.select(surveys, survey_responses.c.id.label("response_id"))
        .outerjoin(
            survey_responses,
            sa.and_(
                survey_responses.c.survey_id == surveys.c.id,
                survey_responses.c.member_id == member_id,
            ),
        )
        .where(
            surveys.c.status == OPEN,
            surveys.c.opens_at <= now,
            surveys.c.closes_at > now,
            survey_responses.c.completed_at.is_(None),
        )
        .order_by(surveys.c.closes_at, surveys.c.id)
    )
    found = []
    for row in rows.all():
        survey = Survey.of(row)
        if await eligible(conn, survey, member_id=member_id, now=now, timezone=timezone):
            found.append(Listed(survey, row.response_id is not None))
    return found


# Answering


@dataclass(frozen=True)
class State:
    """Where a member stands in a survey."""

    outcome: Outcome
    survey: Survey | None = None
    question: Question | None = None  # the question to show now (None when none is left)
    total: int = 0
    response_id: int | None = None
    picks: frozenset[int] = frozenset()
    credited: bool = False
    low: tuple[tuple[Question, int], ...] = ()


async def _response(conn: AsyncConnection, survey_id: int, member_id: int) -> Any:
    return (
        await conn.execute(
            sa.select(survey_responses).where(
                survey_responses.c.survey_id == survey_id,
                survey_responses.c.member_id == member_id,
            )
        )
    ).first()


async def _ensure_response(
    conn: AsyncConnection, survey_id: int, member_id: int, now: datetime
) -> Any:
    await conn.execute(
        dialect_insert(conn, survey_responses)
        .values(survey_id=survey_id, member_id=member_id, started_at=now)
        .on_conflict_do_nothing()
    )
    return await _response(conn, survey_id, member_id)


async def _answered(conn: AsyncConnection, response_id: int) -> dict[int, Any]:
    rows = await conn.execute(
        sa.select(survey_answers).where(survey_answers.c.response_id == response_id)
    )
    return {row.question_id: row for row in rows}


async def _picks(conn: AsyncConnection, response_id: int, question_id: int) -> frozenset[int]:
    rows = await conn.execute(
        sa.select(survey_picks.c.choice).where(
            survey_picks.c.response_id == response_id,
            survey_picks.c.question_id == question_id,
        )
    )
    return frozenset(int(r[0]) for r in rows)


async def _checked(
    conn: AsyncConnection, survey_id: int, member_id: int, now: datetime, timezone: str
) -> tuple[State | None, Survey | None]:
    """The refusal that applies before anything is written (None: the member may go on)."""
    survey = await get_in(conn, survey_id)
    if survey is None:
        return State(Outcome.UNKNOWN), None
    if not await eligible(conn, survey, member_id=member_id, now=now, timezone=timezone):
        return State(Outcome.NOT_FOR_YOU, survey), survey
    existing = await _response(conn, survey_id, member_id)
    if existing is not None and existing.completed_at is not None:
        return State(Outcome.DONE, survey, response_id=existing.id), survey
    if not survey.open_at(now):
        return State(Outcome.CLOSED, survey), survey
    return None, survey


async def where(
    conn: AsyncConnection, *, survey_id: int, member_id: int, now: datetime, timezone: str
) -> State:
    """Starts (or resumes) the member's response: the first question without an answer."""
    refused, survey = await _checked(conn, survey_id, member_id, now, timezone)
    if refused is not None:
        return refused
    assert survey is not None
    response = await _ensure_response(conn, survey.id, member_id, now)
    return await _position(conn, survey, response.id, Outcome.NEXT)


async def _position(
    conn: AsyncConnection, survey: Survey, response_id: int, outcome: Outcome
) -> State:
    questions = await questions_in(conn, survey.id)
    answered = await _answered(conn, response_id)
    current = next((q for q in questions if q.id not in answered), None)
    picks = await _picks(conn, response_id, current.id) if current is not None else frozenset()
    return State(outcome, survey, current, len(questions), response_id, picks)


async def answer(
    conn: AsyncConnection,
    *,
    survey_id: int,
    member_id: int,
    question_id: int,
    now: datetime,
    timezone: str,
    value: int | None = None,
    text: str | None = None,
    skip: bool = False,
    done: bool = False,
) -> State:
    """Records one answer (a value, a text, the picks of a multiple choice with `done`, or a
    skip of an optional question) and says what comes next."""
    refused, survey = await _checked(conn, survey_id, member_id, now, timezone)
    if refused is not None:
        return refused
    assert survey is not None
    response = await _ensure_response(conn, survey.id, member_id, now)
    here = await _position(conn, survey, response.id, Outcome.NEXT)
    question = here.question
    if question is None or question.id != question_id:
        answered = await _answered(conn, response.id)
        outcome = Outcome.DUPLICATE if question_id in answered else Outcome.STALE
        return State(outcome, survey, question, here.total, response.id, here.picks)
    values: dict[str, Any] = {}
    if skip:
        if question.required:
            return State(Outcome.STALE, survey, question, here.total, response.id, here.picks)
    elif question.kind == MULTI and done:
        if not here.picks and question.required:
            return State(Outcome.STALE, survey, question, here.total, response.id, here.picks)
        values["picks"] = sorted(here.picks)
    elif question.kind == TEXT:
        if text is None or not text or len(text) > (question.max_length or MAX_TEXT_LIMIT):
            return State(Outcome.STALE, survey, question, here.total, response.id, here.picks)
        values["text"] = text
    elif question.kind != MULTI and value is not None and value in question.options():
        values["value"] = value
    else:
        return State(Outcome.STALE, survey, question, here.total, response.id, here.picks)
    inserted = await conn.execute(
        dialect_insert(conn, survey_answers)
        .values(response_id=response.id, question_id=question.id, answered_at=now, **values)
        .on_conflict_do_nothing()
    )
    if inserted.rowcount != 1:
        return State(Outcome.DUPLICATE, survey, question, here.total, response.id, here.picks)
    after = await _position(conn, survey, response.id, Outcome.NEXT)
    if after.question is not None:
        return after
    return await _complete(conn, survey, member_id, response.id, after.total, now)


async def _complete(
    conn: AsyncConnection,
    survey: Survey,
    member_id: int,
    response_id: int,
    total: int,
    now: datetime,
) -> State:
    """The last answer: the response completes once, its reward is credited once."""
    result = await conn.execute(
        sa.update(survey_responses)
        .where(survey_responses.c.id == response_id, survey_responses.c.completed_at.is_(None))
        .values(completed_at=now)
    )
    if result.rowcount != 1:
        return State(Outcome.DONE, survey, None, total, response_id)
    credited = False
    if survey.reward_points > 0:
        credited = await ledger.credit(
            conn,
            member_id=member_id,
            points=survey.reward_points,
            kind="survey",
            key=f"survey:{survey.id}:{member_id}",
            now=now,
            ref=f"survey:{survey.id}",
        )
    return State(
        Outcome.COMPLETED,
        survey,
        None,
        total,
        response_id,
        credited=credited,
        low=tuple(await low_scores(conn, survey.id, response_id)),
    )


async def low_scores(
    conn: AsyncConnection, survey_id: int, response_id: int
) -> list[tuple[Question, int]]:
    """The response's low ratings and NPS scores (a follow-up is due for them)."""
    questions = {q.id: q for q in await questions_in(conn, survey_id)}
    answered = await _answered(conn, response_id)
    return [
        (questions[qid], int(row.value))
        for qid, row in answered.items()
        if qid in questions and questions[qid].is_low(row.value)
    ]


async def pick(
    conn: AsyncConnection,
    *,
    survey_id: int,
    member_id: int,
    question_id: int,
    choice: int,
    on: bool,
    now: datetime,
    timezone: str,
) -> State:
    """Picks (or unpicks) one choice of the multiple-choice question the member is on. The
    button says which: two presses of the same pick at once are one pick."""
    refused, survey = await _checked(conn, survey_id, member_id, now, timezone)
    if refused is not None:
        return refused
    assert survey is not None
    response = await _ensure_response(conn, survey.id, member_id, now)
    here = await _position(conn, survey, response.id, Outcome.NEXT)
    question = here.question
    if question is None or question.id != question_id:
        answered = await _answered(conn, response.id)
        outcome = Outcome.DUPLICATE if question_id in answered else Outcome.STALE
        return State(outcome, survey, question, here.total, response.id, here.picks)
    if question.kind != MULTI or choice not in question.options():
        return State(Outcome.STALE, survey, question, here.total, response.id, here.picks)
    if on:
        await conn.execute(
            dialect_insert(conn, survey_picks)
            .values(response_id=response.id, question_id=question.id, choice=choice)
            .on_conflict_do_nothing()
        )
    else:
        await conn.execute(
            sa.delete(survey_picks).where(
                survey_picks.c.response_id == response.id,
                survey_picks.c.question_id == question.id,
                survey_picks.c.choice == choice,
            )
        )
    return await _position(conn, survey, response.id, Outcome.NEXT)


# Building


async def publish(
    conn: AsyncConnection,
    draft: Draft,
    *,
    actor: str,
    role: str | None,
    now: datetime,
) -> Survey:
    """The survey and its questions, audited, in the caller's transaction."""
    assert draft.opens_at is not None and draft.closes_at is not None
    survey_id = await conn.scalar(
        sa.insert(surveys)
        .values(
            title=draft.title,
            intro=draft.intro,
            reward_points=draft.reward_points,
            segment_id=draft.segment_id,
            opens_at=draft.opens_at,
            closes_at=draft.closes_at,
            after_purchase_hours=draft.after_purchase_hours,
            status=OPEN,
            audience_size=0,
            created_by=actor,
            created_at=now,
        )
        .returning(surveys.c.id)
    )
    await conn.execute(
        sa.insert(survey_questions),
        [
            {
                "survey_id": survey_id,
                "position": q.position,
                "kind": q.kind,
                "text": q.text,
                "choices": list(q.choices) or None,
                "required": q.required,
                "max_length": q.max_length,
            }
            for q in draft.as_questions()
        ],
    )
    await audit.record(
        conn,
        actor=actor,
        role=role,
        action="survey_published",
        target=f"survey:{survey_id}",
        details={
            "title": draft.title,
            "questions": len(draft.questions),
            "reward": draft.reward_points,
            "segment": draft.segment_id,
            "after_purchase_hours": draft.after_purchase_hours,
        },
        at=now,
    )
    found = await get_in(conn, int(survey_id))
    assert found is not None
    return found


async def set_announcement(
    conn: AsyncConnection, survey_id: int, *, broadcast_id: int, audience_size: int
) -> None:
    await conn.execute(
        sa.update(surveys)
        .where(surveys.c.id == survey_id)
        .values(broadcast_id=broadcast_id, audience_size=audience_size)
    )


async def close(
    conn: AsyncConnection, survey_id: int, *, actor: str, role: str | None, now: datetime
) -> bool:
    """Closes an open survey (an admin's press, or its close time); False when it was closed
    already (a double press, another process)."""
    result = await conn.execute(
        sa.update(surveys)
        .where(surveys.c.id == survey_id, surveys.c.status == OPEN)
        .values(status=CLOSED, closed_at=now)
    )
    if result.rowcount != 1:
        return False
    await audit.record(
        conn,
        actor=actor,
        role=role,
        action="survey_closed",
        target=f"survey:{survey_id}",
        details={},
        at=now,
    )
    return True


async def close_due(club: Club) -> list[int]:
    """Surveys past their close time become closed (the minute tick; idempotent: each is
    claimed by a conditional update, so two processes never close one twice)."""
    now = club.now()
    closed: list[int] = []
    async with club.db.write() as conn:
        due = (
            (
                await conn.execute(
                    sa.select(surveys.c.id).where(
                        surveys.c.status == OPEN, surveys.c.closes_at <= now
                    )
                )
            )
            .scalars()
            .all()
        )
        for survey_id in due:
            if await close(conn, survey_id, actor=audit.SYSTEM, role=None, now=now):
                closed.append(int(survey_id))
    return closed


# Post-purchase invitations


def invitation_payload(texts: Texts, survey: Survey) -> dict[str, Any]:
    """The invitation's words and its start button, as outbox data (no messenger types here)."""
    button = {"text": texts("button-survey-start"), "callback_data": f"sv:go:{survey.id}"}
    return {
        "text": texts("survey-invitation", title=survey.title),
        "markup": {"kind": "inline", "data": {"inline_keyboard": [[button]]}},
    }


async def _due_members(
    conn: AsyncConnection, survey: Survey, now: datetime, timezone: str
) -> list[tuple[int, int]]:
    """(member, their first purchase) for members due an invitation: a purchase made since
    the survey opened, at least N hours old, not voided, not invited yet, in its audience."""
    assert survey.after_purchase_hours is not None
    since = max(survey.opens_at, survey.created_at)
    invited = sa.exists().where(
        survey_invitations.c.survey_id == survey.id,
        survey_invitations.c.member_id == purchases.c.member_id,
    )
    terms: list[sa.ColumnElement[bool]] = [
        purchases.c.created_at >= since,
        purchases.c.created_at <= now - timedelta(hours=survey.after_purchase_hours),
        purchases.c.voided_at.is_(None),
        members.c.deleted_at.is_(None),
        ~invited,
    ]
    if survey.segment_id is not None:
        segment = await segments.get_in(conn, survey.segment_id)
        if segment is None:
            return []
        terms.extend(segments.conditions(segment.criteria, now=now, timezone=timezone))
    rows = await conn.execute(
        sa.select(purchases.c.member_id, sa.func.min(purchases.c.id))
        .join(members, members.c.id == purchases.c.member_id)
        .where(*terms)
        .group_by(purchases.c.member_id)
        .order_by(purchases.c.member_id)
        .limit(INVITE_CHUNK)
    )
    return [(int(m), int(p)) for m, p in rows]


async def send_due_invitations(club: Club) -> list[int]:
    """Each open post-purchase survey invites the members whose purchase is N hours old, once
    each (the minute tick). The unique invitation row decides: a member another process
    invited first is skipped, and the message is written with the row that claimed it."""
    now, settings = club.now(), club.settings
    texts = texts_for(settings)
    acted: list[int] = []
    async with club.db.read() as conn:
        rows = await conn.execute(
            sa.select(surveys).where(
                surveys.c.status == OPEN,
                surveys.c.after_purchase_hours.is_not(None),
                surveys.c.opens_at <= now,
                surveys.c.closes_at > now,
            )
        )
        open_ones = [Survey.of(row) for row in rows]
    for survey in open_ones:
        while True:
            async with club.db.write() as conn:
                due = await _due_members(conn, survey, now, settings.timezone)
                messages = []
                for member_id, purchase_id in due:
                    claimed = await conn.execute(
                        dialect_insert(conn, survey_invitations)
                        .values(
                            survey_id=survey.id,
                            member_id=member_id,
                            purchase_id=purchase_id,
                            invited_at=now,
                        )
                        .on_conflict_do_nothing()
                    )
                    if claimed.rowcount == 1:
                        messages.append(
                            outbox.Message(
                                "send",
                                invitation_payload(texts, survey),
                                klass=outbox.MessageClass.SERVICE,
                                member_id=member_id,
                            )
                        )
                if messages:
                    await outbox.write(conn, messages, now=now)
                    await conn.execute(
                        sa.update(surveys)
                        .where(surveys.c.id == survey.id)
                        .values(audience_size=surveys.c.audience_size + len(messages))
                    )
            if messages and survey.id not in acted:
                acted.append(survey.id)
            if len(due) < INVITE_CHUNK:
                break
    return acted


# Results


@dataclass(frozen=True)
class QuestionResult:
    question: Question
    answered: int
    # Per option value (see Question.options): how many chose it.
    counts: dict[int, int]
    nps: int | None = None
    texts: tuple[str, ...] = ()

    def percent(self, value: int) -> int:
        """The share of this question's answers (rounded); multiple choice: of its answers."""
        return round(100 * self.counts.get(value, 0) / self.answered) if self.answered else 0


@dataclass(frozen=True)
class Results:
    survey: Survey
    started: int
    completed: int
    audience: int
    questions: list[QuestionResult]

    @property
    def rate(self) -> int:
        """Completed responses as a percentage of the audience (0 without an audience)."""
        return round(100 * self.completed / self.audience) if self.audience else 0


def nps_score(counts: dict[int, int]) -> int | None:
    """Promoters (9-10) minus detractors (0-6), in percentage points of all scores."""
    total = sum(counts.values())
    if not total:
        return None
    promoters = counts.get(9, 0) + counts.get(10, 0)
    detractors = sum(counts.get(v, 0) for v in range(7))
    return round(100 * (promoters - detractors) / total)


async def results(conn: AsyncConnection, survey: Survey, *, recent_texts: int = 5) -> Results:
    """Counts per question and option, made by the database (GROUP BY), not in Python."""
    questions = await questions_in(conn, survey.id)
    counts: dict[int, dict[int, int]] = {q.id: {} for q in questions}
    answered: dict[int, int] = {q.id: 0 for q in questions}
    in_survey = survey_answers.c.response_id.in_(
        sa.select(survey_responses.c.id).where(survey_responses.c.survey_id == survey.id)
    )
    rows = await conn.execute(
        sa.select(survey_answers.c.question_id, survey_answers.c.value, sa.func.count())
        .where(in_survey, survey_answers.c.value.is_not(None))
        .group_by(survey_answers.c.question_id, survey_answers.c.value)
    )
    for qid, value, n in rows:
        counts[qid][int(value)] = int(n)
        answered[qid] += int(n)
    multi = [q.id for q in questions if q.kind == MULTI]
    if multi:
        picked = await conn.execute(
            sa.select(survey_answers.c.question_id, survey_answers.c.picks).where(
                in_survey,
                survey_answers.c.question_id.in_(multi),
                survey_answers.c.picks.is_not(None),
            )
        )
        for qid, chosen in picked:
            answered[qid] += 1
            for value in chosen or ():
                counts[qid][int(value)] = counts[qid].get(int(value), 0) + 1
    written: dict[int, list[str]] = {}
    for q in questions:
        if q.kind != TEXT:
            continue
        answered[q.id] = int(
            await conn.scalar(
                sa.select(sa.func.count()).where(
                    in_survey,
                    survey_answers.c.question_id == q.id,
                    survey_answers.c.text.is_not(None),
                )
            )
            or 0
        )
        last = await conn.execute(
            sa.select(survey_answers.c.text)
            .where(
                in_survey,
                survey_answers.c.question_id == q.id,
                survey_answers.c.text.is_not(None),
            )
            .order_by(survey_answers.c.id.desc())
            .limit(recent_texts)
        )
        written[q.id] = [str(r[0]) for r in last]
    tallies = await conn.execute(
        sa.select(
            sa.func.count(),
            sa.func.count(survey_responses.c.completed_at),
        ).where(survey_responses.c.survey_id == survey.id)
    )
    started, completed = tallies.one()
    return Results(
        survey=survey,
        started=int(started),
        completed=int(completed),
        audience=survey.audience_size,
        questions=[
            QuestionResult(
                question=q,
                answered=answered[q.id],
                counts=counts[q.id],
                nps=nps_score(counts[q.id]) if q.kind == NPS else None,
                texts=tuple(written.get(q.id, ())),
            )
            for q in questions
        ],
    )


Label = Callable[[Question, Any], str]


async def responses_csv(
    conn: AsyncConnection,
    survey: Survey,
    *,
    header: Sequence[str],
    label: Label,
    moment: Callable[[datetime | None], str],
) -> bytes:
    """Every response, one row each, as UTF-8 with a BOM (so Excel shows Persian). Columns:
    `header` (response, member code, started, completed), then one per question; `label`
    turns a stored answer into words; members are named by their code, never their phone."""
    questions = await questions_in(conn, survey.id)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([*header, *(q.text for q in questions)])
    last = 0
    while True:
        chunk = (
            await conn.execute(
                sa.select(
                    survey_responses.c.id,
                    members.c.code,
                    survey_responses.c.started_at,
                    survey_responses.c.completed_at,
                )
                .join(members, members.c.id == survey_responses.c.member_id)
                .where(survey_responses.c.survey_id == survey.id, survey_responses.c.id > last)
                .order_by(survey_responses.c.id)
                .limit(CHUNK)
            )
        ).all()
        if not chunk:
            break
        last = chunk[-1].id
        ids = [r.id for r in chunk]
        given: dict[tuple[int, int], Any] = {}
        for row in await conn.execute(
            sa.select(survey_answers).where(survey_answers.c.response_id.in_(ids))
        ):
            given[(row.response_id, row.question_id)] = row
        for r in chunk:
            cells = []
            for q in questions:
                found = given.get((r.id, q.id))
                cells.append("" if found is None else label(q, found))
            writer.writerow(
                [r.id, r.code or "", moment(r.started_at), moment(r.completed_at), *cells]
            )
    return ("\ufeff" + out.getvalue()).encode("utf-8")
