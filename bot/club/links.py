"""Link requests: a newcomer whose phone is already a member's asks that account to confirm.

Invariants: a new identity joins an existing account only with a yes from an identity the
account already has; a request ends exactly once (linked, declined, expired, withdrawn by the
newcomer's cancel, or its account gone), each ending one transaction with the newcomer's
signup state, so a newcomer is never left waiting on a request that can no longer be
answered. Time alone ends nothing: the newcomer's next message, or the account's late press,
notices that LINK_REQUEST_MINUTES passed (no timer to lose in a restart).

An account is prompted about one requester (messenger and user id) at most REQUESTS_PER_DAY
times in 24 hours whatever became of the prompts, and never again for 24 hours after it said
no, even to a request the requester had already withdrawn: neither cancelling nor waiting
turns a no into another chance at a mistaken yes.

The choice that follows an ended request is bound to the account that was asked and to
LINK_REQUEST_MINUTES (`link_holder`, `link_until` in the draft): a newcomer who sits on it is
never handed the phone of an account that was not asked (see `choice_holds`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.club.model import Member
from bot.conversations.states import LINK_WAIT, SIGNUP
from bot.storage.conversations import Conversation
from bot.storage.tables import members, pending_actions

if TYPE_CHECKING:
    from bot.club.club import Club

KIND = "link"
# The signup step of a newcomer whose request ended without a link: they choose to join as a
# separate member or to cancel. (Beside LINK_WAIT in spirit; kept here until the step names
# move down into the core.)
LINK_ENDED = "LINK_ENDED"
# A declined requester may not ask the same account again for this long: a no is an answer,
# and asking again and again hopes for a mistaken yes.
DECLINE_BLOCKS = timedelta(hours=24)
# Prompts about one requester to one account within DECLINE_BLOCKS, answered or not: a
# requester who cancels or lets requests expire cannot re-prompt an owner forever.
REQUESTS_PER_DAY = 3

# How a request ended, as the newcomer is told (the `link_outcome` of their draft).
DECLINED, EXPIRED, GONE, UNREACHABLE, DECLINED_RECENTLY, ASKED_OFTEN = (
    "declined",
    "expired",
    "gone",
    "unreachable",
    "declined-recently",
    "asked-often",
)
# A request the newcomer cancelled; the account's later no still turns it into DECLINED.
WITHDRAWN = "withdrawn"


class RequestOpen(Exception):
    """The account already has an unanswered request that has not expired yet."""


class RecentlyDeclined(Exception):
    """The account declined this requester less than DECLINE_BLOCKS ago."""


class AskedOften(Exception):
    """The account was prompted about this requester REQUESTS_PER_DAY times within a day."""


@dataclass(frozen=True)
class Answer:
    """What an answer did: nothing (`stale`), declined, expired (too late), or linked."""

    outcome: str  # "stale" | "declined" | "expired" | "linked"
    waiting: dict[str, Any]
    member: Member | None = None
    # False for a no to a request its newcomer already left: recorded, nobody to tell.
    tell_newcomer: bool = True


def ended(draft: Conversation, outcome: str, *, holder_id: int, until: datetime) -> None:
    """Puts a newcomer's draft at the choice that follows a request ended without a link,
    bound to the account that was asked and to a deadline (see `choice_holds`)."""
    draft.step = LINK_ENDED
    draft.data.pop("link_token", None)
    draft.data.pop("separate", None)
    draft.data.pop("separate_from", None)
    draft.data["link_outcome"] = outcome
    draft.data["link_holder"] = holder_id
    draft.data["link_until"] = until.isoformat()


def choice_holds(draft: Conversation, holder_id: int | None, now: datetime) -> bool:
    """Whether a newcomer's choice to join separately may still take the phone from
    `holder_id`: only from the very account that was asked, and only within its deadline."""
    until = draft.data.get("link_until")
    return (
        holder_id is not None
        and draft.data.get("link_holder") == holder_id
        and until is not None
        and now <= datetime.fromisoformat(str(until))
    )


class Links:
    def __init__(self, club: Club) -> None:
        self.club = club

    @property
    def wait(self) -> timedelta:
        return timedelta(minutes=self.club.settings.link_request_minutes)

    async def _row(self, conn: AsyncConnection, token: str) -> Any:
        return (
            await conn.execute(
                sa.select(pending_actions).where(
                    pending_actions.c.token == token, pending_actions.c.kind == KIND
                )
            )
        ).first()

    async def _close(
        self, conn: AsyncConnection, token: str, data: dict[str, Any], outcome: str
    ) -> bool:
        """Ends a request once (a conditional UPDATE: only the first caller gets True)."""
        result = await conn.execute(
            sa.update(pending_actions)
            .where(pending_actions.c.token == token, pending_actions.c.done_at.is_(None))
            .values(done_at=self.club.now(), data={**data, "outcome": outcome})
        )
        return result.rowcount == 1

    async def request(
        self,
        *,
        owner_id: int,
        platform: str,
        user_id: int,
        chat_id: int,
        username: str | None,
        draft: Conversation,
    ) -> str:
        """Opens a request and puts the newcomer's signup in LINK_WAIT, together."""
        now = self.club.now()
        async with self.club.db.write() as conn:
            rows = (
                await conn.execute(
                    sa.select(pending_actions).where(
                        pending_actions.c.kind == KIND,
                        pending_actions.c.member_id == owner_id,
                        sa.or_(
                            pending_actions.c.done_at.is_(None),
                            pending_actions.c.done_at > now - DECLINE_BLOCKS,
                            pending_actions.c.created_at > now - DECLINE_BLOCKS,
                        ),
                    )
                )
            ).all()
            mine = [
                r
                for r in rows
                if (dict(r.data).get("platform"), dict(r.data).get("user_id"))
                == (platform, user_id)
            ]
            if any(
                r.done_at is not None
                and r.done_at > now - DECLINE_BLOCKS
                and dict(r.data).get("outcome") == DECLINED
                for r in mine
            ):
                raise RecentlyDeclined
            if sum(r.created_at > now - DECLINE_BLOCKS for r in mine) >= REQUESTS_PER_DAY:
                raise AskedOften
            # One open request per account: someone who knows a member's phone cannot flood
            # them with "is this you?" prompts.
            if any(r.done_at is None and r.created_at > now - self.wait for r in rows):
                raise RequestOpen
            token = await self.club.pending.create(
                KIND,
                {
                    "platform": platform,
                    "user_id": user_id,
                    "chat_id": chat_id,
                    "username": username,
                },
                member_id=owner_id,
                conn=conn,
            )
            draft.step = LINK_WAIT
            draft.data["link_token"] = token
            for key in ("link_outcome", "link_holder", "link_until", "separate", "separate_from"):
                draft.data.pop(key, None)
            await self.club.conversations.save_in(conn, platform, user_id, draft)
        return token

    async def withdraw(
        self, *, token: str, holder_id: int, platform: str, user_id: int, draft: Conversation
    ) -> None:
        """Nobody could be asked: the request closes and the newcomer chooses what next."""
        async with self.club.db.write() as conn:
            row = await self._row(conn, token)
            if row is not None:
                await self._close(conn, token, dict(row.data), UNREACHABLE)
            ended(draft, UNREACHABLE, holder_id=holder_id, until=self.club.now() + self.wait)
            await self.club.conversations.save_in(conn, platform, user_id, draft)

    async def cancel(self, *, platform: str, user_id: int, draft: Conversation) -> None:
        """The waiting newcomer cancelled: the request is withdrawn and the draft cleared, in
        one transaction. The account's buttons stay; a yes to it does nothing, a no still
        counts (see `answer`)."""
        token = str(draft.data.get("link_token") or "")
        async with self.club.db.write() as conn:
            row = await self._row(conn, token) if token else None
            if row is not None:
                await self._close(conn, token, dict(row.data), WITHDRAWN)
            await self.club.conversations.clear_in(conn, platform, user_id)

    async def check(self, *, platform: str, user_id: int, draft: Conversation) -> str | None:
        """A waiting newcomer wrote again: how their request ended, or None while it waits.

        An ended request moves the draft to LINK_ENDED (saved) in the same transaction.
        """
        token = str(draft.data.get("link_token") or "")
        now = self.club.now()
        async with self.club.db.write() as conn:
            row = await self._row(conn, token) if token else None
            alive = row is not None and await conn.scalar(
                sa.select(members.c.id).where(
                    members.c.id == row.member_id, members.c.deleted_at.is_(None)
                )
            )
            if row is not None and alive and row.done_at is None:
                if row.created_at > now - self.wait:
                    return None
                await self._close(conn, token, dict(row.data), EXPIRED)
                outcome = EXPIRED
            else:
                # Erased with its account, pruned, or ended while this draft was elsewhere.
                outcome = str(dict(row.data).get("outcome", GONE)) if row and alive else GONE
            holder = row.member_id if row is not None else int(draft.data.get("link_holder") or 0)
            ended(draft, outcome, holder_id=holder, until=now + self.wait)
            await self.club.conversations.save_in(conn, platform, user_id, draft)
        return outcome

    async def answer(self, *, token: str, member_id: int, accept: bool) -> Answer:
        """The member's yes or no; only a request for their own account, still awaited by the
        same newcomer, within LINK_REQUEST_MINUTES, and answered once, links anything.

        A no is recorded as DECLINED whenever it comes, even late or after the newcomer
        cancelled: it is what blocks the requester for DECLINE_BLOCKS.
        """
        now = self.club.now()
        async with self.club.db.write() as conn:
            row = await self._row(conn, token)
            if row is None or row.member_id != member_id:
                return Answer("stale", dict(row.data) if row is not None else {})
            waiting = dict(row.data)
            if row.done_at is not None:
                if accept or waiting.get("outcome") != WITHDRAWN:
                    return Answer("stale", waiting)
                # The newcomer cancelled before the no: the no still blocks them, from now.
                await conn.execute(
                    sa.update(pending_actions)
                    .where(pending_actions.c.token == token)
                    .values(done_at=now, data={**waiting, "outcome": DECLINED})
                )
                return Answer(DECLINED, waiting, tell_newcomer=False)
            platform, user_id = str(waiting["platform"]), int(waiting["user_id"])
            draft = await self.club.conversations.get(platform, user_id, conn)
            # The newcomer may have started over since asking (or the draft was pruned).
            if (
                draft is None
                or (draft.flow, draft.step) != (SIGNUP, LINK_WAIT)
                or draft.data.get("link_token") != token
            ):
                await self._close(conn, token, waiting, GONE if accept else DECLINED)
                if accept:
                    return Answer("stale", waiting)
                return Answer(DECLINED, waiting, tell_newcomer=False)
            late = row.created_at <= now - self.wait
            outcome = DECLINED if not accept else EXPIRED if late else "linked"
            if not await self._close(conn, token, waiting, outcome):
                return Answer("stale", waiting)
            if outcome != "linked":
                ended(draft, outcome, holder_id=member_id, until=now + self.wait)
                await self.club.conversations.save_in(conn, platform, user_id, draft)
                return Answer(outcome, waiting)
            member = await self.club.members.link_in(
                conn,
                member_id=member_id,
                platform=platform,
                user_id=user_id,
                chat_id=int(waiting["chat_id"]),
                username=waiting.get("username"),
            )
        return Answer("linked", waiting, member)
