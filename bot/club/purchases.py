"""Purchases recorded by staff: points by tier multiplier, once per receipt, reversible.

Every purchase is known by its number (the row id, shown to the cashier) and by its receipt.
Nothing stored where the member can see it (the receipt column, the ledger's ref and key)
names the cashier: a purchase without a receipt is keyed by a salted hash of the command
message, which stays unique per message, so replaying it still credits once.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.club import earning, ledger
from bot.club.model import Member
from bot.club.rules import purchase_points
from bot.club.tiers import TierChange
from bot.club.till_codes import NO_SPEND, Spend, SpendRefused, settle
from bot.storage.db import dialect_insert
from bot.storage.tables import ledger as ledger_table
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
    # Over the member's purchases credited today (PURCHASE_CREDITS_PER_DAY): earns nothing.
    capped: bool = False


@dataclass(frozen=True)
class Recorded:
    member_id: int
    points: int
    duplicate: bool
    change: TierChange | None = None
    quote_used: bool = False
    number: int | None = None
    capped: bool = False
    # What the member paid after the discount and the points (the purchase's amount).
    net: int = 0


@dataclass(frozen=True)
class Voided:
    member_id: int
    points: int
    reclaimed: int
    change: TierChange
    number: int = 0
    amount: int = 0
    # Points the member paid with, given back; whether a code went with it (it stays used).
    refunded: int = 0
    code_kept: bool = False


@dataclass(frozen=True)
class PurchaseView:
    """A recorded purchase as the till shows it; `reclaimed` is set once it is voided."""

    number: int
    member_id: int
    amount: int
    points: int
    source: str
    receipt_id: str
    voided: bool
    reclaimed: int | None


# Purchase numbers are row ids, an INTEGER column: a larger number cannot name a purchase.
MAX_NUMBER = 2**31 - 1


def _void_key(source: str, receipt_id: str) -> str:
    return f"void:{source}:{receipt_id}"


class Purchases:
    def __init__(self, club: Club) -> None:
        self.club = club

    def message_receipt(self, *, bot_id: int, chat_id: int, message_id: int) -> str:
        """The receipt of a purchase typed without one: its command message, hashed with the
        club's salt so the cashier's chat id never reaches the member's ledger or export."""
        salt = self.club.settings.erased_phone_salt.get_secret_value().encode()
        event = f"purchase-message:{bot_id}:{chat_id}:{message_id}".encode()
        return hmac.new(salt, event, hashlib.sha256).hexdigest()[:40]

    async def phone_verified(self, member_id: int) -> bool:
        """Whether the messenger vouched for the member's phone (a typed phone finds anyone)."""
        async with self.club.db.read() as conn:
            verified = await conn.scalar(
                sa.select(members.c.phone_verified).where(members.c.id == member_id)
            )
        return bool(verified)

    async def find(
        self, *, number: int | None = None, receipt_id: str | None = None
    ) -> list[PurchaseView]:
        """The purchases a cashier's words can name: by number, by receipt, or both."""
        conditions = []
        if number is not None and 0 < number <= MAX_NUMBER:
            conditions.append(purchases.c.id == number)
        if receipt_id is not None:
            conditions.append(
                sa.and_(purchases.c.source == RECEIPT, purchases.c.receipt_id == receipt_id)
            )
        if not conditions:
            return []
        return await self._views(sa.or_(*conditions))

    async def view(
        self, *, number: int | None = None, source: str | None = None, receipt_id: str | None = None
    ) -> PurchaseView | None:
        """One purchase by number, or by its (source, receipt)."""
        if number is not None:
            where = purchases.c.id == number
        else:
            where = sa.and_(purchases.c.source == source, purchases.c.receipt_id == receipt_id)
        found = await self._views(where)
        return found[0] if found else None

    async def _views(self, where: sa.ColumnElement[bool]) -> list[PurchaseView]:
        reversal = ledger_table.alias("reversal")
        key = sa.literal("void:") + purchases.c.source + sa.literal(":") + purchases.c.receipt_id
        query = (
            sa.select(purchases, reversal.c.delta.label("reversed"))
            .outerjoin(reversal, reversal.c.idempotency_key == key)
            .where(where)
            .order_by(purchases.c.id)
        )
        async with self.club.db.read() as conn:
            rows = (await conn.execute(query)).all()
        return [
            PurchaseView(
                number=r.id,
                member_id=r.member_id,
                amount=r.amount_toman,
                points=r.points,
                source=r.source,
                receipt_id=r.receipt_id,
                voided=r.voided_at is not None,
                reclaimed=-int(r.reversed) if r.reversed is not None else None,
            )
            for r in rows
        ]

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

    async def quote(self, member: Member, amount: int, spend: Spend = NO_SPEND) -> Quote:
        """What the purchase would earn now (on the net after `spend`), with the member's
        stored tier before it (kept during a grace: bot/club/tiers.py)."""
        self.check_amount(amount)
        now = self.club.now()
        async with self.club.db.read() as conn:
            tier = await self.club.tiers.current(conn, member_id=member.id, now=now)
            points = purchase_points(
                max(amount - spend.off, 0),
                toman_per_point=self.club.settings.toman_per_point,
                multiplier=tier.multiplier,
            )
            capped = bool(points) and await earning.purchase_capped(
                conn, self.club.settings, member_id=member.id, now=now, lock=False
            )
        return Quote(member, amount, 0 if capped else points, tier.key, capped=capped)

    async def record(
        self,
        *,
        member_id: int,
        amount: int,
        source: str,
        receipt_id: str,
        staff: str,
        quote_token: str | None = None,
        spend: Spend = NO_SPEND,
        confirm_token: str | None = None,
    ) -> Recorded:
        """Records the purchase and credits its points in one transaction, once per receipt.

        `amount` is the bill; the purchase is recorded, and earns, on the net after `spend`
        (a code's discount, points paid), which is taken in the same transaction or not at
        all. With `quote_token` (and a member's `confirm_token`), the quote is consumed in
        the same transaction; a quote already used records nothing (`quote_used`).
        """
        self.check_amount(amount)
        net = amount - spend.off
        if net < 0:
            raise PurchaseRefused("till-code-too-much")
        now = self.club.now()
        async with self.club.db.write() as conn:
            for token in (confirm_token, quote_token):
                if token is not None and not await self.club.pending.complete_in(conn, token):
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
                net,
                toman_per_point=self.club.settings.toman_per_point,
                multiplier=tier.multiplier,
            )
            # Over today's cap the purchase is still the shop's, with no points (earning.py).
            capped = bool(points) and await earning.purchase_capped(
                conn, self.club.settings, member_id=member_id, now=now
            )
            if capped:
                points = 0
            number = await conn.scalar(
                dialect_insert(conn, purchases)
                .values(
                    member_id=member_id,
                    amount_toman=net,
                    points=points,
                    source=source,
                    receipt_id=receipt_id,
                    staff_identity=staff,
                    created_at=now,
                    discount_toman=spend.discount,
                    redemption_id=spend.redemption_id,
                    points_paid=spend.points,
                    points_paid_toman=spend.points_toman,
                )
                .on_conflict_do_nothing(index_elements=["source", "receipt_id"])
                .returning(purchases.c.id)
            )
            if number is None:
                return Recorded(member_id, 0, duplicate=True)
            await self._settle(conn, spend, member_id, int(number), source, receipt_id, staff)
            if capped:
                await earning.record_capped_purchase(
                    conn,
                    self.club.settings,
                    member_id=member_id,
                    key=f"purchase:{source}:{receipt_id}",
                    ref=receipt_id,
                    now=now,
                )
            elif points:
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
                # A referral by a referee whose phone was never vouched for pays its referrer
                # now: only a purchase that earns points shows a real customer.
                await self.club.referrals.credit_deferred(
                    conn, referee_id=member_id, number=int(number)
                )
                await earning.after_purchase(
                    conn, self.club.settings, member_id=member_id, number=int(number), now=now
                )
            refreshed = await self.club.tiers.refresh(conn, member_id=member_id, now=now)
        # The tier before is the stored one the points were earned at (bot/club/tiers.py): a
        # tier raised by this purchase, or won back after a downgrade, is announced.
        change = TierChange(before=tier.key, after=refreshed.after)
        return Recorded(
            member_id,
            points,
            duplicate=False,
            change=change,
            number=number,
            capped=capped,
            net=net,
        )

    async def _settle(
        self,
        conn: AsyncConnection,
        spend: Spend,
        member_id: int,
        number: int,
        source: str,
        receipt_id: str,
        staff: str,
    ) -> None:
        """Takes the spend with the purchase's row; any part gone refuses the whole."""
        if spend == NO_SPEND:
            return
        try:
            promo_id = await settle(
                conn,
                spend,
                member_id=member_id,
                number=number,
                source=source,
                receipt_id=receipt_id,
                staff=staff,
                now=self.club.now(),
                settings=self.club.settings,
            )
        except SpendRefused as refused:
            raise PurchaseRefused(refused.key) from None
        if promo_id is not None:
            await conn.execute(
                sa.update(purchases).where(purchases.c.id == number).values(promo_code_id=promo_id)
            )

    async def void(self, *, receipt_id: str | None = None, number: int | None = None) -> Voided:
        """Reverses a purchase with a reversal row; never edits or deletes the ledger.

        Points the member already spent cannot be taken back (the balance never goes below
        zero), so the reversal reclaims what is left while the tier loses the full amount,
        counted at the purchase's own time: voiding an old purchase cannot lower today's tier.
        The purchase is claimed with a conditional UPDATE first, so two voids racing each
        other reverse it once and the second is told so.
        """
        now = self.club.now()
        async with self.club.db.write() as conn:
            where = (
                (purchases.c.id == number,)
                if number is not None
                else (purchases.c.source == RECEIPT, purchases.c.receipt_id == receipt_id)
            )
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
            # The earned tier before the reversal: a void that takes the stored tier's footing
            # away drops it at once (bot/club/tiers.py, refresh).
            earned = await self.club.tiers.earned(conn, member_id=row.member_id, now=now)
            available = await ledger.balance(conn, member_id=row.member_id)
            reclaim = min(row.points, available)
            move = ledger.debit if reclaim else ledger.credit
            await move(
                conn,
                member_id=row.member_id,
                points=reclaim,
                kind="reversal",
                key=_void_key(row.source, row.receipt_id),
                now=now,
                ref=row.receipt_id,
                qualifying=-row.points,
                qualifying_at=row.created_at,
            )
            # Points the member paid with come back (the code used with it stays used).
            if row.points_paid:
                await ledger.credit(
                    conn,
                    member_id=row.member_id,
                    points=row.points_paid,
                    kind="points-pay-void",
                    key=f"points-pay-void:{row.source}:{row.receipt_id}",
                    now=now,
                    ref=row.receipt_id,
                )
            # A referrer's credit this purchase paid goes with it.
            await self.club.referrals.reverse_deferred(
                conn, referee_id=row.member_id, number=row.id
            )
            # So do the milestone and the repeat bonus it paid.
            await earning.after_void(
                conn, self.club.settings, member_id=row.member_id, number=row.id, now=now
            )
            change = await self.club.tiers.refresh(
                conn, member_id=row.member_id, now=now, earned_before=earned
            )
        return Voided(
            row.member_id,
            row.points,
            reclaim,
            change,
            row.id,
            row.amount_toman,
            refunded=row.points_paid,
            code_kept=row.redemption_id is not None or row.promo_code_id is not None,
        )
