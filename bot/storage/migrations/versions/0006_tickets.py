"""feedback threads: tickets and their messages

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29 12:30:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "tickets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("purchase_id", sa.Integer(), nullable=True),
        sa.Column("attachment", sa.JSON(), nullable=True),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
        sa.Column("first_response_at", TIME, nullable=True),
        sa.Column("closed_at", TIME, nullable=True),
        sa.CheckConstraint(
            "kind IN ('suggestion', 'complaint', 'question', 'purchase', 'survey')",
            name=op.f("ck_tickets_kind_known"),
        ),
        sa.CheckConstraint(
            "status IN ('open', 'answered', 'closed')", name=op.f("ck_tickets_status_known")
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_tickets_member_id_members")
        ),
        sa.ForeignKeyConstraint(
            ["purchase_id"], ["purchases.id"], name=op.f("fk_tickets_purchase_id_purchases")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tickets")),
        sa.UniqueConstraint("purchase_id", name=op.f("uq_tickets_purchase_id")),
    )
    op.create_index(op.f("ix_tickets_member_id"), "tickets", ["member_id", "status"], unique=False)
    op.create_index(op.f("ix_tickets_status"), "tickets", ["status", "created_at"], unique=False)

    op.create_table(
        "ticket_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("author", sa.String(length=8), nullable=False),
        sa.Column("actor", sa.String(length=48), nullable=True),
        sa.Column("text", sa.Text(), server_default="", nullable=False),
        sa.Column("photo", sa.JSON(), nullable=True),
        sa.Column("created_at", TIME, nullable=False),
        sa.CheckConstraint(
            "author IN ('member', 'team')", name=op.f("ck_ticket_messages_author_known")
        ),
        sa.ForeignKeyConstraint(
            ["ticket_id"], ["tickets.id"], name=op.f("fk_ticket_messages_ticket_id_tickets")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ticket_messages")),
    )
    op.create_index(
        op.f("ix_ticket_messages_ticket_id"), "ticket_messages", ["ticket_id", "id"], unique=False
    )


def downgrade() -> None:
    op.drop_table("ticket_messages")
    op.drop_table("tickets")
