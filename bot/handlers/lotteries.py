"""Lotteries: members buy tickets from the menu item `button-lotteries`; admins build, draw and
cancel them with /lotteries (Action.LOTTERIES, asked again at every press).

Member buttons (`lot:`), members only (anyone else is told how to join): `lot:list`,
`lot:mine`, `lot:s:<id>` (a lottery), `lot:b:<id>:<n>` (the confirmation of n tickets, with
price and balance), `lot:y:<id>:<n>:<seq>` (buy: the member's purchase number `seq` is fixed
by the confirmation, so a double tap buys once). Admin buttons (`lta:`): `lta:list`, `lta:new`,
`lta:show|draw|drawy|cancel|cancely:<id>`, and the builder's `lta:a:all|s:<segment id>` and
`lta:save|drop:<nonce>`.

```mermaid
stateDiagram-v2
    [*] --> TITLE: New lottery
    TITLE --> PRIZES --> PRICE
    PRICE --> PER_MEMBER: a price in points
    PRICE --> AUDIENCE: free (one ticket each)
    PER_MEMBER --> AUDIENCE --> DEADLINE --> PREVIEW
    PREVIEW --> [*]: Save (once, by its nonce): created, announced; or Discard; /cancel
```
"""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from telegram import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    ReplyKeyboardRemove,
    Update,
)
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, filters

from bot import keyboards
from bot.club import ledger, lotteries, segments
from bot.club.broadcasts import Draft as BroadcastDraft
from bot.club.callback_data import parse_callback_int
from bot.club.jalali import MAX_LEAD, parse_moment
from bot.club.lotteries import BuyRefused, Lottery, Prize
from bot.club.permissions import Action
from bot.context import ClubContext
from bot.handlers.authority import require, role_for
from bot.handlers.flows import TeamFlow, register_flow
from bot.handlers.member_items import register_item
from bot.outgoing import markup_data
from bot.storage.conversations import Conversation

FLOW = "lottery-admin"
TITLE, PRIZES, PRICE, PER_MEMBER = "TITLE", "PRIZES", "PRICE", "PER_MEMBER"
AUDIENCE, DEADLINE, PREVIEW = "AUDIENCE", "DEADLINE", "PREVIEW"
MAX_ID = 2**31 - 1
BUY_CHOICES = (1, 5, 10)


def handlers() -> list[BaseHandler[Any, Any, Any]]:
    """This module's command and buttons, registered in bot/handlers/__init__.py."""
    return [
        CommandHandler("lotteries", command, filters=filters.ChatType.PRIVATE),
        CallbackQueryHandler(on_member, pattern=r"^lot:"),
        CallbackQueryHandler(on_admin, pattern=r"^lta:"),
    ]


# Shared rendering


def _prizes(context: ClubContext, prizes: list[Prize]) -> str:
    texts = context.texts
    return "\n".join(
        texts("lottery-prize-points", prize=k, text=p.text, points=p.points)
        if p.points
        else texts("lottery-prize-line", prize=k, text=p.text)
        for k, p in enumerate(prizes, start=1)
    )


def _price(context: ClubContext, price: int) -> str:
    texts = context.texts
    return texts("lottery-price", price=price) if price else texts("lottery-free")


def _card(context: ClubContext, found: Lottery | lotteries.Draft, commitment: str = "") -> str:
    """The lottery as members see it (the admin's preview too)."""
    texts = context.texts
    text = texts(
        "lottery-card",
        title=texts.digits(found.title),
        prizes=_prizes(context, found.prizes),
        price=_price(context, found.price),
        deadline=found.deadline,
    )
    if found.price:
        text += "\n" + texts("lottery-cap", cap=found.per_member)
    if commitment:
        text += "\n" + texts("lottery-commitment", commitment=commitment)
    return text


def _show(
    context: ClubContext, query: CallbackQuery | None, text: str, markup: InlineKeyboardMarkup
) -> None:
    if query is not None:
        context.edit(query.message, text, markup)
    else:
        context.reply(text, markup=markup)


