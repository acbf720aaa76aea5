"""The club's numbers for a period, and the same numbers for the period of the same length
just before it (the change /stats and the weekly report show).

Every figure is one set-based SQL aggregate over an index (tables_kpis.py); nothing walks
members in Python. A period is a half-open UTC range [start, end); the previous one has the
same length and ends where it starts (today, from the club's midnight until now, is compared
with yesterday until the same time).

Who counts (erasures): an erased member (members.deleted_at) is not a member from the moment
of the erasure, so member counts, tiers, messengers, activity and the liability leave them
out. Their past purchases, points, answers and tickets stay in the event counts: erasure
anonymises the history but keeps it for totals (bot/club/privacy.py).
Voids: a voided purchase (purchases.voided_at) counts nowhere, whenever it was voided.

Formulas (P = the period; "live purchase" = a purchase not voided):
- members(t) = members joined before t and not erased before t; shown at P's end.
- new members = joined in P and not erased by P's end.
- by messenger = members (now) by the messenger they used last (members.last_platform).
- active in 30 days = members (now) whose last message or press (members.last_active_at,
  or joined_at when they were never seen since) is within the 30 days before P's end.
- purchases = live purchases made in P; average purchase = their toman / their number.
- repeat-purchase rate = members with >= 2 live purchases in P / members with >= 1, x 100.
- points by ledger kind, summed over rows made in P:
  redeemed = -(sum of delta) over SPENT kinds (rewards, paying at the till, lottery tickets,
  and the refunds of those); expired = -(sum of delta) over kind EXPIRY; issued = the sum of
  delta over every other kind (earnings net of their reversals, e.g. a voided purchase's).
  So issued - redeemed - expired is the ledger's net change in P.
- redemption rate = redeemed / issued x 100.
- outstanding (the liability) at t = the points members (not erased at t) held at t:
  sum(balance) - sum(ledger delta made since t); in toman at POINT_VALUE_TOMAN a point.
- referral conversion = new members (of P) who were invited (members.referrer_id) and of
  them those with a live purchase before P's end; campaign conversion the same with
  members.campaign_id.
- survey response rate = completed responses (completed before P's end) / audience, over
  surveys open at some time in P, x 100.
- NPS = promoters (9-10) - detractors (0-6), percent of the NPS answers given in P
  (bot/club/surveys.py nps_score).
- tier distribution = members (now) by stored tier (members.tier).
  Tiers, messengers and activity are kept only as they are now (no history), so they are
  shown without a change.
- open tickets at t = tickets opened before t and not closed before t; median first
  response = median of (first_response_at - created_at) over tickets opened in P and answered
  (bot/club/tickets.py median_first_response).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.club.clock import local_midnight, local_today
from bot.club.surveys import NPS, nps_score
from bot.club.tickets import median_first_response
from bot.storage.db import Database
from bot.storage.tables import ledger, members, purchases
from bot.storage.tables_surveys import survey_answers, survey_questions, survey_responses, surveys
from bot.storage.tables_tickets import tickets

# Spending points and the refunds of spending (bot/club/redemptions.py, till_codes.py,
# purchases.py, lotteries.py); EXPIRY is the points expiry job's kind (bot/club/expiry.py).
SPENT = ("redeem", "redeem-refund", "points-pay", "points-pay-void", "lottery", "lottery-refund")
EXPIRY = "expiry"
ISSUED, REDEEMED, EXPIRED = 0, 1, 2
ACTIVE_DAYS = 30
PERIODS: dict[str, int] = {"today": 0, "7d": 7, "30d": 30}


@dataclass(frozen=True)
class Window:
    start: datetime
    end: datetime
    # How far back the previous period is (None: right before, the same length).
    shift: timedelta | None = None

    def previous(self) -> Window:
        shift = self.shift or (self.end - self.start)
        return Window(self.start - shift, self.end - shift)


def window_for(period: str, *, now: datetime, timezone: str) -> Window:
    """`today`: from the club's midnight until now, against yesterday until the same time;
    `7d`, `30d`: the last 7 or 30 days, against the 7 or 30 before them."""
    days = PERIODS[period]
    if days == 0:
        midnight = local_midnight(local_today(now, timezone), timezone)
        return Window(midnight, now, shift=timedelta(days=1))
    return Window(now - timedelta(days=days), now)


def week_window(saturday: date, timezone: str) -> Window:
    """The Jalali week that ends as `saturday` begins (the weekly report's)."""
    return Window(
        local_midnight(saturday - timedelta(days=7), timezone), local_midnight(saturday, timezone)
    )


def _percent(part: int, whole: int) -> float | None:
    return 100 * part / whole if whole else None


@dataclass(frozen=True)
class Figures:
    """One period's numbers (the snapshot ones, members and outstanding, at its end)."""

    members: int
    new_members: int
    purchases: int
    purchase_toman: int
    buyers: int
    repeat_buyers: int
    issued: int
    redeemed: int
    expired: int
    outstanding: int
    referred: int
    referred_bought: int
    campaign: int
    campaign_bought: int
    survey_completed: int
    survey_audience: int
    nps: int | None
    nps_answers: int
    open_tickets: int
    first_response: timedelta | None

    @property
    def average_purchase(self) -> int | None:
        return round(self.purchase_toman / self.purchases) if self.purchases else None

    @property
    def repeat_rate(self) -> float | None:
        return _percent(self.repeat_buyers, self.buyers)

    @property
    def redemption_rate(self) -> float | None:
        return _percent(self.redeemed, self.issued) if self.issued > 0 else None

    @property
    def referral_rate(self) -> float | None:
        return _percent(self.referred_bought, self.referred)

    @property
    def campaign_rate(self) -> float | None:
        return _percent(self.campaign_bought, self.campaign)

    @property
    def survey_rate(self) -> float | None:
        return _percent(self.survey_completed, self.survey_audience)


@dataclass(frozen=True)
class Snapshot:
    """Numbers kept only as they are now (no history in the database)."""

    members: int
    by_messenger: dict[str, int]
    tiers: dict[str, int]
    active: int
    balance: int  # the points members hold now (not erased)


@dataclass(frozen=True)
class Report:
    window: Window
    current: Figures
    previous: Figures
    snapshot: Snapshot


def _alive_at(t: datetime) -> sa.ColumnElement[bool]:
    return sa.or_(members.c.deleted_at.is_(None), members.c.deleted_at >= t)


def _sum(condition: sa.ColumnElement[bool], value: Any = 1) -> sa.ColumnElement[Any]:
    return sa.func.coalesce(sa.func.sum(sa.case((condition, value), else_=0)), 0)


async def snapshot(db: Database, end: datetime) -> Snapshot:
    """Members now by tier and messenger, the active ones, the points they hold."""
    async with db.read() as conn:
        return await _snapshot(conn, end)


async def _snapshot(conn: AsyncConnection, end: datetime) -> Snapshot:
    since = end - timedelta(days=ACTIVE_DAYS)
    active = sa.func.coalesce(members.c.last_active_at, members.c.joined_at) >= since
    rows = await conn.execute(
        sa.select(
            members.c.tier,
            members.c.last_platform,
            sa.func.count(),
            sa.func.coalesce(sa.func.sum(members.c.balance), 0),
            _sum(active),
        )
        .where(members.c.deleted_at.is_(None))
        .group_by(members.c.tier, members.c.last_platform)
    )
    tiers: dict[str, int] = {}
    platforms: dict[str, int] = {}
    active_count = balance = 0
    for tier, platform, count, held, seen in rows:
        tiers[tier] = tiers.get(tier, 0) + int(count)
        if platform is not None:
            platforms[platform] = platforms.get(platform, 0) + int(count)
        balance += int(held)
        active_count += int(seen)
    return Snapshot(sum(tiers.values()), platforms, tiers, active_count, balance)


async def _members(conn: AsyncConnection, w: Window, alive_now: int) -> tuple[int, int]:
    """(members at the window's end, new members in it), from ranges of the joined_at index
    and the erased index, never a count of every member: members(t) = members now, less
    those who joined since t, plus those who joined before t and were erased since."""
    a, b = w.start, w.end
    joined = (
        await conn.execute(
            sa.select(_sum(members.c.joined_at < b), _sum(members.c.joined_at >= b)).where(
                members.c.joined_at >= a
            )
        )
    ).one()
    gone = members.c.deleted_at
    erased = (
        await conn.execute(
            sa.select(
                _sum(sa.and_(members.c.joined_at >= a, members.c.joined_at < b, gone < b)),
                _sum(members.c.joined_at >= b),
                _sum(sa.and_(members.c.joined_at < b, gone >= b)),
            ).where(gone.is_not(None), gone >= a)
        )
    ).one()
    # Erased before a, joined before a: not members at b, already out of alive_now.
    at_end = alive_now - (int(joined[1]) - int(erased[1])) + int(erased[2])
    return at_end, int(joined[0]) - int(erased[0])


async def _points(conn: AsyncConnection, w: Window, balance_now: int) -> tuple[int, int, int, int]:
    """(issued, redeemed, expired) in the window, and the liability at its end."""
    b = w.end
    after = sa.case((ledger.c.created_at < b, 0), else_=1)
    kind = sa.case(
        (ledger.c.kind.in_(SPENT), REDEEMED), (ledger.c.kind == EXPIRY, EXPIRED), else_=ISSUED
    )
    sums: dict[tuple[int, int], int] = {}
    rows = await conn.execute(
        sa.select(after, kind, sa.func.sum(ledger.c.delta))
        .where(ledger.c.created_at >= w.start)
        .group_by(after, kind)
    )
    for bucket, k, total in rows:
        sums[(int(bucket), int(k))] = int(total or 0)
    moved_since = sum(sums.get((1, k), 0) for k in (ISSUED, REDEEMED, EXPIRED))
    gone = members.c.deleted_at
    # Members erased since b were members at b: their balances count. Rows made since b by
    # members erased before b were never part of b's liability.
    held = (
        await conn.execute(
            sa.select(sa.func.coalesce(sa.func.sum(members.c.balance), 0)).where(
                gone.is_not(None), gone >= b
            )
        )
    ).scalar_one()
    stray = (
        await conn.execute(
            sa.select(sa.func.coalesce(sa.func.sum(ledger.c.delta), 0))
            .select_from(ledger.join(members, members.c.id == ledger.c.member_id))
            .where(gone.is_not(None), gone < b, ledger.c.created_at >= b)
        )
    ).scalar_one()
    liability = balance_now + int(held) - (moved_since - int(stray))
    return (
        sums.get((0, ISSUED), 0),
        -sums.get((0, REDEEMED), 0),
        -sums.get((0, EXPIRED), 0),
        liability,
    )


async def _purchases(conn: AsyncConnection, w: Window) -> tuple[int, int, int, int]:
    per_member = (
        sa.select(
            purchases.c.member_id,
            sa.func.count().label("n"),
            sa.func.sum(purchases.c.amount_toman).label("toman"),
        )
        .where(
            purchases.c.voided_at.is_(None),
            purchases.c.created_at >= w.start,
            purchases.c.created_at < w.end,
        )
        .group_by(purchases.c.member_id)
        .subquery()
    )
    row = (
        await conn.execute(
            sa.select(
                sa.func.coalesce(sa.func.sum(per_member.c.n), 0),
                sa.func.coalesce(sa.func.sum(per_member.c.toman), 0),
                sa.func.count(),
                _sum(per_member.c.n >= 2),
            )
        )
    ).one()
    return int(row[0]), int(row[1]), int(row[2]), int(row[3])


async def _cohorts(conn: AsyncConnection, w: Window) -> tuple[int, int, int, int]:
    bought = sa.exists().where(
        purchases.c.member_id == members.c.id,
        purchases.c.voided_at.is_(None),
        purchases.c.created_at < w.end,
    )
    referred, campaign = members.c.referrer_id.is_not(None), members.c.campaign_id.is_not(None)
    row = (
        await conn.execute(
            sa.select(
                _sum(referred),
                _sum(sa.and_(referred, bought)),
                _sum(campaign),
                _sum(sa.and_(campaign, bought)),
            ).where(members.c.joined_at >= w.start, members.c.joined_at < w.end, _alive_at(w.end))
        )
    ).one()
    return int(row[0]), int(row[1]), int(row[2]), int(row[3])


async def _surveys(conn: AsyncConnection, w: Window) -> tuple[int, int, int | None, int]:
    # A survey ends at its close time, or earlier when an admin closed it (a close job that
    # ran late does not stretch it): open | closed are its only statuses.
    ended = sa.case(
        (
            sa.and_(surveys.c.closed_at.is_not(None), surveys.c.closed_at < surveys.c.closes_at),
            surveys.c.closed_at,
        ),
        else_=surveys.c.closes_at,
    )
    running = sa.and_(surveys.c.opens_at < w.end, ended > w.start)
    audience = await conn.scalar(
        sa.select(sa.func.coalesce(sa.func.sum(surveys.c.audience_size), 0)).where(running)
    )
    completed = await conn.scalar(
        sa.select(sa.func.count()).where(
            survey_responses.c.survey_id.in_(sa.select(surveys.c.id).where(running)),
            survey_responses.c.completed_at < w.end,
        )
    )
    scores = await conn.execute(
        sa.select(survey_answers.c.value, sa.func.count())
        .where(
            survey_answers.c.question_id.in_(
                sa.select(survey_questions.c.id).where(survey_questions.c.kind == NPS)
            ),
            survey_answers.c.value.is_not(None),
            survey_answers.c.answered_at >= w.start,
            survey_answers.c.answered_at < w.end,
        )
        .group_by(survey_answers.c.value)
    )
    counts = {int(value): int(n) for value, n in scores}
    return int(completed or 0), int(audience or 0), nps_score(counts), sum(counts.values())


async def _open_tickets(conn: AsyncConnection, t: datetime) -> int:
    found = await conn.scalar(
        sa.select(sa.func.count()).where(
            tickets.c.created_at < t,
            sa.or_(tickets.c.closed_at.is_(None), tickets.c.closed_at >= t),
        )
    )
    return int(found or 0)


async def _figures(conn: AsyncConnection, w: Window, snapshot: Snapshot) -> Figures:
    members_at, new = await _members(conn, w, snapshot.members)
    issued, redeemed, expired, liability = await _points(conn, w, snapshot.balance)
    bought = await _purchases(conn, w)
    cohorts = await _cohorts(conn, w)
    answered = await _surveys(conn, w)
    return Figures(
        members=members_at,
        new_members=new,
        purchases=bought[0],
        purchase_toman=bought[1],
        buyers=bought[2],
        repeat_buyers=bought[3],
        issued=issued,
        redeemed=redeemed,
        expired=expired,
        outstanding=liability,
        referred=cohorts[0],
        referred_bought=cohorts[1],
        campaign=cohorts[2],
        campaign_bought=cohorts[3],
        survey_completed=answered[0],
        survey_audience=answered[1],
        nps=answered[2],
        nps_answers=answered[3],
        open_tickets=await _open_tickets(conn, w.end),
        first_response=await median_first_response(conn, w.start, until=w.end),
    )


async def compute(db: Database, window: Window) -> Report:
    """The period's figures, the previous period's, and the snapshot, in one read."""
    async with db.read() as conn:
        snapshot = await _snapshot(conn, window.end)
        current = await _figures(conn, window, snapshot)
        previous = await _figures(conn, window.previous(), snapshot)
    return Report(window, current, previous, snapshot)
