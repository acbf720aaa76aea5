"""Points expiry: first in, first out, by Jalali calendar month (POINTS_EXPIRY_MONTHS, 0: off).

The rule. Points earned in a Jalali month M stay valid through the last day of month M + N
(N = POINTS_EXPIRY_MONTHS) and expire on the first day of month M + N + 1, at EXPIRY_TIME: at
least N full months after they were earned, and one expiry date a month, so a member who shops
every day is warned about one date a month, not one a day. Every spend (any negative ledger
row: a reward, paying with points, a voided purchase, an earlier expiry) uses the oldest
points first, so what has expired by a cutoff C is

    expired(C) = max(0, earned before C - everything ever spent)

and the expiry row of a month takes expired(C) (never more than the balance). A refund or
anything else given back is a positive row dated when it was given back: its points start a
new term, like points just earned.

The job (scheduler/jobs.py, "expiry", catch-up LATEST) runs daily, and does something only on
the days that need it (`plan`): the first run of a Jalali month expires what that month's
cutoff says, and a run on or after the day of a warning (EXPIRY_WARNING_DAYS before an expiry
date) that no earlier run covered sends it. After downtime the one run for now does what the
missed days would have done: the month's expiry, and for each coming expiry date the most
urgent warning whose day was missed (a missed 30-day warning is still sent 20 days before; once
the 7-day one is due it goes instead). Idempotency keys guard a second time: the ledger row
`expiry:<member>:<expiry date>`, the messages `expiry-warn:<member>:<expiry date>:<days>` and
`expiry-done:<member>:<expiry date>`.

Work is set-based: one grouped query per batch of members sums, per member, the points earned
before each cutoff and all points spent; only the members with something to expire or to be
warned about are touched after that.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import jdatetime
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.club import ledger as points
from bot.club.clock import local_midnight
from bot.club.notices import texts_for
from bot.setting_values import in_quiet_hours, parse_quiet_hours
from bot.storage import outbox as outbox_store
from bot.storage.db import dialect_insert
from bot.storage.tables import job_runs, ledger, members, outbox

if TYPE_CHECKING:
    from bot.club.club import Club
    from bot.settings import Settings
    from scheduler.registry import JobRun

KIND = "expiry"


# The calendar ------------------------------------------------------------------------------


def month_start(day: date, months: int = 0) -> date:
    """The first day of the Jalali month `months` after (or before, if negative) `day`'s."""
    jalali = jdatetime.date.fromgregorian(date=day)
    year, month = divmod(jalali.year * 12 + jalali.month - 1 + months, 12)
    start: date = jdatetime.date(year, month + 1, 1).togregorian()
    return start


def expiry_date(earned: date, months: int) -> date:
    """The club day on which points earned on club day `earned` expire."""
    return month_start(earned, months + 1)


def cutoff(expires: date, months: int) -> date:
    """Points earned on a club day before this one have expired by club day `expires`."""
    return month_start(expires, -months)


# The arithmetic ----------------------------------------------------------------------------


def expiring(earned: Sequence[int], spent: int, balance: int) -> list[int]:
    """FIFO: the points that expire at each of ascending cutoffs.

    `earned[i]`: the points earned before cutoff i (positive rows); `spent`: every point ever
    taken (negative rows, earlier expiries included), which used the oldest points first.
    Cumulative totals are max(0, earned - spent), capped by the balance; each cutoff's share
    is its total minus the previous one's."""
    amounts, before = [], 0
    for total_earned in earned:
        total = min(max(0, total_earned - spent), max(0, balance))
        total = max(total, before)  # cutoffs ascend, so totals never fall
        amounts.append(total - before)
        before = total
    return amounts


# The schedule ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    """What one day's run does."""

    expires: date  # the expiry date in effect (this Jalali month's first day)
    expire: bool  # its expiry is still to be done (no run this month finished yet)
    # (expiry date, warning days) to send, one per coming expiry date, ascending.
    warnings: tuple[tuple[date, int], ...]
    # The coming expiry dates the amounts are computed for (up to the last one warned about).
    upcoming: tuple[date, ...]

    @property
    def idle(self) -> bool:
        return not self.expire and not self.warnings


def plan(day: date, warning_days: Sequence[int], finished: Collection[date]) -> Plan:
    """What the run of club day `day` does, given the days whose runs finished.

    A warning (E, w) is due from day E - w until E, unless a run that finished on a day in
    [E - w, day) covered it; of the due ones for E, only the most urgent (smallest w) is sent:
    the larger ones are past their moment."""

    def covered(since: date) -> bool:
        return any(since <= done < day for done in finished)

    this_month = month_start(day)
    expire = day == this_month or not covered(this_month)
    horizon = max(warning_days, default=0)
    warnings, upcoming = [], []
    coming = month_start(day, 1)
    while (coming - day).days <= horizon:
        upcoming.append(coming)
        left = (coming - day).days
        due = [w for w in warning_days if left <= w and not covered(coming - timedelta(days=w))]
        if due:
            warnings.append((coming, min(due)))
        coming = month_start(coming, 1)
    last = max((e for e, _ in warnings), default=None)
    kept = tuple(e for e in upcoming if last is not None and e <= last)
    return Plan(this_month, expire, tuple(warnings), kept)


