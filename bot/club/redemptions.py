"""Members spend points: a reward taken for a single-use code, and a code given back.

A redemption is one write transaction that either does all of it or none of it: the stock
taken (one conditional UPDATE on the reward's row, which on PostgreSQL also locks the row and
so serialises every redemption of that reward), the member's limit counted after that lock,
the redemption row and its code, the partner's code for a pooled reward, and the debit through
the ledger (`redeem:<redemption id>`). A refusal raises and rolls every part of it back.

Giving a code back (the member) and cancelling it (the cashier) share `close_with_refund`: one
conditional UPDATE closes an active code exactly once, then the points come back through a new
ledger row (`redeem-refund:<redemption id>`) and the stock is restored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.club import discount_codes, ledger, rewards
from bot.club.audience import includes
from bot.club.ledger import InsufficientPoints
from bot.club.rewards import Reward
from bot.storage.db import dialect_insert
from bot.storage.tables import members, partner_codes, redemptions
from bot.storage.tables import rewards as rewards_table

if TYPE_CHECKING:
    from bot.club.club import Club

ACTIVE, USED, RETURNED, CANCELLED = "active", "used", "returned", "cancelled"
# Not a stored status: an active code past its expiry, as "my codes" shows it.
EXPIRED = "expired"
REDEEM, REFUND = "redeem", "redeem-refund"
# A fresh code colliding with an issued one is astronomically rare; a few tries are plenty.
_CODE_TRIES = 5


class RedeemRefused(Exception):
    """Nothing was taken; `key` names the message, `values` fill it (points missing)."""

    def __init__(self, key: str, **values: int) -> None:
        super().__init__(key)
        self.key, self.values = key, values


@dataclass(frozen=True)
class Redeemed:
    redemption_id: int
    code: str
    partner_code: str | None
    reward: Reward
    expires_at: datetime
    balance: int
    # The pooled reward's last partner code went with this one: it paused itself.
    pool_emptied: bool = False


@dataclass(frozen=True)
class Closed:
    redemption_id: int
    member_id: int
    reward_id: int
    cost: int
    code: str
    balance: int


@dataclass(frozen=True)
class Code:
    """One of a member's codes as "my codes" shows it."""

    id: int
    code: str
    partner_code: str | None
    status: str
    title: str
    kind: str
    value: int
    min_purchase: int
    cost: int
    pooled: bool
    created_at: datetime
    expires_at: datetime

    @property
    def usable(self) -> bool:
        return self.status == ACTIVE


def shown_status(status: str, expires_at: datetime, now: datetime) -> str:
    """The status a person sees: an active code past its expiry is expired."""
    return EXPIRED if status == ACTIVE and expires_at <= now else status


async def redeem(
    club: Club,
    *,
    member_id: int,
    reward_id: int,
    token: str | None = None,
    code: str | None = None,
) -> Redeemed | None:
    """Takes the reward for the member's points, or raises RedeemRefused (nothing changes).

    With `token` (the confirm button's pending action), the token is completed in this same
    transaction: None when it already was, so a double tap issues one code. `code` is the
    code chosen when the button was made (the second tap finds the first one's code by it).
    """
    now = club.now()
    async with club.db.write() as conn:
        if token is not None and not await club.pending.complete_in(conn, token):
            return None
        reward = await rewards.get_in(conn, reward_id)
        if reward is None or not await offered(conn, club, reward, member_id, now):
            raise RedeemRefused("reward-refused-gone")
        await _take_stock(conn, reward)
        await _check_member_limit(conn, reward, member_id)
        partner = await _free_partner_code(conn, reward) if reward.pooled else None
        redemption_id, issued = await _insert(conn, reward, member_id, now, code, partner)
        await _debit(conn, reward, member_id, redemption_id, now)
        emptied = False
        if partner is not None:
            emptied = await _hand_out_partner_code(conn, reward, partner, redemption_id, now)
        return Redeemed(
            redemption_id=redemption_id,
            code=issued,
            partner_code=partner[1] if partner is not None else None,
            reward=reward,
            expires_at=now + timedelta(days=reward.valid_days),
            balance=await ledger.balance(conn, member_id=member_id),
            pool_emptied=emptied,
        )


async def offered(
    conn: AsyncConnection, club: Club, reward: Reward, member_id: int, now: datetime
) -> bool:
    """Active, in its window, and this member in its audience (tier or segment)."""
    if reward.status != rewards.ACTIVE or not reward.open_on(club.today()):
        return False
    if reward.tier is None and reward.segment_id is None:
        alive = await conn.scalar(
            sa.select(members.c.id).where(members.c.id == member_id, members.c.deleted_at.is_(None))
        )
        return alive is not None
    return await includes(
        conn,
        member_id=member_id,
        tier=reward.tier,
        segment_id=reward.segment_id,
        tiers=club.settings.tiers,
        now=now,
        timezone=club.settings.timezone,
    )