# The member's side


async def show_open(message: Message, context: ClubContext) -> None:
    """The member menu item `button-lotteries`: open lotteries for them."""
    await _open_list(context, None)


async def _open_list(context: ClubContext, query: CallbackQuery | None) -> None:
    club, texts, member = context.club, context.texts, context.member
    assert member is not None
    async with club.db.read() as conn:
        found = await lotteries.open_for(conn, member.id, settings=club.settings, now=club.now())
    rows = [((texts("button-lottery-item", title=f.title), f"lot:s:{f.id}"),) for f in found]
    rows.append(((texts("button-lottery-mine"), "lot:mine"),))
    title = texts("lottery-list-title") if found else texts("lottery-list-empty")
    _show(context, query, title, keyboards.inline(*rows))


async def _member_screen(context: ClubContext, query: CallbackQuery, found: Lottery) -> None:
    club, texts, member = context.club, context.texts, context.member
    assert member is not None
    async with club.db.read() as conn:
        _, tickets = await lotteries.held(conn, found.id, member.id)
    lines = [_card(context, found, found.commitment), texts("lottery-yours", tickets=tickets)]
    rows: list[tuple[tuple[str, str], ...]] = []
    if found.on_sale(club.now()):
        cap = found.per_member if found.price else 1
        for n in BUY_CHOICES:
            if tickets + n <= cap:
                rows.append(((texts("button-lottery-buy", count=n), f"lot:b:{found.id}:{n}"),))
        if not rows:
            lines.append(texts("lottery-cap-reached"))
    else:
        lines.append(texts("lottery-closed"))
    rows.append(((texts("button-lottery-back"), "lot:list"),))
    context.edit(query.message, "\n".join(lines), keyboards.inline(*rows))


async def _confirm(context: ClubContext, query: CallbackQuery, found: Lottery, count: int) -> None:
    """Price and balance before anything is taken; the button fixes the purchase's number."""
    club, texts, member = context.club, context.texts, context.member
    assert member is not None
    async with club.db.read() as conn:
        purchases, _ = await lotteries.held(conn, found.id, member.id)
        balance = await ledger.balance(conn, member_id=member.id)
    cost = found.price * count
    back = ((texts("button-lottery-back"), f"lot:s:{found.id}"),)
    if cost > balance:
        text = texts("lottery-too-few-points", cost=cost, balance=balance)
        context.edit(query.message, text, keyboards.inline(back))
        return
    text = texts(
        "lottery-confirm", title=texts.digits(found.title), count=count, cost=cost, balance=balance
    )
    yes = (texts("button-lottery-yes"), f"lot:y:{found.id}:{count}:{purchases + 1}")
    context.edit(query.message, text, keyboards.inline((yes,), back))


async def _buy(
    context: ClubContext, query: CallbackQuery, found: Lottery, count: int, seq: int
) -> None:
    club, texts, member = context.club, context.texts, context.member
    assert member is not None
    try:
        async with club.db.write() as conn:
            bought = await lotteries.buy(
                conn,
                lottery_id=found.id,
                member_id=member.id,
                seq=seq,
                count=count,
                settings=club.settings,
                now=club.now(),
            )
            _, tickets = await lotteries.held(conn, found.id, member.id)
            balance = await ledger.balance(conn, member_id=member.id)
    except ledger.InsufficientPoints:
        context.answer(query, texts("lottery-too-few-points-short"))
        return
    except BuyRefused as refused:
        context.answer(query, texts(refused.key))
        return
    said = texts("lottery-bought" if bought else "lottery-already-bought")
    context.answer(query, said)
    text = "\n".join(
        [said, texts("lottery-yours", tickets=tickets), texts("lottery-balance", balance=balance)]
    )
    back = ((texts("button-lottery-back"), f"lot:s:{found.id}"),)
    context.edit(query.message, text, keyboards.inline(back))


