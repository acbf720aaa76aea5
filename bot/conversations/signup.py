"""Signup: consent, name, phone (contact button), optional Jalali birth date.

State lives in the `conversations` table, written with every step, so a restart or a kill -9
resumes at the same step. `/start` mid-signup shows the current step again.

```mermaid
stateDiagram-v2
    [*] --> CONSENT: /start [payload]
    CONSENT --> [*]: decline (only the refusal is stored)
    CONSENT --> NAME: accept
    NAME --> PHONE: valid name (typed or the profile name)
    PHONE --> BIRTHDATE: own contact, new phone
    PHONE --> [*]: own vouched contact of an existing member: linked
    PHONE --> LINK_WAIT: unvouched contact of an existing member
    LINK_WAIT --> [*]: confirmed from the member's other messenger
    LINK_WAIT --> PHONE: declined there
    BIRTHDATE --> [*]: a valid date or skip: joined, points credited
    note right of NAME: /cancel in every state ends the signup
```
"""

from __future__ import annotations

from datetime import datetime

from telegram import Message, ReplyKeyboardMarkup, ReplyKeyboardRemove, Update
from telegram.error import BadRequest

from bot import keyboards
from bot.club.jalali import BirthDateError, parse_birth_date
from bot.club.members import JoinResult, PhoneTaken
from bot.club.model import MemberNotFound
from bot.club.names import InvalidName, validate_name
from bot.club.phones import InvalidPhone, normalize_phone
from bot.context import ClubContext
from bot.conversations import link
from bot.conversations.states import BIRTHDATE, CONSENT, LINK_WAIT, NAME, PHONE, SIGNUP
from bot.storage.conversations import Conversation

FLOW = SIGNUP


def _user_id(update: Update) -> int:
    assert update.effective_user is not None
    return update.effective_user.id


async def _save(update: Update, context: ClubContext, state: Conversation) -> None:
    await context.club.conversations.save(context.platform, _user_id(update), state)
    context.conversation = state


async def begin(update: Update, context: ClubContext, payload: str | None) -> None:
    """A newcomer's /start: explain the club and ask for consent."""
    await _save(update, context, Conversation(FLOW, CONSENT, {"payload": payload}))
    assert update.effective_message is not None
    await update.effective_message.reply_text(
        context.texts("signup-welcome"), reply_markup=ReplyKeyboardRemove()
    )
    await prompt(update.effective_message, update, context)


def _profile_name(update: Update) -> str | None:
    user = update.effective_user
    if user is None:
        return None
    try:
        return validate_name(user.full_name)
    except InvalidName:
        return None


async def prompt(message: Message, update: Update, context: ClubContext) -> None:
    """Asks the question of the current step (again)."""
    texts, state = context.texts, context.conversation
    step = state.step if state else CONSENT
    if step == CONSENT:
        await message.reply_text(
            texts("signup-consent"),
            reply_markup=keyboards.inline(
                (
                    (texts("button-consent-yes"), "consent:yes"),
                    (texts("button-consent-no"), "consent:no"),
                )
            ),
        )
    elif step == NAME:
        offered = _profile_name(update)
        labels = [[offered]] if offered else []
        markup = ReplyKeyboardMarkup([*labels, [texts("button-cancel")]], resize_keyboard=True)
        await message.reply_text(texts("signup-ask-name"), reply_markup=markup)
    elif step == PHONE:
        await message.reply_text(
            texts("signup-ask-phone"), reply_markup=keyboards.share_phone(texts)
        )
    elif step == BIRTHDATE:
        await message.reply_text(
            texts("signup-ask-birthdate"),
            reply_markup=keyboards.reply(texts, ("button-skip",), ("button-cancel",)),
        )
    elif step == LINK_WAIT:
        await message.reply_text(texts("link-waiting"), reply_markup=link.waiting_keyboard(texts))


async def on_consent(update: Update, context: ClubContext) -> None:
    """Accept or decline the privacy terms (inline buttons)."""
    query = update.callback_query
    assert query is not None
    message = await keyboards.pressed_message(query, context.texts)
    if message is None:
        return
    await query.answer()
    await _remove_buttons(message)
    state = context.conversation
    if state is None or state.flow != FLOW or state.step != CONSENT or context.member:
        return  # a late or second tap: the answer was already given
    if query.data == "consent:no":
        await context.club.privacy.record_refusal(context.platform, _user_id(update))
        context.conversation = None
        await message.reply_text(
            context.texts("signup-declined"), reply_markup=ReplyKeyboardRemove()
        )
        return
    state.data["consent_at"] = context.club.now().isoformat()
    state.step = NAME
    await _save(update, context, state)
    await prompt(message, update, context)


