"""the club's clock: job progress, tier grace, when a birth date was set

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-29 16:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("job_runs") as batch:
        batch.add_column(sa.Column("owner", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("heartbeat_at", TIME, nullable=True))
        batch.add_column(sa.Column("cursor", sa.Integer(), nullable=True))
    with op.batch_alter_table("members") as batch:
        batch.add_column(sa.Column("birth_date_set_at", TIME, nullable=True))
        batch.add_column(sa.Column("tier_grace_until", TIME, nullable=True))
        batch.add_column(sa.Column("tier_warned_at", TIME, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("members") as batch:
        batch.drop_column("tier_warned_at")
        batch.drop_column("tier_grace_until")
        batch.drop_column("birth_date_set_at")
    with op.batch_alter_table("job_runs") as batch:
        batch.drop_column("cursor")
        batch.drop_column("heartbeat_at")
        batch.drop_column("owner")
