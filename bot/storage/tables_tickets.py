"""Feedback threads (bot/club/tickets.py): a member's ticket and the messages of its thread."""

from __future__ import annotations

import sqlalchemy as sa

from bot.storage.tables import Timestamp, metadata

tickets = sa.Table(
    "tickets",
    metadata,
    # The ticket's number is its row id (shown to the member as the tracking code).
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("member_id", sa.Integer, sa.ForeignKey("members.id"), nullable=False),
    # suggestion, complaint, question (the member chose), purchase ("not my purchase"),
    # survey (a low score opened it).
    sa.Column("kind", sa.String(12), nullable=False),
    # open (waiting for the team), answered (waiting for the member), closed.
    sa.Column("status", sa.String(12), nullable=False),
    # "Not my purchase": the purchase the member disowned. Unique: pressing twice opens one
    # ticket; a ticket here is the purchase's flag for staff (no column on purchases).
    sa.Column("purchase_id", sa.Integer, sa.ForeignKey("purchases.id"), unique=True),
    # What came with it from elsewhere (a survey's answers).
    sa.Column("attachment", sa.JSON),
    sa.Column("created_at", Timestamp, nullable=False),
    # The last message in either direction (the team's list shows the age since opened).
    sa.Column("updated_at", Timestamp, nullable=False),
    # The team's first answer: the median time to it is a KPI (median_first_response).
    sa.Column("first_response_at", Timestamp),
    sa.Column("closed_at", Timestamp),
    sa.CheckConstraint(
        "kind IN ('suggestion', 'complaint', 'question', 'purchase', 'survey')", name="kind_known"
    ),
    sa.CheckConstraint("status IN ('open', 'answered', 'closed')", name="status_known"),
    sa.Index(None, "member_id", "status"),
    sa.Index(None, "status", "created_at"),
)

ticket_messages = sa.Table(
    "ticket_messages",
    metadata,
    # One message of a thread, in order of id.
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("ticket_id", sa.Integer, sa.ForeignKey("tickets.id"), nullable=False),
    # member or team; a team message names its sender as the audit does.
    sa.Column("author", sa.String(8), nullable=False),
    sa.Column("actor", sa.String(48)),
    sa.Column("text", sa.Text, nullable=False, server_default=""),
    # A photo as {"platform": messenger, "file_id": ...}: a file_id is good only on its own
    # messenger, so the photo is shown where it was sent and named elsewhere.
    sa.Column("photo", sa.JSON),
    sa.Column("created_at", Timestamp, nullable=False),
    sa.CheckConstraint("author IN ('member', 'team')", name="author_known"),
    sa.Index(None, "ticket_id", "id"),
)
