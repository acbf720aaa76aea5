"""CSV exports for the team: members, the points ledger, purchases, survey responses.

Invariant: an export never holds the whole file, nor the whole table, in memory. Rows are read
in keyset batches (`id > last ORDER BY id LIMIT n`, each batch its own short read, so no
transaction stays open for the whole export) and written as they come to a folder of their
own under the system's temp directory (bot/club/csv_parts.py: one CSV, or zip parts past
`part_mb` megabytes, each a whole CSV with its header).

The files: UTF-8 with a BOM (so Excel shows Persian), the header in the club's language, every
date or time as two columns side by side (Jalali, then ISO 8601 with the club's UTC offset),
numbers in Latin digits so a sheet can sum and sort them. Erased members keep only their code:
no name, phone, birth date, messengers or activity. Free text that a spreadsheet would run as a
formula is quoted.

The files are written in a worker thread, a batch at a time (csv, deflate, and the spill that
zips the first part in one go, about two seconds at 45 MB): the event loop keeps answering
members meanwhile.
"""

from __future__ import annotations

import asyncio
import functools
import shutil
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from bot.club import surveys
from bot.club.csv_parts import MB, CsvParts, new_folder
from bot.club.jalali import to_jalali
from bot.storage.tables import campaigns, identities, ledger, members, purchases
from bot.storage.tables_surveys import survey_answers, survey_responses
from bot.storage.tables_surveys import surveys as survey_table

if TYPE_CHECKING:
    from bot.i18n import Texts
    from bot.storage.db import Database

KINDS = ("members", "ledger", "purchases", "surveys")
BATCH = 2_000
# A cell a spreadsheet would run as a formula (a name typed as "=HYPERLINK(...)").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

Row = Sequence[object]
T = TypeVar("T")


@dataclass(frozen=True)
class Export:
    kind: str
    rows: int
    files: list[Path]  # the CSV, or the zip parts in order
    folder: Path

    @property
    def zipped(self) -> bool:
        return self.files[0].suffix == ".zip"


def text_cell(value: str | None) -> str:
    """Free text as a cell Excel shows and never runs (OWASP's CSV injection advice)."""
    if not value:
        return ""
    return "'" + value if value.startswith(FORMULA_START) else value


class Moments:
    """Dates and times in the club's timezone: (Jalali, ISO) pairs for two columns."""

    def __init__(self, timezone: str) -> None:
        self.zone = ZoneInfo(timezone)
        self._days: dict[date, str] = {}  # a few thousand distinct days at most

    def jalali(self, day: date) -> str:
        found = self._days.get(day)
        if found is None:
            year, month, dom = to_jalali(day)
            found = self._days[day] = f"{year:04d}/{month:02d}/{dom:02d}"
        return found

    def moment(self, value: datetime | None) -> tuple[str, str]:
        if value is None:
            return "", ""
        local = value.astimezone(self.zone)
        jalali = f"{self.jalali(local.date())} {local.hour:02d}:{local.minute:02d}"
        return jalali, local.isoformat(timespec="seconds")

    def day(self, value: date | None) -> tuple[str, str]:
        return ("", "") if value is None else (self.jalali(value), value.isoformat())


# Each export's columns: (header key, is a moment). A moment is two columns.
COLUMNS: dict[str, tuple[tuple[str, bool], ...]] = {
    "members": (
        ("exports-col-id", False),
        ("exports-col-member", False),
        ("exports-col-name", False),
        ("exports-col-phone", False),
        ("exports-col-phone-verified", False),
        ("exports-col-birth-date", True),
        ("exports-col-balance", False),
        ("exports-col-tier", False),
        ("exports-col-referrer", False),
        ("exports-col-campaign", False),
        ("exports-col-messengers", False),
        ("exports-col-joined", True),
        ("exports-col-last-active", True),
        ("exports-col-promo", False),
        ("exports-col-status", False),
        ("exports-col-erased", True),
    ),
    "ledger": (
        ("exports-col-id", False),
        ("exports-col-member", False),
        ("exports-col-points", False),
        ("exports-col-kind", False),
        ("exports-col-ref", False),
        ("exports-col-date", True),
    ),
    "purchases": (
        ("exports-col-purchase", False),
        ("exports-col-member", False),
        ("exports-col-amount", False),
        ("exports-col-discount", False),
        ("exports-col-points-paid", False),
        ("exports-col-points-paid-toman", False),
        ("exports-col-points-earned", False),
        ("exports-col-receipt", False),
        ("exports-col-source", False),
        ("exports-col-staff", False),
        ("exports-col-date", True),
        ("exports-col-status", False),
        ("exports-col-voided", True),
    ),
    "surveys": (
        ("exports-col-survey-id", False),
        ("exports-col-survey", False),
        ("exports-col-response", False),
        ("exports-col-member", False),
        ("exports-col-started", True),
        ("exports-col-completed", True),
        ("exports-col-question-number", False),
        ("exports-col-question", False),
        ("exports-col-answer", False),
        ("exports-col-answered", True),
    ),
}


