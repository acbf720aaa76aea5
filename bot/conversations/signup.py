"""Signup: consent, name, phone (contact button), optional Jalali birth date.

State lives in the `conversations` table, written with every step, so a restart or a kill -9
resumes at the same step. `/start` mid-signup shows the current step again.

```mermaid
stateDiagram-v2
    [*] --> CONSENT: /start [payload]
    CONSENT --> CONSENT: /start with another link (it replaces the payload; after consent, not)
    CONSENT --> [*]: decline (only the refusal is stored)
    CONSENT --> NAME: accept
    NAME --> PHONE: valid name (typed or the profile name)
    PHONE --> BIRTHDATE: own contact of a phone nobody holds
    PHONE --> BIRTHDATE: vouched contact of a phone an account only claimed (split off)
    PHONE --> BIRTHDATE: unvouched contact of a phone an account only claimed (no phone)
    PHONE --> LINK_WAIT: a phone a member proved: that account is asked to confirm
    PHONE --> LINK_ENDED: that account declined this newcomer in the last 24 h, was asked
    PHONE --> LINK_ENDED: about them 3 times today, or has no chat
    LINK_WAIT --> [*]: confirmed from the account: linked
    LINK_WAIT --> [*]: /cancel: the request is withdrawn (a later no still counts)
    LINK_WAIT --> LINK_ENDED: declined, expired (noticed at the next message or a late
    LINK_WAIT --> LINK_ENDED: press), or the account was erased
    LINK_ENDED --> BIRTHDATE: join separately (with the phone only if vouched, and only
    LINK_ENDED --> BIRTHDATE: from the account asked, within LINK_REQUEST_MINUTES)
    LINK_ENDED --> LINK_WAIT: join separately, but the phone's holder is now another
    LINK_ENDED --> LINK_WAIT: account or the choice is stale: that account is asked
    LINK_ENDED --> LINK_WAIT: another contact
    BIRTHDATE --> [*]: a valid date or skip: joined, points credited
    BIRTHDATE --> LINK_WAIT: a separate join went stale, or the phone changed hands
    BIRTHDATE --> PHONE: the phone was taken meanwhile
    note right of NAME: /cancel in every state ends the signup
```
"""

from __future__ import annotations

from datetime import datetime

from telegram import Message, ReplyKeyboardMarkup, ReplyKeyboardRemove, Update

from bot import keyboards
from bot.club import campaigns
from bot.club.jalali import BirthDateError, parse_birth_date
from bot.club.links import LINK_ENDED, choice_holds
from bot.club.members import JoinResult, PhoneTaken
from bot.club.names import InvalidName, first_name, validate_name
from bot.club.phones import InvalidPhone, phone_from_contact, typed_phone_hint
from bot.context import ClubContext
from bot.conversations import link
from bot.conversations.states import BIRTHDATE, CONSENT, LINK_WAIT, NAME, PHONE, SIGNUP
from bot.platforms import Platform
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
    context.reply(context.texts("signup-welcome"), markup=ReplyKeyboardRemove())
    await prompt(update.effective_message, update, context)


async def reopen(
    update: Update, context: ClubContext, state: Conversation, payload: str | None
) -> None:
    """/start mid-signup: the step is asked again. Until the terms are agreed to, a link
    opened now replaces the one the signup began with (the last link opened wins); once
    agreed, the signup's link is fixed. So one signup credits one link: never a referrer
    and a campaign both (bot/club/campaigns.py)."""
    if payload is not None and state.step == CONSENT and payload != state.data.get("payload"):
        state.data["payload"] = payload
        await _save(update, context, state)
    assert update.effective_message is not None
    await prompt(update.effective_message, update, context)


def _profile_name(update: Update) -> str | None:
    user = update.effective_user
    if user is None:
        return None
    try:
        return validate_name(user.full_name)
    except InvalidName:
        return None


def _name_keyboard(update: Update, context: ClubContext) -> ReplyKeyboardMarkup:
    offered = _profile_name(update)
    labels = [[offered]] if offered else []
    return ReplyKeyboardMarkup([*labels, [context.texts("button-cancel")]], resize_keyboard=True)


def _birthdate_keyboard(context: ClubContext) -> ReplyKeyboardMarkup:
    return keyboards.reply(context.texts, ("button-skip",), ("button-cancel",))


