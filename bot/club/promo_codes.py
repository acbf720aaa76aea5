"""Multi-use campaign codes: a text an admin chooses (NOWRUZ1405) that many members may use.

A code's `uses` counter is moved only by one conditional UPDATE in the purchase's own
transaction (`use_in`), which also locks the code's row on PostgreSQL (SQLite writes one
transaction at a time): every use of one code is serialised on that row, so exactly
`total_uses` purchases get it, and the member's own count, read after the UPDATE, sees every
use committed before it. A refusal raises `PromoRefused` and the caller's transaction rolls
back with the purchase it was part of.

Campaign codes are stored normalised (`discount_codes.normalise`), so `nowruz-1405` typed
with Persian digits finds NOWRUZ1405. A text that reads as a valid single-use code is refused
when an admin creates a campaign code: the two kinds of code never overlap.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.club import audit, discount_codes
from bot.club.audience import includes
from bot.club.discounts import AMOUNT, ITEM, PERCENT
from bot.storage.tables import code_failures, promo_code_uses, promo_codes

KINDS = (PERCENT, AMOUNT, ITEM)
ACTIVE, PAUSED, ARCHIVED = "active", "paused", "archived"
MIN_LENGTH, MAX_LENGTH = 3, 32

# Why a code does not apply (locale keys in locales/*/promo_codes.ftl, no placeholders).
REFUSED_PAUSED = "promo-refused-paused"
REFUSED_ARCHIVED = "promo-refused-archived"
REFUSED_NOT_STARTED = "promo-refused-not-started"
REFUSED_ENDED = "promo-refused-ended"
REFUSED_USED_UP = "promo-refused-used-up"
REFUSED_MEMBER_LIMIT = "promo-refused-member-limit"
REFUSED_MINIMUM = "promo-refused-minimum"
REFUSED_AUDIENCE = "promo-refused-audience"

_AUDIT_ACTIONS = {
    ACTIVE: "promo_code_resumed",
    PAUSED: "promo_code_paused",
    ARCHIVED: "promo_code_archived",
}


class PromoRefused(Exception):
    """The code cannot be used for this purchase; `.key` says why (a locale key)."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


class CodeTextError(ValueError):
    """An admin's code text that cannot be a campaign code; `.key` says why."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


@dataclass(frozen=True)
class PromoDraft:
    """What an admin fills in; `value` is the percent (1..100) or the toman off."""

    code: str
    kind: str
    value: int = 0
    min_purchase: int = 0
    total_uses: int | None = None
    per_member: int = 1
    tier: str | None = None
    segment_id: int | None = None
    starts_on: date | None = None
    ends_on: date | None = None

    def __post_init__(self) -> None:
        if validate_code(self.code) != self.code:
            raise ValueError(self.code)  # stored normalised, or find_in would miss it
        if self.kind not in KINDS:
            raise ValueError(self.kind)
        if self.kind == PERCENT and not 1 <= self.value <= 100:
            raise ValueError(self.value)
        if self.per_member < 1 or (self.total_uses is not None and self.total_uses < 1):
            raise ValueError("uses")


@dataclass(frozen=True)
class PromoCode:
    id: int
    code: str
    kind: str
    value: int
    min_purchase: int
    total_uses: int | None
    uses: int
    per_member: int
    tier: str | None
    segment_id: int | None
    starts_on: date | None
    ends_on: date | None
    status: str

    @property
    def left(self) -> int | None:
        """Uses still open (None: unlimited)."""
        return None if self.total_uses is None else max(self.total_uses - self.uses, 0)

    def open_on(self, today: date) -> bool:
        return (self.starts_on is None or self.starts_on <= today) and (
            self.ends_on is None or today <= self.ends_on
        )


@dataclass(frozen=True)
class Usage:
    """A code's uses as counted from its use rows: how many, by how many members."""

    uses: int
    members: int


_FIELDS = tuple(PromoCode.__dataclass_fields__)


def from_row(row: Any) -> PromoCode:
    return PromoCode(**{name: getattr(row, name) for name in _FIELDS})


