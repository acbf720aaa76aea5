"""ClubContext: typed access to the club, texts, platform and the member behind an update."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from telegram import CallbackQuery, MaybeInaccessibleMessage
from telegram.ext import Application, CallbackContext, ExtBot

from bot.outgoing import Markup, document, edit, photo, photo_by_id, text_message
from bot.platforms import Platform
from bot.storage.db import UpdateScope, current_scope
from bot.storage.outbox import MessageClass

if TYPE_CHECKING:
    from bot.club.club import Club
    from bot.club.model import Identity, Member
    from bot.club.permissions import Action, Role
    from bot.i18n import Texts
    from bot.storage.conversations import Conversation
    from bot.storage.outbox import Message as OutboxMessage


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
        self._roles: frozenset[Role] | None = None

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

    # Saying things. Nothing is sent from a handler: messages are collected for the update
    # and, once the update's effects are committed (with them, in the outbox), the sender
    # delivers them in order. So a person is never told about something that did not happen,
    # and is always told about something that did.

    def reply(self, text: str, markup: Markup | None = None) -> None:
        """A message to the chat the update came from."""
        self._say(text_message(text, markup), self._here())

    def reply_photo(self, image: bytes, caption: str, markup: Markup | None = None) -> None:
        self._say(photo(image, caption, markup), self._here())

    def reply_photo_id(self, file_id: str, caption: str, markup: Markup | None = None) -> None:
        """A photo this messenger already has (its file_id), as a broadcast's preview."""
        self._say(photo_by_id(file_id, caption, markup), self._here())

    def reply_document(self, data: bytes, filename: str, caption: str) -> None:
        self._say(document(data, filename, caption), self._here())

    def edit(
        self, message: MaybeInaccessibleMessage | None, text: str, markup: Markup | None = None
    ) -> None:
        """Replaces a message's text (and buttons; none unless given)."""
        if message is not None:
            self._say(edit(message.message_id, text, markup), self._here())

    def edit_markup(
        self, message: MaybeInaccessibleMessage | None, markup: Markup | None = None
    ) -> None:
        """Replaces (by default removes) a message's buttons."""
        if message is not None:
            self._say(edit(message.message_id, None, markup), self._here())

    def answer(self, query: CallbackQuery, text: str | None = None) -> None:
        """Stops the button's spinner (directly, not through the outbox: it is not kept)."""
        self._scope().answers.append((query, text))

    def notify(
        self,
        member_id: int,
        text: str,
        markup: Markup | None = None,
        *,
        klass: MessageClass = MessageClass.SERVICE,
    ) -> None:
        """A message to a member where they were last seen (the sender picks the chat)."""
        message = text_message(text, markup)
        message.klass, message.member_id = klass, member_id
        self._scope().outgoing.append(message)

    def send_to(
        self,
        identity: Identity,
        text: str,
        markup: Markup | None = None,
        *,
        klass: MessageClass = MessageClass.SERVICE,
    ) -> None:
        """A message to one of a member's chats (a confirmation asked of that chat)."""
        message = text_message(text, markup)
        message.klass, message.member_id = klass, identity.member_id
        self._say(message, (identity.platform, identity.chat_id))

    async def tell_team(self, action: Action, text: str, markup: Markup | None = None) -> None:
        """A service message to everyone whose roles allow `action` (a reward's pool ran
        out), in their private chat on each messenger this process runs."""
        from bot.club.permissions import allows

        running = {platform.value for platform in self.club.usernames}
        for entry in await self.club.team.entries():
            if entry.platform in running and allows(entry.roles, action):
                self._say(text_message(text, markup), (entry.platform, entry.user_id))

    def _here(self) -> tuple[str, int]:
        assert self._chat_id is not None, "a reply needs the update's chat"
        return self.platform.value, self._chat_id

    def _say(self, message: OutboxMessage, chat: tuple[str, int]) -> None:
        message.platform, message.chat_id = chat
        self._scope().outgoing.append(message)

    @staticmethod
    def _scope() -> UpdateScope:
        scope = current_scope.get()
        assert scope is not None, "messages are said while an update is handled"
        return scope

    async def roles(self) -> frozenset[Role]:
        """The sender's team roles now (read once per update; bot/club/permissions.py)."""
        if self._roles is None:
            assert self._user_id is not None, "roles belong to the update's sender"
            self._roles = await self.club.team.roles(self.platform, self._user_id)
        return self._roles

    def forget_roles(self) -> None:
        """After a role change in this update, the next question reads them again."""
        self._roles = None

    @property
    def user_id(self) -> int:
        """The update's sender on this messenger (in a private chat, also the chat's id)."""
        assert self._user_id is not None, "the update has a sender"
        return self._user_id

    async def save_conversation(self, state: Conversation) -> None:
        """Keeps the sender's conversation step (in the update's transaction)."""
        await self.club.conversations.save(self.platform.value, self.user_id, state)
        self.conversation = state

    async def clear_conversation(self) -> None:
        await self.club.conversations.clear(self.platform.value, self.user_id)
        self.conversation = None

    @property
    def actor(self) -> str:
        """The sender as the audit names them: `<messenger>:<user id>`."""
        return f"{self.platform.value}:{self._user_id}"

    @property
    def is_owner(self) -> bool:
        """Owners (ADMIN_IDS) skip the flood gate; authority is asked of permissions."""
        user_id = self._user_id
        return user_id is not None and self.club.settings.is_owner(self.platform, user_id)
