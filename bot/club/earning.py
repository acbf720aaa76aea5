"""Earning rules that keep the club honest: caps, the referral milestone, the repeat bonus.

Invariant: every rule moves points only through the ledger, in the transaction of the purchase,
signup or void that triggers it, under an idempotency key derived from that event; and every
rule whose setting is 0 costs no database round trip (the settings are read before any query).

- Caps: a credit over its cap is still written, as a row of its own kind (`purchase-capped`,
  `referral-capped`) with zero points under the credit's own key, so the member's history says
  why nothing came. A capped purchase stays a purchase of the shop (receipt, void, segments)
  but earns neither points nor tier points: otherwise split receipts could still farm tiers.
  Periods are the club's: the day and the Jalali month in the club's timezone.
- Referral milestone: the referrer's gift at the friend's first purchase that earns points
  (no other live earning purchase), once per friend (`referral-milestone:<friend>`); voiding
  that purchase takes it back with a reversal row, and it is not paid again.
- Repeat bonus: a purchase that earns points, with another live earning purchase of the member
  in the N days before it, earns the bonus once in any N days (rolling): no bonus still
  standing in those N days. Voiding either purchase of the pair takes it back; a bonus taken
  back in full frees the window, one partly spent stays paid (record-and-void mints nothing).
"""

from __future__ import annotations

from datetime import datetime, timedelta

import jdatetime
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.club import ledger, notices
from bot.club.clock import local_midnight, local_today
from bot.club.names import first_name
from bot.i18n import Value
from bot.settings import Settings
from bot.storage.tables import ledger as ledger_rows
from bot.storage.tables import members, purchases, referrals

PURCHASE_CAPPED = "purchase-capped"
REFERRAL_CAPPED = "referral-capped"
MILESTONE = "referral-milestone"
MILESTONE_VOID = "referral-milestone-void"
REPEAT = "repeat-bonus"
REPEAT_VOID = "repeat-bonus-void"
# Every ledger kind this module writes (the history screen names each through `ledger-<kind>`).
KINDS = (PURCHASE_CAPPED, REFERRAL_CAPPED, MILESTONE, MILESTONE_VOID, REPEAT, REPEAT_VOID)
VOID_SUFFIX = ":void"


# --- Pure rules -----------------------------------------------------------------------------


def day_bounds(now: datetime, timezone: str) -> tuple[datetime, datetime]:
    """The club's calendar day around `now`, as UTC [start, end)."""
    today = local_today(now, timezone)
    return local_midnight(today, timezone), local_midnight(today + timedelta(days=1), timezone)


def jalali_month_bounds(now: datetime, timezone: str) -> tuple[datetime, datetime]:
    """The Jalali month (in the club's timezone) around `now`, as UTC [start, end)."""
    today = jdatetime.date.fromgregorian(date=local_today(now, timezone))
    first = jdatetime.date(today.year, today.month, 1)
    following = (
        jdatetime.date(today.year + 1, 1, 1)
        if today.month == 12
        else jdatetime.date(today.year, today.month + 1, 1)
    )
    return (
        local_midnight(first.togregorian(), timezone),
        local_midnight(following.togregorian(), timezone),
    )


def over_cap(count: int, cap: int) -> bool:
    """Whether one more credit, after `count` in the period, goes over `cap` (0: no cap)."""
    return cap > 0 and count >= cap


def repeat_window_start(now: datetime, days: int) -> datetime:
    """The earliest moment a purchase (or a standing bonus) counts as within the window."""
    return now - timedelta(days=days)


async def _lock(conn: AsyncConnection, member_id: int) -> None:
    """Serialises counting rules per member on PostgreSQL (SQLite writes BEGIN IMMEDIATE)."""
    if conn.dialect.name == "postgresql":
        await conn.execute(
            sa.select(members.c.id).where(members.c.id == member_id).with_for_update()
        )


async def _name(conn: AsyncConnection, member_id: int) -> str:
    name = await conn.scalar(sa.select(members.c.name).where(members.c.id == member_id))
    return first_name(name or "")


# --- Caps -----------------------------------------------------------------------------------


async def purchase_capped(
    conn: AsyncConnection,
    settings: Settings,
    *,
    member_id: int,
    now: datetime,
    lock: bool = True,
) -> bool:
    """Whether a purchase now would go over the member's purchases credited today
    (`lock=False` for a quote, which only reads)."""
    cap = settings.purchase_credits_per_day
    if cap == 0:
        return False
    if lock:
        await _lock(conn, member_id)
    start, end = day_bounds(now, settings.timezone)
    count = await conn.scalar(
        sa.select(sa.func.count()).where(
            purchases.c.member_id == member_id,
            purchases.c.voided_at.is_(None),
            purchases.c.points > 0,
            purchases.c.created_at >= start,
            purchases.c.created_at < end,
        )
    )
    return over_cap(int(count or 0), cap)


