"""Feedback threads: "contact us" for members, /tickets and its buttons for the team, and
"not my purchase" on a purchase notice.

A member sees and presses only their own tickets: every member button names a ticket that is
checked against the presser (someone else's is as if it did not exist), and anyone who has not
joined is told how to. Every team press asks the matrix again (Action.TICKETS; a void also
Action.VOID); the member's phone is shown only to whoever may see it (Action.MEMBER_PRIVATE).

Buttons: member `tkm:k:<kind>` (the topic), `tkm:new` (a new ticket while one is live),
`tkm:re:<n>` (answer back), `notmine:<purchase>`; team `tk:list`, `tk:show:<n>`,
`tk:ans:<n>` (asks for the answer), `tk:close:<n>`, `tk:void:<n>` (asks), `tk:voidy:<n>`.

```mermaid
stateDiagram-v2
    [*] --> MESSAGE: menu "contact us", then a topic button
    MESSAGE --> MESSAGE: empty, too long, a sticker (said why)
    MESSAGE --> FOLLOW: text or a photo with a caption: a ticket number
    [*] --> FOLLOW: menu "contact us" with a live ticket, or "answer" on the team's reply
    FOLLOW --> FOLLOW: each message is added to the ticket
    FOLLOW --> [*]: the ticket was closed, a menu button, /cancel
    [*] --> ANSWER: team "answer"
    ANSWER --> ANSWER: empty or too long
    ANSWER --> [*]: the answer reaches the member
```
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from telegram import CallbackQuery, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot import keyboards
from bot.club import audit
from bot.club import tickets as club_tickets
from bot.club.callback_data import parse_callback_int
from bot.club.model import MemberNotFound
from bot.club.permissions import Action
from bot.club.phones import isolate_ltr
from bot.club.purchases import MAX_NUMBER, PurchaseRefused
from bot.club.tickets import Ticket, TicketRefused
from bot.context import ClubContext
from bot.handlers.authority import permitted, require, role_for
from bot.handlers.flows import TeamFlow, register_flow
from bot.handlers.member_items import register_item
from bot.storage.conversations import Conversation
from bot.storage.outbox import MessageClass
from bot.storage.tables import purchases

FLOW, MESSAGE, FOLLOW = "ticket", "MESSAGE", "FOLLOW"
ANSWER_FLOW, ANSWER = "ticket-answer", "ANSWER"
MAX_TICKET = 2**31 - 1
# /tickets shows this many open tickets (oldest first) and counts the rest.
LIST_LIMIT = 20
# A thread on screen stays under a message's 4096 characters: oldest messages give way.
THREAD_CHARS = 3500


def handlers() -> list[BaseHandler[Any, Any, Any]]:
    """This module's command and buttons, registered in bot/handlers/__init__.py."""
    return [
        CommandHandler("tickets", tickets_command),
        CallbackQueryHandler(on_member_button, pattern=r"^tkm:"),
        CallbackQueryHandler(on_not_mine, pattern=r"^notmine:"),
        CallbackQueryHandler(on_team_button, pattern=r"^tk:"),
    ]


def number_of(context: ClubContext, number: int) -> str:
    return context.texts.digits(str(number))


def not_mine_button(context: ClubContext, purchase_number: int) -> tuple[str, str]:
    """The "not my purchase" button a purchase notice carries (bot/handlers/staff.py)."""
    return context.texts("button-ticket-not-mine"), f"notmine:{purchase_number}"


# The member's side


async def contact_screen(message: Any, context: ClubContext) -> None:
    """Contact us: a live ticket takes the next message; else the topic is asked."""
    member = context.member
    assert member is not None
    async with context.club.db.read() as conn:
        live = await club_tickets.live_for_member(conn, member.id)
    if live is None:
        _ask_kind(context)
        return
    await _follow(context, live.number)
    context.reply(
        context.texts("ticket-live", number=number_of(context, live.number)),
        markup=keyboards.inline(((context.texts("button-ticket-new"), "tkm:new"),)),
    )


