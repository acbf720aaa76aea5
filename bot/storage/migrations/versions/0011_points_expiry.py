"""expiry: no schema change (a no-op, kept for its revision id)

Points expiry (bot/club/expiry.py) reads the ledger per batch of members through the existing
(member_id, created_at) index; a covering (member_id, created_at, delta) index made that read
about a third faster in bench/expiry.py, too little to carry on the ledger's every write.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-29 16:00:00
"""

from __future__ import annotations

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