def deliver_at(now: datetime, settings: Settings) -> datetime:
    """When a notice written now may be sent: at once, or when QUIET_HOURS end (the job runs
    at night by default, and an expiry is no reason to wake anyone)."""
    hours = parse_quiet_hours(settings.quiet_hours)
    zone = ZoneInfo(settings.timezone)
    local = now.astimezone(zone)
    if hours is None or not in_quiet_hours(local.time().replace(tzinfo=None), hours):
        return now
    end = datetime.combine(local.date(), hours[1], tzinfo=zone)
    if end <= local:
        end = datetime.combine(local.date() + timedelta(days=1), hours[1], tzinfo=zone)
    return end.astimezone(UTC)


# The job -----------------------------------------------------------------------------------


async def _finished_days(club: Club, run: JobRun, since: date) -> set[date]:
    async with club.db.read() as conn:
        keys = (
            await conn.scalars(
                sa.select(job_runs.c.period_key).where(
                    job_runs.c.job == run.job.name,
                    job_runs.c.finished_at.is_not(None),
                    job_runs.c.period_key >= since.isoformat(),
                    job_runs.c.period_key < run.day.isoformat(),
                )
            )
        ).all()
    return {date.fromisoformat(key) for key in keys}


def _sums(ids: Sequence[int], cutoffs: Sequence[datetime]) -> sa.Select[Any]:
    """Per member of `ids` with something that may expire: balance, points spent, and points
    earned before each cutoff (one grouped query; the ledger's (member_id, created_at)
    index finds each member's rows)."""
    spent = sa.func.sum(sa.case((ledger.c.delta < 0, -ledger.c.delta), else_=0))
    earned = [
        sa.func.sum(
            sa.case(
                (sa.and_(ledger.c.delta > 0, ledger.c.created_at < moment), ledger.c.delta),
                else_=0,
            )
        )
        for moment in cutoffs
    ]
    return (
        sa.select(members.c.id, members.c.balance, spent, *earned)
        .select_from(members.join(ledger, ledger.c.member_id == members.c.id))
        .where(members.c.id.in_(ids))
        .group_by(members.c.id, members.c.balance)
        # Nothing expires by the last cutoff unless more was earned before it than spent.
        .having(earned[-1] > spent)
    )


async def _queue(
    conn: AsyncConnection, messages: list[outbox_store.Message], now: datetime, at: datetime
) -> None:
    """The batch's notices, in one statement; a dedup key already written is skipped."""
    rows = [
        message.row()
        | {
            "status": outbox_store.PENDING,
            "attempts": 0,
            "next_at": at,
            "created_at": now,
            "claimed_by": None,
            "lease_until": None,
        }
        for message in messages
    ]
    await conn.execute(dialect_insert(conn, outbox).on_conflict_do_nothing(), rows)


def _notice(member_id: int, text: str, key: str) -> outbox_store.Message:
    return outbox_store.Message(
        "send",
        {"text": text, "markup": None},
        klass=outbox_store.MessageClass.SERVICE,
        member_id=member_id,
        dedup_key=key,
    )


async def expire(club: Club, run: JobRun) -> None:
    """One day's expiry run: the month's expiry and the warnings due (see `plan`)."""
    settings = club.settings
    months = settings.points_expiry_months
    if months <= 0:
        return
    warning_days = settings.expiry_warning_days
    this_month = month_start(run.day)
    since = min(this_month, run.day - timedelta(days=max(warning_days, default=0) + 1))
    today = plan(run.day, warning_days, await _finished_days(club, run, since))
    if today.idle:
        return
    dates = (today.expires, *today.upcoming)
    cutoffs = [local_midnight(cutoff(d, months), settings.timezone) for d in dates]
    warned = dict(today.warnings)
    now, texts = club.now(), texts_for(settings)
    at = deliver_at(now, settings)
    async for ids in run.member_ids(members.c.deleted_at.is_(None), members.c.balance > 0):
        async with run.commit(ids[-1]) as conn:
            found = (await conn.execute(_sums(ids, cutoffs))).all()
            if found and conn.dialect.name == "postgresql":
                # A redemption may commit between the read and the debit (READ COMMITTED):
                # the members concerned are locked, then read again. SQLite's write
                # transaction already holds the whole database.
                chosen = [row[0] for row in found]
                await conn.execute(
                    sa.select(members.c.id)
                    .where(members.c.id.in_(chosen))
                    .order_by(members.c.id)
                    .with_for_update()
                )
                found = (await conn.execute(_sums(chosen, cutoffs))).all()
            notices: list[outbox_store.Message] = []
            due: dict[int, tuple[int, int]] = {}  # member: (points expiring, balance)
            for member_id, balance, spent, *earned in found:
                amounts = expiring([int(e or 0) for e in earned], int(spent or 0), int(balance))
                if amounts[0] > 0:
                    due[int(member_id)] = (amounts[0], int(balance))
                for expires, amount in zip(dates[1:], amounts[1:], strict=True):
                    days = warned.get(expires)
                    if days is None or amount <= 0:
                        continue
                    text = texts("expiry-warning", points=amount, date=expires - timedelta(days=1))
                    key = f"expiry-warn:{member_id}:{expires.isoformat()}:{days}"
                    notices.append(_notice(int(member_id), text, key))
            ends = today.expires.isoformat()
            debited = await points.debit_many(
                conn,
                [
                    points.Debit(member_id, amount, f"expiry:{member_id}:{ends}", ref=ends)
                    for member_id, (amount, _) in due.items()
                ],
                kind=KIND,
                now=now,
            )
            for member_id in sorted(debited):
                amount, balance = due[member_id]
                text = texts("expiry-done", points=amount, months=months, balance=balance - amount)
                notices.append(_notice(member_id, text, f"expiry-done:{member_id}:{ends}"))
            if notices:
                await _queue(conn, notices, now, at)