def _ask_kind(context: ClubContext) -> None:
    texts = context.texts
    context.reply(
        texts("ticket-ask-kind"),
        markup=keyboards.inline(
            *(
                ((texts(f"ticket-kind-{kind}"), f"tkm:k:{kind}"),)
                for kind in club_tickets.MEMBER_KINDS
            )
        ),
    )


async def _follow(context: ClubContext, number: int) -> None:
    await context.save_conversation(Conversation(FLOW, FOLLOW, {"number": number}))


async def on_member_button(update: Update, context: ClubContext) -> None:
    """`tkm:` presses: members only, and only about their own tickets."""
    query = update.callback_query
    assert query is not None and query.data is not None
    member, texts = context.member, context.texts
    if member is None:
        context.answer(query, texts("hint-start"))
        return
    _, verb, *rest = query.data.split(":")
    if verb == "new" and not rest:
        context.answer(query)
        context.edit_markup(query.message)
        _ask_kind(context)
    elif verb == "k" and len(rest) == 1 and rest[0] in club_tickets.MEMBER_KINDS:
        context.answer(query)
        await context.save_conversation(Conversation(FLOW, MESSAGE, {"kind": rest[0]}))
        context.edit(
            query.message, texts("ticket-ask-message", kind=texts(f"ticket-kind-{rest[0]}"))
        )
    elif verb == "re" and len(rest) == 1:
        await _answer_back(context, query, member.id, rest[0])
    else:
        context.answer(query, texts("hint-stale-button"))


async def _answer_back(
    context: ClubContext, query: CallbackQuery, member_id: int, arg: str
) -> None:
    texts = context.texts
    number = parse_callback_int(arg, max_value=MAX_TICKET)
    found = None
    if number is not None:
        async with context.club.db.read() as conn:
            found = await club_tickets.get_for_member(conn, number, member_id)
    if found is None:
        context.answer(query, texts("hint-stale-button"))
        return
    if found.status == club_tickets.CLOSED:
        context.answer(query, texts("ticket-error-closed"))
        return
    context.answer(query)
    await _follow(context, found.number)
    context.reply(texts("ticket-ask-follow", number=number_of(context, found.number)))


async def _member_says(
    update: Update, context: ClubContext, state: Conversation, text: str, photo: Any
) -> None:
    """A member's message at MESSAGE (a new ticket) or FOLLOW (added to theirs)."""
    member, texts = context.member, context.texts
    if member is None:  # erased meanwhile
        await context.clear_conversation()
        context.reply(texts("hint-start"))
        return
    try:
        text = club_tickets.check_text(text) if photo is None or text.strip() else ""
    except TicketRefused as refused:
        context.reply(texts(refused.key, limit=club_tickets.MAX_TEXT))
        return
    now = context.club.now()
    async with context.club.db.write() as conn:
        if state.step == MESSAGE:
            number = await club_tickets.open_in(
                conn, member_id=member.id, kind=state.data["kind"], text=text, now=now, photo=photo
            )
            key = "ticket-opened"
        else:
            number = int(state.data["number"])
            try:
                await club_tickets.add_member_message(
                    conn, number=number, member_id=member.id, text=text, now=now, photo=photo
                )
            except TicketRefused:
                await context.clear_conversation()
                context.reply(
                    texts("ticket-closed-new", number=number_of(context, number)),
                    markup=keyboards.main_menu(texts),
                )
                return
            key = "ticket-added"
    await _follow(context, number)
    context.reply(texts(key, number=number_of(context, number)))
    await announce(context, number)


async def _on_member_text(update: Update, context: ClubContext, state: Conversation) -> None:
    assert update.effective_message is not None
    await _member_says(update, context, state, update.effective_message.text or "", None)


async def _on_member_photo(update: Update, context: ClubContext, state: Conversation) -> None:
    message = update.effective_message
    assert message is not None and message.photo
    photo = {"platform": context.platform.value, "file_id": message.photo[-1].file_id}
    await _member_says(update, context, state, message.caption or "", photo)


