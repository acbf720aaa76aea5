"""Indexes the club's numbers need (bot/club/kpis.py), on tables that live in tables.py.

/stats sums the ledger over a time range (points issued, redeemed, expired; the liability at
a past moment), counts erased members by when they left, and counts members now by tier and
messenger with their points and last activity: without these, each would read every row of
the ledger or of members (a members row carries names and phones; at 1M members on SQLite
the snapshot takes 0.9 s from the table, 0.2 s from its index). Created by migration 0012.
"""

from __future__ import annotations

import sqlalchemy as sa

from bot.storage.tables import ledger, members

# A time range of the ledger, with what /stats sums in it (covering: no table lookups).
ledger_created = sa.Index(
    "ix_ledger_created_kind", ledger.c.created_at, ledger.c.kind, ledger.c.delta
)

# Erased members, by when (about 1% of members): the member counts at a past moment.
members_erased = sa.Index(
    "ix_members_erased",
    members.c.deleted_at,
    members.c.joined_at,
    sqlite_where=sa.text("deleted_at IS NOT NULL"),
    postgresql_where=sa.text("deleted_at IS NOT NULL"),
)

# Members now (not erased) grouped by tier and messenger, with what the snapshot sums: read
# in index order, no table lookups, no sort. Kept up to date by every balance change too,
# the price of a /stats that answers at once.
members_now = sa.Index(
    "ix_members_kpis",
    members.c.tier,
    members.c.last_platform,
    members.c.balance,
    members.c.last_active_at,
    members.c.joined_at,
    sqlite_where=sa.text("deleted_at IS NULL"),
    postgresql_where=sa.text("deleted_at IS NULL"),
)
