"""rewards catalog, redemptions and their codes, partner pools, campaign codes; what came off
a purchase's bill

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 12:07:59.329516
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "code_failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("actor", sa.String(length=48), nullable=False),
        sa.Column("at", TIME, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_code_failures")),
    )
    op.create_index(op.f("ix_code_failures_actor"), "code_failures", ["actor", "at"], unique=False)

    op.create_table(
        "promo_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("value", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("min_purchase", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("total_uses", sa.Integer(), nullable=True),
        sa.Column("uses", sa.Integer(), server_default="0", nullable=False),
        sa.Column("per_member", sa.Integer(), server_default="1", nullable=False),
        sa.Column("tier", sa.String(length=20), nullable=True),
        sa.Column("segment_id", sa.Integer(), nullable=True),
        sa.Column("starts_on", sa.Date(), nullable=True),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("created_by", sa.String(length=48), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
        sa.CheckConstraint(
            "total_uses IS NULL OR uses <= total_uses", name=op.f("ck_promo_codes_uses_held")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_promo_codes")),
        sa.UniqueConstraint("code", name=op.f("uq_promo_codes_code")),
    )
    op.create_table(
        "rewards",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=64), nullable=False),
        sa.Column("description", sa.Text(), server_default="", nullable=False),
        sa.Column("cost", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("value", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("min_purchase", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("stock", sa.Integer(), nullable=True),
        sa.Column("issued", sa.Integer(), server_default="0", nullable=False),
        sa.Column("per_member", sa.Integer(), nullable=True),
        sa.Column("valid_days", sa.Integer(), nullable=False),
        sa.Column("tier", sa.String(length=20), nullable=True),
        sa.Column("segment_id", sa.Integer(), nullable=True),
        sa.Column("starts_on", sa.Date(), nullable=True),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("pooled", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("paused_reason", sa.String(length=24), nullable=True),
        sa.Column("created_by", sa.String(length=48), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
        sa.CheckConstraint("cost > 0", name=op.f("ck_rewards_cost_positive")),
        sa.CheckConstraint("issued >= 0", name=op.f("ck_rewards_issued_nonnegative")),
        sa.CheckConstraint("stock IS NULL OR issued <= stock", name=op.f("ck_rewards_stock_held")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rewards")),
    )
    op.create_index(op.f("ix_rewards_status"), "rewards", ["status"], unique=False)

    op.create_table(
        "partner_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reward_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=128), nullable=False),
        sa.Column("redemption_id", sa.Integer(), nullable=True),
        sa.Column("uploaded_at", TIME, nullable=False),
        sa.ForeignKeyConstraint(
            ["reward_id"], ["rewards.id"], name=op.f("fk_partner_codes_reward_id_rewards")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_codes")),
        sa.UniqueConstraint("redemption_id", name=op.f("uq_partner_codes_redemption_id")),
        sa.UniqueConstraint("reward_id", "code", name=op.f("uq_partner_codes_reward_id_code")),
    )
    op.create_index(
        "ix_partner_codes_free",
        "partner_codes",
        ["reward_id", "id"],
        unique=False,
        sqlite_where=sa.text("redemption_id IS NULL"),
        postgresql_where=sa.text("redemption_id IS NULL"),
    )

    op.create_table(
        "promo_code_uses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("promo_code_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("purchase_id", sa.Integer(), nullable=False),
        sa.Column("discount_toman", sa.BigInteger(), nullable=False),
        sa.Column("used_at", TIME, nullable=False),
        sa.Column("used_by", sa.String(length=48), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_promo_code_uses_member_id_members")
        ),
        sa.ForeignKeyConstraint(
            ["promo_code_id"],
            ["promo_codes.id"],
            name=op.f("fk_promo_code_uses_promo_code_id_promo_codes"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_promo_code_uses")),
        sa.UniqueConstraint("purchase_id", name=op.f("uq_promo_code_uses_purchase_id")),
    )
    op.create_index(
        op.f("ix_promo_code_uses_promo_code_id"),
        "promo_code_uses",
        ["promo_code_id", "member_id"],
        unique=False,
    )

    op.create_table(
        "redemptions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reward_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("partner_code", sa.String(length=128), nullable=True),
        sa.Column("cost", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("expires_at", TIME, nullable=False),
        sa.Column("used_at", TIME, nullable=True),
        sa.Column("used_by", sa.String(length=48), nullable=True),
        sa.Column("purchase_id", sa.Integer(), nullable=True),
        sa.Column("closed_at", TIME, nullable=True),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_redemptions_member_id_members")
        ),
        sa.ForeignKeyConstraint(
            ["reward_id"], ["rewards.id"], name=op.f("fk_redemptions_reward_id_rewards")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_redemptions")),
        sa.UniqueConstraint("code", name=op.f("uq_redemptions_code")),
    )
    op.create_index(
        op.f("ix_redemptions_member_id"), "redemptions", ["member_id", "status"], unique=False
    )
    op.create_index(
        op.f("ix_redemptions_reward_id"), "redemptions", ["reward_id", "member_id"], unique=False
    )

    # What came off a purchase's bill before its net amount (bot/club/purchases.py).
    op.add_column(
        "purchases",
        sa.Column("discount_toman", sa.BigInteger(), server_default="0", nullable=False),
    )
    op.add_column("purchases", sa.Column("redemption_id", sa.Integer(), nullable=True))
    op.add_column("purchases", sa.Column("promo_code_id", sa.Integer(), nullable=True))
    op.add_column(
        "purchases", sa.Column("points_paid", sa.Integer(), server_default="0", nullable=False)
    )
    op.add_column(
        "purchases",
        sa.Column("points_paid_toman", sa.BigInteger(), server_default="0", nullable=False),
    )


def downgrade() -> None:
    for table in (
        "redemptions",
        "promo_code_uses",
        "partner_codes",
        "rewards",
        "promo_codes",
        "code_failures",
    ):
        op.drop_table(table)
    with op.batch_alter_table("purchases") as batch:
        for column in (
            "points_paid_toman",
            "points_paid",
            "promo_code_id",
            "redemption_id",
            "discount_toman",
        ):
            batch.drop_column(column)
