"""Members and their identities: join, link across messengers, profile, export, erase."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.club import audit, ledger
from bot.club.codes import make_member_code
from bot.club.jalali import to_jalali
from bot.club.model import Identity, Member, MemberNotFound
from bot.storage.conversations import Conversation
from bot.storage.tables import conversations, identities, members

if TYPE_CHECKING:
    from bot.club.club import Club
    from bot.club.referrals import ReferralCredit


class PhoneTaken(Exception):
    """The phone belongs to a member this newcomer may not take it from (or just took it)."""


@dataclass(frozen=True)
class JoinResult:
    member: Member
    welcome: int = 0
    profile: int = 0
    referral: ReferralCredit | None = None
    # Chats of an account that gave its phone up to this newcomer (they are told why).
    released: list[Identity] = field(default_factory=list)
    without_phone: bool = False


def birth_parts(birth_date: date | None) -> dict[str, Any]:
    if birth_date is None:
        return {"birth_date": None, "birth_jmonth": None, "birth_jday": None}
    _, month, day = to_jalali(birth_date)
    return {"birth_date": birth_date, "birth_jmonth": month, "birth_jday": day}


class Members:
    def __init__(self, club: Club) -> None:
        self.club = club

    async def _one(self, conn: AsyncConnection, where: sa.ColumnElement[bool]) -> Member:
        row = (
            await conn.execute(sa.select(members).where(where, members.c.deleted_at.is_(None)))
        ).first()
        if row is None:
            raise MemberNotFound
        return Member.from_row(row)

    async def get(self, *, member_id: int, conn: AsyncConnection | None = None) -> Member:
        async with self.club.db.read(within=conn) as reading:
            return await self._one(reading, members.c.id == member_id)

    async def find(self, *, code: str | None = None, phone: str | None = None) -> Member:
        where = members.c.code == code if code is not None else members.c.phone == phone
        async with self.club.db.read() as conn:
            return await self._one(conn, where)

    async def actor(
        self, platform: str, user_id: int
    ) -> tuple[tuple[Identity, Member] | None, Conversation | None]:
        """Who sent an update and where their conversation stands, in one query: this runs
        for every update, so one round trip instead of two."""
        key = sa.select(
            sa.literal(platform, sa.String).label("platform"),
            sa.literal(user_id, sa.BigInteger).label("user_id"),
        ).subquery("k")
        query = sa.select(
            identities, members, conversations.c.flow, conversations.c.step, conversations.c.data
        ).select_from(
            key.outerjoin(
                identities,
                sa.and_(
                    identities.c.platform == key.c.platform,
                    identities.c.platform_user_id == key.c.user_id,
                ),
            )
            .outerjoin(
                members,
                sa.and_(members.c.id == identities.c.member_id, members.c.deleted_at.is_(None)),
            )
            .outerjoin(
                conversations,
                sa.and_(
                    conversations.c.platform == key.c.platform,
                    conversations.c.platform_user_id == key.c.user_id,
                ),
            )
        )
        async with self.club.db.read() as conn:
            row = (await conn.execute(query)).one()
        found = (Identity.from_row(row), Member.from_row(row)) if row.id is not None else None
        state = Conversation(row.flow, row.step, dict(row.data)) if row.flow else None
        return found, state

    async def identities_of(self, member_id: int) -> list[Identity]:
        async with self.club.db.read() as conn:
            rows = await conn.execute(
                sa.select(identities).where(identities.c.member_id == member_id)
            )
            return [Identity.from_row(r) for r in rows]

    async def holder(self, phone: str) -> tuple[Member, bool] | None:
        """The live member holding this phone, and whether a messenger vouched for it."""
        async with self.club.db.read() as conn:
            row = (
                await conn.execute(
                    sa.select(members).where(
                        members.c.phone == phone, members.c.deleted_at.is_(None)
                    )
                )
            ).first()
        return (Member.from_row(row), bool(row.phone_verified)) if row is not None else None

    async def join(
        self,
        *,
        platform: str,
        user_id: int,
        chat_id: int,
        username: str | None,
        name: str,
        phone: str,
        birth_date: date | None,
        payload: str | None,
        consent_at: datetime,
        vouched: bool = True,
        separate: bool = False,
        separate_from: int | None = None,
    ) -> JoinResult:
        """Opens a new account atomically: member, identity, points, referral, draft cleared.

        Never joins an existing account (that takes a confirmation, see links.py). A phone
        that a member already holds raises PhoneTaken, except where the newcomer may have it:
        a vouched phone moves from an account that never proved it, or, with `separate`,
        from `separate_from` only (the account that was asked and did not confirm this
        newcomer: never from one that was not asked); an unvouched `separate` newcomer joins
        without a phone. An account that gives up its phone keeps its name, points and
        history, and an audit row says why.
        """
        settings, now = self.club.settings, self.club.now()
        async with self.club.db.write() as conn:
            await self.club.conversations.clear_in(conn, platform, user_id)
            existing = (
                await conn.execute(
                    sa.select(members.c.id, members.c.phone_verified).where(
                        members.c.phone == phone, members.c.deleted_at.is_(None)
                    )
                )
            ).first()
            stored: str | None = phone
            released: list[Identity] = []
            if existing is not None:
                asked = separate and existing.id == separate_from
                if vouched and (asked or not existing.phone_verified):
                    released = await self._release_phone(conn, existing.id)
                elif separate and not vouched:
                    stored = None  # an unverified claim never takes a phone from anyone
                else:
                    raise PhoneTaken
            try:
                member_id = await self._insert(
                    conn,
                    name,
                    stored,
                    birth_date,
                    consent_at,
                    platform,
                    verified=vouched and stored is not None,
                )
            except IntegrityError:
                # Another newcomer took the phone in the same moment (PostgreSQL lets both
                # see it free): this one lost, and is told the number is taken.
                raise PhoneTaken from None
            if existing is not None:
                moved = stored is not None
                await audit.record(
                    conn,
                    actor=audit.SYSTEM,
                    action="phone-moved" if moved else "joined-without-phone",
                    target=audit.member_target(existing.id if moved else member_id),
                    details={
                        "from_member" if moved else "phone_holder": existing.id,
                        "to_member" if moved else "member": member_id,
                        "platform": platform,
                        # Moved: the holder never proved the phone, or did not confirm this
                        # vouched newcomer (a recycled number). Kept: the claim was unvouched.
                        "reason": (
                            "holder-unverified"
                            if moved and not existing.phone_verified
                            else "holder-did-not-confirm"
                            if moved
                            else "claim-unverified"
                        ),
                    },
                    at=now,
                )
            await self._add_identity(conn, member_id, platform, user_id, chat_id, username)
            # Joining gifts (welcome, profile, referral) are paid once per person: a phone
            # that deleted its account before gets none of them again.
            rejoined = await self.club.erasures.seen(conn, phone=phone, chat=(platform, user_id))
            welcome = profile = 0
            referral = None
            if rejoined:
                await conn.execute(
                    sa.update(members).where(members.c.id == member_id).values(rejoined=True)
                )
            else:
                if await ledger.credit(
                    conn,
                    member_id=member_id,
                    points=settings.points_signup,
                    kind="signup",
                    key=f"signup:{member_id}",
                    now=now,
                ):
                    welcome = settings.points_signup
                # A phone another account proved earns no invitation: that account could be
                # the newcomer's own (its link, shared with themselves on another messenger).
                # An unproved claim says nothing of who the newcomer is: a squatter's claim
                # must not cost the real owner and their friend the referral.
                if existing is None or not existing.phone_verified:
                    referral = await self.club.referrals.credit_on_join(
                        conn,
                        referee_id=member_id,
                        payload=payload,
                        now=now,
                        verified=vouched,
                    )
                if birth_date is not None:
                    profile = await self.club.profiles.profile_bonus(conn, member_id, now)
            member = await self.get(member_id=member_id, conn=conn)
        return JoinResult(
            member,
            welcome=welcome,
            profile=profile,
            referral=referral,
            released=released,
            without_phone=stored is None,
        )

    async def _release_phone(self, conn: AsyncConnection, member_id: int) -> list[Identity]:
        """The account gives up its phone (to a vouched claim) and keeps everything else;
        its chats are returned so they can be told why."""
        await conn.execute(
            sa.update(members)
            .where(members.c.id == member_id)
            .values(phone=None, phone_verified=False)
        )
        rows = await conn.execute(sa.select(identities).where(identities.c.member_id == member_id))
        return [Identity.from_row(r) for r in rows]

    async def _insert(
        self,
        conn: AsyncConnection,
        name: str,
        phone: str | None,
        birth_date: date | None,
        consent_at: datetime,
        platform: str,
        *,
        verified: bool,
    ) -> int:
        member_id = int(
            (
                await conn.execute(
                    sa.insert(members)
                    .values(
                        name=name,
                        phone=phone,
                        joined_at=self.club.now(),
                        # Joining is activity: the day's first update needs no write then.
                        last_active_at=self.club.now(),
                        consent_at=consent_at,
                        last_platform=platform,
                        phone_verified=verified,
                        # A date given at signup is new too (BIRTHDAY_NEW_DATE_DAYS).
                        birth_date_set_at=self.club.now() if birth_date is not None else None,
                        **birth_parts(birth_date),
                    )
                    .returning(members.c.id)
                )
            ).scalar_one()
        )
        await conn.execute(
            sa.update(members)
            .where(members.c.id == member_id)
            .values(code=make_member_code(member_id))
        )
        return member_id

    async def _add_identity(
        self,
        conn: AsyncConnection,
        member_id: int,
        platform: str,
        user_id: int,
        chat_id: int,
        username: str | None,
    ) -> None:
        await conn.execute(
            sa.insert(identities).values(
                platform=platform,
                platform_user_id=user_id,
                member_id=member_id,
                chat_id=chat_id,
                username=username,
                created_at=self.club.now(),
            )
        )

    async def link_in(
        self,
        conn: AsyncConnection,
        *,
        member_id: int,
        platform: str,
        user_id: int,
        chat_id: int,
        username: str | None,
    ) -> Member:
        """Adds an identity on another messenger to an existing account (after confirmation)."""
        await self.club.conversations.clear_in(conn, platform, user_id)
        await self._add_identity(conn, member_id, platform, user_id, chat_id, username)
        await self._touch(conn, member_id, platform)
        return await self.get(member_id=member_id, conn=conn)

    async def _touch(self, conn: AsyncConnection, member_id: int, platform: str) -> None:
        await conn.execute(
            sa.update(members).where(members.c.id == member_id).values(last_platform=platform)
        )

    async def touch(self, member: Member, platform: str) -> None:
        """Remembers the messenger last used, so notices reach the member where they are."""
        if member.last_platform != platform:
            async with self.club.db.write() as conn:
                await self._touch(conn, member.id, platform)

    async def set_blocked(self, platform: str, user_id: int, blocked: bool) -> None:
        async with self.club.db.write() as conn:
            await conn.execute(
                sa.update(identities)
                .where(identities.c.platform == platform, identities.c.platform_user_id == user_id)
                .values(blocked_at=self.club.now() if blocked else None)
            )
