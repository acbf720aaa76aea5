"""/member: staff look a member up; admins correct a birth date the member can no longer change.

Every lookup writes an audit row (who looked at whom). What the card shows beyond name, tier,
balance and purchases (full phone, birth date) and the correction button are the matrix's
answers (Action.MEMBER_PRIVATE, Action.MEMBER_CORRECT), asked again at every press and step.
Buttons: `member:birth:<member id>` starts a correction, `member:save` / `member:drop` answer
its confirmation; the date waits in the admin's conversation row (write-through).

```mermaid
stateDiagram-v2
    [*] --> FIX_BIRTHDATE: member:birth button
    FIX_BIRTHDATE --> FIX_BIRTHDATE: a date that does not parse (its own error)
    FIX_BIRTHDATE --> FIX_CONFIRM: a valid Jalali date
    FIX_CONFIRM --> FIX_CONFIRM: another date typed instead
    FIX_CONFIRM --> [*]: save (audited, member told) or drop; /cancel at any step
```
"""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from telegram import ReplyKeyboardRemove, Update

from bot import keyboards
from bot.club import audit
from bot.club.callback_data import parse_callback_int
from bot.club.codes import classify_member_code
from bot.club.jalali import BirthDateError, parse_birth_date
from bot.club.lookup import last_purchases, mask_phone
from bot.club.model import Member, MemberNotFound
from bot.club.permissions import Action
from bot.club.phones import isolate_ltr
from bot.context import ClubContext
from bot.conversations.states import FIX_BIRTHDATE, FIX_CONFIRM, MEMBER_FIX
from bot.handlers.authority import permitted, require, role_for
from bot.handlers.staff import member_named
from bot.handlers.till import number_shown
from bot.storage.conversations import Conversation

MAX_MEMBER_ID = 2**31 - 1


async def member(update: Update, context: ClubContext) -> None:
    """/member <member code or phone>: the member's card, as this person's roles may see it."""
    if not await require(context, Action.MEMBER_LOOKUP):
        return
    typed = " ".join(context.args or [])
    if not typed:
        context.reply(context.texts("member-usage"))
        return
    found = await member_named(context, typed)
    if found is None:
        return
    await context.club.team.record(
        actor=context.actor,
        role=await role_for(context, Action.MEMBER_LOOKUP),
        action="member_lookup",
        target=audit.member_target(found.id),
        by="code" if classify_member_code(typed).kind == "code" else "phone",
    )
    await _show(context, found)


async def _show(context: ClubContext, found: Member) -> None:
    texts = context.texts
    private = await permitted(context, Action.MEMBER_PRIVATE)
    if found.phone is None:
        phone = texts("profile-no-phone")
    else:
        phone = isolate_ltr(texts.digits(found.phone if private else mask_phone(found.phone)))
    lines = [
        texts(
            "member-card",
            name=found.name,
            code=texts.digits(found.code),
            tier=texts(f"tier-{found.tier}"),
            balance=found.balance,
            phone=phone,
        )
    ]
    if private:
        birth = texts.date(found.birth_date) if found.birth_date else texts("profile-no-birthdate")
        lines.append(texts("member-card-birthdate", birthdate=birth))
    bought = await last_purchases(context.club, found.id)
    zone = ZoneInfo(context.club.settings.timezone)
    lines.append(texts("member-purchases-title" if bought else "member-no-purchases"))
    for line in bought:
        key = "member-purchase-line-voided" if line.voided else "member-purchase-line"
        when = texts.date(line.at.astimezone(zone).date())
        lines.append(
            texts(key, number=number_shown(context, line.number), amount=line.amount, date=when)
        )
    markup = None
    if await permitted(context, Action.MEMBER_CORRECT):
        markup = keyboards.inline(
            ((texts("button-member-fix-birthdate"), f"member:birth:{found.id}"),)
        )
    context.reply("\n".join(lines), markup=markup)