def validate_code(text: str) -> str:
    """An admin's typed code as stored: normalised, 3..32 Latin letters and digits, and
    never a text that reads as a valid single-use code (the till would not know which)."""
    code = discount_codes.normalise(text)
    if not MIN_LENGTH <= len(code) <= MAX_LENGTH:
        raise CodeTextError("promo-error-code-length")
    if not (code.isascii() and code.isalnum()):
        raise CodeTextError("promo-error-code-chars")
    if discount_codes.read(code).kind == "code":
        raise CodeTextError("promo-error-code-single-use")
    return code


async def find_in(conn: AsyncConnection, text: str) -> PromoCode | None:
    """The campaign code `text` names exactly (after normalising), whatever its status."""
    code = discount_codes.normalise(text)
    if not code or len(code) > MAX_LENGTH:
        return None
    row = (await conn.execute(sa.select(promo_codes).where(promo_codes.c.code == code))).first()
    return from_row(row) if row is not None else None


async def get_in(conn: AsyncConnection, promo_id: int) -> PromoCode | None:
    row = (await conn.execute(sa.select(promo_codes).where(promo_codes.c.id == promo_id))).first()
    return from_row(row) if row is not None else None


async def member_uses_in(conn: AsyncConnection, promo_id: int, member_id: int) -> int:
    count = await conn.scalar(
        sa.select(sa.func.count())
        .select_from(promo_code_uses)
        .where(
            promo_code_uses.c.promo_code_id == promo_id,
            promo_code_uses.c.member_id == member_id,
        )
    )
    return int(count or 0)


async def refusal_in(
    conn: AsyncConnection,
    promo: PromoCode,
    *,
    member_id: int,
    amount: int | None,
    now: datetime,
    today: date,
    settings: Any,
) -> str | None:
    """None when the code applies to this member now, else the locale key saying why.

    With `amount` None the minimum purchase is not checked (the member's own check shows
    it as a term instead). The order is the one a person would want told first: the code
    itself (paused, window, used up), then this member (audience, own uses), then the bill.
    """
    if promo.status == ARCHIVED:
        return REFUSED_ARCHIVED
    if promo.status != ACTIVE:
        return REFUSED_PAUSED
    if promo.starts_on is not None and today < promo.starts_on:
        return REFUSED_NOT_STARTED
    if promo.ends_on is not None and promo.ends_on < today:
        return REFUSED_ENDED
    if promo.left == 0:
        return REFUSED_USED_UP
    if (promo.tier is not None or promo.segment_id is not None) and not await includes(
        conn,
        member_id=member_id,
        tier=promo.tier,
        segment_id=promo.segment_id,
        tiers=settings.tiers,
        now=now,
        timezone=settings.timezone,
    ):
        return REFUSED_AUDIENCE
    if await member_uses_in(conn, promo.id, member_id) >= promo.per_member:
        return REFUSED_MEMBER_LIMIT
    if amount is not None and amount < promo.min_purchase:
        return REFUSED_MINIMUM
    return None


async def use_in(
    conn: AsyncConnection,
    promo: PromoCode,
    *,
    member_id: int,
    purchase_id: int,
    discount: int,
    staff: str,
    now: datetime,
) -> None:
    """Records one use of the code on a purchase, in the caller's transaction.

    The conditional UPDATE comes first: it takes the row lock that serialises this code's
    uses, so the member's count read after it cannot miss a use committed meanwhile.
    Raises PromoRefused (the caller rolls back) when the code is used up, no longer active,
    or this member has had their uses.
    """
    result = await conn.execute(
        sa.update(promo_codes)
        .where(
            promo_codes.c.id == promo.id,
            promo_codes.c.status == ACTIVE,
            sa.or_(
                promo_codes.c.total_uses.is_(None),
                promo_codes.c.uses < promo_codes.c.total_uses,
            ),
        )
        .values(uses=promo_codes.c.uses + 1, updated_at=now)
    )
    if result.rowcount != 1:
        current = await get_in(conn, promo.id)
        if current is not None and current.status == PAUSED:
            raise PromoRefused(REFUSED_PAUSED)
        if current is not None and current.status == ARCHIVED:
            raise PromoRefused(REFUSED_ARCHIVED)
        raise PromoRefused(REFUSED_USED_UP)
    if await member_uses_in(conn, promo.id, member_id) >= promo.per_member:
        raise PromoRefused(REFUSED_MEMBER_LIMIT)
    await conn.execute(
        sa.insert(promo_code_uses).values(
            promo_code_id=promo.id,
            member_id=member_id,
            purchase_id=purchase_id,
            discount_toman=discount,
            used_at=now,
            used_by=staff,
        )
    )


