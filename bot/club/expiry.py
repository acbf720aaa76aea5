"""Points expiry: first in, first out, by Jalali calendar month (POINTS_EXPIRY_MONTHS, 0: off).

The rule. Points earned in a Jalali month M stay valid through the last day of month M + N
(N = POINTS_EXPIRY_MONTHS) and expire on the first day of month M + N + 1, at EXPIRY_TIME: at
least N full months after they were earned, and one expiry date a month, so a member who shops
every day is warned about one date a month, not one a day. Every spend (any negative ledger
row: a reward, paying with points, an earlier expiry) uses the oldest points first, so what
has expired by a cutoff C is

    expired(C) = max(0, earned before C - everything ever spent)

and the expiry row of a month takes expired(C) (never more than the balance). A refund or
anything else given back is a positive row dated when it was given back: its points start a
new term, like points just earned. A take-back is not a spend: a voided purchase's reversal
(and a voided bonus), dated back to the credit it takes back by `qualifying_at`, is netted
against that credit, counted as negative points earned at that date, so voiding a recent
purchase takes the recent points, not the oldest ones (which would then outlive their term).

The notice period. Members are promised warnings (EXPIRY_WARNING_DAYS) before points expire,
so the job never acts on an expiry date less than the largest of them (+1 day) after the
current policy took effect: the day the job first ran with expiry on, or with a lower
POINTS_EXPIRY_MONTHS than before (`club_meta` "expiry_policy": the months and that day; a
higher value keeps the day). Since expired(C) is cumulative, a skipped date's points simply
expire on the next date, after its warnings went out. (The job does not run while expiry is
off, so turning it off and on again with the same months is not a new policy.)

The job (scheduler/jobs.py, "expiry", catch-up LATEST) runs daily, and does something only on
the days that need it (`plan`): the first run of a Jalali month expires what that month's
cutoff says, and a run on or after the day of a warning (EXPIRY_WARNING_DAYS before an expiry
date) that no earlier run covered sends it. After downtime the one run for now does what the
missed days would have done: the month's expiry, and for each coming expiry date the most
urgent warning whose day was missed (a missed 30-day warning is still sent 20 days before; once
the 7-day one is due it goes instead). Idempotency keys guard a second time: the ledger row
`expiry:<member>:<expiry date>`, the messages `expiry-warn:<member>:<expiry date>:<days>` and
`expiry-done:<member>:<expiry date>`. The notices are due when QUIET_HOURS end.

Work is set-based: one grouped query per batch of members sums, per member, the points earned
before each cutoff and all points spent; only the members with something to expire or to be
warned about are touched after that.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

import jdatetime
import sqlalchemy as sa

from bot.club import ledger as points
from bot.club.clock import local_midnight
from bot.club.notices import queue, texts_for
from bot.storage import outbox as outbox_store
from bot.storage.db import Database, dialect_insert
from bot.storage.tables import club_meta, job_runs, ledger, members

if TYPE_CHECKING:
    from bot.club.club import Club
    from scheduler.registry import JobRun

KIND = "expiry"
# A voided purchase's ledger row (bot/club/purchases.py): a take-back, never a spend.
REVERSAL = "reversal"
POLICY_KEY = "expiry_policy"  # club_meta: {"months": N, "since": "YYYY-MM-DD"}


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

    `earned[i]`: the points earned before cutoff i (positive rows, net of the take-backs of
    those credits); `spent`: every point ever taken (negative rows, earlier expiries
    included, take-backs not), which used the oldest points first.
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


def earliest_expiry(since: date, warning_days: Sequence[int]) -> date:
    """The first expiry date the job may act on under a policy in effect since club day
    `since`: every warning promised (the largest of EXPIRY_WARNING_DAYS) had its chance."""
    return since + timedelta(days=max(warning_days, default=0) + 1)


def plan(
    day: date,
    warning_days: Sequence[int],
    finished: Collection[date],
    earliest: date | None = None,
) -> Plan:
    """What the run of club day `day` does, given the days whose runs finished.

    A warning (E, w) is due from day E - w until E, unless a run that finished on a day in
    [E - w, day) covered it; of the due ones for E, only the most urgent (smallest w) is sent:
    the larger ones are past their moment. Expiry dates before `earliest` (the notice period
    of a new policy) are neither expired nor warned about: their points expire on the first
    date from `earliest` on."""

    def covered(since: date) -> bool:
        return any(since <= done < day for done in finished)

    def allowed(expires: date) -> bool:
        return earliest is None or expires >= earliest

    this_month = month_start(day)
    expire = (day == this_month or not covered(this_month)) and allowed(this_month)
    horizon = max(warning_days, default=0)
    warnings, upcoming = [], []
    coming = month_start(day, 1)
    while (coming - day).days <= horizon:
        if not allowed(coming):
            coming = month_start(coming, 1)
            continue
        upcoming.append(coming)
        left = (coming - day).days
        due = [w for w in warning_days if left <= w and not covered(coming - timedelta(days=w))]
        if due:
            warnings.append((coming, min(due)))
        coming = month_start(coming, 1)
    last = max((e for e, _ in warnings), default=None)
    kept = tuple(e for e in upcoming if last is not None and e <= last)
    return Plan(this_month, expire, tuple(warnings), kept)


# The job -----------------------------------------------------------------------------------


def _read_policy(raw: str | None) -> tuple[int, date] | None:
    """The recorded (months, since), or None: none recorded, or unreadable (a new policy,
    the safe side)."""
    if raw is None:
        return None
    try:
        stored = json.loads(raw)
        return int(stored["months"]), date.fromisoformat(stored["since"])
    except (ValueError, TypeError, KeyError):
        return None


async def policy_since(db: Database, day: date, months: int) -> date:
    """The club day the current expiry policy took effect, recorded as club day `day` if it
    starts now: expiry just turned on, or a lower POINTS_EXPIRY_MONTHS than the one recorded
    (a higher one keeps its day: it only makes points last longer)."""
    async with db.write() as conn:
        raw = await conn.scalar(sa.select(club_meta.c.value).where(club_meta.c.key == POLICY_KEY))
        stored = _read_policy(raw)
        if stored is not None and stored[0] == months:
            return stored[1]
        since = day if stored is None or months < stored[0] else stored[1]
        value = json.dumps({"months": months, "since": since.isoformat()})
        await conn.execute(
            dialect_insert(conn, club_meta)
            .values(key=POLICY_KEY, value=value)
            .on_conflict_do_update(index_elements=["key"], set_={"value": value})
        )
    return since


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
    earned before each cutoff, net of take-backs (one grouped query; the ledger's
    (member_id, created_at) index finds each member's rows).

    A take-back (a voided purchase's reversal, a voided bonus's: a negative row dated back to
    its credit by `qualifying_at`) is counted as negative points earned at that date, not
    spent."""
    take_back = sa.and_(
        ledger.c.delta < 0,
        sa.or_(ledger.c.qualifying_at.is_not(None), ledger.c.kind == REVERSAL),
    )
    dated = points.counted_at()
    spent = sa.func.sum(
        sa.case((sa.and_(ledger.c.delta < 0, ~take_back), -ledger.c.delta), else_=0)
    )
    earned = [
        sa.func.sum(
            sa.case(
                (sa.and_(ledger.c.delta > 0, ledger.c.created_at < moment), ledger.c.delta),
                (sa.and_(take_back, dated < moment), ledger.c.delta),
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
        # Off: forget the policy, so turning it on again starts a new notice period.
        async with club.db.write() as conn:
            await conn.execute(sa.delete(club_meta).where(club_meta.c.key == POLICY_KEY))
        return
    warning_days = settings.expiry_warning_days
    this_month = month_start(run.day)
    earliest = earliest_expiry(await policy_since(club.db, run.day, months), warning_days)
    looked = min(this_month, run.day - timedelta(days=max(warning_days, default=0) + 1))
    today = plan(run.day, warning_days, await _finished_days(club, run, looked), earliest)
    if today.idle:
        return
    # This month's date counts only while its expiry is to be done: once done (or skipped in a
    # notice period) its points are spent (or roll on), and a warning names what the coming
    # date's run will take, the whole cumulative amount.
    dates = ((today.expires,) if today.expire else ()) + today.upcoming
    cutoffs = [local_midnight(cutoff(d, months), settings.timezone) for d in dates]
    warned = dict(today.warnings)
    now, texts = club.now(), texts_for(settings)
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
                if today.expire:
                    if amounts[0] > 0:
                        due[int(member_id)] = (amounts[0], int(balance))
                    amounts = amounts[1:]
                for expires, amount in zip(today.upcoming, amounts, strict=True):
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
            await queue(conn, notices, now=now, settings=settings)
