"""Surveys: the survey, its questions, each member's response and answers, the picks of a
multiple-choice question still being answered, and post-purchase invitations.

Invariants kept by unique rows, not by code: one response per member and survey; one answer per
response and question (two presses of the same answer at once: the second inserts nothing);
one invitation per member and survey (the minute tick may run twice, in two processes).
"""

from __future__ import annotations

import sqlalchemy as sa

from bot.storage.tables import Timestamp, metadata

surveys = sa.Table(
    "surveys",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("title", sa.String(100), nullable=False),
    sa.Column("intro", sa.Text, nullable=False, server_default=""),
    sa.Column("reward_points", sa.Integer, nullable=False, server_default="0"),
    # None: every member; else a saved segment (its criteria are read when a member opens it).
    sa.Column("segment_id", sa.Integer),
    sa.Column("opens_at", Timestamp, nullable=False),
    sa.Column("closes_at", Timestamp, nullable=False),
    # Set: the survey is sent to each member this many hours after a purchase, not announced.
    sa.Column("after_purchase_hours", sa.Integer),
    # open | closed (close_due or an admin closes it; the close time alone also refuses answers).
    sa.Column("status", sa.String(12), nullable=False),
    # The announcement (a broadcast) and how many members it was frozen for.
    sa.Column("broadcast_id", sa.Integer),
    sa.Column("audience_size", sa.Integer, nullable=False, server_default="0"),
    sa.Column("created_by", sa.String(48), nullable=False),
    sa.Column("created_at", Timestamp, nullable=False),
    sa.Column("closed_at", Timestamp),
    sa.Index(None, "status", "closes_at"),
)

survey_questions = sa.Table(
    "survey_questions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("survey_id", sa.Integer, sa.ForeignKey("surveys.id"), nullable=False),
    sa.Column("position", sa.Integer, nullable=False),
    # yesno | single | multi | rating | nps | text
    sa.Column("kind", sa.String(12), nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("choices", sa.JSON),
    sa.Column("required", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("max_length", sa.Integer),
    sa.UniqueConstraint("survey_id", "position"),
)

survey_responses = sa.Table(
    "survey_responses",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("survey_id", sa.Integer, sa.ForeignKey("surveys.id"), nullable=False),
    sa.Column("member_id", sa.Integer, sa.ForeignKey("members.id"), nullable=False),
    sa.Column("started_at", Timestamp, nullable=False),
    sa.Column("completed_at", Timestamp),
    sa.UniqueConstraint("survey_id", "member_id"),
)

survey_answers = sa.Table(
    "survey_answers",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("response_id", sa.Integer, sa.ForeignKey("survey_responses.id"), nullable=False),
    sa.Column("question_id", sa.Integer, sa.ForeignKey("survey_questions.id"), nullable=False),
    # yes/no (1/0), a choice's index, a rating, an NPS score; a multiple choice's picks; a text.
    # All three empty: an optional question skipped.
    sa.Column("value", sa.Integer),
    sa.Column("picks", sa.JSON),
    sa.Column("text", sa.Text),
    sa.Column("answered_at", Timestamp, nullable=False),
    sa.UniqueConstraint("response_id", "question_id"),
    sa.Index(None, "question_id"),
)

survey_picks = sa.Table(
    "survey_picks",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("response_id", sa.Integer, sa.ForeignKey("survey_responses.id"), nullable=False),
    sa.Column("question_id", sa.Integer, sa.ForeignKey("survey_questions.id"), nullable=False),
    sa.Column("choice", sa.Integer, nullable=False),
    sa.UniqueConstraint("response_id", "question_id", "choice"),
)

survey_invitations = sa.Table(
    "survey_invitations",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("survey_id", sa.Integer, sa.ForeignKey("surveys.id"), nullable=False),
    sa.Column("member_id", sa.Integer, sa.ForeignKey("members.id"), nullable=False),
    sa.Column("purchase_id", sa.Integer, nullable=False),
    sa.Column("invited_at", Timestamp, nullable=False),
    sa.UniqueConstraint("survey_id", "member_id"),
)
