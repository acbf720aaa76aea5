"""team_roles: the roles given in chat

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 08:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "team_roles",
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("granted_by", sa.String(length=48), nullable=False),
        sa.Column("granted_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("platform", "user_id", "role", name=op.f("pk_team_roles")),
    )


def downgrade() -> None:
    op.drop_table("team_roles")