async def _member_prompt(update: Update, context: ClubContext, state: Conversation) -> None:
    texts = context.texts
    if state.step == MESSAGE:
        context.reply(texts("ticket-ask-message", kind=texts(f"ticket-kind-{state.data['kind']}")))
    else:
        context.reply(texts("ticket-ask-follow", number=number_of(context, state.data["number"])))


async def on_not_mine(update: Update, context: ClubContext) -> None:
    """Not my purchase, on a purchase notice: a ticket with the purchase attached, flagged
    for staff; only the purchase's own member may, and twice opens one ticket."""
    query = update.callback_query
    assert query is not None and query.data is not None
    member, texts = context.member, context.texts
    if member is None:
        context.answer(query, texts("hint-start"))
        return
    purchase = parse_callback_int(query.data.removeprefix("notmine:"), max_value=MAX_NUMBER)
    if purchase is None:
        context.answer(query, texts("hint-stale-button"))
        return
    try:
        async with context.club.db.write() as conn:
            number, opened = await club_tickets.disown_purchase(
                conn, member_id=member.id, purchase_number=purchase, text="", now=context.club.now()
            )
    except TicketRefused as refused:
        context.answer(query, texts(refused.key))
        return
    key = "ticket-notmine-opened" if opened else "ticket-notmine-already"
    said = texts(key, number=number_of(context, number), purchase=number_of(context, purchase))
    context.answer(query, said)
    context.reply(said)
    await _follow(context, number)
    if opened:
        await announce(context, number)


# The team's side


async def announce(context: ClubContext, ticket_number: int) -> None:
    """Tells the team (Action.TICKETS) of a new ticket or a member's new message in it, with
    its buttons. Callers: this module, and anyone who opened a ticket with `open_in`."""
    async with context.club.db.read() as conn:
        found = await club_tickets.get(conn, ticket_number)
        thread = await club_tickets.thread(conn, ticket_number)
    if found is None:
        return
    texts = context.texts
    last = thread[-1] if thread else None
    first = len(thread) <= 1
    lines = [
        texts(
            "ticket-team-new" if first else "ticket-team-more",
            number=number_of(context, found.number),
            kind=texts(f"ticket-kind-{found.kind}"),
            name=await _member_name(context, found.member_id),
        )
    ]
    if found.purchase_id is not None:
        lines.append(await _purchase_line(context, found.purchase_id))
    if first:
        lines.extend(_attachment_lines(context, found.attachment))
    if last is not None and last.author == club_tickets.MEMBER:
        lines.extend(_entry_lines(context, last))
    await context.tell_team(Action.TICKETS, "\n".join(lines), await _team_markup(context, found))


async def _member_name(context: ClubContext, member_id: int) -> str:
    try:
        name = (await context.club.members.get(member_id=member_id)).name
    except MemberNotFound:
        name = None
    return name or context.texts("ticket-member-gone")


def _attachment_lines(context: ClubContext, attachment: dict[str, Any] | None) -> list[str]:
    """What came with a ticket (a survey's answers): `{"title", "answers": [[q, a], ...]}`
    as lines, anything else as its JSON, cut to fit a message."""
    if not attachment:
        return []
    texts = context.texts
    answers = attachment.get("answers")
    if isinstance(answers, list) and all(
        isinstance(pair, list | tuple) and len(pair) == 2 for pair in answers
    ):
        lines = []
        if attachment.get("title"):
            lines.append(texts("ticket-attachment-title", title=str(attachment["title"])))
        for question, answer in answers:
            lines.append(
                texts("ticket-attachment-line", question=str(question), answer=str(answer))
            )
        return lines
    return [json.dumps(attachment, ensure_ascii=False)[:1000]]


async def _purchase_line(context: ClubContext, purchase_id: int) -> str:
    async with context.club.db.read() as conn:
        row = (
            await conn.execute(sa.select(purchases).where(purchases.c.id == purchase_id))
        ).first()
    assert row is not None
    return context.texts(
        "ticket-purchase-voided" if row.voided_at is not None else "ticket-purchase",
        purchase=number_of(context, row.id),
        amount=int(row.amount_toman),
        date=row.created_at,
    )


