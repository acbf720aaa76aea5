"""Privacy: a declined consent keeps only who and when; erasure keeps only the anonymous ledger."""

from __future__ import annotations

from typing import TYPE_CHECKING

import sqlalchemy as sa

from bot.club.members import birth_parts
from bot.storage.tables import consent_refusals, erased_phones, identities, members

if TYPE_CHECKING:
    from bot.club.club import Club


class Privacy:
    def __init__(self, club: Club) -> None:
        self.club = club

    async def record_refusal(self, platform: str, user_id: int) -> None:
        """A declined consent: only who and when, nothing else is kept."""
        async with self.club.db.write() as conn:
            await self.club.conversations.clear_in(conn, platform, user_id)
            await conn.execute(
                sa.insert(consent_refusals).values(
                    platform=platform, platform_user_id=user_id, at=self.club.now()
                )
            )

    async def erase(self, *, member_id: int) -> None:
        """Erases personal data; ledger rows stay (anonymised by the member row) for totals.

        A salted hash of the phone is kept so a rejoin earns no second set of joining gifts.
        """
        now = self.club.now()
        async with self.club.db.write() as conn:
            member = await self.club.members.get(member_id=member_id, conn=conn)
            ids = (
                await conn.execute(
                    sa.select(identities.c.platform, identities.c.platform_user_id).where(
                        identities.c.member_id == member_id
                    )
                )
            ).all()
            for platform, user_id in ids:
                await self.club.conversations.clear_in(conn, platform, user_id)
            await conn.execute(sa.delete(identities).where(identities.c.member_id == member_id))
            phone_hash = self.club.phone_hash(member.phone)
            known = await conn.scalar(
                sa.select(sa.func.count()).where(erased_phones.c.phone_hash == phone_hash)
            )
            if not known:
                await conn.execute(
                    sa.insert(erased_phones).values(phone_hash=phone_hash, erased_at=now)
                )
            await conn.execute(
                sa.update(members)
                .where(members.c.id == member_id)
                .values(
                    name=None,
                    phone=None,
                    deleted_at=now,
                    last_platform=None,
                    phone_verified=False,
                    **birth_parts(None),
                )
            )