async def _remove_buttons(message: Message) -> None:
    """Takes the inline buttons off an answered message (already gone after a double tap)."""
    if message.reply_markup is None:
        return
    try:
        await message.edit_reply_markup(None)
    except BadRequest as error:
        if "not modified" not in error.message:
            raise


async def on_text(update: Update, context: ClubContext, state: Conversation) -> None:
    """A typed answer at the current step."""
    message = update.effective_message
    assert message is not None and message.text is not None
    texts = context.texts
    if state.step == CONSENT:
        await message.reply_text(texts("hint-answer-step"))  # the answer is a button
    elif state.step == NAME:
        try:
            state.data["name"] = validate_name(message.text)
        except InvalidName as error:
            await message.reply_text(texts(error.key))
            await prompt(message, update, context)
            return
        state.step = PHONE
        await _save(update, context, state)
    elif state.step == PHONE:
        await message.reply_text(texts("error-phone-typed"))
    elif state.step == BIRTHDATE:
        if message.text == texts("button-skip"):
            await finish(update, context, state, birth_date=None)
            return
        try:
            birth_date = parse_birth_date(message.text, today=context.club.today())
        except BirthDateError as error:
            await message.reply_text(texts(error.key))
            await prompt(message, update, context)
            return
        await finish(update, context, state, birth_date=birth_date.isoformat())
        return
    await prompt(message, update, context)


async def on_contact(update: Update, context: ClubContext, state: Conversation) -> None:
    """The phone, shared with the contact button; only the sender's own is accepted."""
    message = update.effective_message
    assert message is not None and message.contact is not None
    texts, contact = context.texts, message.contact
    if state.step != PHONE:
        await prompt(message, update, context)
        return
    # Only a messenger that vouches for contacts proves the phone is the sender's (user_id is
    # the sender's own). Elsewhere user_id proves nothing, so an existing member's phone still
    # needs a confirmation from that member; a different user_id is refused everywhere.
    own_id = contact.user_id == _user_id(update)
    vouched = context.platform.vouches_contacts and own_id
    if not own_id and (context.platform.vouches_contacts or contact.user_id is not None):
        await message.reply_text(texts("error-phone-not-own"))
        await prompt(message, update, context)
        return
    try:
        phone = normalize_phone(contact.phone_number)
    except InvalidPhone:
        await message.reply_text(texts("error-phone-invalid"))
        await prompt(message, update, context)
        return
    try:
        owner = await context.club.members.find(phone=phone)
    except MemberNotFound:
        owner = None
    if owner is not None and not vouched:
        await link.request(update, context, state, owner)
        return
    state.data.update(phone=phone, vouched=vouched)
    if owner is not None:
        await finish(update, context, state, birth_date=None)
        return
    state.step = BIRTHDATE
    await _save(update, context, state)
    await prompt(message, update, context)


async def finish(
    update: Update, context: ClubContext, state: Conversation, *, birth_date: str | None
) -> None:
    """Creates the member (or links the account) and shows the menu."""
    message = update.effective_message
    user = update.effective_user
    assert message is not None and user is not None
    data, texts = state.data, context.texts
    try:
        result = await context.club.members.join(
            platform=context.platform,
            user_id=user.id,
            chat_id=message.chat_id,
            username=user.username,
            name=data["name"],
            phone=data["phone"],
            birth_date=datetime.fromisoformat(birth_date).date() if birth_date else None,
            payload=data.get("payload"),
            consent_at=datetime.fromisoformat(data["consent_at"]),
            vouched=bool(data.get("vouched")),
        )
    except PhoneTaken:
        state.step = PHONE
        await _save(update, context, state)
        await message.reply_text(texts("error-phone-taken"))
        await prompt(message, update, context)
        return
    context.conversation = None
    context.member = result.member
    await message.reply_text(_done_text(context, result), reply_markup=keyboards.main_menu(texts))
    for identity in result.detached:
        await context.messengers.send(identity, texts("link-detached"), ReplyKeyboardRemove())
    if result.referral is not None:
        await context.messengers.notify(
            result.referral.referrer_id,
            texts(
                "referral-credited", name=result.member.name, points=result.referral.referrer_points
            ),
        )


def _done_text(context: ClubContext, result: JoinResult) -> str:
    texts, member = context.texts, result.member
    if result.linked:
        return texts("link-done", name=member.name, balance=member.balance)
    lines = [texts("signup-done", name=member.name, code=texts.digits(member.code))]
    if result.welcome:
        lines.append(texts("signup-points-welcome", points=result.welcome))
    if result.profile:
        lines.append(texts("signup-points-profile", points=result.profile))
    if result.referral is not None:
        lines.append(texts("signup-points-referral", points=result.referral.referee_points))
    lines.append(texts("signup-balance", balance=member.balance))
    return "\n".join(lines)
