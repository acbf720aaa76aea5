"""Cross-messenger link requests: asked from one messenger, answered on another, each step
one transaction, so a crash never leaves a request half answered."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from bot.club.model import Member
from bot.conversations.states import LINK_WAIT, PHONE, SIGNUP
from bot.storage.conversations import Conversation
from bot.storage.tables import pending_actions

if TYPE_CHECKING:
    from bot.club.club import Club

KIND = "link"
# One open request per account at a time: someone who knows a member's phone cannot flood
# them with "is this you?" prompts hoping for a mistaken yes.
COOLDOWN = timedelta(minutes=10)


class RequestOpen(Exception):
    """The account already has an unanswered request from the last COOLDOWN."""


@dataclass(frozen=True)
class Answer:
    """What an answer did: nothing (expired), declined, or linked `member`."""

    outcome: str  # "expired" | "declined" | "linked"
    waiting: dict[str, Any]
    member: Member | None = None


class Links:
    def __init__(self, club: Club) -> None:
        self.club = club

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
        async with self.club.db.write() as conn:
            open_requests = await conn.scalar(
                sa.select(sa.func.count()).where(
                    pending_actions.c.kind == KIND,
                    pending_actions.c.member_id == owner_id,
                    pending_actions.c.done_at.is_(None),
                    pending_actions.c.created_at > self.club.now() - COOLDOWN,
                )
            )
            if open_requests:
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
            await self.club.conversations.save_in(conn, platform, user_id, draft)
        return token

    async def withdraw(
        self, *, token: str, platform: str, user_id: int, draft: Conversation
    ) -> None:
        """Nobody could be asked: the request closes and the newcomer is back at PHONE."""
        async with self.club.db.write() as conn:
            await self.club.pending.complete_in(conn, token)
            draft.step = PHONE
            draft.data.pop("link_token", None)
            await self.club.conversations.save_in(conn, platform, user_id, draft)

    async def answer(self, *, token: str, member_id: int, accept: bool) -> Answer:
        """The member's yes or no; only a request for their own account, still awaited by the
        same newcomer, and answered once, does anything."""
        pending = await self.club.pending.get(token, KIND)
        if pending is None or pending.member_id != member_id:
            return Answer("expired", {})
        waiting = pending.data
        platform, user_id = str(waiting["platform"]), int(waiting["user_id"])
        async with self.club.db.write() as conn:
            draft = await self.club.conversations.get(platform, user_id, conn)
            # The newcomer may have cancelled or started over since asking.
            if (
                draft is None
                or (draft.flow, draft.step) != (SIGNUP, LINK_WAIT)
                or draft.data.get("link_token") != token
                or not await self.club.pending.complete_in(conn, token)
            ):
                return Answer("expired", waiting)
            if not accept:
                draft.step = PHONE
                del draft.data["link_token"]
                await self.club.conversations.save_in(conn, platform, user_id, draft)
                return Answer("declined", waiting)
            member = await self.club.members.link_in(
                conn,
                member_id=member_id,
                platform=platform,
                user_id=user_id,
                chat_id=int(waiting["chat_id"]),
                username=waiting.get("username"),
            )
        return Answer("linked", waiting, member)
