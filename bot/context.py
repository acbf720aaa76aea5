"""ClubContext: typed access to the club, texts, platform and the member behind an update."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from telegram.ext import Application, CallbackContext, ExtBot

from bot.platforms import Platform

if TYPE_CHECKING:
    from bot.club.club import Club
    from bot.club.model import Identity, Member
    from bot.i18n import Texts
    from bot.messengers import Messengers
    from bot.storage.conversations import Conversation


class ClubContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[str, Any]]):
    """One context per update; `preload` fills member/identity/conversation once for it."""

    def __init__(
        self,
        application: Application[Any, Any, Any, Any, Any, Any],
        chat_id: int | None = None,
        user_id: int | None = None,
    ) -> None:
        super().__init__(application=application, chat_id=chat_id, user_id=user_id)
        self.member: Member | None = None
        self.identity: Identity | None = None
        self.conversation: Conversation | None = None

    @property
    def club(self) -> Club:
        club: Club = self.bot_data["club"]
        return club

    @property
    def texts(self) -> Texts:
        texts: Texts = self.bot_data["texts"]
        return texts

    @property
    def platform(self) -> Platform:
        platform: Platform = self.bot_data["platform"]
        return platform

    @property
    def messengers(self) -> Messengers:
        messengers: Messengers = self.bot_data["messengers"]
        return messengers

    @property
    def is_owner(self) -> bool:
        user_id = self._user_id
        return user_id is not None and self.club.settings.is_owner(self.platform, user_id)