async def _purchase_live(context: ClubContext, purchase_id: int) -> bool:
    view = await context.club.purchases.view(number=purchase_id)
    return view is not None and not view.voided


def _entry_lines(context: ClubContext, entry: club_tickets.Entry) -> list[str]:
    texts = context.texts
    who = texts("ticket-from-member" if entry.author == club_tickets.MEMBER else "ticket-from-team")
    lines = [texts("ticket-entry", who=who, at=entry.created_at, text=entry.text or "-")]
    if entry.photo is not None:
        lines.append(
            texts("ticket-entry-photo", platform=texts(f"platform-{entry.photo['platform']}"))
        )
    return lines


async def _team_markup(context: ClubContext, found: Ticket) -> InlineKeyboardMarkup:
    texts, n = context.texts, found.number
    if found.status == club_tickets.CLOSED:
        return keyboards.inline(((texts("button-ticket-list"), "tk:list"),))
    rows: list[tuple[tuple[str, str], ...]] = [
        (
            (texts("button-ticket-answer"), f"tk:ans:{n}"),
            (texts("button-ticket-close"), f"tk:close:{n}"),
        ),
    ]
    if found.purchase_id is not None and await _purchase_live(context, found.purchase_id):
        rows.append(((texts("button-ticket-void"), f"tk:void:{n}"),))
    rows.append(((texts("button-ticket-thread"), f"tk:show:{n}"),))
    return keyboards.inline(*rows)


async def tickets_command(update: Update, context: ClubContext) -> None:
    """/tickets: open tickets, oldest first, with their age; each opens its thread."""
    if await require(context, Action.TICKETS):
        text, markup = await _list_screen(context)
        context.reply(text, markup=markup)


async def open_from_admin(context: ClubContext) -> None:
    """The /admin menu's button for this screen (the role was asked by the menu)."""
    text, markup = await _list_screen(context)
    context.reply(text, markup=markup)