async def record_capped_purchase(
    conn: AsyncConnection,
    settings: Settings,
    *,
    member_id: int,
    key: str,
    ref: str,
    now: datetime,
) -> None:
    """The purchase's own ledger row with zero points, and the member told why."""
    if await ledger.credit(
        conn, member_id=member_id, points=0, kind=PURCHASE_CAPPED, key=key, now=now, ref=ref
    ):
        await notices.tell_member(
            conn,
            member_id=member_id,
            key="earning-purchase-capped",
            values={"cap": settings.purchase_credits_per_day},
            settings=settings,
            now=now,
        )


async def referral_capped(
    conn: AsyncConnection,
    settings: Settings,
    *,
    referrer_id: int,
    referee_id: int,
    now: datetime,
) -> bool:
    """Whether crediting the referrer for this friend goes over this Jalali month's cap.

    Friends are counted once each (a friend paid again after a voided purchase is the same
    friend), so the count is of distinct friends credited this month, this one left out.
    """
    cap = settings.referral_credits_per_month
    if cap == 0:
        return False
    await _lock(conn, referrer_id)
    start, end = jalali_month_bounds(now, settings.timezone)
    count = await conn.scalar(
        sa.select(sa.func.count(sa.distinct(ledger_rows.c.ref))).where(
            ledger_rows.c.member_id == referrer_id,
            ledger_rows.c.kind == "referral",
            ledger_rows.c.delta > 0,
            ledger_rows.c.idempotency_key.like("referral:%:referrer"),
            ledger_rows.c.ref != str(referee_id),
            ledger_rows.c.created_at >= start,
            ledger_rows.c.created_at < end,
        )
    )
    return over_cap(int(count or 0), cap)


async def record_capped_referral(
    conn: AsyncConnection,
    settings: Settings,
    *,
    referrer_id: int,
    referee_id: int,
    key: str,
    now: datetime,
) -> None:
    """The referrer's credit row with zero points, and the referrer told why."""
    if await ledger.credit(
        conn,
        member_id=referrer_id,
        points=0,
        kind=REFERRAL_CAPPED,
        key=key,
        now=now,
        ref=str(referee_id),
    ):
        await notices.tell_member(
            conn,
            member_id=referrer_id,
            key="earning-referral-capped",
            values={
                "name": await _name(conn, referee_id),
                "cap": settings.referral_credits_per_month,
            },
            settings=settings,
            now=now,
        )


# --- Bonuses at a purchase, and their reversal at its void -----------------------------------


def milestone_key(referee_id: int) -> str:
    return f"referral-milestone:{referee_id}"


def repeat_key(member_id: int, number: int) -> str:
    return f"repeat-bonus:{member_id}:{number}"


async def after_purchase(
    conn: AsyncConnection, settings: Settings, *, member_id: int, number: int, now: datetime
) -> None:
    """Purchase `number`, which earned points, may pay the milestone and the repeat bonus."""
    if settings.referral_milestone_points:
        await _milestone(conn, settings, referee_id=member_id, number=number, now=now)
    if settings.repeat_bonus_points:
        await _repeat(conn, settings, member_id=member_id, number=number, now=now)


def _other_live_purchases(member_id: int, number: int) -> sa.ColumnElement[bool]:
    return sa.and_(
        purchases.c.member_id == member_id,
        purchases.c.id != number,
        purchases.c.voided_at.is_(None),
        purchases.c.points > 0,
    )


async def _milestone(
    conn: AsyncConnection, settings: Settings, *, referee_id: int, number: int, now: datetime
) -> None:
    referrer = members.alias("referrer")
    earlier = sa.select(purchases.c.id).where(_other_live_purchases(referee_id, number)).exists()
    paid = sa.select(ledger_rows.c.id).where(
        ledger_rows.c.idempotency_key == milestone_key(referee_id)
    )
    referrer_id = await conn.scalar(
        sa.select(referrals.c.referrer_id)
        .join(referrer, referrer.c.id == referrals.c.referrer_id)
        .where(
            referrals.c.referee_id == referee_id,
            referrer.c.deleted_at.is_(None),
            ~earlier,
            ~paid.exists(),
        )
    )
    if referrer_id is None:
        return
    points = settings.referral_milestone_points
    if await ledger.credit(
        conn,
        member_id=referrer_id,
        points=points,
        kind=MILESTONE,
        key=milestone_key(referee_id),
        now=now,
        ref=str(number),
    ):
        await notices.tell_member(
            conn,
            member_id=referrer_id,
            key="earning-milestone",
            values={"name": await _name(conn, referee_id), "points": points},
            settings=settings,
            now=now,
        )


