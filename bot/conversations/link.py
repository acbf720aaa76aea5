"""Linking an identity on a second messenger that did not vouch for the shared contact.

The phone is already a member's; the messenger could not confirm it is the sender's own, so
the member confirms from an identity they already have. Nobody takes over an account by
sharing someone else's contact.
"""

from __future__ import annotations

from telegram import Message, ReplyKeyboardMarkup, Update

from bot import keyboards
from bot.club.model import Member
from bot.context import ClubContext
from bot.conversations.states import LINK_WAIT, PHONE, SIGNUP
from bot.i18n import Texts
from bot.platforms import Platform
from bot.storage.conversations import Conversation

KIND = "link"


async def request(update: Update, context: ClubContext, state: Conversation, owner: Member) -> None:
    """Asks the account's existing identities to confirm; the newcomer waits."""
    message, user = update.effective_message, update.effective_user
    assert message is not None and user is not None
    texts = context.texts
    token = await context.club.pending.create(
        KIND,
        {
            "member_id": owner.id,
            "platform": context.platform.value,
            "user_id": user.id,
            "chat_id": message.chat_id,
            "username": user.username,
        },
    )
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
        await message.reply_text(texts("error-link-unreachable"))
        return
    state.step = LINK_WAIT
    state.data["link_token"] = token
    await context.club.conversations.save(context.platform, user.id, state)
    await message.reply_text(texts("link-waiting"), reply_markup=waiting_keyboard(texts))


def waiting_keyboard(texts: Texts) -> ReplyKeyboardMarkup:
    """While the member is asked, the newcomer can only give up."""
    return keyboards.reply(texts, ("button-cancel",))


async def on_answer(update: Update, context: ClubContext) -> None:
    """The member's answer, pressed on the messenger they already use."""
    query = update.callback_query
    assert query is not None and query.data is not None and isinstance(query.message, Message)
    _, answer, token = query.data.split(":", 2)
    texts, club = context.texts, context.club
    pending = await club.pending.get(token, KIND)
    await query.answer()
    if pending is None or context.member is None or pending.data["member_id"] != context.member.id:
        await query.edit_message_text(texts("link-expired"))
        return
    data = pending.data
    waiting_platform, waiting_user = Platform(data["platform"]), int(data["user_id"])
    # The newcomer may have cancelled or started over since asking: then nothing is linked
    # and their (new or absent) signup is left alone.
    waiting = await club.conversations.get(waiting_platform.value, waiting_user)
    still_waiting = (
        waiting is not None
        and waiting.flow == SIGNUP
        and waiting.step == LINK_WAIT
        and waiting.data.get("link_token") == token
    )
    if not await club.pending.complete(token) or waiting is None or not still_waiting:
        await query.edit_message_text(texts("link-expired"))
        return
    bot = context.messengers.bots.get(waiting_platform)
    if answer == "n":
        await query.edit_message_text(texts("link-declined-owner"))
        waiting.step = PHONE
        del waiting.data["link_token"]
        await club.conversations.save(waiting_platform.value, waiting_user, waiting)
        if bot is not None:
            await bot.send_message(
                data["chat_id"], texts("link-declined"), reply_markup=keyboards.share_phone(texts)
            )
        return
    member = await club.members.link(
        member_id=data["member_id"],
        platform=data["platform"],
        user_id=waiting_user,
        chat_id=data["chat_id"],
        username=data["username"],
    )
    await query.edit_message_text(texts("link-confirmed-owner"))
    if bot is not None:
        await bot.send_message(
            data["chat_id"],
            texts("link-done", name=member.name, balance=member.balance),
            reply_markup=keyboards.main_menu(texts),
        )
