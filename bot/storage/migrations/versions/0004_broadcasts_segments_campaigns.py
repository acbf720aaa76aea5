"""broadcasts, segments, campaigns; promotional consent and activity on members

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 09:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    # Members: the promotional choice (with its time), activity and the nightly RFM class.
    op.add_column(
        "members",
        sa.Column("promo_opt_out", sa.Boolean(), server_default=sa.false(), nullable=False),
    )
    op.add_column("members", sa.Column("promo_choice_at", TIME, nullable=True))
    op.add_column("members", sa.Column("last_active_at", TIME, nullable=True))
    op.add_column("members", sa.Column("rfm_class", sa.String(length=16), nullable=True))
    op.create_index(op.f("ix_members_last_active_at"), "members", ["last_active_at"])
    op.create_index(op.f("ix_members_rfm_class"), "members", ["rfm_class"])
    op.create_index(op.f("ix_members_campaign_id"), "members", ["campaign_id"])
    op.create_index(op.f("ix_members_joined_at"), "members", ["joined_at"])
    # Segments and audiences (bot/club/segments.py): partial indexes, written for each
    # dialect as it compares booleans (SQLite uses a partial index only on matching words).
    for name, table, columns, sqlite, postgresql in (
        (
            "ix_members_promotable",
            "members",
            ["id"],
            "deleted_at IS NULL AND promo_opt_out = 0",
            "deleted_at IS NULL AND promo_opt_out = false",
        ),
        (
            "ix_identities_reachable",
            "identities",
            ["member_id", "platform"],
            "blocked_at IS NULL",
            "blocked_at IS NULL",
        ),
        (
            "ix_purchases_recent",
            "purchases",
            ["created_at", "member_id", "amount_toman"],
            "voided_at IS NULL",
            "voided_at IS NULL",
        ),
        (
            "ix_purchases_member_live",
            "purchases",
            ["member_id", "created_at", "amount_toman"],
            "voided_at IS NULL",
            "voided_at IS NULL",
        ),
    ):
        op.create_index(
            name,
            table,
            columns,
            sqlite_where=sa.text(sqlite),
            postgresql_where=sa.text(postgresql),
        )

    op.create_table(
        "segments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("criteria", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.String(length=48), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_segments")),
        sa.UniqueConstraint("name", name=op.f("uq_segments_name")),
    )

    op.create_table(
        "broadcasts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.String(length=48), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("progress_message_id", sa.BigInteger(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("photo", sa.JSON(), nullable=True),
        sa.Column("button_text", sa.String(length=64), nullable=True),
        sa.Column("button_url", sa.String(length=512), nullable=True),
        sa.Column("markup", sa.JSON(), nullable=True),
        sa.Column("segment_id", sa.Integer(), nullable=True),
        sa.Column("criteria", sa.JSON(), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("due_at", TIME, nullable=True),
        sa.Column("audience_size", sa.Integer(), nullable=True),
        sa.Column("frozen_through", sa.Integer(), nullable=True),
        sa.Column("queued_through", sa.Integer(), nullable=True),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("started_at", TIME, nullable=True),
        sa.Column("finished_at", TIME, nullable=True),
        sa.Column("outcome", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_broadcasts")),
    )
    op.create_index(op.f("ix_broadcasts_status"), "broadcasts", ["status", "due_at"])
    op.add_column("outbox", sa.Column("broadcast_id", sa.Integer(), nullable=True))
    op.create_index(op.f("ix_outbox_broadcast_id"), "outbox", ["broadcast_id", "status", "id"])

    op.create_table(
        "campaigns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("created_by", sa.String(length=48), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("archived_at", TIME, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaigns")),
        sa.UniqueConstraint("slug", name=op.f("uq_campaigns_slug")),
    )
    op.create_table(
        "campaign_events",
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column("at", TIME, nullable=False),
        sa.PrimaryKeyConstraint(
            "campaign_id", "kind", "platform", "user_id", name=op.f("pk_campaign_events")
        ),
    )


def downgrade() -> None:
    op.drop_table("campaign_events")
    op.drop_table("campaigns")
    op.drop_index(op.f("ix_outbox_broadcast_id"), table_name="outbox")
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("broadcast_id")
    op.drop_index(op.f("ix_broadcasts_status"), table_name="broadcasts")
    op.drop_table("broadcasts")
    op.drop_table("segments")
    for name, table in (
        ("ix_purchases_member_live", "purchases"),
        ("ix_purchases_recent", "purchases"),
        ("ix_identities_reachable", "identities"),
        ("ix_members_promotable", "members"),
    ):
        op.drop_index(name, table_name=table)
    for index in ("joined_at", "campaign_id", "rfm_class", "last_active_at"):
        op.drop_index(op.f(f"ix_members_{index}"), table_name="members")
    with op.batch_alter_table("members") as batch:
        for column in ("rfm_class", "last_active_at", "promo_choice_at", "promo_opt_out"):
            batch.drop_column(column)