def age_of(context: ClubContext, since: datetime) -> str:
    """How long a ticket has waited, in the largest whole unit (minutes, hours, days)."""
    waited = max(context.club.now() - since, timedelta(0))
    minutes = int(waited.total_seconds() // 60)
    if minutes < 60:
        return context.texts("ticket-age-minutes", count=minutes)
    if minutes < 24 * 60:
        return context.texts("ticket-age-hours", count=minutes // 60)
    return context.texts("ticket-age-days", count=minutes // (24 * 60))


async def _list_screen(context: ClubContext) -> tuple[str, InlineKeyboardMarkup | None]:
    texts = context.texts
    async with context.club.db.read() as conn:
        found = await club_tickets.open_list(conn, limit=LIST_LIMIT)
        total = await club_tickets.count_open(conn)
    if not found:
        return texts("ticket-list-empty"), None
    rows = [
        (
            (
                texts(
                    "button-ticket-row",
                    number=number_of(context, item.number),
                    kind=texts(f"ticket-kind-{item.kind}"),
                    age=age_of(context, item.created_at),
                ),
                f"tk:show:{item.number}",
            ),
        )
        for item in found
    ]
    title = texts("ticket-list-title", count=total)
    if total > len(found):
        title += "\n" + texts("ticket-list-more", count=total - len(found))
    return title, keyboards.inline(*rows)


async def _thread_screen(context: ClubContext, found: Ticket) -> str:
    texts = context.texts
    try:
        member = await context.club.members.get(member_id=found.member_id)
        name, code, phone = member.name, member.code, member.phone
    except MemberNotFound:
        name, code, phone = None, "-", None
    name = name or texts("ticket-member-gone")
    code = code or "-"
    head = [
        texts(
            "ticket-thread-head",
            number=number_of(context, found.number),
            kind=texts(f"ticket-kind-{found.kind}"),
            status=texts(f"ticket-status-{found.status}"),
            name=name,
            code=texts.digits(code),
            opened=found.created_at,
            age=age_of(context, found.created_at),
        )
    ]
    if phone is not None and await permitted(context, Action.MEMBER_PRIVATE):
        head.append(texts("ticket-thread-phone", phone=isolate_ltr(texts.digits(phone))))
    if found.purchase_id is not None:
        head.append(await _purchase_line(context, found.purchase_id))
    head.extend(_attachment_lines(context, found.attachment))
    async with context.club.db.read() as conn:
        entries = await club_tickets.thread(conn, found.number)
    body = [line for entry in entries for line in [*_entry_lines(context, entry), ""]]
    while len("\n".join(head + body)) > THREAD_CHARS and len(body) > 2:
        body = body[1:]
    return "\n".join([*head, "", *body]).rstrip()


async def _show_photos(context: ClubContext, number: int) -> None:
    """A thread's photos sent on this messenger (a file_id works only where it was sent)."""
    async with context.club.db.read() as conn:
        entries = await club_tickets.thread(conn, number)
    for entry in entries:
        if entry.photo is not None and entry.photo["platform"] == context.platform.value:
            caption = context.texts("ticket-photo-caption", number=number_of(context, number))
            context.reply_photo_id(entry.photo["file_id"], caption)


async def on_team_button(update: Update, context: ClubContext) -> None:
    """Every `tk:` press: the matrix asked again, then what the data names."""
    query = update.callback_query
    assert query is not None and query.data is not None
    if not await require(context, Action.TICKETS, query):
        return
    _, verb, *rest = query.data.split(":")
    if verb == "list" and not rest:
        context.answer(query)
        text, markup = await _list_screen(context)
        context.reply(text, markup=markup)
        return
    number = parse_callback_int(rest[0], max_value=MAX_TICKET) if len(rest) == 1 else None
    action = _TEAM_BUTTONS.get(verb)
    found = None
    if number is not None and action is not None:
        async with context.club.db.read() as conn:
            found = await club_tickets.get(conn, number)
    if found is None or action is None:
        context.answer(query, context.texts("hint-stale-button"))
        return
    await action(context, query, found)


async def _show(context: ClubContext, query: CallbackQuery, found: Ticket) -> None:
    context.answer(query)
    context.reply(await _thread_screen(context, found), markup=await _team_markup(context, found))
    await _show_photos(context, found.number)


async def _ask_answer(context: ClubContext, query: CallbackQuery, found: Ticket) -> None:
    if found.status == club_tickets.CLOSED:
        context.answer(query, context.texts("ticket-error-closed"))
        return
    context.answer(query)
    await context.save_conversation(Conversation(ANSWER_FLOW, ANSWER, {"number": found.number}))
    context.reply(context.texts("ticket-ask-answer", number=number_of(context, found.number)))


async def _close(context: ClubContext, query: CallbackQuery, found: Ticket) -> None:
    texts, number = context.texts, number_of(context, found.number)
    async with context.club.db.write() as conn:
        closed = await club_tickets.close(conn, number=found.number, now=context.club.now())
    if closed is None:
        context.answer(query, texts("ticket-already-closed", number=number))
        context.edit_markup(query.message)
        return
    await _audit(context, "ticket_closed", found)
    context.answer(query, texts("ticket-closed-team", number=number))
    context.edit_markup(query.message)
    context.reply(texts("ticket-closed-team", number=number))
    context.notify(found.member_id, texts("ticket-closed-member", number=number))


async def _ask_void(context: ClubContext, query: CallbackQuery, found: Ticket) -> None:
    if not await require(context, Action.VOID, query):
        return
    texts = context.texts
    if found.purchase_id is None or not await _purchase_live(context, found.purchase_id):
        context.answer(query, texts("ticket-void-nothing"))
        return
    context.answer(query)
    context.reply(
        texts("ticket-void-confirm", line=await _purchase_line(context, found.purchase_id)),
        markup=keyboards.inline(
            (
                (texts("button-ticket-void-yes"), f"tk:voidy:{found.number}"),
                (texts("button-ticket-void-no"), f"tk:show:{found.number}"),
            )
        ),
    )


async def _void(context: ClubContext, query: CallbackQuery, found: Ticket) -> None:
    """Voids the disowned purchase (audited), tells the member in the ticket's thread."""
    if not await require(context, Action.VOID, query):
        return
    texts = context.texts
    if found.purchase_id is None:
        context.answer(query, texts("ticket-void-nothing"))
        return
    try:
        voided = await context.club.purchases.void(number=found.purchase_id)
    except PurchaseRefused:
        said = texts("ticket-void-already", purchase=number_of(context, found.purchase_id))
        context.answer(query, said)
        context.edit(query.message, said)
        return
    await context.club.team.record(
        actor=context.actor,
        role=await role_for(context, Action.VOID),
        action=Action.VOID.value,
        target=audit.member_target(voided.member_id),
        number=voided.number,
        amount=voided.amount,
        reclaimed=voided.reclaimed,
        refunded=voided.refunded or None,
        ticket=found.number,
    )
    number = number_of(context, found.number)
    note = texts("ticket-void-note", purchase=number_of(context, voided.number))
    async with context.club.db.write() as conn:
        try:
            await club_tickets.answer(
                conn, number=found.number, actor=context.actor, text=note, now=context.club.now()
            )
        except TicketRefused:
            pass  # closed meanwhile: the void stands, the member is still told
    said = texts(
        "ticket-void-done", purchase=number_of(context, voided.number), points=voided.reclaimed
    )
    context.answer(query)
    context.edit(query.message, said)
    balance = (await context.club.members.get(member_id=voided.member_id)).balance
    context.notify(
        voided.member_id,
        texts(
            "ticket-void-member",
            number=number,
            purchase=number_of(context, voided.number),
            points=voided.reclaimed,
            balance=balance,
        ),
        keyboards.inline(((texts("button-ticket-reply"), f"tkm:re:{found.number}"),)),
        klass=MessageClass.TRANSACTIONAL,
    )


_TEAM_BUTTONS = {
    "show": _show,
    "ans": _ask_answer,
    "close": _close,
    "void": _ask_void,
    "voidy": _void,
}


async def _audit(context: ClubContext, action: str, found: Ticket) -> None:
    await context.club.team.record(
        actor=context.actor,
        role=await role_for(context, Action.TICKETS),
        action=action,
        target=audit.member_target(found.member_id),
        ticket=found.number,
    )


async def _on_answer_text(update: Update, context: ClubContext, state: Conversation) -> None:
    """The team's answer: to the member's chat (through the outbox), status answered."""
    message = update.effective_message
    assert message is not None
    texts = context.texts
    if not await require(context, Action.TICKETS):
        await context.clear_conversation()
        return
    try:
        text = club_tickets.check_text(message.text or "")
    except TicketRefused as refused:
        context.reply(texts(refused.key, limit=club_tickets.MAX_TEXT))
        return
    number = int(state.data["number"])
    shown = number_of(context, number)
    await context.clear_conversation()
    try:
        async with context.club.db.write() as conn:
            found = await club_tickets.answer(
                conn, number=number, actor=context.actor, text=text, now=context.club.now()
            )
    except TicketRefused:
        context.reply(texts("ticket-error-closed"))
        return
    await _audit(context, "ticket_answered", found)
    context.reply(texts("ticket-answer-sent", number=shown))
    context.notify(
        found.member_id,
        texts("ticket-reply-member", number=shown, text=text),
        keyboards.inline(((texts("button-ticket-reply"), f"tkm:re:{number}"),)),
    )


async def _answer_prompt(update: Update, context: ClubContext, state: Conversation) -> None:
    context.reply(
        context.texts("ticket-ask-answer", number=number_of(context, state.data["number"]))
    )


register_flow(
    FLOW,
    TeamFlow(
        on_text=_on_member_text,
        prompt=_member_prompt,
        cancelled="ticket-cancelled",
        on_photo=_on_member_photo,
    ),
)
register_flow(
    ANSWER_FLOW,
    TeamFlow(on_text=_on_answer_text, prompt=_answer_prompt, cancelled="ticket-answer-cancelled"),
)
register_item("button-contact", contact_screen)