async def prompt(message: Message, update: Update, context: ClubContext) -> None:
    """Asks the question of the current step (again)."""
    texts, state = context.texts, context.conversation
    step = state.step if state else CONSENT
    if step == CONSENT:
        context.reply(
            texts("signup-consent"),
            markup=keyboards.inline(
                (
                    (texts("button-consent-yes"), "consent:yes"),
                    (texts("button-consent-no"), "consent:no"),
                )
            ),
        )
    elif step == NAME:
        context.reply(texts("signup-ask-name"), markup=_name_keyboard(update, context))
    elif step == PHONE:
        context.reply(texts("signup-ask-phone"), markup=keyboards.share_phone(texts))
    elif step == BIRTHDATE:
        context.reply(texts("signup-ask-birthdate"), markup=_birthdate_keyboard(context))
    elif state is not None and step == LINK_WAIT:
        # Every message of a waiting newcomer is also the moment a request past its time is
        # noticed: they are never left waiting on something nobody can answer any more.
        if await link.still_waiting(update, context, state):
            context.reply(texts("link-waiting"), markup=link.waiting_keyboard(texts))
    elif state is not None and step == LINK_ENDED:
        link.tell_ended(context, str(state.data.get("link_outcome", "")))


async def on_consent(update: Update, context: ClubContext) -> None:
    """Accept or decline the privacy terms (inline buttons)."""
    query = update.callback_query
    assert query is not None
    message = await keyboards.pressed_message(query, context)
    if message is None:
        return
    context.answer(query)
    if message.reply_markup is not None:
        context.edit_markup(message)
    state = context.conversation
    if state is None or state.flow != FLOW or state.step != CONSENT or context.member:
        return  # a late or second tap: the answer was already given
    if query.data == "consent:no":
        await context.club.privacy.record_refusal(context.platform, _user_id(update))
        context.conversation = None
        context.reply(context.texts("signup-declined"), markup=ReplyKeyboardRemove())
        return
    state.data["consent_at"] = context.club.now().isoformat()
    state.step = NAME
    await _save(update, context, state)
    if campaigns.slug_of(state.data.get("payload")) is not None:  # no savepoint otherwise
        async with context.club.db.write() as conn:
            await campaigns.record_consent(
                conn,
                payload=state.data.get("payload"),
                platform=context.platform.value,
                user_id=_user_id(update),
                now=context.club.now(),
            )
    await prompt(message, update, context)


async def on_text(update: Update, context: ClubContext, state: Conversation) -> None:
    """A typed answer at the current step; a wrong one gets its short reason and the
    step's keyboard, not the whole question again."""
    message = update.effective_message
    assert message is not None and message.text is not None
    texts = context.texts
    if state.step == CONSENT:
        # The answer is an inline button, which only comes with its question.
        context.reply(texts("hint-answer-step"))
    elif state.step == NAME:
        try:
            state.data["name"] = validate_name(message.text)
        except InvalidName as error:
            context.reply(texts(error.key), markup=_name_keyboard(update, context))
            return
        state.step = PHONE
        await _save(update, context, state)
    elif state.step == PHONE:
        hint = typed_phone_hint(message.text)
        context.reply(texts(hint), markup=keyboards.share_phone(texts))
        return
    elif state.step == BIRTHDATE:
        if message.text == texts("button-skip"):
            await finish(update, context, state, birth_date=None)
            return
        try:
            birth_date = parse_birth_date(message.text, today=context.club.today())
        except BirthDateError as error:
            context.reply(texts(error.key), markup=_birthdate_keyboard(context))
            return
        await finish(update, context, state, birth_date=birth_date.isoformat())
        return
    elif state.step == LINK_ENDED:
        if message.text != texts("button-join-separately"):
            context.reply(texts("hint-answer-step"), markup=link.choice_keyboard(texts))
            return
        if not await _may_join_separately(update, context, state):
            return
        state.step = BIRTHDATE
        await _save(update, context, state)
    await prompt(message, update, context)


def _vouched(context: ClubContext, own_id: bool) -> bool:
    """Whether the messenger vouches that a contact carrying the sender's id is theirs."""
    trusted = context.platform.vouches_contacts or (
        context.platform is Platform.BALE and context.club.settings.bale_trusts_contacts
    )
    return own_id and trusted


async def _may_join_separately(update: Update, context: ClubContext, state: Conversation) -> bool:
    """Whether the newcomer may go on to join as a separate member now (`separate` and
    `separate_from` set in the draft). A vouched phone is taken only from the account that
    was asked, within LINK_REQUEST_MINUTES of the answer: if another account holds it by now,
    or the choice went stale, that account is asked instead (False, the newcomer told)."""
    data, now = state.data, context.club.now()
    vouched = bool(data.get("vouched"))
    data.pop("separate_from", None)
    held = await context.club.members.holder(str(data["phone"]))
    if held is None or not held[1]:
        # A free phone is simply taken; an unproved claim gives it up to a vouched newcomer
        # (split off) and keeps it from an unvouched one, who joins without a phone.
        data["separate"] = held is not None and not vouched
        return True
    holder = held[0]
    if not vouched:
        data["separate"] = True  # an unverified claim never takes a phone: nothing moves
        return True
    if choice_holds(state, holder.id, now):
        data.update(
            separate=True,
            separate_from=holder.id,
            link_until=(now + context.club.links.wait).isoformat(),
        )
        return True
    data.pop("separate", None)
    state.step = LINK_ENDED
    await _save(update, context, state)
    await link.request(update, context, state, holder)
    return False