async def _mine(context: ClubContext, query: CallbackQuery) -> None:
    texts, member = context.texts, context.member
    assert member is not None
    async with context.club.db.read() as conn:
        found = await lotteries.mine(conn, member.id)
    lines = [texts("lottery-mine-title") if found else texts("lottery-mine-empty")]
    for lottery, tickets, prize in found:
        if lottery.status == lotteries.DRAWN:
            state = (
                texts("lottery-mine-won", prize=lottery.prizes[prize - 1].text)
                if prize
                else texts("lottery-mine-drawn")
            )
        else:
            state = texts(f"lottery-status-{lottery.status}")
        lines.append(
            texts(
                "lottery-mine-line", title=texts.digits(lottery.title), tickets=tickets, state=state
            )
        )
    back = ((texts("button-lottery-back"), "lot:list"),)
    context.edit(query.message, "\n".join(lines), keyboards.inline(back))


async def on_member(update: Update, context: ClubContext) -> None:
    """Every `lot:` press; members only."""
    query = update.callback_query
    assert query is not None and query.data is not None
    message = await keyboards.pressed_message(query, context)
    if message is None:
        return
    texts = context.texts
    if context.member is None:
        context.answer(query, texts("hint-start"))
        return
    verb, *rest = query.data.split(":")[1:]
    if verb in ("list", "mine") and not rest:
        context.answer(query)
        await (_open_list(context, query) if verb == "list" else _mine(context, query))
        return
    numbers = [parse_callback_int(part, max_value=MAX_ID) for part in rest]
    shape = {"s": 1, "b": 2, "y": 3}.get(verb)
    if shape is None or len(numbers) != shape or any(n is None for n in numbers):
        context.answer(query, texts("hint-stale-button"))
        return
    lottery_id, *args = [n for n in numbers if n is not None]
    async with context.club.db.read() as conn:
        found = await lotteries.get_in(conn, lottery_id)
        shown = found is not None and await lotteries.is_for(
            conn, found, context.member.id, settings=context.club.settings, now=context.club.now()
        )
    if found is None or not shown:
        context.answer(query, texts("lottery-unknown"))
        return
    if verb == "y":
        await _buy(context, query, found, args[0], args[1])
        return
    context.answer(query)
    if verb == "s":
        await _member_screen(context, query, found)
    elif not found.on_sale(context.club.now()):
        context.edit(query.message, texts("lottery-closed"))
    else:
        await _confirm(context, query, found, args[0])


register_item("button-lotteries", show_open)


# The admins' side


async def command(update: Update, context: ClubContext) -> None:
    """/lotteries: the lotteries, as the admins see them."""
    if await require(context, Action.LOTTERIES):
        await _admin_list(context, None)


async def open_from_admin(context: ClubContext) -> None:
    """The /admin menu's button for this screen (the role was asked by the menu)."""
    await _admin_list(context, None)


async def _admin_list(context: ClubContext, query: CallbackQuery | None) -> None:
    texts = context.texts
    async with context.club.db.read() as conn:
        found = await lotteries.listed(conn)
    rows = [
        (
            (
                texts(
                    "button-lta-item",
                    title=f.title,
                    status=texts(f"lottery-status-{f.status}"),
                ),
                f"lta:show:{f.id}",
            ),
        )
        for f in found
    ]
    rows.append(((texts("button-lta-new"), "lta:new"),))
    _show(
        context,
        query,
        texts("lta-list-title" if found else "lta-list-empty"),
        keyboards.inline(*rows),
    )


