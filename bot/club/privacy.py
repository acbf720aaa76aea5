"""Privacy: a declined consent keeps only who and when; erasure keeps only the anonymous ledger."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from bot.club import tickets
from bot.club.links import KIND as LINK
from bot.club.members import birth_parts
from bot.storage import outbox
from bot.storage.tables import (
    consent_refusals,
    identities,
    members,
    pending_actions,
    redemptions,
    rewards,
)
from bot.storage.tables_lotteries import lotteries, lottery_entries
from bot.storage.tables_surveys import survey_answers, survey_responses

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

        Salted hashes of the phone and chats are kept, so a rejoin earns no second set of
        joining gifts; pending actions and consent records of those chats go with the rest.
        """
        now = self.club.now()
        async with self.club.db.write() as conn:
            member = await self.club.members.get(member_id=member_id, conn=conn)
            chats = [
                (row.platform, row.platform_user_id)
                for row in await conn.execute(
                    sa.select(identities.c.platform, identities.c.platform_user_id).where(
                        identities.c.member_id == member_id
                    )
                )
            ]
            for platform, user_id in chats:
                await self.club.conversations.clear_in(conn, platform, user_id)
                await conn.execute(
                    sa.delete(consent_refusals).where(
                        consent_refusals.c.platform == platform,
                        consent_refusals.c.platform_user_id == user_id,
                    )
                )
            await conn.execute(sa.delete(identities).where(identities.c.member_id == member_id))
            # Link requests hold the asking chat's ids; a cashier's quote holds none and stays,
            # so its confirmation can say the member is gone.
            await conn.execute(
                sa.delete(pending_actions).where(
                    pending_actions.c.member_id == member_id, pending_actions.c.kind == LINK
                )
            )
            # Messages already written for this person carry their name and code: what was
            # delivered keeps only its state, and notices not yet sent are not sent.
            await outbox.forget(conn, member_id=member_id, chats=chats)
            # Only a phone a messenger vouched for was this person's: remembering a claimed
            # one would cost its real owner the joining gifts (their chats are remembered).
            verified = await conn.scalar(
                sa.select(members.c.phone_verified).where(members.c.id == member_id)
            )
            phone = member.phone if verified else None
            await self.club.erasures.remember(conn, phone=phone, chats=chats, now=now)
            await _cancel_codes(conn, member_id=member_id, now=now)
            await tickets.erase_member(conn, member_id=member_id, now=now)
            await _withdraw_from_games(conn, member_id=member_id)
            await conn.execute(
                sa.update(members)
                .where(members.c.id == member_id)
                .values(
                    name=None,
                    phone=None,
                    deleted_at=now,
                    last_platform=None,
                    phone_verified=False,
                    birth_date_set_at=None,
                    **birth_parts(None),
                )
            )


async def _cancel_codes(conn: Any, *, member_id: int, now: Any) -> None:
    """Unused codes die with the account (nobody can show them at the till any more); each
    goes back to its reward's stock. Points are not refunded: the account is gone."""
    closed = (
        await conn.execute(
            sa.update(redemptions)
            .where(redemptions.c.member_id == member_id, redemptions.c.status == "active")
            .values(status="cancelled", closed_at=now)
            .returning(redemptions.c.reward_id)
        )
    ).all()
    for (reward_id,) in closed:
        await conn.execute(
            sa.update(rewards).where(rewards.c.id == reward_id).values(issued=rewards.c.issued - 1)
        )


async def _withdraw_from_games(conn: Any, *, member_id: int) -> None:
    """An erased member's tickets leave the lotteries still open (an account nobody can use
    must not take a prize from a member), and what they wrote in surveys goes (the counts of
    their button answers stay)."""
    entries = (
        await conn.execute(
            sa.select(lottery_entries.c.lottery_id, sa.func.sum(lottery_entries.c.tickets))
            .join(lotteries, lotteries.c.id == lottery_entries.c.lottery_id)
            .where(lottery_entries.c.member_id == member_id, lotteries.c.status == "open")
            .group_by(lottery_entries.c.lottery_id)
        )
    ).all()
    for lottery_id, count in entries:
        withdrawn = await conn.execute(
            sa.update(lotteries)
            .where(lotteries.c.id == lottery_id, lotteries.c.status == "open")
            .values(tickets=lotteries.c.tickets - int(count))
        )
        if withdrawn.rowcount == 1:  # not claimed by a draw meanwhile
            await conn.execute(
                sa.delete(lottery_entries).where(
                    lottery_entries.c.lottery_id == lottery_id,
                    lottery_entries.c.member_id == member_id,
                )
            )
    responses = sa.select(survey_responses.c.id).where(survey_responses.c.member_id == member_id)
    await conn.execute(
        sa.update(survey_answers)
        .where(survey_answers.c.response_id.in_(responses), survey_answers.c.text.is_not(None))
        .values(text=None)
    )
