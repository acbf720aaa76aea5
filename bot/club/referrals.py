"""Referrals: `r_<member code>` deep links, one referrer per referee, credited once.

A referee whose phone no messenger vouched for pays the referrer only at their first purchase
that earns points, keyed by that purchase; voiding it takes the credit back with a reversal
row (keyed by the purchase too, so a repeated void reverses once). If the whole credit came
back, the next qualifying purchase pays it again: a cashier's mistake must not cost a real
friend the invitation. If the referrer had already spent some of it, the referral counts as
paid and is never paid again, so record-and-void cannot mint spendable points.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.club import earning, ledger, notices
from bot.club.codes import parse_member_code
from bot.club.names import first_name
from bot.storage.tables import ledger as ledger_rows
from bot.storage.tables import members, referrals

if TYPE_CHECKING:
    from bot.club.club import Club

PAYLOAD = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
# The ledger kind of a deferred referral credit taken back when its purchase was voided.
VOIDED = "referral-void"


def _deferred_key(referee_id: int, number: int) -> str:
    return f"referral:{referee_id}:purchase:{number}:referrer"


def _reversal_key(referee_id: int, number: int) -> str:
    return f"referral:{referee_id}:void:{number}:referrer"


@dataclass(frozen=True)
class ReferralCredit:
    referrer_id: int
    referrer_points: int
    referee_points: int


@dataclass(frozen=True)
class ReferralStats:
    friends: int
    points: int


def referral_payload(code: str) -> str:
    return f"r_{code}"


def clean_payload(raw: str | None) -> str | None:
    """A deep-link payload worth keeping, or None (invalid ones are ignored politely)."""
    if raw and PAYLOAD.match(raw):
        return raw
    return None


def referrer_code(payload: str | None) -> str | None:
    if payload and payload.startswith("r_"):
        return parse_member_code(payload[2:])
    return None


class Referrals:
    def __init__(self, club: Club) -> None:
        self.club = club

    async def credit_on_join(
        self,
        conn: AsyncConnection,
        *,
        referee_id: int,
        payload: str | None,
        now: datetime,
        verified: bool = True,
    ) -> ReferralCredit | None:
        """Fixes the referrer at signup and credits both sides once; None when no referral.

        A referee whose phone no messenger vouched for could be anyone (a chat can claim any
        number): the referee's gift is paid, the referrer's waits for the referee's first
        purchase (`credit_deferred`), so invented phones farm nothing.
        """
        code = referrer_code(payload)
        if code is None:
            return None
        referrer_id = await conn.scalar(
            sa.select(members.c.id).where(members.c.code == code, members.c.deleted_at.is_(None))
        )
        if referrer_id is None or referrer_id == referee_id:
            return None
        settings = self.club.settings
        await conn.execute(
            sa.insert(referrals).values(
                referee_id=referee_id,
                referrer_id=referrer_id,
                created_at=now,
                credited_at=now if verified else None,
            )
        )
        await conn.execute(
            sa.update(members).where(members.c.id == referee_id).values(referrer_id=referrer_id)
        )
        referrer_points = 0
        if verified:
            referrer_points = await self._credit_referrer(conn, referee_id, referrer_id, now)
        await ledger.credit(
            conn,
            member_id=referee_id,
            points=settings.points_referee,
            kind="referral",
            key=f"referral:{referee_id}:referee",
            now=now,
            ref=str(referrer_id),
        )
        return ReferralCredit(referrer_id, referrer_points, settings.points_referee)

    async def _credit_referrer(
        self,
        conn: AsyncConnection,
        referee_id: int,
        referrer_id: int,
        now: datetime,
        key: str | None = None,
    ) -> int:
        """The referrer's credit; over this month's cap (earning.py) a zero row says why.
        Returns the points credited."""
        settings = self.club.settings
        key = key or f"referral:{referee_id}:referrer"
        points = settings.points_referrer
        if points and await earning.referral_capped(
            conn, settings, referrer_id=referrer_id, referee_id=referee_id, now=now
        ):
            await earning.record_capped_referral(
                conn, settings, referrer_id=referrer_id, referee_id=referee_id, key=key, now=now
            )
            return 0
        await ledger.credit(
            conn,
            member_id=referrer_id,
            points=points,
            kind="referral",
            key=key,
            now=now,
            ref=str(referee_id),
        )
        return points

    async def _tell(
        self, conn: AsyncConnection, referrer_id: int, referee_id: int, key: str, points: int
    ) -> None:
        name = await conn.scalar(sa.select(members.c.name).where(members.c.id == referee_id))
        await notices.tell_member(
            conn,
            member_id=referrer_id,
            key=key,
            values={"name": first_name(name or ""), "points": points},
            settings=self.club.settings,
            now=self.club.now(),
        )

    async def credit_deferred(self, conn: AsyncConnection, *, referee_id: int, number: int) -> None:
        """The referee's purchase `number`, which earned points, proves a real customer: a
        referrer's credit that waited for it is paid now, once, in the purchase's
        transaction, and the referrer is told."""
        now = self.club.now()
        row = (
            await conn.execute(
                sa.select(referrals.c.referrer_id).where(
                    referrals.c.referee_id == referee_id, referrals.c.credited_at.is_(None)
                )
            )
        ).first()
        if row is None:
            return
        claimed = await conn.execute(
            sa.update(referrals)
            .where(referrals.c.referee_id == referee_id, referrals.c.credited_at.is_(None))
            .values(credited_at=now)
        )
        referrer = (
            await conn.execute(
                sa.select(members.c.id).where(
                    members.c.id == row.referrer_id, members.c.deleted_at.is_(None)
                )
            )
        ).first()
        if claimed.rowcount != 1 or referrer is None:
            return
        key = _deferred_key(referee_id, number)
        points = await self._credit_referrer(conn, referee_id, row.referrer_id, now, key)
        if not points and self.club.settings.points_referrer:
            return  # capped: the referrer was told why
        await self._tell(conn, row.referrer_id, referee_id, "referral-credited-purchase", points)

    async def reverse_deferred(
        self, conn: AsyncConnection, *, referee_id: int, number: int
    ) -> None:
        """Purchase `number` was voided: the referrer's credit it paid (if any) is taken back
        with a reversal row, in the void's transaction. What the referrer already spent
        cannot be taken back (the balance never goes below zero); then the referral stays
        paid, otherwise the referee's next qualifying purchase pays it again."""
        paid = (
            await conn.execute(
                sa.select(
                    ledger_rows.c.member_id, ledger_rows.c.delta, ledger_rows.c.created_at
                ).where(ledger_rows.c.idempotency_key == _deferred_key(referee_id, number))
            )
        ).first()
        if paid is None or paid.delta == 0:
            return  # nothing paid, or capped (a capped referral stays settled)
        now = self.club.now()
        reclaim = min(int(paid.delta), await ledger.balance(conn, member_id=paid.member_id))
        move = ledger.debit if reclaim else ledger.credit
        if not await move(
            conn,
            member_id=paid.member_id,
            points=reclaim,
            kind=VOIDED,
            key=_reversal_key(referee_id, number),
            now=now,
            ref=str(referee_id),
            # Dated back to the credit it takes back (points expiry nets the two).
            qualifying_at=paid.created_at,
        ):
            return  # already reversed
        if reclaim == paid.delta:
            await conn.execute(
                sa.update(referrals)
                .where(referrals.c.referee_id == referee_id)
                .values(credited_at=None)
            )
        if reclaim:
            await self._tell(conn, paid.member_id, referee_id, "referral-reversed", reclaim)

    async def stats(self, *, member_id: int) -> ReferralStats:
        """Friends who joined through this member, and the points they brought."""
        async with self.club.db.read() as conn:
            friends = await conn.scalar(
                sa.select(sa.func.count()).where(referrals.c.referrer_id == member_id)
            )
            points = await conn.scalar(
                sa.select(sa.func.coalesce(sa.func.sum(ledger_rows.c.delta), 0)).where(
                    ledger_rows.c.member_id == member_id,
                    ledger_rows.c.kind.in_(("referral", VOIDED)),
                    ledger_rows.c.idempotency_key.like("referral:%:referrer"),
                )
            )
        return ReferralStats(friends=int(friends or 0), points=int(points or 0))