async def on_button(update: Update, context: ClubContext) -> None:
    """`member:birth:<id>`, `member:save`, `member:drop`: asked again of whoever pressed."""
    query = update.callback_query
    assert query is not None and query.data is not None and query.from_user is not None
    if not await require(context, Action.MEMBER_CORRECT, query):
        return
    texts, club = context.texts, context.club
    _, verb, *rest = query.data.split(":")
    state = context.conversation
    chat = (context.platform.value, query.from_user.id)
    if verb == "birth" and len(rest) == 1:
        member_id = parse_callback_int(rest[0], max_value=MAX_MEMBER_ID)
        try:
            target = await club.members.get(member_id=member_id) if member_id else None
        except MemberNotFound:
            target = None
        if target is None:
            context.answer(query, texts("member-gone"))
            return
        state = Conversation(
            MEMBER_FIX, FIX_BIRTHDATE, {"member_id": target.id, "name": target.name}
        )
        await club.conversations.save(*chat, state)
        context.conversation = state
        context.answer(query)
        prompt(context)
        return
    if state is None or state.flow != MEMBER_FIX or state.step != FIX_CONFIRM or rest:
        context.answer(query, texts("hint-stale-button"))
        context.edit_markup(query.message)
        return
    if verb == "drop":
        await club.conversations.clear(*chat)
        context.conversation = None
        context.answer(query)
        context.edit_markup(query.message)
        context.reply(texts("member-fix-cancelled"), markup=back_markup(context))
        return
    if verb != "save":
        context.answer(query, texts("hint-stale-button"))
        return
    new = date.fromisoformat(state.data["date"])
    role = await role_for(context, Action.MEMBER_CORRECT)
    try:
        before = await club.profiles.correct_birth_date(
            member_id=state.data["member_id"],
            birth_date=new,
            chat=chat,
            actor=context.actor,
            role=role.value if role else None,
        )
    except MemberNotFound:
        await club.conversations.clear(*chat)
        context.conversation = None
        context.answer(query, texts("member-gone"))
        context.edit(query.message, texts("member-gone"))
        return
    context.conversation = None
    context.answer(query)
    context.edit_markup(query.message)
    context.reply(
        texts("member-fix-saved", name=before.name, date=texts.date(new)),
        markup=back_markup(context),
    )
    context.notify(before.id, texts("member-birthdate-corrected", date=texts.date(new)))


def prompt(context: ClubContext) -> None:
    """Asks for the date again (the step stays until a valid one or /cancel)."""
    state, texts = context.conversation, context.texts
    name = state.data.get("name", "") if state else ""
    context.reply(
        texts("member-fix-ask", name=name), markup=keyboards.reply(texts, ("button-cancel",))
    )


async def on_text(update: Update, context: ClubContext, state: Conversation) -> None:
    """A date typed in a correction: its own error and the same step, or the confirmation."""
    message = update.effective_message
    assert message is not None and message.text is not None and message.from_user is not None
    texts, club = context.texts, context.club
    chat = (context.platform.value, message.from_user.id)
    if not await require(context, Action.MEMBER_CORRECT):
        # The role was taken away mid-correction: the half-done step goes with it.
        await club.conversations.clear(*chat)
        context.conversation = None
        return
    try:
        new = parse_birth_date(message.text, today=club.today())
    except BirthDateError as error:
        context.reply(texts(error.key))
        prompt(context)
        return
    state = Conversation(MEMBER_FIX, FIX_CONFIRM, state.data | {"date": new.isoformat()})
    await club.conversations.save(*chat, state)
    context.conversation = state
    context.reply(
        texts("member-fix-confirm", name=state.data.get("name", ""), date=texts.date(new)),
        markup=keyboards.inline(
            (
                (texts("button-confirm"), "member:save"),
                (texts("button-cancel"), "member:drop"),
            ),
        ),
    )


def back_markup(context: ClubContext) -> keyboards.ReplyKeyboardMarkup | ReplyKeyboardRemove:
    """The admin's own keyboard back: the menu for a member, none for the rest of the team."""
    if context.member is not None:
        return keyboards.main_menu(context.texts)
    return ReplyKeyboardRemove()
