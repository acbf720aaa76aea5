"""Quiz scoring: names shortened for the public board, one answer per question even when two
presses race, and a close that credits once even when two ticks race (SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from bot.club import quizzes
from bot.club.club import Club
from bot.club.names import short_name
from bot.club.quizzes import Draft, Question
from bot.storage.db import Database
from bot.storage.tables import members
from tests.conftest import make_settings


def test_a_name_is_shortened_to_the_first_name_and_the_family_names_initial() -> None:
    assert short_name("سارا محمدی") == "سارا م."
    assert short_name("  محمد رضا   احمدی ") == "محمد ا."
    assert short_name("رضا") == "رضا"
    assert short_name("") is None
    assert short_name(None) is None


async def _setup(club: Club) -> tuple[int, int]:
    now = club.now()
    async with club.db.write() as conn:
        member_id = int(
            await conn.scalar(
                sa.insert(members)
                .values(name="سارا محمدی", phone="+989120000001", code="10000001", joined_at=now)
                .returning(members.c.id)
            )
        )
        draft = Draft(
            title="T",
            questions=[Question("Q", ["a", "b"], 0)],
            points=10,
            opens_at=now,
            closes_at=now + timedelta(hours=1),
        )
        quiz_id = await quizzes.create(conn, draft, actor="telegram:1", role="owner", now=now)
        await quizzes.show(conn, quiz_id, 0, member_id=member_id, now=now)
    return quiz_id, member_id


async def test_two_presses_at_once_keep_one_answer(any_db: Database) -> None:
    club = Club(any_db, make_settings())
    quiz_id, member_id = await _setup(club)

    async def press(choice: int) -> str:
        async with club.db.write() as conn:
            quiz = await quizzes.get(conn, quiz_id)
            assert quiz is not None
            return await quizzes.answer(conn, quiz, 0, choice, member_id=member_id, now=club.now())

    outcomes = await asyncio.gather(press(0), press(1))
    assert sorted(outcomes) == [quizzes.ACCEPTED, quizzes.ALREADY]
    async with any_db.read() as conn:
        rows = (await conn.execute(sa.text("SELECT choice FROM quiz_answers"))).all()
    assert len(rows) == 1 and rows[0][0] == [0, 1][outcomes.index(quizzes.ACCEPTED)]


async def test_two_ticks_closing_at_once_credit_and_tell_once(any_db: Database) -> None:
    later = datetime.now(UTC) + timedelta(hours=2)
    club = Club(any_db, make_settings())
    quiz_id, member_id = await _setup(club)
    async with club.db.write() as conn:
        quiz = await quizzes.get(conn, quiz_id)
        assert quiz is not None
        await quizzes.answer(conn, quiz, 0, 0, member_id=member_id, now=club.now())
    ticking = Club(any_db, make_settings(), clock=lambda: later)
    results = await asyncio.gather(quizzes.close_due(ticking), quizzes.close_due(ticking))
    assert sorted(results) == [[], [quiz_id]]
    async with any_db.read() as conn:
        assert await conn.scalar(sa.text("SELECT count(*) FROM ledger WHERE kind = 'quiz'")) == 1
        assert await conn.scalar(sa.text("SELECT count(*) FROM outbox")) == 1
        assert await conn.scalar(sa.text("SELECT status FROM quizzes")) == quizzes.CLOSED
