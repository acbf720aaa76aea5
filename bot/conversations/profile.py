"""Profile: view, edit the name, set or change the birth date (changes are limited).

```mermaid
stateDiagram-v2
    [*] --> EDIT_NAME: edit-name button
    [*] --> EDIT_BIRTHDATE: edit-birth-date button (while changes remain)
    EDIT_NAME --> [*]: valid name
    EDIT_BIRTHDATE --> [*]: valid date (first one earns the profile points)
    note right of EDIT_NAME: /cancel or the cancel button returns to the menu
```
"""

from __future__ import annotations

from telegram import Message, Update

from bot import keyboards
from bot.club.jalali import BirthDateError, parse_birth_date
from bot.club.names import InvalidName, validate_name
from bot.club.phones import isolate_ltr
from bot.context import ClubContext
from bot.conversations.states import EDIT_BIRTHDATE, EDIT_NAME, PROFILE
from bot.storage.conversations import Conversation


async def show(message: Message, context: ClubContext) -> None:
    member, texts = context.member, context.texts
    assert member is not None
    birth = texts.date(member.birth_date) if member.birth_date else texts("profile-no-birthdate")
    context.reply(
        texts(
            "profile-summary",
            name=member.name,
            # A member who gave up a recycled number to its new holder has none.
            phone=isolate_ltr(texts.digits(member.phone))
            if member.phone
            else texts("profile-no-phone"),
            birthdate=birth,
            code=texts.digits(member.code),
        ),
        markup=keyboards.inline(
            ((texts("button-edit-name"), "profile:name"),),
            ((texts("button-edit-birthdate"), "profile:birth"),),
        ),
    )


def _can_change_birth_date(context: ClubContext) -> bool:
    member = context.member
    assert member is not None
    limit = context.club.settings.birth_date_changes
    return member.birth_date is None or member.birth_date_changes < limit


async def on_edit(update: Update, context: ClubContext) -> None:
    """The edit buttons under the profile."""
    query = update.callback_query
    assert query is not None and query.from_user
    message = await keyboards.pressed_message(query, context)
    if message is None:
        return
    context.answer(query)
    texts = context.texts
    if context.member is None:
        return
    if query.data == "profile:birth" and not _can_change_birth_date(context):
        context.reply(texts("error-birthdate-locked"))
        return
    step = EDIT_NAME if query.data == "profile:name" else EDIT_BIRTHDATE
    state = Conversation(PROFILE, step, {})
    await context.club.conversations.save(context.platform, query.from_user.id, state)
    context.conversation = state
    await prompt(message, context)


async def prompt(message: Message, context: ClubContext) -> None:
    state, texts = context.conversation, context.texts
    key = "profile-ask-name" if state and state.step == EDIT_NAME else "profile-ask-birthdate"
    context.reply(texts(key), markup=keyboards.reply(texts, ("button-cancel",)))


async def on_text(update: Update, context: ClubContext, state: Conversation) -> None:
    message, member, texts = update.effective_message, context.member, context.texts
    assert message is not None and message.text is not None and message.from_user
    assert member is not None  # the text router sends only members' edits here
    profiles, chat = context.club.profiles, (context.platform.value, message.from_user.id)
    if state.step == EDIT_NAME:
        try:
            name = validate_name(message.text)
        except InvalidName as error:
            context.reply(texts(error.key))
            await prompt(message, context)
            return
        await profiles.rename(member_id=member.id, name=name, chat=chat)
        reply = texts("profile-name-saved", name=name)
    else:
        try:
            birth_date = parse_birth_date(message.text, today=context.club.today())
        except BirthDateError as error:
            context.reply(texts(error.key))
            await prompt(message, context)
            return
        points = await profiles.set_birth_date(
            member_id=member.id, birth_date=birth_date, chat=chat
        )
        if points is None:
            reply = texts("error-birthdate-locked")
        elif points:
            reply = texts("profile-birthdate-saved-points", date=birth_date, points=points)
        else:
            reply = texts("profile-birthdate-saved", date=birth_date)
    context.conversation = None  # ended in the same transaction as the edit
    context.reply(reply, markup=keyboards.main_menu(texts))
