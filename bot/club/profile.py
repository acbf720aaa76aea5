"""Profile edits: the name, and a birth date given once and changed a limited number of times."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.club import audit, ledger
from bot.club.members import birth_parts
from bot.club.model import Member
from bot.storage.tables import members

if TYPE_CHECKING:
    from bot.club.club import Club


class Profiles:
    def __init__(self, club: Club) -> None:
        self.club = club

    async def profile_bonus(self, conn: AsyncConnection, member_id: int, now: datetime) -> int:
        """The profile points, once per member (idempotency key profile:<member>)."""
        points = self.club.settings.points_profile
        credited = await ledger.credit(
            conn,
            member_id=member_id,
            points=points,
            kind="profile",
            key=f"profile:{member_id}",
            now=now,
        )
        return points if credited else 0

    async def rename(self, *, member_id: int, name: str, chat: tuple[str, int]) -> None:
        """Renames and ends the edit conversation in one transaction."""
        async with self.club.db.write() as conn:
            await conn.execute(
                sa.update(members).where(members.c.id == member_id).values(name=name)
            )
            await self.club.conversations.clear_in(conn, *chat)

    async def set_birth_date(
        self, *, member_id: int, birth_date: date, chat: tuple[str, int]
    ) -> int | None:
        """Sets or changes the birth date; None when no change is left.

        Returns the profile points credited (the first time a birth date is given, unless the
        person already had the joining gifts). Changing a date counts against
        BIRTH_DATE_CHANGES, so birthday bonuses cannot be farmed; both are conditional
        UPDATEs, so two messengers editing at once cannot get an extra change. Either records
        birth_date_set_at: a date this new earns no birthday gift (BIRTHDAY_NEW_DATE_DAYS).
        """
        limit, now = self.club.settings.birth_date_changes, self.club.now()
        async with self.club.db.write() as conn:
            await self.club.conversations.clear_in(conn, *chat)
            member = await self.club.members.get(member_id=member_id, conn=conn)
            if member.birth_date == birth_date:
                return 0
            first = await conn.execute(
                sa.update(members)
                .where(members.c.id == member_id, members.c.birth_date.is_(None))
                .values(birth_date_set_at=now, **birth_parts(birth_date))
            )
            if first.rowcount != 1:
                changed = await conn.execute(
                    sa.update(members)
                    .where(members.c.id == member_id, members.c.birth_date_changes < limit)
                    .values(
                        birth_date_changes=members.c.birth_date_changes + 1,
                        birth_date_set_at=now,
                        **birth_parts(birth_date),
                    )
                )
                if changed.rowcount != 1:
                    return None
            if member.rejoined:
                return 0
            return await self.profile_bonus(conn, member_id, now)

    async def correct_birth_date(
        self,
        *,
        member_id: int,
        birth_date: date,
        chat: tuple[str, int],
        actor: str,
        role: str | None,
    ) -> Member:
        """An admin's correction: saved with its audit row and the end of the admin's
        conversation in one transaction. It spends none of the member's own changes and pays no
        profile points (those are the member's for filling the profile, once: profile:<member>).
        Nor does it restart BIRTHDAY_NEW_DATE_DAYS (birth_date_set_at is the member's own
        doing): a correction, audited, fixes a mistake and should not cost that year's gift.
        Returns the member as they were before (MemberNotFound when they left the club)."""
        async with self.club.db.write() as conn:
            await self.club.conversations.clear_in(conn, *chat)
            before = await self.club.members.get(member_id=member_id, conn=conn)
            await conn.execute(
                sa.update(members)
                .where(members.c.id == member_id)
                .values(**birth_parts(birth_date))
            )
            old = before.birth_date.isoformat() if before.birth_date else None
            await audit.record(
                conn,
                actor=actor,
                role=role,
                action="birth_date_corrected",
                target=audit.member_target(member_id),
                details={"old": old, "new": birth_date.isoformat()},
                at=self.club.now(),
            )
        return before
