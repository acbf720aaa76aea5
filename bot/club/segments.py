"""Segments: who may receive a promotion, by criteria combined with AND, computed in SQL.

Invariant: an audience is one set-based SELECT of `members.id` (never members loaded into
Python), and it never holds a member who is erased, who turned promotions off, or whom no
messenger can reach (every identity blocked). The broadcast code freezes it with
`INSERT ... SELECT` in id-range chunks, so `audience()` stays a plain select that takes further
`.where(members.c.id > a, members.c.id <= b)`.

RFM classes are precomputed nightly (`refresh_rfm`) into members.rfm_class; activity is kept
to the day in members.last_active_at (bot/handlers/preload.py).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, fields, replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

import jdatetime
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from bot.club import audit
from bot.club.clock import local_midnight
from bot.club.digits import to_latin_digits, without_bidi_marks
from bot.club.rfm import refresh_rfm
from bot.storage.tables import identities, members, purchases, segments

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncConnection

    from bot.storage.db import Database

_JALALI_DAY = re.compile(r"([0-9]{4})\s*[/\-.]\s*([0-9]{1,2})\s*[/\-.]\s*([0-9]{1,2})")
PLATFORMS = ("telegram", "bale")
RFM_CLASSES = ("champions", "loyal", "at_risk", "hibernating", "new")
DEFAULT_TIMEZONE = "Asia/Tehran"
NAME_MAX = 64
# The button every broadcast carries (bot/handlers/segments.py answers it).
PROMO_OFF_DATA = "promo:off"

__all__ = ["PROMO_OFF_DATA", "Criteria", "NameTaken", "Segment", "audience", "count", "refresh_rfm"]


@dataclass(frozen=True)
class Criteria:
    """What a member must match; every criterion set is ANDed, an empty one matches everyone."""

    tiers: tuple[str, ...] = ()
    # A reachable (unblocked) identity on one of these messengers.
    platforms: tuple[str, ...] = ()
    # Joined on or after / on or before these days (the club's days, inclusive).
    joined_from: date | None = None
    joined_to: date | None = None
    # Last message or press within / not within the last N days (never seen: since joining).
    active_within_days: int | None = None
    inactive_for_days: int | None = None
    balance_min: int | None = None
    balance_max: int | None = None
    # Non-voided purchases in the last purchase_days days: at least this many / this much.
    purchase_days: int | None = None
    purchase_count_min: int | None = None
    purchase_sum_min: int | None = None
    birth_month: int | None = None  # Jalali month 1-12
    campaign_id: int | None = None
    referred: bool | None = None
    rfm: tuple[str, ...] = ()

    def is_empty(self) -> bool:
        return self == Criteria()

    def to_json(self) -> dict[str, Any]:
        """Only the criteria that are set, dates as ISO strings, lists for tuples."""
        out: dict[str, Any] = {}
        for key, value in asdict(self).items():
            if value is None or value == ():
                continue
            if isinstance(value, date):
                value = value.isoformat()
            elif isinstance(value, tuple):
                value = list(value)
            out[key] = value
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> Criteria:
        """Stored criteria; keys this version does not know (or values it cannot read) are
        ignored, so an older or newer row never breaks a broadcast."""
        values: dict[str, Any] = {}
        kinds = {f.name: f.type for f in fields(cls)}
        for key, raw in (data or {}).items():
            kind = kinds.get(key)
            if kind is None or raw is None:
                continue
            try:
                values[key] = _read(str(kind), raw)
            except (TypeError, ValueError):
                continue
        return cls(**values)

    def with_value(self, key: str, value: Any) -> Criteria:
        """These criteria with one set (`key` a field name)."""
        values: dict[str, Any] = {key: value}
        return replace(self, **values)

    def without(self, key: str) -> Criteria:
        """These criteria with one removed (purchase_* go together)."""
        if key == "purchase":
            return replace(self, purchase_days=None, purchase_count_min=None, purchase_sum_min=None)
        default: Any = next(f.default for f in fields(self) if f.name == key)
        return self.with_value(key, default)


def _read(kind: str, raw: Any) -> Any:
    if kind.startswith("tuple"):
        if not isinstance(raw, list) or not all(isinstance(v, str) for v in raw):
            raise TypeError("a list of names")
        return tuple(raw)
    if kind.startswith("date"):
        return date.fromisoformat(raw)
    if kind.startswith("bool"):
        if not isinstance(raw, bool):
            raise TypeError("a boolean")
        return raw
    if isinstance(raw, bool) or not isinstance(raw, int):
        raise TypeError("an integer")
    return raw


@dataclass(frozen=True)
class Segment:
    id: int
    name: str
    criteria: Criteria


class NameTaken(Exception):
    """Another segment already has this name."""


def _active_since(since: datetime) -> sa.ColumnElement[bool]:
    # A member not seen since the activity column exists counts as active when they joined.
    return sa.or_(
        members.c.last_active_at >= since,
        sa.and_(members.c.last_active_at.is_(None), members.c.joined_at >= since),
    )


def _inactive_since(since: datetime) -> sa.ColumnElement[bool]:
    # Not NOT(active): a NULL activity would make that NULL. One expression rather than an
    # OR, since most members match: SQLite then scans once instead of probing two indexes.
    return sa.func.coalesce(members.c.last_active_at, members.c.joined_at) < since


def reachable(platforms: tuple[str, ...] = ()) -> sa.Exists:
    """The member has an identity no messenger has reported blocked (on one of `platforms`)."""
    where = [identities.c.member_id == members.c.id, identities.c.blocked_at.is_(None)]
    if platforms:
        where.append(identities.c.platform.in_(platforms))
    return sa.exists().where(*where)


def conditions(
    criteria: Criteria, *, now: datetime, timezone: str = DEFAULT_TIMEZONE
) -> list[sa.ColumnElement[bool]]:
    """The WHERE terms of the criteria on `members` (the reachability term apart)."""
    c, terms = criteria, list[sa.ColumnElement[bool]]()
    if c.tiers:
        terms.append(members.c.tier.in_(c.tiers))
    if c.joined_from is not None:
        terms.append(members.c.joined_at >= local_midnight(c.joined_from, timezone))
    if c.joined_to is not None:
        terms.append(
            members.c.joined_at < local_midnight(c.joined_to + timedelta(days=1), timezone)
        )
    if c.active_within_days is not None:
        terms.append(_active_since(now - timedelta(days=c.active_within_days)))
    if c.inactive_for_days is not None:
        terms.append(_inactive_since(now - timedelta(days=c.inactive_for_days)))
    if c.balance_min is not None:
        terms.append(members.c.balance >= c.balance_min)
    if c.balance_max is not None:
        terms.append(members.c.balance <= c.balance_max)
    if c.purchase_days is not None:
        bought = (
            sa.select(purchases.c.member_id)
            .where(
                purchases.c.created_at >= now - timedelta(days=c.purchase_days),
                purchases.c.voided_at.is_(None),
            )
            .group_by(purchases.c.member_id)
            .having(sa.func.count() >= max(c.purchase_count_min or 1, 1))
        )
        if c.purchase_sum_min is not None:
            bought = bought.having(sa.func.sum(purchases.c.amount_toman) >= c.purchase_sum_min)
        terms.append(members.c.id.in_(bought))
    if c.birth_month is not None:
        terms.append(members.c.birth_jmonth == c.birth_month)
    if c.campaign_id is not None:
        terms.append(members.c.campaign_id == c.campaign_id)
    if c.referred is not None:
        referrer = members.c.referrer_id
        terms.append(referrer.is_not(None) if c.referred else referrer.is_(None))
    if c.rfm:
        terms.append(members.c.rfm_class.in_(c.rfm))
    return terms


def audience(
    criteria: Criteria | None, *, now: datetime, timezone: str = DEFAULT_TIMEZONE
) -> sa.Select[tuple[int]]:
    """`SELECT members.id` of the members a promotion may reach that match `criteria`
    (None: everyone). Add `.where(members.c.id > a, members.c.id <= b)` to take a chunk."""
    criteria = criteria or Criteria()
    return sa.select(members.c.id).where(
        members.c.deleted_at.is_(None),
        members.c.promo_opt_out == sa.false(),
        reachable(criteria.platforms),
        *conditions(criteria, now=now, timezone=timezone),
    )


async def count(
    db: Database, criteria: Criteria | None, *, now: datetime, timezone: str = DEFAULT_TIMEZONE
) -> int:
    """How many members the audience holds now."""
    query = audience(criteria, now=now, timezone=timezone).with_only_columns(sa.func.count())
    async with db.read() as conn:
        return int(await conn.scalar(query) or 0)


# Saved segments


def _segment(row: Any) -> Segment:
    return Segment(id=row.id, name=row.name, criteria=Criteria.from_json(row.criteria))


async def save(
    db: Database,
    *,
    name: str,
    criteria: Criteria,
    actor: str,
    now: datetime,
    role: str | None = None,
) -> int:
    """Saves a new segment and its audit row; NameTaken when the name is in use."""
    try:
        async with db.write() as conn:
            segment_id = await conn.scalar(
                sa.insert(segments)
                .values(
                    name=name,
                    criteria=criteria.to_json(),
                    created_by=actor,
                    created_at=now,
                    updated_at=now,
                )
                .returning(segments.c.id)
            )
            assert segment_id is not None
            await _audit(conn, "segment_saved", segment_id, name, criteria, actor, role, now)
    except IntegrityError as error:
        raise NameTaken(name) from error
    return int(segment_id)


async def update(
    db: Database,
    segment_id: int,
    *,
    criteria: Criteria,
    actor: str,
    now: datetime,
    role: str | None = None,
) -> bool:
    """New criteria for a saved segment (audited); False when it was deleted meanwhile."""
    async with db.write() as conn:
        name = await conn.scalar(
            sa.update(segments)
            .where(segments.c.id == segment_id)
            .values(criteria=criteria.to_json(), updated_at=now)
            .returning(segments.c.name)
        )
        if name is None:
            return False
        await _audit(conn, "segment_updated", segment_id, name, criteria, actor, role, now)
    return True


async def delete(
    db: Database, segment_id: int, *, actor: str, now: datetime, role: str | None = None
) -> bool:
    """Deletes a saved segment (audited); False when it was already gone."""
    async with db.write() as conn:
        row = (
            await conn.execute(
                sa.delete(segments)
                .where(segments.c.id == segment_id)
                .returning(segments.c.name, segments.c.criteria)
            )
        ).first()
        if row is None:
            return False
        criteria = Criteria.from_json(row.criteria)
        await _audit(conn, "segment_deleted", segment_id, row.name, criteria, actor, role, now)
    return True


async def _audit(
    conn: AsyncConnection,
    action: str,
    segment_id: int,
    name: str,
    criteria: Criteria,
    actor: str,
    role: str | None,
    now: datetime,
) -> None:
    await audit.record(
        conn,
        actor=actor,
        role=role,
        action=action,
        target=f"segment:{segment_id}",
        details={"name": name, "criteria": criteria.to_json()},
        at=now,
    )


async def get(db: Database, segment_id: int) -> Segment | None:
    async with db.read() as conn:
        return await get_in(conn, segment_id)


async def get_in(conn: AsyncConnection, segment_id: int) -> Segment | None:
    """A saved segment, read in the caller's transaction."""
    row = (await conn.execute(sa.select(segments).where(segments.c.id == segment_id))).first()
    return _segment(row) if row is not None else None


