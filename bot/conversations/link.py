"""Asking an account to confirm a newcomer who shared its phone (any messenger, any chat).

A phone number is not a person: numbers are recycled and Bale does not vouch for contacts,
so a phone an account already holds joins the newcomer to it only after a yes from a chat
that account already has. A no, no answer in time, or an erased account leaves the newcomer
a choice: join as a separate member, or cancel.
"""

from __future__ import annotations

from telegram import ReplyKeyboardMarkup, Update

from bot import keyboards
from bot.club.links import (
    ASKED_OFTEN,
    DECLINED,
    DECLINED_RECENTLY,
    EXPIRED,
    UNREACHABLE,
    AskedOften,
    RecentlyDeclined,
    RequestOpen,
    ended,
)
from bot.club.model import Identity, Member
from bot.context import ClubContext
from bot.i18n import Texts
from bot.storage.conversations import Conversation
from bot.storage.outbox import MessageClass


def _user(update: Update) -> tuple[int, int, str | None]:
    message, user = update.effective_message, update.effective_user
    assert message is not None and user is not None
    return user.id, message.chat_id, user.username


async def request(update: Update, context: ClubContext, state: Conversation, owner: Member) -> None:
    """Asks the account's chats to confirm; the newcomer waits."""
    user_id, chat_id, username = _user(update)
    texts, links, platform = context.texts, context.club.links, context.platform.value
    try:
        token = await links.request(
            owner_id=owner.id,
            platform=platform,
            user_id=user_id,
            chat_id=chat_id,
            username=username,
            draft=state,
        )
    except RequestOpen:
        context.reply(texts("link-busy"), markup=keyboards.share_phone(texts))
        return
    except (RecentlyDeclined, AskedOften) as refused:
        outcome = DECLINED_RECENTLY if isinstance(refused, RecentlyDeclined) else ASKED_OFTEN
        # The choice binds to this account: only it may lose the phone to a separate join.
        ended(state, outcome, holder_id=owner.id, until=context.club.now() + links.wait)
        await context.club.conversations.save(platform, user_id, state)
        context.conversation = state
        tell_ended(context, outcome)
        return
    context.conversation = state
    markup = keyboards.inline(
        (
            (texts("button-link-yes"), f"link:y:{token}"),
            (texts("button-link-no"), f"link:n:{token}"),
        )
    )
    ask = texts("link-confirm-ask", platform=texts(f"platform-{platform}"))
    # Every chat of the account is asked, the newcomer's own messenger too: a recycled
    # number's new owner is on the same messenger as the old one.
    reachable = [i for i in await context.club.members.identities_of(owner.id) if not i.blocked]
    for identity in reachable:
        context.send_to(identity, ask, markup)
    if not reachable:
        await links.withdraw(
            token=token, holder_id=owner.id, platform=platform, user_id=user_id, draft=state
        )
        tell_ended(context, UNREACHABLE)
        return
    context.reply(texts("link-waiting"), markup=waiting_keyboard(texts))


def waiting_keyboard(texts: Texts) -> ReplyKeyboardMarkup:
    """While the account is asked, the newcomer can only give up."""
    return keyboards.reply(texts, ("button-cancel",))


def choice_keyboard(texts: Texts) -> ReplyKeyboardMarkup:
    """After a request ended without a link: a separate membership, or nothing."""
    return keyboards.reply(texts, ("button-join-separately",), ("button-cancel",))


def _ended_text(texts: Texts, outcome: str, minutes: int) -> str:
    if outcome == DECLINED:
        return texts("identity-ended-declined")
    if outcome == EXPIRED:
        return texts("identity-ended-expired", minutes=minutes)
    if outcome == DECLINED_RECENTLY:
        return texts("identity-ended-declined-recently")
    if outcome == ASKED_OFTEN:
        return texts("identity-ended-asked-often")
    if outcome == UNREACHABLE:
        return texts("identity-ended-unreachable")
    return texts("identity-ended-gone")


def tell_ended(context: ClubContext, outcome: str) -> None:
    """Tells the newcomer here why the request ended, with the choice."""
    minutes = context.club.settings.link_request_minutes
    texts = context.texts
    context.reply(_ended_text(texts, outcome, minutes), markup=choice_keyboard(texts))


async def cancel(update: Update, context: ClubContext, state: Conversation) -> None:
    """A waiting newcomer's /cancel withdraws their request along with the signup."""
    user_id, _, _ = _user(update)
    await context.club.links.cancel(platform=context.platform.value, user_id=user_id, draft=state)
    context.conversation = None


async def still_waiting(update: Update, context: ClubContext, state: Conversation) -> bool:
    """Whether the newcomer's request still waits; if it ended, they are told so now."""
    user_id, _, _ = _user(update)
    outcome = await context.club.links.check(
        platform=context.platform.value, user_id=user_id, draft=state
    )
    context.conversation = state
    if outcome is None:
        return True
    tell_ended(context, outcome)
    return False


async def on_answer(update: Update, context: ClubContext) -> None:
    """The account's answer, pressed in one of its chats."""
    query = update.callback_query
    assert query is not None and query.data is not None
    if await keyboards.pressed_message(query, context) is None:
        return
    _, answer, token = query.data.split(":", 2)
    texts = context.texts
    context.answer(query)
    if context.member is None:
        context.edit(query.message, texts("link-expired"))
        return
    result = await context.club.links.answer(
        token=token, member_id=context.member.id, accept=answer == "y"
    )
    if result.outcome == "stale":
        context.edit(query.message, texts("link-expired"))
        return
    waiting = result.waiting
    newcomer = Identity(
        waiting["platform"], waiting["user_id"], context.member.id, waiting["chat_id"], False
    )
    if result.outcome in (DECLINED, EXPIRED):
        owner_text = "link-declined-owner" if result.outcome == DECLINED else "link-expired"
        context.edit(query.message, texts(owner_text))
        if not result.tell_newcomer:
            return
        minutes = context.club.settings.link_request_minutes
        context.send_to(
            newcomer,
            _ended_text(texts, result.outcome, minutes),
            choice_keyboard(texts),
            klass=MessageClass.TRANSACTIONAL,
        )
        return
    assert result.member is not None
    context.edit(query.message, texts("link-confirmed-owner"))
    context.send_to(
        newcomer,
        texts("link-done", name=result.member.name, balance=result.member.balance),
        keyboards.main_menu(texts),
        klass=MessageClass.TRANSACTIONAL,
    )
