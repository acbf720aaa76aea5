"""Marketer campaigns: `c_<slug>` deep links, who came through them, and what they did after.

Invariant: a campaign's figures are counted from rows, never kept as counters. The first steps
(open, consent, signup) are `campaign_events`, one per campaign, step and person (a person is
a messenger identity; opening a link twice is one open); what came after is read from the
members the campaign brought (`members.campaign_id`, set once at signup, never changed) and
their purchases and ledger. So replays, double taps and voids can never skew a figure.

Attribution: a signup carries one payload. The last link opened before the person agrees to
the terms is the one credited; once they agreed, the signup's link is fixed (a link opened
mid-signup only counts as an open). So a referral and a campaign never both credit a signup.
"""

from __future__ import annotations

import secrets
import string
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.club import audit
from bot.club.digits import visible_text
from bot.storage.db import Database, dialect_insert
from bot.storage.tables import campaign_events, campaigns, ledger, members, purchases

PREFIX = "c_"
# 36**10 (about 3.7e15) slugs: a link cannot be guessed from another one.
SLUG_ALPHABET = string.ascii_lowercase + string.digits
SLUG_LENGTH = 10
MAX_NAME = 64
OPEN, CONSENT, SIGNUP = "open", "consent", "signup"
KINDS = (OPEN, CONSENT, SIGNUP)