async def create(
    conn: AsyncConnection, draft: PromoDraft, *, actor: str, role: str | None, now: datetime
) -> int | None:
    """A new active campaign code and its audit row; None when the code text is taken.

    The unique constraint decides a race between two admins; a savepoint keeps the
    caller's transaction usable after that refusal.
    """
    try:
        async with conn.begin_nested():
            promo_id = await conn.scalar(
                sa.insert(promo_codes)
                .values(
                    **asdict(draft), status=ACTIVE, created_by=actor, created_at=now, updated_at=now
                )
                .returning(promo_codes.c.id)
            )
    except IntegrityError:
        return None
    assert promo_id is not None
    await _audit(
        conn, "promo_code_created", int(promo_id), actor, role, now, audit.draft_details(draft)
    )
    return int(promo_id)


async def set_status(
    conn: AsyncConnection,
    promo_id: int,
    status: str,
    *,
    actor: str,
    role: str | None,
    now: datetime,
) -> bool:
    """Pause, resume or archive (audited); False when it already was so or is archived."""
    assert status in _AUDIT_ACTIONS
    result = await conn.execute(
        sa.update(promo_codes)
        .where(
            promo_codes.c.id == promo_id,
            promo_codes.c.status != status,
            promo_codes.c.status != ARCHIVED,
        )
        .values(status=status, updated_at=now)
    )
    if result.rowcount != 1:
        return False
    await _audit(conn, _AUDIT_ACTIONS[status], promo_id, actor, role, now, {})
    return True


async def listed_in(
    conn: AsyncConnection, *, archived: bool = False, limit: int = 30
) -> list[PromoCode]:
    """Campaign codes, newest first; archived ones only when asked."""
    query = sa.select(promo_codes).order_by(promo_codes.c.id.desc()).limit(limit)
    if not archived:
        query = query.where(promo_codes.c.status != ARCHIVED)
    return [from_row(row) for row in (await conn.execute(query)).all()]


async def usage_in(conn: AsyncConnection, promo_id: int) -> Usage:
    """Counted from the use rows, not the counter: what a code's screen shows."""
    row = (
        await conn.execute(
            sa.select(
                sa.func.count(), sa.func.count(sa.distinct(promo_code_uses.c.member_id))
            ).where(promo_code_uses.c.promo_code_id == promo_id)
        )
    ).one()
    return Usage(uses=int(row[0]), members=int(row[1]))


async def _audit(
    conn: AsyncConnection,
    action: str,
    promo_id: int,
    actor: str,
    role: str | None,
    now: datetime,
    details: dict[str, Any],
) -> None:
    await audit.record(
        conn,
        actor=actor,
        role=role,
        action=action,
        target=f"promo_code:{promo_id}",
        details=details,
        at=now,
    )


# A member's wrong texts at the Enter-a-code step: kept as `code_failures` rows under their own
# actor name (never a staff account's), so guessing campaign codes is as slow as /code makes it.


def member_actor(member_id: int) -> str:
    return f"member:{member_id}"


async def record_wrong_in(conn: AsyncConnection, member_id: int, *, now: datetime) -> None:
    await conn.execute(sa.insert(code_failures).values(actor=member_actor(member_id), at=now))


async def wrong_count_in(
    conn: AsyncConnection, member_id: int, *, now: datetime, window_minutes: int
) -> int:
    """The member's wrong texts in the last `window_minutes`."""
    count = await conn.scalar(
        sa.select(sa.func.count())
        .select_from(code_failures)
        .where(
            code_failures.c.actor == member_actor(member_id),
            code_failures.c.at > now - timedelta(minutes=window_minutes),
        )
    )
    return int(count or 0)