async def _admin_screen(context: ClubContext, query: CallbackQuery | None, found: Lottery) -> None:
    texts = context.texts
    async with context.club.db.read() as conn:
        people = await lotteries.participants(conn, found.id)
        won = await lotteries.winners_of(conn, found.id)
    lines = [
        _card(context, found, found.commitment),
        texts("lta-status", status=texts(f"lottery-status-{found.status}")),
        texts("lta-audience", audience=await _audience_name(context, found.segment_id)),
        texts("lta-sold", tickets=found.tickets, people=people),
    ]
    if found.status == lotteries.DRAWN:
        for prize, _, name in won:
            lines.append(
                texts(
                    "lta-winner-line",
                    prize=prize,
                    text=found.prizes[prize - 1].text,
                    name=name or "-",
                )
            )
        lines.append(texts("lta-seed", seed=found.seed, lottery=str(found.id)))
    rows: list[tuple[tuple[str, str], ...]] = []
    if found.status == lotteries.OPEN:
        rows.append(((texts("button-lta-draw"), f"lta:draw:{found.id}"),))
        rows.append(((texts("button-lta-cancel"), f"lta:cancel:{found.id}"),))
    rows.append(((texts("button-lottery-back"), "lta:list"),))
    _show(context, query, "\n".join(lines), keyboards.inline(*rows))


async def _audience_name(context: ClubContext, segment_id: int | None) -> str:
    texts = context.texts
    if segment_id is None:
        return texts("lta-audience-all")
    found = await segments.get(context.club.db, segment_id)
    return found.name if found else texts.digits(str(segment_id))


async def on_admin(update: Update, context: ClubContext) -> None:
    """Every `lta:` press: the role asked again, then what the data names."""
    query = update.callback_query
    assert query is not None and query.data is not None
    if not await require(context, Action.LOTTERIES, query):
        return
    verb, *rest = query.data.split(":")[1:]
    texts = context.texts
    if verb in ("list", "new") and not rest:
        context.answer(query)
        if verb == "list":
            await _admin_list(context, query)
        else:
            await _start(context)
        return
    if verb not in ("show", "draw", "drawy", "cancel", "cancely"):
        await _on_builder(context, query, verb, rest)
        return
    lottery_id = parse_callback_int(rest[0], max_value=MAX_ID) if len(rest) == 1 else None
    async with context.club.db.read() as conn:
        found = await lotteries.get_in(conn, lottery_id) if lottery_id is not None else None
    if found is None:
        context.answer(query, texts("lottery-unknown"))
        return
    if verb in ("draw", "cancel"):
        context.answer(query)
        yes = (texts(f"button-lta-{verb}-yes"), f"lta:{verb}y:{found.id}")
        back = (texts("button-lottery-back"), f"lta:show:{found.id}")
        said = texts(f"lta-{verb}-confirm", title=texts.digits(found.title))
        context.edit(query.message, said, keyboards.inline((yes, back)))
        return
    if verb == "show":
        context.answer(query)
    else:
        await _act(context, query, found, verb)
    async with context.club.db.read() as conn:
        fresh = await lotteries.get_in(conn, found.id)
    assert fresh is not None
    await _admin_screen(context, query, fresh)


async def _act(context: ClubContext, query: CallbackQuery, found: Lottery, verb: str) -> None:
    """The confirmed draw or cancel: once, whoever pressed first; a second press is told."""
    club, texts = context.club, context.texts
    role = await role_for(context, Action.LOTTERIES)
    role_name = role.value if role else None
    if verb == "drawy":
        done = await lotteries.run_draw(club, found.id, actor=context.actor, role=role_name)
        context.answer(query, texts("lta-drawn" if done else "lta-not-open"))
        return
    async with club.db.write() as conn:
        done = await lotteries.cancel(
            conn,
            found.id,
            actor=context.actor,
            role=role_name,
            settings=club.settings,
            now=club.now(),
        )
    context.answer(query, texts("lta-cancelled" if done else "lta-not-open"))


# The builder (a team flow)


async def _start(context: ClubContext) -> None:
    state = Conversation(FLOW, TITLE, {"draft": {}})
    await context.save_conversation(state)
    await _ask(context, state)


async def prompt(update: Update, context: ClubContext, state: Conversation) -> None:
    """The current step again (after a sticker, a photo, anything it cannot take)."""
    await _ask(context, state)