async def list_all(db: Database) -> list[Segment]:
    async with db.read() as conn:
        rows = await conn.execute(sa.select(segments).order_by(segments.c.name, segments.c.id))
        return [_segment(row) for row in rows]


# Promotional consent


async def promotions_off(db: Database, member_id: int) -> bool:
    """Whether the member turned promotional messages off."""
    async with db.read() as conn:
        value = await conn.scalar(
            sa.select(members.c.promo_opt_out).where(members.c.id == member_id)
        )
    return bool(value)


async def set_promotions(db: Database, member_id: int, *, off: bool, now: datetime) -> bool:
    """Records the member's choice and its time; False when it was already so (nothing
    written, so a double tap keeps the first choice's time)."""
    async with db.write() as conn:
        result = await conn.execute(
            sa.update(members)
            .where(
                members.c.id == member_id,
                members.c.deleted_at.is_(None),
                members.c.promo_opt_out == (sa.false() if off else sa.true()),
            )
            .values(promo_opt_out=off, promo_choice_at=now)
        )
    return bool(result.rowcount)


def parse_jalali_day(text: str) -> date | None:
    """A Jalali date typed as 1403/01/15 (Persian, Arabic or Latin digits), else None."""
    cleaned = without_bidi_marks(text)
    found = _JALALI_DAY.fullmatch(to_latin_digits(cleaned).strip())
    if found is None:
        return None
    year, month, day = (int(part) for part in found.groups())
    try:
        gregorian: date = jdatetime.date(year, month, day).togregorian()
    except (ValueError, OverflowError):
        return None
    return gregorian
