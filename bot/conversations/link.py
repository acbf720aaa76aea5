"""Linking an identity on a second messenger that did not vouch for the shared contact.

The phone is already a member's; the messenger could not confirm it is the sender's own, so
the member confirms from an identity they already have. Nobody takes over an account by
sharing someone else's contact.
"""

from __future__ import annotations

from telegram import ReplyKeyboardMarkup, Update

from bot import keyboards
from bot.club.links import RequestOpen
from bot.club.model import Member
from bot.context import ClubContext
from bot.i18n import Texts
from bot.platforms import Platform
from bot.storage.conversations import Conversation


async def request(update: Update, context: ClubContext, state: Conversation, owner: Member) -> None:
    """Asks the account's existing identities to confirm; the newcomer waits."""
    message, user = update.effective_message, update.effective_user
    assert message is not None and user is not None
    texts, links = context.texts, context.club.links
    try:
        token = await links.request(
            owner_id=owner.id,
            platform=context.platform.value,
            user_id=user.id,
            chat_id=message.chat_id,
            username=user.username,
            draft=state,
        )
    except RequestOpen:
        await message.reply_text(texts("link-busy"))
        await message.reply_text(
            texts("signup-ask-phone"), reply_markup=keyboards.share_phone(texts)
        )
        return
    platform_name = texts(f"platform-{context.platform.value}")
    markup = keyboards.inline(
        (
            (texts("button-link-yes"), f"link:y:{token}"),
            (texts("button-link-no"), f"link:n:{token}"),
        )
    )
    asked = False
    for identity in await context.club.members.identities_of(owner.id):
        if identity.platform != context.platform.value:
            text = texts("link-confirm-ask", platform=platform_name)
            asked = await context.messengers.send(identity, text, markup) or asked
    if not asked:
        await links.withdraw(
            token=token, platform=context.platform.value, user_id=user.id, draft=state
        )
        await message.reply_text(texts("error-link-unreachable"))
        return
    await message.reply_text(texts("link-waiting"), reply_markup=waiting_keyboard(texts))


def waiting_keyboard(texts: Texts) -> ReplyKeyboardMarkup:
    """While the member is asked, the newcomer can only give up."""
    return keyboards.reply(texts, ("button-cancel",))


async def on_answer(update: Update, context: ClubContext) -> None:
    """The member's answer, pressed on the messenger they already use."""
    query = update.callback_query
    assert query is not None and query.data is not None
    if await keyboards.pressed_message(query, context.texts) is None:
        return
    _, answer, token = query.data.split(":", 2)
    texts = context.texts
    await query.answer()
    if context.member is None:
        await query.edit_message_text(texts("link-expired"))
        return
    result = await context.club.links.answer(
        token=token, member_id=context.member.id, accept=answer == "y"
    )
    if result.outcome == "expired":
        await query.edit_message_text(texts("link-expired"))
        return
    waiting = result.waiting
    bot = context.messengers.bots.get(Platform(waiting["platform"]))
    if result.outcome == "declined":
        await query.edit_message_text(texts("link-declined-owner"))
        if bot is not None:
            await bot.send_message(
                waiting["chat_id"],
                texts("link-declined"),
                reply_markup=keyboards.share_phone(texts),
            )
        return
    assert result.member is not None
    await query.edit_message_text(texts("link-confirmed-owner"))
    if bot is not None:
        await bot.send_message(
            waiting["chat_id"],
            texts("link-done", name=result.member.name, balance=result.member.balance),
            reply_markup=keyboards.main_menu(texts),
        )