async def _ask(context: ClubContext, state: Conversation) -> None:
    texts = context.texts
    if state.step == AUDIENCE:
        rows = [((texts("lta-audience-all"), "lta:a:all"),)]
        for segment in await segments.list_all(context.club.db):
            rows.append(((segment.name, f"lta:a:s:{segment.id}"),))
        context.reply(texts("lta-ask-audience"), markup=keyboards.inline(*rows))
    elif state.step == PREVIEW:
        await _preview(context, state)
    else:
        key = f"lta-ask-{state.step.lower().replace('_', '-')}"
        values = {"most": lotteries.MAX_PRIZES} if state.step == PRIZES else {}
        context.reply(texts(key, **values), markup=keyboards.reply(texts, ("button-cancel",)))


async def on_text(update: Update, context: ClubContext, state: Conversation) -> None:
    """A typed answer: read, or its reason and the same step again."""
    message = update.effective_message
    assert message is not None and message.text is not None
    if not await require(context, Action.LOTTERIES):
        await context.clear_conversation()  # the role was taken away mid-step
        return
    texts, step, text = context.texts, state.step, message.text
    value: Any
    if step == TITLE:
        value = lotteries.read_title(text)
        error = None if value else texts("lta-error-title", most=lotteries.MAX_TITLE)
    elif step == PRIZES:
        prizes = lotteries.read_prizes(text)
        value = [[p.text, p.points] for p in prizes] if prizes else None
        error = (
            None
            if value
            else texts("lta-error-prizes", most=lotteries.MAX_PRIZES, length=lotteries.MAX_PRIZE)
        )
    elif step == PRICE:
        value = lotteries.read_count(text, least=0, most=lotteries.MAX_PRICE)
        error = None if value is not None else texts("lta-error-price")
    elif step == PER_MEMBER:
        value = lotteries.read_count(text, least=1, most=lotteries.MAX_PER_MEMBER)
        error = None if value else texts("lta-error-per-member", most=lotteries.MAX_PER_MEMBER)
    elif step == DEADLINE:
        value, error = _read_deadline(context, text)
    else:
        context.reply(texts("lta-use-buttons"))
        await _ask(context, state)
        return
    if error is not None:
        context.reply(error)
        return
    await _advance(context, state, {step.lower(): value})


def _read_deadline(context: ClubContext, text: str) -> tuple[str | None, str | None]:
    texts, now = context.texts, context.club.now()
    due = parse_moment(text, context.club.settings.timezone)
    if due is None:
        return None, texts("lta-error-deadline")
    if due <= now:
        return None, texts("lta-error-deadline-past", now=now)
    if due > now + MAX_LEAD:
        return None, texts("lta-error-deadline-far")
    return due.isoformat(), None


async def _advance(context: ClubContext, state: Conversation, changes: dict[str, Any]) -> None:
    draft = dict(state.data.get("draft", {})) | changes
    order = [TITLE, PRIZES, PRICE, PER_MEMBER, AUDIENCE, DEADLINE, PREVIEW]
    following = order[order.index(state.step) + 1]
    if following == PER_MEMBER and draft.get("price") == 0:
        following, draft["per_member"] = AUDIENCE, 1
    state = Conversation(FLOW, following, state.data | {"draft": draft})
    await context.save_conversation(state)
    await _ask(context, state)


def _draft(data: dict[str, Any]) -> lotteries.Draft:
    return lotteries.Draft(
        title=str(data["title"]),
        prizes=[Prize(str(text), int(points)) for text, points in data["prizes"]],
        price=int(data["price"]),
        per_member=int(data["per_member"]),
        segment_id=data.get("segment_id"),
        deadline=datetime.fromisoformat(data["deadline"]),
    )


