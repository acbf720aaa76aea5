"""kpis: the indexes /stats sums over (the ledger by time, erased members by when, members
now by tier and messenger)

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-29 16:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_ledger_created_kind", "ledger", ["created_at", "kind", "delta"], unique=False
    )
    op.create_index(
        "ix_members_erased",
        "members",
        ["deleted_at", "joined_at"],
        unique=False,
        sqlite_where=sa.text("deleted_at IS NOT NULL"),
        postgresql_where=sa.text("deleted_at IS NOT NULL"),
    )
    op.create_index(
        "ix_members_kpis",
        "members",
        ["tier", "last_platform", "balance", "last_active_at", "joined_at"],
        unique=False,
        sqlite_where=sa.text("deleted_at IS NULL"),
        postgresql_where=sa.text("deleted_at IS NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_members_kpis", table_name="members")
    op.drop_index("ix_members_erased", table_name="members")
    op.drop_index("ix_ledger_created_kind", table_name="ledger")
