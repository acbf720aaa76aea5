"""Sending across messengers: a notice for a member reaches them where they were last seen."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from telegram import Bot, InlineKeyboardMarkup, ReplyKeyboardMarkup, ReplyKeyboardRemove
from telegram.error import Forbidden, TelegramError

from bot.platforms import Platform

if TYPE_CHECKING:
    from bot.club.club import Club
    from bot.club.model import Identity

log = logging.getLogger(__name__)
Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove


class Messengers:
    """The running bots by platform, shared by every Application and the scheduler."""

    def __init__(self, club: Club) -> None:
        self.club = club
        self.bots: dict[Platform, Bot] = {}

    def register(self, platform: Platform, bot: Bot) -> None:
        self.bots[platform] = bot

    async def send(
        self,
        identity: Identity,
        text: str,
        reply_markup: Markup | None = None,
    ) -> bool:
        """Sends to one identity; a 403 marks it unreachable. True when delivered."""
        bot = self.bots.get(Platform(identity.platform))
        if bot is None or identity.blocked:
            return False
        try:
            await bot.send_message(identity.chat_id, text, reply_markup=reply_markup)
        except Forbidden:
            await self.club.members.set_blocked(identity.platform, identity.platform_user_id, True)
            return False
        except TelegramError:
            log.warning("could not deliver a notice on %s", identity.platform, exc_info=True)
            return False
        return True

    async def notify(self, member_id: int, text: str) -> bool:
        """Delivers to the messenger the member used last, falling back to the others."""
        member = await self.club.members.get(member_id=member_id)
        found = await self.club.members.identities_of(member_id)
        found.sort(key=lambda i: i.platform != member.last_platform)
        for identity in found:
            if await self.send(identity, text):
                return True
        return False
