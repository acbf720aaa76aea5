"""The nightly tier review (job "tiers", TIER_TIME): the stored tier meets the ledger.

For every member, in batches (one transaction each, with the job's cursor), the stored tier
(`members.tier`, the one truth: bot/club/tiers.py) is compared with the tier earned by the
qualifying points in the rolling window, and with the tier those points will still earn in
TIER_WARNING_DAYS days:

- earned higher: the stored tier rises (normally done already by the purchase), told;
- earned the same: a grace ends quietly; if the tier will fall within TIER_WARNING_DAYS and
  the member was not warned of that fall yet (`tier_warned_at`), they are warned with what
  it takes to stay (points, by the end of the day before that night's review); a warning
  whose fall was averted is forgotten;
- earned lower, TIER_GRACE_DAYS > 0 and no grace yet: the grace begins (`tier_grace_until`,
  the start of the club day TIER_GRACE_DAYS ahead: the tier is kept to the end of the day
  before), told with what it takes to keep the tier;
- earned lower and the grace over (or TIER_GRACE_DAYS = 0): the stored tier falls to the
  earned one, told kindly with what it takes to come back.

Set-based: per batch ONE query reads the members that may need anything (points in the
window, a tier above the lowest, a grace or a warning) joined with their grouped qualifying
points (three sums: now, at the warning's horizon, at a grace's end), locking those rows for
the batch's transaction on PostgreSQL (a purchase in the middle waits, or came before); the
changes are one UPDATE per distinct change; the notices are one outbox INSERT, in the same
transaction, each with a dedup key naming the member and the night, due when QUIET_HOURS
end (the review runs at 03:00 by default: bot/club/notices.py, `quiet_until`).
"""

from __future__ import annotations

import enum
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.club.clock import last_day_before, local_midnight, local_today
from bot.club.ledger import counted_at
from bot.club.notices import queue, texts_for
from bot.club.rules import Tier, tier_for
from bot.i18n import Texts
from bot.setting_values import parse_time_of_day
from bot.storage import outbox
from bot.storage.tables import ledger, members

if TYPE_CHECKING:
    from bot.club.club import Club
    from bot.settings import Settings
    from scheduler.registry import JobRun

# Ids per UPDATE ... IN (...): well under SQLite's bound parameters (JOB_BATCH_SIZE may be 100k).
CHUNK = 5000


class Action(enum.Enum):
    NOTHING = "nothing"
    TIDY = "tidy"  # forget a grace or a warning that no longer applies, silently
    UPGRADE = "up"
    WARN = "warn"
    GRACE = "grace"
    DOWNGRADE = "down"


@dataclass(frozen=True)
class Seen:
    """A member as the review finds them: the stored tier and the qualifying points."""

    member_id: int
    tier: str
    grace_until: datetime | None
    warned_at: datetime | None
    points: int  # in the window now
    points_at_warning: int  # still in the window at the warning's horizon
    points_at_grace_end: int  # still in the window when a grace begun tonight would end


@dataclass(frozen=True)
class Night:
    """One review's moments, from the settings and the clock."""

    now: datetime
    tiers: tuple[Tier, ...]
    ranks: dict[str, int]  # a tier's key: its place in `tiers`
    window_days: int
    warning_days: int
    grace_days: int
    warning_at: datetime  # now + TIER_WARNING_DAYS
    grace_end: datetime  # the start of the club day TIER_GRACE_DAYS from today

    @classmethod
    def of(cls, settings: Settings, now: datetime) -> Night:
        today = local_today(now, settings.timezone)
        return cls(
            now=now,
            tiers=settings.tiers,
            ranks={tier.key: i for i, tier in enumerate(settings.tiers)},
            window_days=settings.tier_window_days,
            warning_days=settings.tier_warning_days,
            grace_days=settings.tier_grace_days,
            warning_at=now + timedelta(days=settings.tier_warning_days),
            grace_end=local_midnight(
                today + timedelta(days=settings.tier_grace_days), settings.timezone
            ),
        )


@dataclass(frozen=True)
class Verdict:
    action: Action
    changes: dict[str, Any] = field(default_factory=dict)
    # Points the member needs (to stay, to keep, to come back), and the tiers to name.
    needed: int = 0
    tier: str = ""
    previous: str = ""
    # A warning's date, when the tier falls before the warning's horizon (set by `falls_by`).
    by: date | None = None