def header(kind: str, texts: Texts) -> list[str]:
    names: list[str] = []
    for key, moment in COLUMNS[kind]:
        name = texts(key)
        if moment:
            names += [
                texts("exports-col-jalali", column=name),
                texts("exports-col-iso", column=name),
            ]
        else:
            names.append(name)
    return names


class Words:
    """The club's words for stored values, each rendered once per export (not once a row)."""

    def __init__(self, texts: Texts) -> None:
        self.texts = texts
        self._said: dict[str, str] = {}

    def __call__(self, key: str) -> str:
        found = self._said.get(key)
        if found is None:
            found = self._said[key] = self.texts(key)
        return found

    def label(self, prefix: str, value: str) -> str:
        """A stored word (a tier, a ledger kind, a messenger), or itself when unknown."""
        key = f"{prefix}-{value}"
        if key not in self._said:
            self._said[key] = self.texts.get(key, value)
        return self._said[key]

    def yes(self, value: bool) -> str:
        return self("exports-yes" if value else "exports-no")


Source = Callable[["Database", Words, Moments, int], AsyncIterator[list[Row]]]


async def _members(db: Database, words: Words, at: Moments, batch: int) -> AsyncIterator[list[Row]]:
    referrer = members.alias("referrer")
    m = members.c
    query = (
        sa.select(
            m.id,
            m.code,
            m.name,
            m.phone,
            m.phone_verified,
            m.birth_date,
            m.balance,
            m.tier,
            referrer.c.code,
            campaigns.c.name,
            m.joined_at,
            m.last_active_at,
            m.promo_opt_out,
            m.deleted_at,
        )
        .select_from(
            members.outerjoin(referrer, referrer.c.id == m.referrer_id).outerjoin(
                campaigns, campaigns.c.id == m.campaign_id
            )
        )
        .order_by(m.id)
        .limit(batch)
    )
    active, erased = words("exports-status-active"), words("exports-status-erased")
    last = 0
    while True:
        async with db.read() as conn:
            found = (await conn.execute(query.where(m.id > last))).all()
            if not found:
                return
            chats: dict[int, list[str]] = {}
            held = await conn.execute(
                sa.select(identities.c.member_id, identities.c.platform)
                .where(identities.c.member_id.between(found[0][0], found[-1][0]))
                .order_by(identities.c.member_id, identities.c.platform)
            )
            for member_id, platform in held.all():
                chats.setdefault(member_id, []).append(words.label("platform", platform))
        last = found[-1][0]
        rows: list[Row] = []
        for (
            member_id,
            code,
            name,
            phone,
            verified,
            born,
            balance,
            tier,
            referrer_code,
            campaign,
            joined,
            seen,
            opted_out,
            deleted,
        ) in found:
            tier_name = words.label("tier", tier)
            if deleted is not None:
                rows.append(
                    (member_id, code, "", "", "", "", "", balance, tier_name, referrer_code,
                     text_cell(campaign), "", *at.moment(joined), "", "", "", erased,
                     *at.moment(deleted))
                )  # fmt: skip
                continue
            rows.append(
                (member_id, code, text_cell(name), phone, words.yes(verified) if phone else "",
                 *at.day(born), balance, tier_name, referrer_code, text_cell(campaign),
                 "\u060c ".join(chats.get(member_id, ())), *at.moment(joined), *at.moment(seen),
                 words.yes(not opted_out), active, "", "")
            )  # fmt: skip
        yield rows


async def _pages(
    db: Database, query: sa.Select[Any], key: sa.ColumnElement[int]
) -> AsyncIterator[list[Any]]:
    """`query`'s rows a batch at a time after the last `key` seen, each batch a short read of
    its own (no transaction held while the rows are written out)."""
    last = 0
    while True:
        async with db.read() as conn:
            found = (await conn.execute(query.where(key > last))).all()
        if not found:
            return
        last = found[-1].id
        yield found


async def _ledger(db: Database, words: Words, at: Moments, batch: int) -> AsyncIterator[list[Row]]:
    query = (
        sa.select(
            ledger.c.id,
            members.c.code,
            ledger.c.delta,
            ledger.c.kind,
            ledger.c.ref,
            ledger.c.created_at,
        )
        .join(members, members.c.id == ledger.c.member_id)
        .order_by(ledger.c.id)
        .limit(batch)
    )
    async for found in _pages(db, query, ledger.c.id):
        yield [
            (
                r.id,
                r.code,
                r.delta,
                words.label("ledger", r.kind),
                text_cell(r.ref),
                *at.moment(r.created_at),
            )
            for r in found
        ]


