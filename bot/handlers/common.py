"""/start, /cancel, /help, the text and contact routers, and the not-understood fallback."""

from __future__ import annotations

from telegram import ChatMember, ReplyKeyboardRemove, Update

from bot import keyboards
from bot.club.campaigns import PREFIX as CAMPAIGN_PREFIX
from bot.club.referrals import clean_payload, referrer_code
from bot.club.team import INVITE_PREFIX
from bot.context import ClubContext
from bot.conversations import link, profile, signup
from bot.conversations.states import LINK_WAIT, MEMBER_FIX, PROFILE, SIGNUP
from bot.handlers import campaigns, member, menu, team_invite
from bot.handlers.flows import team_flow


async def end_conversation(update: Update, context: ClubContext) -> None:
    """Ends the sender's conversation, if one is going on."""
    if context.conversation is not None:
        assert update.effective_user is not None
        await context.club.conversations.clear(context.platform, update.effective_user.id)
        context.conversation = None


async def start(update: Update, context: ClubContext) -> None:
    """Deep links come before the "already a member" path: a team invite (members open them
    too); a campaign link's open is counted for anyone. Members get the menu (told when a
    campaign or invitation link found them a member already: their attribution never
    changes); newcomers begin signup with the link; mid-signup shows the step again."""
    message = update.effective_message
    assert message is not None
    state = context.conversation
    payload = clean_payload(context.args[0]) if context.args else None
    if payload is not None and payload.startswith(INVITE_PREFIX):
        await team_invite.open_invite(update, context, payload.removeprefix(INVITE_PREFIX))
        return
    if payload is not None and payload.startswith(CAMPAIGN_PREFIX):
        # An unknown or archived campaign starts as if the link had no payload.
        if await campaigns.record_open(update, context, payload) is None:
            payload = None
    if context.member is not None:
        await end_conversation(update, context)
        key = "menu-welcome-back"
        if payload is not None and payload.startswith(CAMPAIGN_PREFIX):
            key = "campaign-link-member"
        elif referrer_code(payload) is not None:
            key = "referral-link-member"
        context.reply(
            context.texts(key, name=context.member.name),
            markup=keyboards.main_menu(context.texts),
        )
    elif state is not None and state.flow == SIGNUP:
        await signup.reopen(update, context, state, payload)
    else:
        await signup.begin(update, context, payload)


async def cancel(update: Update, context: ClubContext) -> None:
    """/cancel or the cancel button, at any step."""
    message, user = update.effective_message, update.effective_user
    assert message is not None and user is not None
    texts, state = context.texts, context.conversation
    if state is not None and (state.flow, state.step) == (SIGNUP, LINK_WAIT):
        # Cancelling withdraws the request: the account's later no still counts against them.
        await link.cancel(update, context, state)
    else:
        await end_conversation(update, context)
    flow = team_flow(state)
    if state is not None and state.flow == MEMBER_FIX:
        context.reply(texts("member-fix-cancelled"), markup=member.back_markup(context))
    elif flow is not None:
        context.reply(texts(flow.cancelled))
    elif context.member is not None:
        context.reply(texts("cancelled"), markup=keyboards.main_menu(texts))
    else:
        context.reply(texts("signup-cancelled"), markup=ReplyKeyboardRemove())


async def help_command(update: Update, context: ClubContext) -> None:
    assert update.effective_message is not None
    await menu.show_help(update.effective_message, context)


async def whoami(update: Update, context: ClubContext) -> None:
    """/whoami: the sender's numeric id on this messenger, for ADMIN_IDS."""
    user = update.effective_user
    assert user is not None
    platform = context.platform.value
    context.reply(
        context.texts(
            "whoami",
            platform=context.texts(f"platform-{platform}"),
            # An id, not an amount: no thousands separators; Latin digits in the setting.
            id=context.texts.digits(str(user.id)),
            setting=f"{platform}:{user.id}",
        )
    )


async def on_text(update: Update, context: ClubContext) -> None:
    """Plain text: the current conversation step, a menu button, or a hint."""
    message = update.effective_message
    assert message is not None and message.text is not None
    texts, state = context.texts, context.conversation
    if message.text == texts("button-cancel"):
        await cancel(update, context)
    elif (
        state is not None
        and state.flow == MEMBER_FIX
        and keyboards.menu_key(texts, message.text) is None
    ):
        # An admin's correction comes first: the admin may be a member too, or not one.
        await member.on_text(update, context, state)
    elif (flow := team_flow(state)) is not None and keyboards.menu_key(texts, message.text) is None:
        assert state is not None
        await flow.on_text(update, context, state)
    elif state is not None and state.flow == SIGNUP and context.member is None:
        await signup.on_text(update, context, state)
    elif context.member is not None:
        key = keyboards.menu_key(texts, message.text)
        if key is not None:
            # A menu button leaves a half-done profile edit instead of becoming the new name.
            await end_conversation(update, context)
            await menu.open_item(key, message, context)
        elif state is not None and state.flow == PROFILE:
            await profile.on_text(update, context, state)
        else:
            await not_understood(update, context)
    else:
        context.reply(texts("hint-start"), markup=ReplyKeyboardRemove())


async def on_contact(update: Update, context: ClubContext) -> None:
    state = context.conversation
    if state is not None and state.flow == SIGNUP and context.member is None:
        await signup.on_contact(update, context, state)
    else:
        await not_understood(update, context)


async def on_photo(update: Update, context: ClubContext) -> None:
    """A photo: a broadcast's picture while one is composed; otherwise not understood."""
    flow = team_flow(context.conversation)
    if flow is not None and flow.on_photo is not None:
        assert context.conversation is not None
        await flow.on_photo(update, context, context.conversation)
    else:
        await not_understood(update, context)


async def on_document(update: Update, context: ClubContext) -> None:
    """A file: a partner's codes while a reward's pool is uploaded; otherwise not understood."""
    flow = team_flow(context.conversation)
    if flow is not None and flow.on_document is not None:
        assert context.conversation is not None
        await flow.on_document(update, context, context.conversation)
    else:
        await not_understood(update, context)


async def not_understood(update: Update, context: ClubContext) -> None:
    """Anything else (stale button, sticker, photo): a short hint and the way back."""
    message = update.effective_message
    if message is None:
        return
    state = context.conversation
    if state is not None and state.flow == SIGNUP and context.member is None:
        context.reply(context.texts("hint-answer-step"))
        await signup.prompt(message, update, context)
    elif state is not None and state.flow == PROFILE:
        context.reply(context.texts("hint-answer-step"))
        await profile.prompt(message, context)
    elif state is not None and state.flow == MEMBER_FIX:
        context.reply(context.texts("hint-answer-step"))
        member.prompt(context)
    elif (flow := team_flow(state)) is not None:
        assert state is not None
        context.reply(context.texts("hint-answer-step"))
        await flow.prompt(update, context, state)
    elif context.member is not None:
        context.reply(
            context.texts("hint-not-understood"), markup=keyboards.main_menu(context.texts)
        )
    else:
        context.reply(context.texts("hint-start"))


async def on_chat_member(update: Update, context: ClubContext) -> None:
    """A member who blocks the bot is marked unreachable (and reachable again on unblock)."""
    change = update.my_chat_member
    if change is None:
        return
    blocked = change.new_chat_member.status in (ChatMember.BANNED, ChatMember.LEFT)
    await context.club.members.set_blocked(context.platform.value, change.from_user.id, blocked)
