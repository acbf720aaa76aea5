"""Purchases recorded by staff: points by tier multiplier, once per receipt, reversible."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import sqlalchemy as sa

from bot.club import ledger
from bot.club.model import Member
from bot.club.rules import purchase_points
from bot.club.tiers import TierChange
from bot.storage.db import dialect_insert
from bot.storage.tables import members, purchases

if TYPE_CHECKING:
    from bot.club.club import Club

RECEIPT = "receipt"
MESSAGE = "msg"


class PurchaseRefused(ValueError):
    """A purchase the cashier must correct; `key` names the message to show."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


@dataclass(frozen=True)
class Quote:
    member: Member
    amount: int
    points: int
    tier: str


@dataclass(frozen=True)
class Recorded:
    member_id: int
    points: int
    duplicate: bool
    change: TierChange | None = None
    quote_used: bool = False


@dataclass(frozen=True)
class Voided:
    member_id: int
    points: int
    reclaimed: int
    change: TierChange


class Purchases:
    def __init__(self, club: Club) -> None:
        self.club = club

    def check_amount(self, amount: int) -> None:
        if amount <= 0:
            raise PurchaseRefused("purchase-error-amount")
        if amount > self.club.settings.purchase_max_toman:
            raise PurchaseRefused("purchase-error-too-large")

    async def exists(self, *, source: str, receipt_id: str) -> bool:
        async with self.club.db.read() as conn:
            found = await conn.scalar(
                sa.select(sa.func.count()).where(
                    purchases.c.source == source, purchases.c.receipt_id == receipt_id
                )
            )
        return bool(found)

    async def quote(self, member: Member, amount: int) -> Quote:
        """What the purchase would earn now, with the member's tier before it."""
        self.check_amount(amount)
        async with self.club.db.read() as conn:
            tier = await self.club.tiers.current(conn, member_id=member.id, now=self.club.now())
        points = purchase_points(
            amount, toman_per_point=self.club.settings.toman_per_point, multiplier=tier.multiplier
        )
        return Quote(member, amount, points, tier.key)

    async def record(
        self,
        *,
        member_id: int,
        amount: int,
        source: str,
        receipt_id: str,
        staff: str,
        quote_token: str | None = None,
    ) -> Recorded:
        """Records the purchase and credits its points in one transaction, once per receipt.

        With `quote_token`, the cashier's quote is consumed in the same transaction; a quote
        already used records nothing (`quote_used`).
        """
        self.check_amount(amount)
        now = self.club.now()
        async with self.club.db.write() as conn:
            if quote_token is not None and not await self.club.pending.complete_in(
                conn, quote_token
            ):
                return Recorded(member_id, 0, duplicate=False, quote_used=True)
            # The quote may be confirmed after the member erased their account.
            alive = await conn.scalar(
                sa.select(members.c.id).where(
                    members.c.id == member_id, members.c.deleted_at.is_(None)
                )
            )
            if alive is None:
                raise PurchaseRefused("purchase-error-member")
            tier = await self.club.tiers.current(conn, member_id=member_id, now=now)
            points = purchase_points(
                amount,
                toman_per_point=self.club.settings.toman_per_point,
                multiplier=tier.multiplier,
            )
            inserted = await conn.execute(
                dialect_insert(conn, purchases)
                .values(
                    member_id=member_id,
                    amount_toman=amount,
                    points=points,
                    source=source,
                    receipt_id=receipt_id,
                    staff_identity=staff,
                    created_at=now,
                )
                .on_conflict_do_nothing(index_elements=["source", "receipt_id"])
            )
            if inserted.rowcount != 1:
                return Recorded(member_id, 0, duplicate=True)
            if points:
                await ledger.credit(
                    conn,
                    member_id=member_id,
                    points=points,
                    kind="purchase",
                    key=f"purchase:{source}:{receipt_id}",
                    now=now,
                    ref=receipt_id,
                    qualifying=points,
                )
            refreshed = await self.club.tiers.refresh(conn, member_id=member_id, now=now)
        # The tier before is the one the points were earned at, not the cached column, which
        # lags when old purchases leave the rolling window: a tier won back is announced.
        change = TierChange(before=tier.key, after=refreshed.after)
        return Recorded(member_id, points, duplicate=False, change=change)

    async def void(self, *, receipt_id: str) -> Voided:
        """Reverses a purchase with a reversal row; never edits or deletes the ledger.

        Points the member already spent cannot be taken back (the balance never goes below
        zero), so the reversal reclaims what is left while the tier loses the full amount,
        counted at the purchase's own time: voiding an old purchase cannot lower today's tier.
        The purchase is claimed with a conditional UPDATE first, so two voids racing each
        other reverse it once and the second is told so.
        """
        now = self.club.now()
        async with self.club.db.write() as conn:
            where = (purchases.c.source == RECEIPT, purchases.c.receipt_id == receipt_id)
            claimed = await conn.execute(
                sa.update(purchases)
                .where(*where, purchases.c.voided_at.is_(None))
                .values(voided_at=now)
            )
            row = (await conn.execute(sa.select(purchases).where(*where))).first()
            if row is None:
                raise PurchaseRefused("void-error-unknown")
            if claimed.rowcount != 1:
                raise PurchaseRefused("void-error-already")
            available = await ledger.balance(conn, member_id=row.member_id)
            reclaim = min(row.points, available)
            move = ledger.debit if reclaim else ledger.credit
            await move(
                conn,
                member_id=row.member_id,
                points=reclaim,
                kind="reversal",
                key=f"void:{RECEIPT}:{receipt_id}",
                now=now,
                ref=receipt_id,
                qualifying=-row.points,
                qualifying_at=row.created_at,
            )
            change = await self.club.tiers.refresh(conn, member_id=row.member_id, now=now)
        return Voided(row.member_id, row.points, reclaim, change)
