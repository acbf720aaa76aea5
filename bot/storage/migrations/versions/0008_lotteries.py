"""lotteries, their entries (tickets) and winners

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 10:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "lotteries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=64), nullable=False),
        sa.Column("prizes", sa.JSON(), nullable=False),
        sa.Column("price", sa.Integer(), nullable=False),
        sa.Column("per_member", sa.Integer(), nullable=False),
        sa.Column("segment_id", sa.Integer(), nullable=True),
        sa.Column("deadline", TIME, nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("seed", sa.String(length=64), nullable=False),
        sa.Column("commitment", sa.String(length=64), nullable=False),
        sa.Column("tickets", sa.Integer(), server_default="0", nullable=False),
        sa.Column("created_by", sa.String(length=48), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("drawn_at", TIME, nullable=True),
        sa.Column("cancelled_at", TIME, nullable=True),
        sa.CheckConstraint("price >= 0", name=op.f("ck_lotteries_price_held")),
        sa.CheckConstraint("per_member >= 1", name=op.f("ck_lotteries_per_member_held")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lotteries")),
    )
    op.create_index(op.f("ix_lotteries_status"), "lotteries", ["status", "deadline"], unique=False)
    op.create_table(
        "lottery_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lottery_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("tickets", sa.Integer(), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.CheckConstraint("tickets >= 1", name=op.f("ck_lottery_entries_tickets_held")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lottery_entries")),
        sa.UniqueConstraint(
            "lottery_id",
            "member_id",
            "seq",
            name=op.f("uq_lottery_entries_lottery_id_member_id_seq"),
        ),
    )
    op.create_index(
        op.f("ix_lottery_entries_lottery_id"),
        "lottery_entries",
        ["lottery_id", "id"],
        unique=False,
    )
    op.create_table(
        "lottery_winners",
        sa.Column("lottery_id", sa.Integer(), nullable=False),
        sa.Column("prize", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("ticket", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("lottery_id", "prize", name=op.f("pk_lottery_winners")),
    )


def downgrade() -> None:
    op.drop_table("lottery_winners")
    op.drop_index(op.f("ix_lottery_entries_lottery_id"), table_name="lottery_entries")
    op.drop_table("lottery_entries")
    op.drop_index(op.f("ix_lotteries_status"), table_name="lotteries")
    op.drop_table("lotteries")