async def _purchases(
    db: Database, words: Words, at: Moments, batch: int
) -> AsyncIterator[list[Row]]:
    query = (
        sa.select(purchases, members.c.code)
        .join(members, members.c.id == purchases.c.member_id)
        .order_by(purchases.c.id)
        .limit(batch)
    )
    async for found in _pages(db, query, purchases.c.id):
        yield [
            (
                r.id,
                r.code,
                r.amount_toman,
                r.discount_toman,
                r.points_paid,
                r.points_paid_toman,
                r.points,
                text_cell(r.receipt_id),
                r.source,
                r.staff_identity,
                *at.moment(r.created_at),
                words("exports-status-voided" if r.voided_at else "exports-status-valid"),
                *at.moment(r.voided_at),
            )
            for r in found
        ]


def answer_label(words: Words, question: surveys.Question, row: Any, erased: bool) -> str:
    """A stored answer in words; numbers (ratings, NPS) stay numbers a sheet can average."""
    if row.text is not None:
        return text_cell(str(row.text))
    if row.picks is not None:
        return "\u060c ".join(_choice(question, int(v)) for v in row.picks)
    if row.value is not None:
        value = int(row.value)
        if question.kind == surveys.YESNO:
            return words("button-survey-yes" if value else "button-survey-no")
        if question.kind in (surveys.SINGLE, surveys.MULTI):
            return _choice(question, value)
        return str(value)
    # An erased member's written answers are gone; theirs is not a skip.
    return "" if erased else words("survey-csv-skipped")


def _choice(question: surveys.Question, value: int) -> str:
    return text_cell(question.choices[value]) if 0 <= value < len(question.choices) else "?"


async def _surveys(db: Database, words: Words, at: Moments, batch: int) -> AsyncIterator[list[Row]]:
    """One row per answer (a response with none yet: one row without a question)."""
    query = (
        sa.select(
            survey_responses,
            survey_table.c.title,
            members.c.code,
            members.c.deleted_at,
        )
        .join(survey_table, survey_table.c.id == survey_responses.c.survey_id)
        .join(members, members.c.id == survey_responses.c.member_id)
        .order_by(survey_responses.c.id)
        .limit(batch)
    )
    questions: dict[int, dict[int, surveys.Question]] = {}
    last = 0
    while True:
        async with db.read() as conn:
            found = (await conn.execute(query.where(survey_responses.c.id > last))).all()
            if not found:
                return
            for survey_id in {r.survey_id for r in found} - questions.keys():
                asked = await surveys.questions_in(conn, survey_id)
                questions[survey_id] = {q.id: q for q in asked}
            given: dict[int, list[Any]] = {}
            answered = await conn.execute(
                sa.select(survey_answers).where(
                    survey_answers.c.response_id.between(found[0].id, found[-1].id)
                )
            )
            for a in answered.all():
                given.setdefault(a.response_id, []).append(a)
        last = found[-1].id
        rows: list[Row] = []
        for r in found:
            asked_here = questions[r.survey_id]
            head = (
                r.survey_id,
                text_cell(r.title),
                r.id,
                r.code,
                *at.moment(r.started_at),
                *at.moment(r.completed_at),
            )
            answers = sorted(given.get(r.id, ()), key=lambda a: asked_here[a.question_id].position)
            if not answers:
                rows.append((*head, "", "", "", *at.moment(None)))
            for a in answers:
                q = asked_here[a.question_id]
                label = answer_label(words, q, a, r.deleted_at is not None)
                rows.append(
                    (*head, q.position, text_cell(q.text), label, *at.moment(a.answered_at))
                )
        yield rows


SOURCES: dict[str, Source] = {
    "members": _members,
    "ledger": _ledger,
    "purchases": _purchases,
    "surveys": _surveys,
}


async def off_loop(work: Callable[[], T]) -> T:
    """`work` in a worker thread. A cancelled caller still waits for the thread to be done
    with the files (a batch, at most a spill), so they are never closed under it."""
    running = asyncio.ensure_future(asyncio.to_thread(work))
    try:
        return await asyncio.shield(running)
    except asyncio.CancelledError:
        await asyncio.wait([running])
        raise


async def export(
    db: Database,
    kind: str,
    *,
    texts: Texts,
    timezone: str,
    part_mb: int,
    today: date,
    root: Path | None = None,
    batch: int = BATCH,
) -> Export:
    """Writes one export to a new folder (the files are removed as they are sent)."""
    folder = new_folder(root)
    try:
        files = CsvParts(folder, f"{kind}-{today.isoformat()}", header(kind, texts), part_mb * MB)
        try:
            async for rows in SOURCES[kind](db, Words(texts), Moments(timezone), batch):
                await off_loop(functools.partial(files.write_rows, rows))
            paths = await off_loop(files.finish)
        except BaseException:
            files.abandon()
            raise
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return Export(kind, files.rows, paths, folder)
