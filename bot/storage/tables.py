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
    # When the birth date was last set or changed: a date set within BIRTHDAY_NEW_DATE_DAYS
    # of a birthday does not earn that year's gift.
    sa.Column("birth_date_set_at", Timestamp),
    # The Jalali year of the last birthday greeting: one a year, gift or not (a greeting
    # without a gift has no ledger row to say it was sent).
    sa.Column("birthday_year", sa.SmallInteger),
    # Joined again after an erasure (same phone or chat): joining gifts were paid already.
    sa.Column("rejoined", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("balance", sa.Integer, nullable=False, server_default="0"),
    sa.Column("tier", sa.String(20), nullable=False, server_default="bronze"),
    # The stored tier is the one truth (what the member sees, the purchase multiplier). When
    # the ledger says it should fall, it is kept until tier_grace_until (TIER_GRACE_DAYS);
    # tier_warned_at: when the member was last warned that it is about to fall.
    sa.Column("tier_grace_until", Timestamp),
    sa.Column("tier_warned_at", Timestamp),
    sa.Column("referrer_id", sa.Integer, sa.ForeignKey("members.id")),
    sa.Column("campaign_id", sa.Integer, index=True),
    sa.Column("last_platform", sa.String(16)),
    sa.Column("joined_at", Timestamp, nullable=False, index=True),
    sa.Column("consent_at", Timestamp),
    sa.Column("deleted_at", Timestamp),
    # Promotional messages: off when the member said so; the time of their last choice.
    sa.Column("promo_opt_out", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("promo_choice_at", Timestamp),
    # The member's last message or press, kept to the day (segments: "active within N days").
    sa.Column("last_active_at", Timestamp, index=True),
    # Recomputed nightly from purchases (bot/club/segments.py): champions, loyal, ...
    sa.Column("rfm_class", sa.String(16), index=True),
    sa.CheckConstraint("balance >= 0", name="balance_not_negative"),
    sa.Index(None, "birth_jmonth", "birth_jday"),
    # Segments count only members a promotion may reach (bot/club/segments.py). SQLite uses a
    # partial index only when the query's words match, so its condition is written as SQLite
    # compares booleans.
    sa.Index(
        "ix_members_promotable",
        "id",
        sqlite_where=sa.text("deleted_at IS NULL AND promo_opt_out = 0"),
        postgresql_where=sa.text("deleted_at IS NULL AND promo_opt_out = false"),
    ),
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
    # "Has a reachable chat (on this messenger)": segments and audiences.
    sa.Index(
        "ix_identities_reachable",
        "member_id",
        "platform",
        sqlite_where=sa.text("blocked_at IS NULL"),
        postgresql_where=sa.text("blocked_at IS NULL"),
    ),
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
    # amount_toman is what the member paid (the net); what came off the bill before it: a
    # code's discount and the points paid as money (with their value in toman).
    sa.Column("discount_toman", sa.BigInteger, nullable=False, server_default="0"),
    sa.Column("redemption_id", sa.Integer),
    sa.Column("promo_code_id", sa.Integer),
    sa.Column("points_paid", sa.Integer, nullable=False, server_default="0"),
    sa.Column("points_paid_toman", sa.BigInteger, nullable=False, server_default="0"),
    sa.UniqueConstraint("source", "receipt_id"),
    # Purchases in the last N days, by time and by member (segments, RFM), voids left out.
    sa.Index(
        "ix_purchases_recent",
        "created_at",
        "member_id",
        "amount_toman",
        sqlite_where=sa.text("voided_at IS NULL"),
        postgresql_where=sa.text("voided_at IS NULL"),
    ),
    sa.Index(
        "ix_purchases_member_live",
        "member_id",
        "created_at",
        "amount_toman",
        sqlite_where=sa.text("voided_at IS NULL"),
        postgresql_where=sa.text("voided_at IS NULL"),
    ),
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
    # The process working on the period, its last sign of life, and how far it got (the last
    # member id done, committed with that batch's effects): a period left by a dead process
    # is taken over and resumed after `cursor` (scheduler/registry.py).
    sa.Column("owner", sa.String(64)),
    sa.Column("heartbeat_at", Timestamp),
    sa.Column("cursor", sa.Integer),
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
    # A broadcast's rows (pause, resume, cancel and its progress act on them together).
    sa.Column("broadcast_id", sa.Integer),
    sa.Index(None, "status", "class", "next_at"),
    sa.Index(None, "broadcast_id", "status", "id"),
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

segments = sa.Table(
    "segments",
    metadata,
    # A saved audience: criteria combined with AND (bot/club/segments.py), computed in SQL.
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(64), nullable=False, unique=True),
    sa.Column("criteria", sa.JSON, nullable=False),
    sa.Column("created_by", sa.String(48), nullable=False),
    sa.Column("created_at", Timestamp, nullable=False),
    sa.Column("updated_at", Timestamp, nullable=False),
)

broadcasts = sa.Table(
    "broadcasts",
    metadata,
    # A promotional message to an audience (bot/club/broadcasts.py): its words, its audience,
    # when it starts, and how far its outbox rows have been written.
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("created_by", sa.String(48), nullable=False),
    # The composer's chat, where progress and the report are shown.
    sa.Column("platform", sa.String(16), nullable=False),
    sa.Column("chat_id", sa.BigInteger, nullable=False),
    sa.Column("progress_message_id", sa.BigInteger),
    sa.Column("text", sa.Text, nullable=False),
    # {"source": messenger, messenger: file_id, ...}: one upload per messenger.
    sa.Column("photo", sa.JSON),
    sa.Column("button_text", sa.String(64)),
    sa.Column("button_url", sa.String(512)),
    # The buttons every recipient gets (the link, `button-promo-off`), as sent.
    sa.Column("markup", sa.JSON),
    sa.Column("segment_id", sa.Integer),  # None: everyone
    # The segment's criteria as they were at the confirmation (a later edit or deletion of
    # the segment does not change a confirmed broadcast's audience).
    sa.Column("criteria", sa.JSON),
    sa.Column("status", sa.String(12), nullable=False),
    sa.Column("due_at", Timestamp),
    sa.Column("audience_size", sa.Integer),
    # The audience is frozen at confirm: members with ids up to frozen_through that matched
    # then; rows are written in chunks up to queued_through.
    sa.Column("frozen_through", sa.Integer),
    sa.Column("queued_through", sa.Integer),
    sa.Column("created_at", Timestamp, nullable=False),
    sa.Column("started_at", Timestamp),
    sa.Column("finished_at", Timestamp),
    # The final counts by outcome, kept after the outbox rows are pruned.
    sa.Column("outcome", sa.JSON),
    sa.Index(None, "status", "due_at"),
)

campaigns = sa.Table(
    "campaigns",
    metadata,
    # A marketer's link (c_<slug>): who came through it, and what they did after.
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("slug", sa.String(32), nullable=False, unique=True),
    sa.Column("name", sa.String(64), nullable=False),
    sa.Column("created_by", sa.String(48), nullable=False),
    sa.Column("created_at", Timestamp, nullable=False),
    sa.Column("archived_at", Timestamp),
)

campaign_events = sa.Table(
    "campaign_events",
    metadata,
    # The funnel's first steps, once per person and step: open (/start c_...), consent, signup.
    sa.Column("campaign_id", sa.Integer, primary_key=True),
    sa.Column("kind", sa.String(12), primary_key=True),
    sa.Column("platform", sa.String(16), primary_key=True),
    sa.Column("user_id", sa.BigInteger, primary_key=True),
    sa.Column("member_id", sa.Integer),
    sa.Column("at", Timestamp, nullable=False),
)

rewards = sa.Table(
    "rewards",
    metadata,
    # The catalog (bot/club/rewards.py): what a member may take for points.
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("title", sa.String(64), nullable=False),
    sa.Column("description", sa.Text, nullable=False, server_default=""),
    sa.Column("cost", sa.Integer, nullable=False),
    # percent (value: 1..100 percent off), amount (value: toman off), item (a free item).
    sa.Column("kind", sa.String(12), nullable=False),
    sa.Column("value", sa.BigInteger, nullable=False, server_default="0"),
    sa.Column("min_purchase", sa.BigInteger, nullable=False, server_default="0"),
    # NULL: unlimited. `issued` counts codes handed out and not given back; the conditional
    # UPDATE `issued < stock` serialises every redemption of one reward on its row.
    sa.Column("stock", sa.Integer),
    sa.Column("issued", sa.Integer, nullable=False, server_default="0"),
    sa.Column("per_member", sa.Integer),
    sa.Column("valid_days", sa.Integer, nullable=False),
    # Who may take it: a tier key and/or a saved segment (NULL: everyone).
    sa.Column("tier", sa.String(20)),
    sa.Column("segment_id", sa.Integer),
    # The active window, club dates inclusive (shown in Jalali); NULL: open-ended.
    sa.Column("starts_on", sa.Date),
    sa.Column("ends_on", sa.Date),
    # A partner's reward hands out codes from `partner_codes` instead of the club's own.
    sa.Column("pooled", sa.Boolean, nullable=False, server_default=sa.false()),
    # active, paused, archived.
    sa.Column("status", sa.String(12), nullable=False),
    # Why it paused itself (pool-empty); NULL when an admin paused it.
    sa.Column("paused_reason", sa.String(24)),
    sa.Column("created_by", sa.String(48), nullable=False),
    sa.Column("created_at", Timestamp, nullable=False),
    sa.Column("updated_at", Timestamp, nullable=False),
    sa.Index(None, "status"),
    sa.CheckConstraint("cost > 0", name="cost_positive"),
    sa.CheckConstraint("stock IS NULL OR issued <= stock", name="stock_held"),
    sa.CheckConstraint("issued >= 0", name="issued_nonnegative"),
)

redemptions = sa.Table(
    "redemptions",
    metadata,
    # One reward taken by one member: the points debited (`redeem:<id>`) and the single-use
    # code issued in the same transaction (bot/club/redemptions.py).
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("reward_id", sa.Integer, sa.ForeignKey("rewards.id"), nullable=False),
    sa.Column("member_id", sa.Integer, sa.ForeignKey("members.id"), nullable=False),
    # The club's code, normalised (bot/club/discount_codes.py), without separators.
    sa.Column("code", sa.String(16), nullable=False, unique=True),
    # The partner's code handed out with it (pooled rewards), shown to the member.
    sa.Column("partner_code", sa.String(128)),
    sa.Column("cost", sa.Integer, nullable=False),
    # active, used, returned (given back, points refunded), cancelled (by the shop).
    sa.Column("status", sa.String(12), nullable=False),
    sa.Column("created_at", Timestamp, nullable=False),
    sa.Column("expires_at", Timestamp, nullable=False),
    sa.Column("used_at", Timestamp),
    sa.Column("used_by", sa.String(48)),
    sa.Column("purchase_id", sa.Integer),
    sa.Column("closed_at", Timestamp),
    sa.Index(None, "member_id", "status"),
    sa.Index(None, "reward_id", "member_id"),
)

partner_codes = sa.Table(
    "partner_codes",
    metadata,
    # A partner shop's codes for a pooled reward, uploaded as CSV; each handed out once.
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("reward_id", sa.Integer, sa.ForeignKey("rewards.id"), nullable=False),
    sa.Column("code", sa.String(128), nullable=False),
    sa.Column("redemption_id", sa.Integer, unique=True),
    sa.Column("uploaded_at", Timestamp, nullable=False),
    sa.UniqueConstraint("reward_id", "code"),
    sa.Index(
        "ix_partner_codes_free",
        "reward_id",
        "id",
        sqlite_where=sa.text("redemption_id IS NULL"),
        postgresql_where=sa.text("redemption_id IS NULL"),
    ),
)

promo_codes = sa.Table(
    "promo_codes",
    metadata,
    # A multi-use campaign code chosen by an admin (NOWRUZ1405), applied at the till.
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("code", sa.String(32), nullable=False, unique=True),
    sa.Column("kind", sa.String(12), nullable=False),
    sa.Column("value", sa.BigInteger, nullable=False, server_default="0"),
    sa.Column("min_purchase", sa.BigInteger, nullable=False, server_default="0"),
    # NULL: unlimited. `uses` is kept by a conditional UPDATE, like a reward's stock.
    sa.Column("total_uses", sa.Integer),
    sa.Column("uses", sa.Integer, nullable=False, server_default="0"),
    sa.Column("per_member", sa.Integer, nullable=False, server_default="1"),
    sa.Column("tier", sa.String(20)),
    sa.Column("segment_id", sa.Integer),
    sa.Column("starts_on", sa.Date),
    sa.Column("ends_on", sa.Date),
    sa.Column("status", sa.String(12), nullable=False),
    sa.Column("created_by", sa.String(48), nullable=False),
    sa.Column("created_at", Timestamp, nullable=False),
    sa.Column("updated_at", Timestamp, nullable=False),
    sa.CheckConstraint("total_uses IS NULL OR uses <= total_uses", name="uses_held"),
)

promo_code_uses = sa.Table(
    "promo_code_uses",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("promo_code_id", sa.Integer, sa.ForeignKey("promo_codes.id"), nullable=False),
    sa.Column("member_id", sa.Integer, sa.ForeignKey("members.id"), nullable=False),
    sa.Column("purchase_id", sa.Integer, nullable=False, unique=True),
    sa.Column("discount_toman", sa.BigInteger, nullable=False),
    sa.Column("used_at", Timestamp, nullable=False),
    sa.Column("used_by", sa.String(48), nullable=False),
    sa.Index(None, "promo_code_id", "member_id"),
)

code_failures = sa.Table(
    "code_failures",
    metadata,
    # A wrong code typed by a staff account: enough of them in a window and /code waits.
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("actor", sa.String(48), nullable=False),
    sa.Column("at", Timestamp, nullable=False),
    sa.Index(None, "actor", "at"),
)

# Each feature's tables live beside this module, on the same metadata (Alembic sees them all).
from bot.storage import (  # noqa: E402
    tables_kpis,  # noqa: F401
    tables_lotteries,  # noqa: F401
    tables_quizzes,  # noqa: F401
    tables_surveys,  # noqa: F401
    tables_tickets,  # noqa: F401
)