def decide(seen: Seen, night: Night) -> Verdict:
    """What tonight does for one member (pure: the rules, apart from the database)."""
    tiers, ranks = night.tiers, night.ranks
    stored = ranks.get(seen.tier, -1)
    earned = tier_for(seen.points, tiers)
    have = ranks[earned.key]
    clear = {"tier_grace_until": None, "tier_warned_at": None}
    if stored < 0:  # a tier the settings no longer have: the earned one, silently
        return Verdict(Action.TIDY, {"tier": earned.key, **clear}, tier=earned.key)
    kept = tiers[stored]
    if have > stored:
        return Verdict(Action.UPGRADE, {"tier": earned.key, **clear}, tier=earned.key)
    if have == stored:
        tidy: dict[str, Any] = {}
        if seen.grace_until is not None:
            tidy["tier_grace_until"] = None
        later = ranks[tier_for(seen.points_at_warning, tiers).key]
        if night.warning_days > 0 and later < stored:
            if seen.warned_at is None:
                return Verdict(
                    Action.WARN,
                    tidy | {"tier_warned_at": night.now},
                    needed=kept.threshold - seen.points_at_warning,
                    tier=kept.key,
                )
        elif seen.warned_at is not None:
            tidy["tier_warned_at"] = None
        return Verdict(Action.TIDY if tidy else Action.NOTHING, tidy)
    # The ledger says lower.
    if seen.grace_until is None and night.grace_days > 0:
        return Verdict(
            Action.GRACE,
            {"tier_grace_until": night.grace_end},
            needed=max(kept.threshold - seen.points_at_grace_end, 0),
            tier=kept.key,
        )
    if seen.grace_until is not None and seen.grace_until > night.now:
        return Verdict(Action.NOTHING)  # kept until its grace ends
    return Verdict(
        Action.DOWNGRADE,
        {"tier": earned.key, **clear},
        needed=max(kept.threshold - seen.points, 0),
        tier=earned.key,
        previous=kept.key,
    )


class Wording:
    """The night's notices: what is the same for every member (tier names, the two dates,
    rendered once) and the one text per member."""

    def __init__(self, texts: Texts, settings: Settings, night: Night) -> None:
        zone = settings.timezone
        self.texts = texts
        self.window = settings.tier_window_days
        self.day = local_today(night.now, zone).isoformat()
        self.names = {tier.key: texts.get(f"tier-{tier.key}", tier.key) for tier in settings.tiers}
        # The points must come by the end of the day before the review that would find the
        # tier fallen; a grace keeps the tier to the end of the day before it ends.
        self.warning_date = texts.date(local_today(night.warning_at, zone) - timedelta(days=1))
        self.grace_date = texts.date(last_day_before(night.grace_end, zone))

    def message(self, verdict: Verdict, member_id: int) -> outbox.Message | None:
        texts, names, action = self.texts, self.names, verdict.action
        if action is Action.UPGRADE:
            text = texts("tier-up", tier=names[verdict.tier])
        elif action is Action.WARN:
            text = texts(
                "tier-warning",
                tier=names[verdict.tier],
                points=verdict.needed,
                date=self.warning_date if verdict.by is None else texts.date(verdict.by),
                window=self.window,
            )
        elif action is Action.GRACE:
            text = texts(
                "tier-grace",
                tier=names[verdict.tier],
                points=verdict.needed,
                date=self.grace_date,
                window=self.window,
            )
        elif action is Action.DOWNGRADE:
            text = texts(
                "tier-down",
                tier=names[verdict.tier],
                previous=names[verdict.previous],
                points=verdict.needed,
            )
        else:
            return None
        return outbox.Message(
            "send",
            {"text": text, "markup": None},
            klass=outbox.MessageClass.SERVICE,
            member_id=member_id,
            dedup_key=f"tier-{action.value}:{member_id}:{self.day}",
        )