async def _repeat(
    conn: AsyncConnection, settings: Settings, *, member_id: int, number: int, now: datetime
) -> None:
    # The purchase's ledger credit has already locked the member's row on PostgreSQL, so a
    # concurrent purchase of the same member counts after this one commits.
    since = repeat_window_start(now, settings.repeat_bonus_days)
    bonus, taken_back = ledger_rows.alias("bonus"), ledger_rows.alias("taken_back")
    standing = (
        sa.select(bonus.c.id)
        .select_from(
            bonus.outerjoin(
                taken_back,
                taken_back.c.idempotency_key == bonus.c.idempotency_key + VOID_SUFFIX,
            )
        )
        .where(
            bonus.c.member_id == member_id,
            bonus.c.kind == REPEAT,
            bonus.c.created_at >= since,
            # Taken back in full frees the window; partly spent stays paid.
            sa.or_(taken_back.c.id.is_(None), -taken_back.c.delta < bonus.c.delta),
        )
        .exists()
    )
    opener = await conn.scalar(
        sa.select(purchases.c.id)
        .where(
            _other_live_purchases(member_id, number),
            purchases.c.created_at >= since,
            purchases.c.created_at <= now,
            ~standing,
        )
        .order_by(purchases.c.created_at.desc(), purchases.c.id.desc())
        .limit(1)
    )
    if opener is None:
        return
    points = settings.repeat_bonus_points
    if await ledger.credit(
        conn,
        member_id=member_id,
        points=points,
        kind=REPEAT,
        key=repeat_key(member_id, number),
        now=now,
        ref=str(opener),
    ):
        await notices.tell_member(
            conn,
            member_id=member_id,
            key="earning-repeat-bonus",
            values={"points": points, "days": settings.repeat_bonus_days},
            settings=settings,
            now=now,
        )


async def after_void(
    conn: AsyncConnection, settings: Settings, *, member_id: int, number: int, now: datetime
) -> None:
    """Purchase `number` of `member_id` was voided: the bonuses it paid are taken back.

    Runs whatever the settings say now (a bonus paid while a rule was on is still taken
    back after it is turned off): one query, and voids are rare.
    """
    found = (
        await conn.execute(
            sa.select(
                ledger_rows.c.member_id,
                ledger_rows.c.delta,
                ledger_rows.c.kind,
                ledger_rows.c.ref,
                ledger_rows.c.idempotency_key,
                ledger_rows.c.created_at,
            ).where(
                sa.or_(
                    sa.and_(
                        ledger_rows.c.idempotency_key == milestone_key(member_id),
                        ledger_rows.c.ref == str(number),
                    ),
                    ledger_rows.c.idempotency_key == repeat_key(member_id, number),
                    # The bonus another purchase earned with this one as its pair.
                    sa.and_(
                        ledger_rows.c.member_id == member_id,
                        ledger_rows.c.kind == REPEAT,
                        ledger_rows.c.ref == str(number),
                    ),
                )
            )
        )
    ).all()
    for row in found:
        if row.delta <= 0:
            continue
        reclaim = min(int(row.delta), await ledger.balance(conn, member_id=row.member_id))
        move = ledger.debit if reclaim else ledger.credit
        milestone = row.kind == MILESTONE
        if not await move(
            conn,
            member_id=row.member_id,
            points=reclaim,
            kind=MILESTONE_VOID if milestone else REPEAT_VOID,
            key=row.idempotency_key + VOID_SUFFIX,
            now=now,
            ref=row.ref,
            # Dated back to the bonus it takes back (points expiry nets the two).
            qualifying_at=row.created_at,
        ):
            continue  # already taken back
        if not reclaim:
            continue
        values: dict[str, Value] = {"points": reclaim}
        if milestone:
            values["name"] = await _name(conn, member_id)
        await notices.tell_member(
            conn,
            member_id=row.member_id,
            key="earning-milestone-reversed" if milestone else "earning-repeat-reversed",
            values=values,
            settings=settings,
            now=now,
        )
