"""Lotteries (bot/club/lotteries.py): the lottery, its entries (tickets), its winners."""

from __future__ import annotations

import sqlalchemy as sa

from bot.storage.tables import Timestamp, metadata

lotteries = sa.Table(
    "lotteries",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("title", sa.String(64), nullable=False),
    # [{"text": ..., "points": int}, ...] in the order drawn (prize 1 first).
    sa.Column("prizes", sa.JSON, nullable=False),
    sa.Column("price", sa.Integer, nullable=False),  # points a ticket; 0: free, one ticket
    sa.Column("per_member", sa.Integer, nullable=False),
    sa.Column("segment_id", sa.Integer),  # None: every member
    sa.Column("deadline", Timestamp, nullable=False),
    # open -> drawing -> drawn, or open -> cancelled (each move one conditional UPDATE).
    sa.Column("status", sa.String(12), nullable=False),
    # 32 random bytes as hex, kept secret until the draw; its SHA-256 is published at once.
    sa.Column("seed", sa.String(64), nullable=False),
    sa.Column("commitment", sa.String(64), nullable=False),
    # Tickets sold: a purchase raises it with a conditional UPDATE on an open lottery, which
    # also orders it before or after the draw's claim (never half in).
    sa.Column("tickets", sa.Integer, nullable=False, server_default="0"),
    sa.Column("created_by", sa.String(48), nullable=False),
    sa.Column("created_at", Timestamp, nullable=False),
    sa.Column("drawn_at", Timestamp),
    sa.Column("cancelled_at", Timestamp),
    sa.CheckConstraint("price >= 0", name="price_held"),
    sa.CheckConstraint("per_member >= 1", name="per_member_held"),
    sa.Index(None, "status", "deadline"),
)

lottery_entries = sa.Table(
    "lottery_entries",
    metadata,
    # One purchase: `seq` is the member's n-th purchase in this lottery (its ledger key is
    # `lottery:<lottery>:<member>:<seq>`), so a double tap of one confirmation buys once.
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("lottery_id", sa.Integer, nullable=False),
    sa.Column("member_id", sa.Integer, nullable=False),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("tickets", sa.Integer, nullable=False),
    sa.Column("points", sa.Integer, nullable=False),  # paid, refunded on a cancel
    sa.Column("created_at", Timestamp, nullable=False),
    sa.CheckConstraint("tickets >= 1", name="tickets_held"),
    sa.UniqueConstraint("lottery_id", "member_id", "seq"),
    # The draw's window sum walks a lottery's entries in id order.
    sa.Index(None, "lottery_id", "id"),
)

lottery_winners = sa.Table(
    "lottery_winners",
    metadata,
    sa.Column("lottery_id", sa.Integer, primary_key=True),
    sa.Column("prize", sa.Integer, primary_key=True),  # 1-based
    sa.Column("member_id", sa.Integer, nullable=False),
    sa.Column("entry_id", sa.Integer, nullable=False),
    sa.Column("ticket", sa.Integer, nullable=False),  # r, within the prize's pool
)