async def _preview(context: ClubContext, state: Conversation) -> None:
    """The lottery as members will see it, and Save / Discard carrying this preview's nonce."""
    texts = context.texts
    nonce = secrets.token_hex(4)
    state = Conversation(FLOW, PREVIEW, state.data | {"nonce": nonce})
    await context.save_conversation(state)
    draft = _draft(state.data["draft"])
    context.reply(texts("lta-preview-intro"), markup=_after(context))
    lines = [_card(context, draft)]
    lines.append(texts("lta-audience", audience=await _audience_name(context, draft.segment_id)))
    markup = keyboards.inline(
        ((texts("button-lta-save"), f"lta:save:{nonce}"),),
        ((texts("button-lta-drop"), f"lta:drop:{nonce}"),),
    )
    context.reply("\n".join(lines), markup=markup)


async def _on_builder(
    context: ClubContext, query: CallbackQuery, verb: str, rest: list[str]
) -> None:
    """The builder's own buttons: live only at their step of this person's conversation."""
    texts, state = context.texts, context.conversation
    ours = state if state is not None and state.flow == FLOW else None
    value = ":".join(rest)
    fresh = ours is not None and (
        (verb == "a" and ours.step == AUDIENCE)
        or (verb in ("save", "drop") and ours.step == PREVIEW and value == ours.data.get("nonce"))
    )
    if not fresh or ours is None:
        context.answer(
            query, texts("lta-preview-gone" if verb in ("save", "drop") else "hint-stale-button")
        )
        context.edit_markup(query.message)
        return
    if verb == "a":
        segment_id = None
        if value != "all":
            kind, _, tail = value.partition(":")
            segment_id = parse_callback_int(tail, max_value=MAX_ID) if kind == "s" else None
            if segment_id is None or await segments.get(context.club.db, segment_id) is None:
                context.answer(query, texts("lta-segment-gone"))
                return
        context.answer(query)
        context.edit_markup(query.message)
        await _advance(context, ours, {"segment_id": segment_id})
        return
    context.answer(query)
    context.edit_markup(query.message)
    if verb == "drop":
        await context.clear_conversation()
        context.reply(texts("lta-dropped"), markup=_after(context))
        return
    await _save(context, ours)


async def _save(context: ClubContext, state: Conversation) -> None:
    """Created (audited) and announced to its audience through the outbox, as a broadcast."""
    club, texts = context.club, context.texts
    draft = _draft(state.data["draft"])
    if draft.deadline <= club.now():
        await context.save_conversation(Conversation(FLOW, DEADLINE, state.data))
        context.reply(texts("lta-error-deadline-past", now=club.now()))
        return
    if draft.segment_id is not None and await segments.get(club.db, draft.segment_id) is None:
        await context.save_conversation(Conversation(FLOW, AUDIENCE, state.data))
        context.reply(texts("lta-segment-gone"))
        await _ask(context, Conversation(FLOW, AUDIENCE, state.data))
        return
    role = await role_for(context, Action.LOTTERIES)
    async with club.db.write() as conn:
        created = await lotteries.create(
            conn, draft, actor=context.actor, role=role.value if role else None, now=club.now()
        )
    await club.broadcasts.create(
        BroadcastDraft(
            text=_card(context, created, created.commitment), segment_id=draft.segment_id
        ),
        actor=context.actor,
        platform=context.platform.value,
        chat_id=context.user_id,
        progress_message_id=None,
        markup=markup_data(_announce_markup(context, created)),
    )
    await context.clear_conversation()
    context.reply(texts("lta-saved", title=texts.digits(created.title)), markup=_after(context))
    await _admin_screen(context, None, created)


def _announce_markup(context: ClubContext, created: Lottery) -> InlineKeyboardMarkup:
    texts = context.texts
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    texts("button-lottery-open"), callback_data=f"lot:s:{created.id}"
                )
            ],
            [
                InlineKeyboardButton(
                    texts("button-promo-off"), callback_data=segments.PROMO_OFF_DATA
                )
            ],
        ]
    )


def _after(context: ClubContext) -> Any:
    """The person's own keyboard back (the member menu for a member)."""
    if context.member is not None:
        return keyboards.main_menu(context.texts)
    return ReplyKeyboardRemove()


register_flow(FLOW, TeamFlow(on_text=on_text, prompt=prompt, cancelled="lta-flow-cancelled"))