class CampaignNameError(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


@dataclass(frozen=True)
class Campaign:
    id: int
    slug: str
    name: str
    created_by: str
    created_at: datetime
    archived_at: datetime | None

    @property
    def payload(self) -> str:
        return PREFIX + self.slug

    @property
    def archived(self) -> bool:
        return self.archived_at is not None

    @classmethod
    def from_row(cls, row: Any) -> Campaign:
        return cls(row.id, row.slug, row.name, row.created_by, row.created_at, row.archived_at)


@dataclass(frozen=True)
class Funnel:
    opens: int
    consents: int
    signups: int
    # Members the campaign brought who have at least one purchase that was not voided.
    first_purchases: int
    # Every positive ledger row of those members (welcome, profile, purchases, referrals).
    points: int
    # The sum of their purchases that were not voided, in toman.
    amount: int


@dataclass(frozen=True)
class MarketerStanding:
    created_by: str
    campaigns: int
    signups: int
    first_purchases: int


def validate_name(text: str) -> str:
    """A campaign's name as stored: normalised (Persian letters, single spaces), 1 to 64."""
    name = visible_text(text)
    if not name:
        raise CampaignNameError("campaign-error-name-empty")
    if len(name) > MAX_NAME:
        raise CampaignNameError("campaign-error-name-long")
    return name


def new_slug() -> str:
    return "".join(secrets.choice(SLUG_ALPHABET) for _ in range(SLUG_LENGTH))


def slug_of(payload: str | None) -> str | None:
    """The slug a `c_<slug>` payload names (any other payload: None)."""
    if payload is None or not payload.startswith(PREFIX):
        return None
    slug = payload.removeprefix(PREFIX)
    return slug if slug else None


async def create(
    db: Database, *, name: str, actor: str, role: str | None, now: datetime
) -> Campaign:
    """A new campaign with a fresh unguessable slug, audited in the same transaction."""
    for _ in range(5):
        try:
            async with db.write() as conn:
                campaign_id = (
                    await conn.execute(
                        sa.insert(campaigns)
                        .values(slug=new_slug(), name=name, created_by=actor, created_at=now)
                        .returning(campaigns.c.id)
                    )
                ).scalar_one()
                await audit.record(
                    conn,
                    actor=actor,
                    role=role,
                    action="campaign_created",
                    target=f"campaign:{campaign_id}",
                    details={"name": name},
                    at=now,
                )
                found = await _get(conn, campaigns.c.id == campaign_id)
        except IntegrityError:
            continue  # the slug was taken (one chance in 10**15): draw another
        assert found is not None
        return found
    raise RuntimeError("no free campaign slug after 5 draws")


async def _get(conn: AsyncConnection, where: sa.ColumnElement[bool]) -> Campaign | None:
    row = (await conn.execute(sa.select(campaigns).where(where))).first()
    return Campaign.from_row(row) if row is not None else None


async def get(db: Database, *, campaign_id: int) -> Campaign | None:
    async with db.read() as conn:
        return await _get(conn, campaigns.c.id == campaign_id)


async def by_slug(db: Database, slug: str) -> Campaign | None:
    async with db.read() as conn:
        return await _get(conn, campaigns.c.slug == slug)


async def listed(db: Database, *, created_by: str | None, limit: int = 30) -> list[Campaign]:
    """Newest first: one marketer's own (created_by), or everyone's (None); live ones first."""
    query = (
        sa.select(campaigns)
        .order_by(campaigns.c.archived_at.is_not(None), campaigns.c.id.desc())
        .limit(limit)
    )
    if created_by is not None:
        query = query.where(campaigns.c.created_by == created_by)
    async with db.read() as conn:
        return [Campaign.from_row(row) for row in (await conn.execute(query)).all()]


async def archive(
    db: Database, *, campaign_id: int, actor: str, role: str | None, now: datetime
) -> bool:
    """Stops the campaign's link from counting new opens; False when it already was."""
    async with db.write() as conn:
        done = await conn.execute(
            sa.update(campaigns)
            .where(campaigns.c.id == campaign_id, campaigns.c.archived_at.is_(None))
            .values(archived_at=now)
        )
        if done.rowcount != 1:
            return False
        await audit.record(
            conn,
            actor=actor,
            role=role,
            action="campaign_archived",
            target=f"campaign:{campaign_id}",
            details={},
            at=now,
        )
    return True


async def record_event(
    conn: AsyncConnection,
    *,
    campaign_id: int,
    kind: str,
    platform: str,
    user_id: int,
    member_id: int | None = None,
    now: datetime,
) -> bool:
    """One step of one person in a campaign's funnel, at most once; False if already there."""
    assert kind in KINDS, kind
    result = await conn.execute(
        dialect_insert(conn, campaign_events)
        .values(
            campaign_id=campaign_id,
            kind=kind,
            platform=platform,
            user_id=user_id,
            member_id=member_id,
            at=now,
        )
        .on_conflict_do_nothing()
    )
    return bool(result.rowcount)


async def _id_of(conn: AsyncConnection, payload: str | None, *, live: bool) -> int | None:
    slug = slug_of(payload)
    if slug is None:
        return None
    query = sa.select(campaigns.c.id).where(campaigns.c.slug == slug)
    if live:
        query = query.where(campaigns.c.archived_at.is_(None))
    found = await conn.scalar(query)
    return int(found) if found is not None else None


async def record_open(
    conn: AsyncConnection,
    *,
    payload: str,
    platform: str,
    user_id: int,
    member_id: int | None,
    now: datetime,
) -> Campaign | None:
    """`/start c_<slug>`: the open is counted (members too) and the campaign returned; an
    unknown or archived campaign counts nothing (None: as if the link had no payload)."""
    campaign_id = await _id_of(conn, payload, live=True)
    if campaign_id is None:
        return None
    await record_event(
        conn,
        campaign_id=campaign_id,
        kind=OPEN,
        platform=platform,
        user_id=user_id,
        member_id=member_id,
        now=now,
    )
    return await _get(conn, campaigns.c.id == campaign_id)


async def record_consent(
    conn: AsyncConnection, *, payload: str | None, platform: str, user_id: int, now: datetime
) -> None:
    """A newcomer agreed to the terms with this payload: the campaign's consent, if any (an
    archived campaign still counts the people who opened its link in time)."""
    campaign_id = await _id_of(conn, payload, live=False)
    if campaign_id is not None:
        await record_event(
            conn,
            campaign_id=campaign_id,
            kind=CONSENT,
            platform=platform,
            user_id=user_id,
            now=now,
        )


async def attribute_signup(
    conn: AsyncConnection,
    *,
    payload: str | None,
    member_id: int,
    platform: str,
    user_id: int,
    now: datetime,
) -> int | None:
    """The new member belongs to the campaign of their signup's payload (for good: an
    attribution never changes); its signup is counted. The campaign's id, or None."""
    campaign_id = await _id_of(conn, payload, live=False)
    if campaign_id is None:
        return None
    await conn.execute(
        sa.update(members)
        .where(members.c.id == member_id, members.c.campaign_id.is_(None))
        .values(campaign_id=campaign_id)
    )
    await record_event(
        conn,
        campaign_id=campaign_id,
        kind=SIGNUP,
        platform=platform,
        user_id=user_id,
        member_id=member_id,
        now=now,
    )
    return campaign_id


def _bought() -> sa.Exists:
    """Whether the member (members row in the outer query) has a purchase not voided."""
    return (
        sa.select(purchases.c.id)
        .where(purchases.c.member_id == members.c.id, purchases.c.voided_at.is_(None))
        .exists()
    )


async def funnel(db: Database, campaign_id: int) -> Funnel:
    """The campaign's figures, each one set-based query (no member is loaded into Python)."""
    steps = (
        sa.select(campaign_events.c.kind, sa.func.count())
        .where(campaign_events.c.campaign_id == campaign_id)
        .group_by(campaign_events.c.kind)
    )
    brought = members.c.campaign_id == campaign_id
    buyers = sa.select(sa.func.count()).select_from(members).where(brought, _bought())
    points = (
        sa.select(sa.func.coalesce(sa.func.sum(ledger.c.delta), 0))
        .select_from(ledger.join(members, members.c.id == ledger.c.member_id))
        .where(brought, ledger.c.delta > 0)
    )
    amount = (
        sa.select(sa.func.coalesce(sa.func.sum(purchases.c.amount_toman), 0))
        .select_from(purchases.join(members, members.c.id == purchases.c.member_id))
        .where(brought, purchases.c.voided_at.is_(None))
    )
    async with db.read() as conn:
        counted = {kind: int(n) for kind, n in (await conn.execute(steps)).all()}
        return Funnel(
            opens=counted.get(OPEN, 0),
            consents=counted.get(CONSENT, 0),
            signups=counted.get(SIGNUP, 0),
            first_purchases=int(await conn.scalar(buyers) or 0),
            points=int(await conn.scalar(points) or 0),
            amount=int(await conn.scalar(amount) or 0),
        )


async def leaderboard(db: Database, limit: int = 20) -> list[MarketerStanding]:
    """Whoever made campaigns, by the signups they brought, then by those who bought."""
    joined = (
        sa.select(campaign_events.c.campaign_id, sa.func.count().label("n"))
        .where(campaign_events.c.kind == SIGNUP)
        .group_by(campaign_events.c.campaign_id)
        .subquery()
    )
    bought = (
        sa.select(members.c.campaign_id, sa.func.count().label("n"))
        .where(members.c.campaign_id.is_not(None), _bought())
        .group_by(members.c.campaign_id)
        .subquery()
    )
    signups = sa.func.coalesce(sa.func.sum(joined.c.n), 0)
    buyers = sa.func.coalesce(sa.func.sum(bought.c.n), 0)
    query = (
        sa.select(
            campaigns.c.created_by,
            sa.func.count(campaigns.c.id).label("campaigns"),
            signups.label("signups"),
            buyers.label("buyers"),
        )
        .select_from(
            campaigns.outerjoin(joined, joined.c.campaign_id == campaigns.c.id).outerjoin(
                bought, bought.c.campaign_id == campaigns.c.id
            )
        )
        .group_by(campaigns.c.created_by)
        .order_by(signups.desc(), buyers.desc(), campaigns.c.created_by)
        .limit(limit)
    )
    async with db.read() as conn:
        rows = (await conn.execute(query)).all()
    return [
        MarketerStanding(r.created_by, int(r.campaigns), int(r.signups), int(r.buyers))
        for r in rows
    ]