async def on_contact(update: Update, context: ClubContext, state: Conversation) -> None:
    """The phone, shared with the contact button; only the sender's own is accepted."""
    message = update.effective_message
    assert message is not None and message.contact is not None
    texts, contact = context.texts, message.contact
    if state.step not in (PHONE, LINK_ENDED):
        await prompt(message, update, context)
        return
    # Only a messenger that vouches for contacts proves the phone is the sender's (user_id is
    # the sender's own). Elsewhere user_id proves nothing, so an existing member's phone still
    # needs a confirmation from that member; a different user_id is refused everywhere.
    own_id = contact.user_id == _user_id(update)
    vouched = _vouched(context, own_id)
    if not own_id and (context.platform.vouches_contacts or contact.user_id is not None):
        context.reply(texts("error-phone-not-own"), markup=keyboards.share_phone(texts))
        return
    try:
        phone = phone_from_contact(contact.phone_number)
    except InvalidPhone as error:
        context.reply(texts(error.key), markup=keyboards.share_phone(texts))
        return
    holder = await context.club.members.holder(phone)
    state.data.update(phone=phone, vouched=vouched)
    state.data.pop("separate", None)
    state.data.pop("separate_from", None)
    if holder is not None and holder[1]:
        await link.request(update, context, state, holder[0])
        return
    # An account that never proved its phone (someone claimed it on a messenger that cannot
    # vouch) is never asked to take in a chat: a vouched newcomer takes the phone and that
    # account is split off; an unvouched one joins separately, without the phone.
    if holder is not None and not vouched:
        state.data["separate"] = True
    state.step = BIRTHDATE
    await _save(update, context, state)
    await prompt(message, update, context)


async def finish(
    update: Update, context: ClubContext, state: Conversation, *, birth_date: str | None
) -> None:
    """Creates the member and shows the menu."""
    message = update.effective_message
    user = update.effective_user
    assert message is not None and user is not None
    data, texts = state.data, context.texts
    # A separate join bound to an account: only that account, and only in time (the date
    # step may have been left open for days).
    if data.get("separate_from") is not None and not await _may_join_separately(
        update, context, state
    ):
        return
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
            separate=bool(data.get("separate")),
            separate_from=data.get("separate_from"),
        )
    except PhoneTaken:
        state.step = PHONE
        data.pop("separate", None)
        data.pop("separate_from", None)
        await _save(update, context, state)
        context.reply(texts("error-phone-taken"), markup=keyboards.share_phone(texts))
        return
    if campaigns.slug_of(data.get("payload")) is not None:  # no savepoint otherwise
        async with context.club.db.write() as conn:
            # The member belongs to their signup's campaign (in the join's transaction).
            await campaigns.attribute_signup(
                conn,
                payload=data.get("payload"),
                member_id=result.member.id,
                platform=context.platform.value,
                user_id=user.id,
                now=context.club.now(),
            )
    context.conversation = None
    context.member = result.member
    context.reply(_done_text(context, result), markup=keyboards.main_menu(texts))
    for identity in result.released:
        context.send_to(identity, texts("identity-phone-released"))
    referral = result.referral
    if referral is not None and referral.referrer_points:
        context.notify(
            referral.referrer_id,
            texts(
                "referral-credited",
                name=first_name(result.member.name),
                points=referral.referrer_points,
            ),
        )


def _done_text(context: ClubContext, result: JoinResult) -> str:
    texts, member = context.texts, result.member
    lines = [texts("signup-done", name=member.name, code=texts.digits(member.code))]
    if result.welcome:
        lines.append(texts("signup-points-welcome", points=result.welcome))
    if result.profile:
        lines.append(texts("signup-points-profile", points=result.profile))
    if result.referral is not None:
        lines.append(texts("signup-points-referral", points=result.referral.referee_points))
    if member.rejoined:
        lines.append(texts("signup-rejoined"))
    if result.without_phone:
        lines.append(texts("identity-joined-without-phone"))
    lines.append(texts("signup-balance", balance=member.balance))
    return "\n".join(lines)
