"""Codes typed at the till: a campaign code or a member's single-use code, looked up, used
once, and guarded against guessing.

Invariant: a single-use code moves from active to used only through `consume`, one
conditional UPDATE (active and not yet expired), so two cashiers pressing at once use it
exactly once and the other is told who used it and when. Every unknown or mistyped code
leaves a `code_failures` row for its staff account; with `code_wrong_limit` of them in the
window, the till answers "wait" without looking anything up, owners included.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.club import discount_codes, ledger, promo_codes, redemptions
from bot.club.clock import local_today
from bot.club.discounts import discount_toman
from bot.settings import Settings
from bot.storage.tables import code_failures, members, rewards
from bot.storage.tables import redemptions as redemptions_table

ACTIVE, USED, RETURNED, CANCELLED = "active", "used", "returned", "cancelled"
# Not a stored status: an active code past its expiry.
EXPIRED = "expired"


@dataclass(frozen=True)
class CodeView:
    """A single-use code as the cashier sees it (the owner's name, never the phone)."""

    redemption_id: int
    code: str
    member_id: int
    owner: str
    reward: str
    kind: str
    value: int
    min_purchase: int
    cost: int
    status: str  # active, expired, used, returned, cancelled
    expires_at: datetime
    used_at: datetime | None
    used_by: str | None
    purchase_id: int | None
    # A partner's code handed out with it (already shown to the member).
    partner_code: str | None = None

    def discount(self, amount: int) -> int | None:
        return discount_toman(self.kind, self.value, amount, min_purchase=self.min_purchase)


Kind = Literal["promo", "redemption", "mistyped", "unknown", "wait"]


@dataclass(frozen=True)
class Lookup:
    kind: Kind
    promo: promo_codes.PromoCode | None = None
    code: CodeView | None = None
    wait_minutes: int = 0


def _status(row: Any, now: datetime) -> str:
    if row.status == ACTIVE and row.expires_at <= now:
        return EXPIRED
    return str(row.status)


async def view_in(
    conn: AsyncConnection,
    *,
    now: datetime,
    code: str | None = None,
    redemption_id: int | None = None,
) -> CodeView | None:
    """A single-use code by its normalised text or its redemption id."""
    where = (
        redemptions_table.c.code == code
        if code is not None
        else redemptions_table.c.id == redemption_id
    )
    row = (
        await conn.execute(
            sa.select(
                redemptions_table,
                members.c.name.label("owner"),
                rewards.c.title,
                rewards.c.kind,
                rewards.c.value,
                rewards.c.min_purchase,
            )
            .join(members, members.c.id == redemptions_table.c.member_id)
            .join(rewards, rewards.c.id == redemptions_table.c.reward_id)
            .where(where)
        )
    ).first()
    if row is None:
        return None
    return CodeView(
        redemption_id=row.id,
        code=row.code,
        member_id=row.member_id,
        owner=row.owner or "",
        reward=row.title,
        kind=row.kind,
        value=int(row.value),
        min_purchase=int(row.min_purchase),
        cost=int(row.cost),
        status=_status(row, now),
        expires_at=row.expires_at,
        used_at=row.used_at,
        used_by=row.used_by,
        purchase_id=row.purchase_id,
        partner_code=row.partner_code,
    )


async def wait_minutes(
    conn: AsyncConnection, *, actor: str, now: datetime, settings: Settings
) -> int:
    """Minutes until this staff account may type a code again (0: now)."""
    window = timedelta(minutes=settings.code_wrong_window_minutes)
    times = (
        await conn.scalars(
            sa.select(code_failures.c.at)
            .where(code_failures.c.actor == actor, code_failures.c.at > now - window)
            .order_by(code_failures.c.at)
        )
    ).all()
    over = len(times) - settings.code_wrong_limit
    if over < 0:
        return 0
    # The window lets the next code through once enough of these failures have aged out.
    free_at = times[over] + window
    return max(1, math.ceil((free_at - now).total_seconds() / 60))


async def record_failure(conn: AsyncConnection, *, actor: str, now: datetime) -> None:
    await conn.execute(sa.insert(code_failures).values(actor=actor, at=now))


async def prune_failures(conn: AsyncConnection, *, before: datetime) -> int:
    """Failures older than any window are no use to the throttle."""
    result = await conn.execute(sa.delete(code_failures).where(code_failures.c.at < before))
    return int(result.rowcount or 0)


async def look_up(
    conn: AsyncConnection, text: str, *, actor: str, now: datetime, settings: Settings
) -> Lookup:
    """What a cashier typed: a campaign code first (NOWRUZ1405 has a single-use code's
    length), then a single-use code; a miss is counted against the cashier."""
    wait = await wait_minutes(conn, actor=actor, now=now, settings=settings)
    if wait:
        return Lookup("wait", wait_minutes=wait)
    promo = await promo_codes.find_in(conn, text)
    if promo is not None:
        return Lookup("promo", promo=promo)
    reading = discount_codes.read(text)
    found = None
    if reading.kind == "code" and reading.code is not None:
        found = await view_in(conn, code=reading.code, now=now)
    if found is not None:
        return Lookup("redemption", code=found)
    await record_failure(conn, actor=actor, now=now)
    return Lookup("mistyped" if reading.kind == "mistyped" else "unknown")


async def consume(
    conn: AsyncConnection,
    *,
    redemption_id: int,
    actor: str,
    now: datetime,
    member_id: int | None = None,
    purchase_id: int | None = None,
) -> bool:
    """Marks the code used, once: False when it is no longer active (used, expired, given
    back, cancelled) or, with `member_id`, not that member's."""
    conditions = [
        redemptions_table.c.id == redemption_id,
        redemptions_table.c.status == ACTIVE,
        redemptions_table.c.expires_at > now,
    ]
    if member_id is not None:
        conditions.append(redemptions_table.c.member_id == member_id)
    result = await conn.execute(
        sa.update(redemptions_table)
        .where(*conditions)
        .values(status=USED, used_at=now, used_by=actor, purchase_id=purchase_id)
    )
    return result.rowcount == 1


async def cancel_with_refund(
    conn: AsyncConnection, *, redemption_id: int, now: datetime
) -> redemptions.Closed | None:
    """The shop takes a code back: points refunded and stock restored (bot/club/redemptions.py);
    None when it was no longer active."""
    return await redemptions.close_with_refund(
        conn, redemption_id=redemption_id, status=CANCELLED, now=now
    )


def points_to_pay(*, balance: int, net: int, settings: Settings) -> int:
    """The points a member may pay a bill of `net` with: the cap's share of the bill at the
    set value, never more than they have (0: paying with points is off)."""
    value = settings.point_value_toman
    if value <= 0 or balance <= 0 or net <= 0:
        return 0
    return max(0, min(balance, net * settings.points_pay_max_percent // 100 // value))


class SpendRefused(ValueError):
    """What came off the bill cannot be taken now (the code was used meanwhile, the balance
    dropped); `key` names the message. The purchase's transaction rolls back with it."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


@dataclass(frozen=True)
class Spend:
    """What comes off a bill before its net amount: a code's discount (a single-use code's
    redemption, or a campaign code's text) and points paid at their toman value."""

    discount: int = 0
    redemption_id: int | None = None
    promo_code: str | None = None
    points: int = 0
    points_toman: int = 0

    @property
    def off(self) -> int:
        return self.discount + self.points_toman


NO_SPEND = Spend()


def points_pay_key(source: str, receipt_id: str) -> str:
    return f"points-pay:{source}:{receipt_id}"


async def settle(
    conn: AsyncConnection,
    spend: Spend,
    *,
    member_id: int,
    number: int,
    source: str,
    receipt_id: str,
    staff: str,
    now: datetime,
    settings: Settings,
) -> int | None:
    """Takes what the bill's spend names, in the purchase's transaction (after its row is
    written, before it earns): the points debited, the code used. Returns the campaign
    code's id; raises SpendRefused when any part is gone."""
    if spend.points:
        try:
            await ledger.debit(
                conn,
                member_id=member_id,
                points=spend.points,
                kind="points-pay",
                key=points_pay_key(source, receipt_id),
                now=now,
                ref=receipt_id,
            )
        except ledger.InsufficientPoints:
            raise SpendRefused("points-pay-short") from None
    if spend.redemption_id is not None and not await consume(
        conn,
        redemption_id=spend.redemption_id,
        actor=staff,
        now=now,
        member_id=member_id,
        purchase_id=number,
    ):
        raise SpendRefused("till-code-gone")
    if spend.promo_code is None:
        return None
    return await _use_promo(
        conn, spend, member_id=member_id, number=number, staff=staff, now=now, settings=settings
    )


async def _use_promo(
    conn: AsyncConnection,
    spend: Spend,
    *,
    member_id: int,
    number: int,
    staff: str,
    now: datetime,
    settings: Settings,
) -> int:
    assert spend.promo_code is not None
    promo = await promo_codes.find_in(conn, spend.promo_code)
    if promo is None:
        raise SpendRefused("till-code-gone")
    # Its window and audience again at the confirm: a quote made on the code's last day and
    # confirmed after midnight is refused (uses are counted under the row lock by use_in).
    reason = await promo_codes.refusal_in(
        conn,
        promo,
        member_id=member_id,
        amount=None,
        now=now,
        today=local_today(now, settings.timezone),
        settings=settings,
    )
    if reason is not None:
        raise SpendRefused(reason)
    try:
        await promo_codes.use_in(
            conn,
            promo,
            member_id=member_id,
            purchase_id=number,
            discount=spend.discount,
            staff=staff,
            now=now,
        )
    except promo_codes.PromoRefused as refused:
        raise SpendRefused(str(refused.key)) from None
    return int(promo.id)