async def _take_stock(conn: AsyncConnection, reward: Reward) -> None:
    """One conditional UPDATE: exactly the stock is issued, however many confirm at once."""
    table = rewards_table
    result = await conn.execute(
        sa.update(table)
        .where(
            table.c.id == reward.id,
            table.c.status == rewards.ACTIVE,
            sa.or_(table.c.stock.is_(None), table.c.issued < table.c.stock),
        )
        .values(issued=table.c.issued + 1)
    )
    if result.rowcount != 1:
        raise RedeemRefused("reward-refused-stock")


async def _check_member_limit(conn: AsyncConnection, reward: Reward, member_id: int) -> None:
    """Counted after the reward's row is locked, so two of the member's own taps cannot both
    slip under the limit (codes given back or cancelled do not count)."""
    if reward.per_member is None:
        return
    taken = await conn.scalar(
        sa.select(sa.func.count())
        .select_from(redemptions)
        .where(
            redemptions.c.reward_id == reward.id,
            redemptions.c.member_id == member_id,
            redemptions.c.status.in_((ACTIVE, USED)),
        )
    )
    if int(taken or 0) >= reward.per_member:
        raise RedeemRefused("reward-refused-limit", limit=reward.per_member)


async def _free_partner_code(conn: AsyncConnection, reward: Reward) -> tuple[int, str]:
    """The pool's lowest free code (the reward's row lock keeps two from taking one)."""
    row = (
        await conn.execute(
            sa.select(partner_codes.c.id, partner_codes.c.code)
            .where(partner_codes.c.reward_id == reward.id, partner_codes.c.redemption_id.is_(None))
            .order_by(partner_codes.c.id)
            .limit(1)
        )
    ).first()
    if row is None:
        raise RedeemRefused("reward-refused-stock")
    return int(row.id), str(row.code)


async def _insert(
    conn: AsyncConnection,
    reward: Reward,
    member_id: int,
    now: datetime,
    code: str | None,
    partner: tuple[int, str] | None,
) -> tuple[int, str]:
    """The redemption row with a fresh code (another on the rare collision)."""
    for _ in range(_CODE_TRIES):
        candidate = code if code is not None else discount_codes.new_code()
        code = None
        redemption_id = await conn.scalar(
            dialect_insert(conn, redemptions)
            .values(
                reward_id=reward.id,
                member_id=member_id,
                code=candidate,
                partner_code=partner[1] if partner is not None else None,
                cost=reward.cost,
                status=ACTIVE,
                created_at=now,
                expires_at=now + timedelta(days=reward.valid_days),
            )
            .on_conflict_do_nothing(index_elements=["code"])
            .returning(redemptions.c.id)
        )
        if redemption_id is not None:
            return int(redemption_id), candidate
    raise RuntimeError("no free discount code after several tries")


async def _debit(
    conn: AsyncConnection, reward: Reward, member_id: int, redemption_id: int, now: datetime
) -> None:
    try:
        await ledger.debit(
            conn,
            member_id=member_id,
            points=reward.cost,
            kind=REDEEM,
            key=f"{REDEEM}:{redemption_id}",
            now=now,
            ref=f"reward:{reward.id}",
        )
    except InsufficientPoints:
        balance = await ledger.balance(conn, member_id=member_id)
        raise RedeemRefused("reward-refused-points", missing=reward.cost - balance) from None


async def _hand_out_partner_code(
    conn: AsyncConnection,
    reward: Reward,
    partner: tuple[int, str],
    redemption_id: int,
    now: datetime,
) -> bool:
    """Marks the partner code taken; True when it was the pool's last (the reward pauses)."""
    await conn.execute(
        sa.update(partner_codes)
        .where(partner_codes.c.id == partner[0])
        .values(redemption_id=redemption_id)
    )
    left = await conn.scalar(
        sa.select(partner_codes.c.id)
        .where(partner_codes.c.reward_id == reward.id, partner_codes.c.redemption_id.is_(None))
        .limit(1)
    )
    if left is not None:
        return False
    return await rewards.set_status(
        conn,
        reward.id,
        rewards.PAUSED,
        actor="system",
        role=None,
        now=now,
        reason=rewards.POOL_EMPTY,
    )


async def issued_by_code(club: Club, *, member_id: int, code: str) -> Code | None:
    """The member's redemption with this code (the second tap's answer), if any."""
    found = await _codes(club, redemptions.c.member_id == member_id, redemptions.c.code == code)
    return found[0] if found else None


