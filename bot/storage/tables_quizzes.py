"""Quizzes (bot/club/quizzes.py): the questions, and each member's answers with their timing."""

from __future__ import annotations

import sqlalchemy as sa

from bot.storage.tables import Timestamp, metadata

quizzes = sa.Table(
    "quizzes",
    metadata,
    # A contest: questions with one right choice each, points per right answer, a window.
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("title", sa.String(64), nullable=False),
    sa.Column("points", sa.Integer, nullable=False),
    sa.Column("segment_id", sa.Integer),  # None: every member
    sa.Column("opens_at", Timestamp, nullable=False),
    sa.Column("closes_at", Timestamp, nullable=False),
    # open, then closed once: the conditional UPDATE that closes it is what credits it.
    sa.Column("status", sa.String(12), nullable=False),
    # The announcement (a broadcast row: its audience, its delivery report).
    sa.Column("broadcast_id", sa.Integer),
    sa.Column("created_by", sa.String(48), nullable=False),
    sa.Column("created_at", Timestamp, nullable=False),
    sa.Column("closed_at", Timestamp),
    sa.Index(None, "status", "closes_at"),
    sa.CheckConstraint("points >= 0", name="points_nonnegative"),
)

quiz_questions = sa.Table(
    "quiz_questions",
    metadata,
    sa.Column("quiz_id", sa.Integer, primary_key=True),
    sa.Column("position", sa.SmallInteger, primary_key=True),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("choices", sa.JSON, nullable=False),  # 2 to 6 strings
    sa.Column("correct", sa.SmallInteger, nullable=False),  # an index into choices
)

quiz_answers = sa.Table(
    "quiz_answers",
    metadata,
    # Written when the question is first shown to the member (choice NULL), then answered by
    # one conditional UPDATE `choice IS NULL`: the first answer stays, a second changes nothing.
    sa.Column("quiz_id", sa.Integer, primary_key=True),
    sa.Column("member_id", sa.Integer, primary_key=True),
    sa.Column("position", sa.SmallInteger, primary_key=True),
    sa.Column("shown_at", Timestamp, nullable=False),
    sa.Column("choice", sa.SmallInteger),
    sa.Column("correct", sa.Boolean),
    sa.Column("answered_at", Timestamp),
    # answered_at - shown_at: the tie-break of the leaderboard (less is better).
    sa.Column("millis", sa.Integer),
)