async def _seen(conn: AsyncConnection, ids: Sequence[int], night: Night) -> list[Seen]:
    """The batch's members that may need anything, with their three sums, in one query.

    A member with no qualifying points in the window, the lowest tier, no grace and no
    warning needs nothing and is not read. The batch's members are locked first for the
    batch's transaction (PostgreSQL; SQLite's write transaction holds the whole database)."""
    window = timedelta(days=night.window_days)
    at = counted_at()

    def counted_from(start: datetime) -> sa.ColumnElement[int]:
        return sa.func.sum(sa.case((at >= start, ledger.c.qualifying), else_=0))

    sums = (
        sa.select(
            ledger.c.member_id,
            sa.func.sum(ledger.c.qualifying).label("now"),
            counted_from(night.warning_at - window).label("warning"),
            counted_from(night.grace_end - window).label("grace"),
        )
        .where(
            ledger.c.member_id.between(ids[0], ids[-1]),
            ledger.c.qualifying != 0,
            at >= night.now - window,
        )
        .group_by(ledger.c.member_id)
        .subquery("sums")
    )
    if conn.dialect.name == "postgresql":
        # Lock the batch first, then read the sums in a statement of its own: under READ
        # COMMITTED a statement that waited for a lock re-reads the locked row but not the
        # sums it joined, so a purchase committing meanwhile would be judged on old points.
        await conn.execute(
            sa.select(members.c.id)
            .where(members.c.id.between(ids[0], ids[-1]), members.c.deleted_at.is_(None))
            .order_by(members.c.id)
            .with_for_update()
        )
    query = (
        sa.select(
            members.c.id,
            members.c.tier,
            members.c.tier_grace_until,
            members.c.tier_warned_at,
            sums.c.now,
            sums.c.warning,
            sums.c.grace,
        )
        .select_from(members.outerjoin(sums, sums.c.member_id == members.c.id))
        .where(
            members.c.id.between(ids[0], ids[-1]),
            members.c.deleted_at.is_(None),
            sa.or_(
                sums.c.member_id.is_not(None),
                members.c.tier != night.tiers[0].key,
                members.c.tier_grace_until.is_not(None),
                members.c.tier_warned_at.is_not(None),
            ),
        )
    )
    wanted = set(ids)
    return [
        Seen(id_, tier, grace, warned, int(now or 0), int(warning or 0), int(grace_sum or 0))
        for id_, tier, grace, warned, now, warning, grace_sum in await conn.execute(query)
        if id_ in wanted
    ]


async def falls_by(
    conn: AsyncConnection,
    warned: dict[int, tuple[Seen, Verdict]],
    night: Night,
    settings: Settings,
) -> dict[int, Verdict]:
    """The warnings whose tier falls before the warning's horizon, dated by the first fall.

    A warning names the points needed to stay through the horizon; its date must be the end
    of the day before the first review that would find the tier fallen, which may be before
    the horizon when older points leave the window first. Read only for the warned members
    (a few per batch): the rows that leave the window before the horizon, oldest first."""
    if not warned:
        return {}
    window = timedelta(days=night.window_days)
    at = counted_at()
    rows = await conn.execute(
        sa.select(ledger.c.member_id, at.label("at"), ledger.c.qualifying)
        .where(
            ledger.c.member_id.in_(list(warned)),
            ledger.c.qualifying != 0,
            at >= night.now - window,
            at < night.warning_at - window,
        )
        .order_by(ledger.c.member_id, at)
    )
    left: dict[int, int] = defaultdict(int)
    fallen: dict[int, datetime] = {}
    for member_id, counted, qualifying in rows:
        if member_id in fallen:
            continue
        seen, verdict = warned[member_id]
        left[member_id] += int(qualifying)
        if tier_for(seen.points - left[member_id], night.tiers).key != verdict.tier:
            fallen[member_id] = counted + window
    review_at = parse_time_of_day(settings.tier_time)
    dated = {}
    for member_id, moment in fallen.items():
        local = moment.astimezone(ZoneInfo(settings.timezone))
        # The first review at or after the fall finds it; the points must come the day before.
        found = local.date() + timedelta(days=0 if local.time() <= review_at else 1)
        dated[member_id] = replace(warned[member_id][1], by=found - timedelta(days=1))
    return dated


async def review(club: Club, run: JobRun) -> None:
    """The nightly review of every member's tier (see the module's docstring)."""
    settings = club.settings
    night = Night.of(settings, club.now())
    wording = Wording(texts_for(settings), settings, night)
    async for ids in run.member_ids(members.c.deleted_at.is_(None)):
        async with run.commit(ids[-1]) as conn:
            groups: dict[tuple[tuple[str, Any], ...], list[int]] = defaultdict(list)
            messages = []
            verdicts = [(seen, decide(seen, night)) for seen in await _seen(conn, ids, night)]
            warned = {s.member_id: (s, v) for s, v in verdicts if v.action is Action.WARN}
            dated = await falls_by(conn, warned, night, settings)
            for seen, verdict in verdicts:
                verdict = dated.get(seen.member_id, verdict)
                if verdict.changes:
                    groups[tuple(sorted(verdict.changes.items()))].append(seen.member_id)
                message = wording.message(verdict, seen.member_id)
                if message is not None:
                    messages.append(message)
            for changes, changed in groups.items():
                for start in range(0, len(changed), CHUNK):
                    chunk = changed[start : start + CHUNK]
                    await conn.execute(
                        sa.update(members).where(members.c.id.in_(chunk)).values(dict(changes))
                    )
            await queue(conn, messages, now=night.now, settings=settings)