async def get(club: Club, *, member_id: int, redemption_id: int) -> Code | None:
    """One of the member's own codes; None for anyone else's (a forged button)."""
    found = await _codes(
        club, redemptions.c.member_id == member_id, redemptions.c.id == redemption_id
    )
    return found[0] if found else None


async def mine(club: Club, member_id: int, *, closed_limit: int = 5) -> list[Code]:
    """Usable codes first (newest first), then a few used, expired, returned or cancelled."""
    every = await _codes(club, redemptions.c.member_id == member_id)
    usable = [c for c in every if c.usable]
    return usable + [c for c in every if not c.usable][:closed_limit]


async def _codes(club: Club, *terms: sa.ColumnElement[bool]) -> list[Code]:
    now = club.now()
    query = (
        sa.select(
            redemptions,
            rewards_table.c.title,
            rewards_table.c.kind,
            rewards_table.c.value,
            rewards_table.c.min_purchase,
            rewards_table.c.pooled,
        )
        .join(rewards_table, rewards_table.c.id == redemptions.c.reward_id)
        .where(*terms)
        .order_by(redemptions.c.id.desc())
    )
    async with club.db.read() as conn:
        rows = (await conn.execute(query)).all()
    return [_code(row, now) for row in rows]


def _code(row: Any, now: datetime) -> Code:
    return Code(
        id=row.id,
        code=row.code,
        partner_code=row.partner_code,
        status=shown_status(row.status, row.expires_at, now),
        title=row.title,
        kind=row.kind,
        value=row.value,
        min_purchase=row.min_purchase,
        cost=row.cost,
        pooled=bool(row.pooled),
        created_at=row.created_at,
        expires_at=row.expires_at,
    )


class GiveBackRefused(Exception):
    """The code cannot be given back; `key` says why (used, expired, a partner's code...)."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


async def give_back(club: Club, *, member_id: int, redemption_id: int) -> Closed:
    """The member returns an unused code: points back, stock restored, the code dead.

    Only the owner, only an active unexpired code, never a pooled one (its partner code was
    already shown). Twice is once: the second finds the code returned and is refused.
    """
    now = club.now()
    async with club.db.write() as conn:
        row = (
            await conn.execute(
                sa.select(redemptions, rewards_table.c.pooled)
                .join(rewards_table, rewards_table.c.id == redemptions.c.reward_id)
                .where(redemptions.c.id == redemption_id, redemptions.c.member_id == member_id)
            )
        ).first()
        if row is None:
            raise GiveBackRefused("hint-stale-button")
        if row.pooled:
            raise GiveBackRefused("reward-giveback-pooled")
        status = shown_status(row.status, row.expires_at, now)
        if status != ACTIVE:
            raise GiveBackRefused(f"reward-giveback-{status}")
        closed = await close_with_refund(
            conn, redemption_id=redemption_id, status=RETURNED, now=now, member_id=member_id
        )
        if closed is None:  # closed by someone else between the read and the update
            raise GiveBackRefused("reward-giveback-returned")
        return closed


async def close_with_refund(
    conn: AsyncConnection,
    *,
    redemption_id: int,
    status: str,
    now: datetime,
    member_id: int | None = None,
) -> Closed | None:
    """Closes an active code once (returned by the member, cancelled by the shop) and gives
    its points and its stock back, in the caller's transaction; None when it was not active
    (or not `member_id`'s), and then nothing changes. A partner's code was already shown to
    the member, so a code handed out with one is never refunded (None)."""
    assert status in (RETURNED, CANCELLED)
    terms = [
        redemptions.c.id == redemption_id,
        redemptions.c.status == ACTIVE,
        redemptions.c.partner_code.is_(None),
    ]
    if member_id is not None:
        terms.append(redemptions.c.member_id == member_id)
    row = (
        await conn.execute(
            sa.update(redemptions)
            .where(*terms)
            .values(status=status, closed_at=now)
            .returning(
                redemptions.c.member_id,
                redemptions.c.reward_id,
                redemptions.c.cost,
                redemptions.c.code,
            )
        )
    ).first()
    if row is None:
        return None
    await ledger.credit(
        conn,
        member_id=row.member_id,
        points=row.cost,
        kind=REFUND,
        key=f"{REFUND}:{redemption_id}",
        now=now,
        ref=f"reward:{row.reward_id}",
    )
    await conn.execute(
        sa.update(rewards_table)
        .where(rewards_table.c.id == row.reward_id)
        .values(issued=rewards_table.c.issued - 1)
    )
    return Closed(
        redemption_id=redemption_id,
        member_id=row.member_id,
        reward_id=row.reward_id,
        cost=row.cost,
        code=row.code,
        balance=await ledger.balance(conn, member_id=row.member_id),
    )
