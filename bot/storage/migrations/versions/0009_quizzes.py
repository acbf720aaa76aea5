"""quizzes: questions, answers with their timing

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29 12:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "quizzes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=64), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("segment_id", sa.Integer(), nullable=True),
        sa.Column("opens_at", TIME, nullable=False),
        sa.Column("closes_at", TIME, nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("broadcast_id", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.String(length=48), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("closed_at", TIME, nullable=True),
        sa.CheckConstraint("points >= 0", name=op.f("ck_quizzes_points_nonnegative")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quizzes")),
    )
    op.create_index(op.f("ix_quizzes_status"), "quizzes", ["status", "closes_at"], unique=False)
    op.create_table(
        "quiz_questions",
        sa.Column("quiz_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.SmallInteger(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("choices", sa.JSON(), nullable=False),
        sa.Column("correct", sa.SmallInteger(), nullable=False),
        sa.PrimaryKeyConstraint("quiz_id", "position", name=op.f("pk_quiz_questions")),
    )
    op.create_table(
        "quiz_answers",
        sa.Column("quiz_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.SmallInteger(), nullable=False),
        sa.Column("shown_at", TIME, nullable=False),
        sa.Column("choice", sa.SmallInteger(), nullable=True),
        sa.Column("correct", sa.Boolean(), nullable=True),
        sa.Column("answered_at", TIME, nullable=True),
        sa.Column("millis", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("quiz_id", "member_id", "position", name=op.f("pk_quiz_answers")),
    )


def downgrade() -> None:
    for table in ("quiz_answers", "quiz_questions"):
        op.drop_table(table)
    op.drop_index(op.f("ix_quizzes_status"), table_name="quizzes")
    op.drop_table("quizzes")
