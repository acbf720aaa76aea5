"""outbox, club_meta, audit; processed_updates keyed by messenger too

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 07:05:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("class", sa.SmallInteger(), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=True),
        sa.Column("chat_id", sa.BigInteger(), nullable=True),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column("method", sa.String(length=16), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("dedup_key", sa.String(length=160), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("next_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_by", sa.String(length=32), nullable=True),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("error", sa.String(length=200), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
        sa.UniqueConstraint("dedup_key", name=op.f("uq_outbox_dedup_key")),
    )
    op.create_index(
        op.f("ix_outbox_status"), "outbox", ["status", "class", "next_at"], unique=False
    )
    op.create_table(
        "club_meta",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_club_meta")),
    )
    op.create_table(
        "audit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=48), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=True),
        sa.Column("action", sa.String(length=48), nullable=False),
        sa.Column("target", sa.String(length=48), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit")),
    )
    op.create_index(op.f("ix_audit_at"), "audit", ["at"], unique=False)
    # A messenger column in the key. The rows already there cannot say which messenger they
    # came from, so each is kept for both: an update handled before the upgrade is still
    # recognised when it is redelivered, whichever messenger it came from.
    op.rename_table("processed_updates", "processed_updates_old")
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "ALTER TABLE processed_updates_old RENAME CONSTRAINT pk_processed_updates "
            "TO pk_processed_updates_old"
        )
    op.create_table(
        "processed_updates",
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("bot_id", sa.BigInteger(), nullable=False),
        sa.Column("update_id", sa.BigInteger(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint(
            "platform", "bot_id", "update_id", name=op.f("pk_processed_updates")
        ),
    )
    for platform in ("telegram", "bale"):
        op.execute(
            "INSERT INTO processed_updates (platform, bot_id, update_id, at) "
            f"SELECT '{platform}', bot_id, update_id, at FROM processed_updates_old"
        )
    op.drop_table("processed_updates_old")


def downgrade() -> None:
    raise NotImplementedError("0002 is not reversible: restore the backup taken before upgrading")
