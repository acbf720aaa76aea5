"""Tables (SQLAlchemy Core). Alembic migrations own the schema; this mirrors it for queries."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa

# Named constraints: SQLite batch migrations rebuild tables and silently drop unnamed CHECKs.
metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


class UTCDateTime(sa.TypeDecorator[datetime]):
    """Aware UTC datetimes on every backend (SQLite would hand back naive ones)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime stored; use an aware UTC datetime")
        value = value.astimezone(UTC)
        return value if dialect.name == "postgresql" else value.replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


Timestamp = UTCDateTime()

members = sa.Table(
    "members",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("code", sa.String(16), unique=True),
    sa.Column("name", sa.String(120)),
    sa.Column("phone", sa.String(20), unique=True),
    # True once a messenger vouched the phone is the member's own (Telegram's contact.user_id).
    sa.Column("phone_verified", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("birth_date", sa.Date),
    sa.Column("birth_jmonth", sa.SmallInteger),
    sa.Column("birth_jday", sa.SmallInteger),
    sa.Column("birth_date_changes", sa.Integer, nullable=False, server_default="0"),
    # Joined again after an erasure (same phone or chat): joining gifts were paid already.
    sa.Column("rejoined", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("balance", sa.Integer, nullable=False, server_default="0"),
    sa.Column("tier", sa.String(20), nullable=False, server_default="bronze"),
    sa.Column("referrer_id", sa.Integer, sa.ForeignKey("members.id")),
    sa.Column("campaign_id", sa.Integer),
    sa.Column("last_platform", sa.String(16)),
    sa.Column("joined_at", Timestamp, nullable=False),
    sa.Column("consent_at", Timestamp),
    sa.Column("deleted_at", Timestamp),
    sa.CheckConstraint("balance >= 0", name="balance_not_negative"),
    sa.Index(None, "birth_jmonth", "birth_jday"),
)

identities = sa.Table(
    "identities",
    metadata,
    sa.Column("platform", sa.String(16), primary_key=True),
    sa.Column("platform_user_id", sa.BigInteger, primary_key=True),
    sa.Column("member_id", sa.Integer, sa.ForeignKey("members.id"), nullable=False, index=True),
    sa.Column("chat_id", sa.BigInteger, nullable=False),
    sa.Column("username", sa.String(64)),
    sa.Column("blocked_at", Timestamp),
    sa.Column("created_at", Timestamp, nullable=False),
)

ledger = sa.Table(
    "ledger",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("member_id", sa.Integer, sa.ForeignKey("members.id"), nullable=False),
    sa.Column("delta", sa.Integer, nullable=False),
    # Points that count towards the tier (purchases and their reversals), kept apart from
    # delta so a reversal clamped by an already-spent balance still lowers the tier in full.
    sa.Column("qualifying", sa.Integer, nullable=False, server_default="0"),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("ref", sa.String(120)),
    sa.Column("idempotency_key", sa.String(160), nullable=False, unique=True),
    sa.Column("created_at", Timestamp, nullable=False),
    # When `qualifying` counts in the rolling tier window: a reversal counts at its purchase's
    # time, so voiding an old purchase cannot lower today's tier. NULL means created_at.
    sa.Column("qualifying_at", Timestamp),
    sa.Column("expires_at", Timestamp),
    sa.Index(None, "member_id", "created_at"),
)

referrals = sa.Table(
    "referrals",
    metadata,
    sa.Column("referee_id", sa.Integer, sa.ForeignKey("members.id"), primary_key=True),
    sa.Column("referrer_id", sa.Integer, sa.ForeignKey("members.id"), nullable=False, index=True),
    sa.Column("created_at", Timestamp, nullable=False),
    sa.Column("credited_at", Timestamp),
)

purchases = sa.Table(
    "purchases",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("member_id", sa.Integer, sa.ForeignKey("members.id"), nullable=False, index=True),
    sa.Column("amount_toman", sa.BigInteger, nullable=False),
    sa.Column("points", sa.Integer, nullable=False),
    sa.Column("source", sa.String(16), nullable=False),
    sa.Column("receipt_id", sa.String(120), nullable=False),
    sa.Column("staff_identity", sa.String(48), nullable=False),
    sa.Column("created_at", Timestamp, nullable=False),
    sa.Column("voided_at", Timestamp),
    sa.UniqueConstraint("source", "receipt_id"),
    sa.CheckConstraint("amount_toman > 0", name="amount_positive"),
)

processed_updates = sa.Table(
    "processed_updates",
    metadata,
    # Keyed by messenger and bot id: a new token restarts update ids, and a Telegram and a
    # Bale bot are two id spaces even if their numeric ids were ever to meet.
    sa.Column("platform", sa.String(16), primary_key=True),
    sa.Column("bot_id", sa.BigInteger, primary_key=True),
    sa.Column("update_id", sa.BigInteger, primary_key=True),
    sa.Column("at", Timestamp, nullable=False),
)

conversations = sa.Table(
    "conversations",
    metadata,
    # Write-through conversation state: one row per user, updated with every step, so a
    # kill -9 loses nothing (PTB's persistence would flush only every 60 s).
    sa.Column("platform", sa.String(16), primary_key=True),
    sa.Column("platform_user_id", sa.BigInteger, primary_key=True),
    sa.Column("flow", sa.String(32), nullable=False),
    sa.Column("step", sa.String(32), nullable=False),
    sa.Column("data", sa.JSON, nullable=False),
    sa.Column("updated_at", Timestamp, nullable=False),
)

pending_actions = sa.Table(
    "pending_actions",
    metadata,
    # Actions waiting for a button: a cashier's purchase confirmation, a cross-messenger link.
    sa.Column("token", sa.String(32), primary_key=True),
    sa.Column("kind", sa.String(32), nullable=False),
    # The member it concerns, so erasing the member erases its pending actions too.
    sa.Column("member_id", sa.Integer, index=True),
    sa.Column("data", sa.JSON, nullable=False),
    sa.Column("created_at", Timestamp, nullable=False),
    sa.Column("done_at", Timestamp),
)

consent_refusals = sa.Table(
    "consent_refusals",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("platform", sa.String(16), nullable=False),
    sa.Column("platform_user_id", sa.BigInteger, nullable=False),
    sa.Column("at", Timestamp, nullable=False),
)

erasures = sa.Table(
    "erasures",
    metadata,
    # Salted hashes of erased phones and chat identities: a returning person gets no second
    # set of joining gifts, and nothing readable about them is kept.
    sa.Column("hash", sa.String(64), primary_key=True),
    sa.Column("erased_at", Timestamp, nullable=False),
)

job_runs = sa.Table(
    "job_runs",
    metadata,
    sa.Column("job", sa.String(48), primary_key=True),
    sa.Column("period_key", sa.String(48), primary_key=True),
    sa.Column("started_at", Timestamp, nullable=False),
    sa.Column("finished_at", Timestamp),
)

outbox = sa.Table(
    "outbox",
    metadata,
    # Messages an effect causes, written in the effect's own transaction and delivered after
    # commit by the sender (bot/sender.py). See bot/storage/outbox.py for the life of a row.
    sa.Column("id", sa.Integer, primary_key=True),
    # 0 transactional, 1 service, 2 promotional: the sending order, and the guarantee.
    sa.Column("class", sa.SmallInteger, nullable=False),
    # Addressed to a chat (platform, chat_id), or to a member (member_id): the messenger they
    # used last is chosen when the row is sent, falling back to their others.
    sa.Column("platform", sa.String(16)),
    sa.Column("chat_id", sa.BigInteger),
    sa.Column("member_id", sa.Integer),
    sa.Column("method", sa.String(16), nullable=False),
    sa.Column("payload", sa.JSON, nullable=False),
    # Rows that must exist once per business event (a greeting per year) name it here.
    sa.Column("dedup_key", sa.String(160), unique=True),
    sa.Column("status", sa.String(12), nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
    sa.Column("next_at", Timestamp, nullable=False),
    sa.Column("claimed_by", sa.String(32)),
    sa.Column("lease_until", Timestamp),
    sa.Column("created_at", Timestamp, nullable=False),
    sa.Column("sent_at", Timestamp),
    sa.Column("error", sa.String(200)),
    sa.Index(None, "status", "class", "next_at"),
)

club_meta = sa.Table(
    "club_meta",
    metadata,
    # Facts about this club's data that live with the data (the generated erasure salt).
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

audit = sa.Table(
    "audit",
    metadata,
    # Why something happened to a member that nobody on the team pressed a button for, and
    # (with the team issue) every team action: who, as which role, what, to whom.
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("at", Timestamp, nullable=False),
    sa.Column("actor", sa.String(48), nullable=False),
    sa.Column("role", sa.String(16)),
    sa.Column("action", sa.String(48), nullable=False),
    sa.Column("target", sa.String(48)),
    sa.Column("details", sa.JSON, nullable=False),
    sa.Index(None, "at"),
)

team_roles = sa.Table(
    "team_roles",
    metadata,
    # The roles given in chat (admin, staff, marketer); owners come from ADMIN_IDS, not here.
    sa.Column("platform", sa.String(16), primary_key=True),
    sa.Column("user_id", sa.BigInteger, primary_key=True),
    sa.Column("role", sa.String(16), primary_key=True),
    sa.Column("granted_by", sa.String(48), nullable=False),
    sa.Column("granted_at", Timestamp, nullable=False),
)
