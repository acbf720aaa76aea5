"""/codes: admins make multi-use campaign codes (NOWRUZ1405); members check one at Enter a code.

Every admin screen and press asks the permission matrix again (Action.PROMO_CODES). Buttons:
`codes:list`, `codes:new`, `codes:show|pause|resume|arch|archy:<code id>`, and inside the
builder `codes:k:<kind>`, `codes:skip:<step>`, `codes:aud:all`, `codes:aud:t:<tier>`,
`codes:aud:s:<segment id>`, `codes:save`, `codes:quit`. A builder button is taken only at its
own step (a press on an older prompt is stale). The member's `pcode:enter` (under Rewards)
asks for a code and answers once; its wrong texts are counted (code_failures) so campaign
codes cannot be guessed by trying.

```mermaid
stateDiagram-v2
    [*] --> CODE: codes:new
    CODE --> CODE: too short/long, not Latin, a single-use code's shape, taken
    CODE --> KIND: a free code text
    KIND --> VALUE: percent or amount (buttons)
    KIND --> TOTAL: a free item
    VALUE --> VALUE: out of range
    VALUE --> TOTAL
    TOTAL --> PER: a number or Unlimited
    PER --> FROM: a number or Once
    FROM --> UNTIL: a Jalali date
    FROM --> MIN: No date limit
    UNTIL --> MIN: a date not before the first, or No end date
    MIN --> AUDIENCE: an amount or No minimum
    AUDIENCE --> PREVIEW: all, a tier, a segment (buttons)
    PREVIEW --> [*]: Save (audited; twice saves once); /cancel anywhere
```
"""

from __future__ import annotations

from datetime import date
from typing import Any

from telegram import CallbackQuery, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, filters

from bot import keyboards
from bot.club import discount_codes, promo_codes, segments
from bot.club.callback_data import parse_callback_int
from bot.club.digits import parse_int
from bot.club.permissions import Action
from bot.club.phones import isolate_ltr
from bot.club.promo_codes import CodeTextError, PromoCode, PromoDraft
from bot.context import ClubContext
from bot.handlers.authority import require, role_for
from bot.handlers.flows import TeamFlow, register_flow
from bot.storage.conversations import Conversation

FLOW, MEMBER_FLOW = "promo_code", "promo_member"
CODE, KIND, VALUE, TOTAL, PER, FROM, UNTIL, MIN, AUDIENCE, PREVIEW = (
    "code",
    "kind",
    "value",
    "total",
    "per",
    "from",
    "until",
    "min",
    "audience",
    "preview",
)
ASK = "ask"
ENTER_DATA = "pcode:enter"
MAX_ID = 2**31 - 1
MAX_USES = 1_000_000
MAX_AMOUNT = 10**12
SEGMENT_BUTTONS = 20
# The builder's typed steps: their question and the skip button each offers (if any).
QUESTIONS: dict[str, tuple[str, str | None]] = {
    CODE: ("promo-ask-code", None),
    TOTAL: ("promo-ask-total", "button-promo-unlimited"),
    PER: ("promo-ask-per-member", "button-promo-once"),
    FROM: ("promo-ask-from", "button-promo-no-window"),
    UNTIL: ("promo-ask-until", "button-promo-no-end"),
    MIN: ("promo-ask-minimum", "button-promo-no-minimum"),
}
# Member-facing words for each refusal of the service (the cashier's are the service keys).
MEMBER_REASONS = {
    promo_codes.REFUSED_PAUSED: "promo-you-paused",
    promo_codes.REFUSED_ARCHIVED: "promo-you-archived",
    promo_codes.REFUSED_NOT_STARTED: "promo-you-not-started",
    promo_codes.REFUSED_ENDED: "promo-you-ended",
    promo_codes.REFUSED_USED_UP: "promo-you-used-up",
    promo_codes.REFUSED_MEMBER_LIMIT: "promo-you-member-limit",
    promo_codes.REFUSED_AUDIENCE: "promo-you-audience",
}


def handlers() -> list[BaseHandler[Any, Any, Any]]:
    """This module's commands and buttons, registered in bot/handlers/__init__.py."""
    return [
        CommandHandler("codes", command, filters=filters.ChatType.PRIVATE),
        CallbackQueryHandler(on_button, pattern=r"^codes:"),
        CallbackQueryHandler(on_enter, pattern=rf"^{ENTER_DATA}$"),
    ]


async def command(update: Update, context: ClubContext) -> None:
    """/codes: the campaign codes with their uses, and New code."""
    if await require(context, Action.PROMO_CODES):
        await _show_list(context, None)


async def open_from_admin(context: ClubContext) -> None:
    """The /admin menu's button for this screen (the role was asked by the menu)."""
    await _show_list(context, None)


# Screens


def shown(code: str) -> str:
    """A campaign code as people read it: Latin, as typed at the till, kept left to right
    inside Persian text (like a reward's single-use code)."""
    return isolate_ltr(code)


def _show(
    context: ClubContext, query: CallbackQuery | None, text: str, markup: InlineKeyboardMarkup
) -> None:
    """On the pressed message (a press), or as a new message (a command or typed input)."""
    if query is not None:
        context.edit(query.message, text, markup)
    else:
        context.reply(text, markup=markup)


async def _show_list(context: ClubContext, query: CallbackQuery | None) -> None:
    texts = context.texts
    async with context.club.db.read() as conn:
        found = await promo_codes.listed_in(conn, archived=True)
    rows = [
        (
            (
                texts(
                    "button-promo-line",
                    code=shown(p.code),
                    uses=p.uses,
                    total=p.total_uses if p.total_uses is not None else texts("promo-unlimited"),
                    status=texts(f"promo-status-{p.status}"),
                ),
                f"codes:show:{p.id}",
            ),
        )
        for p in found
    ]
    rows.append(((texts("button-promo-new"), "codes:new"),))
    title = texts("promo-list-title" if found else "promo-list-empty")
    _show(context, query, title, keyboards.inline(*rows))


async def terms_lines(context: ClubContext, p: PromoDraft | PromoCode) -> list[str]:
    """A code's terms in the team's and the member's words, one per line."""
    texts = context.texts
    if p.kind == promo_codes.PERCENT:
        lines = [texts("promo-term-percent", value=p.value)]
    elif p.kind == promo_codes.AMOUNT:
        lines = [texts("promo-term-amount", value=p.value)]
    else:
        lines = [texts("promo-term-item")]
    if p.min_purchase:
        lines.append(texts("promo-term-minimum", amount=p.min_purchase))
    else:
        lines.append(texts("promo-term-no-minimum"))
    if p.starts_on is None and p.ends_on is None:
        lines.append(texts("promo-term-no-window"))
    if p.starts_on is not None:
        lines.append(texts("promo-term-from", date=p.starts_on))
    if p.ends_on is not None:
        lines.append(texts("promo-term-until", date=p.ends_on))
    lines.append(await _audience_line(context, p.tier, p.segment_id))
    return lines


def _uses_lines(context: ClubContext, p: PromoDraft | PromoCode) -> list[str]:
    texts = context.texts
    total = (
        texts("promo-term-total", total=p.total_uses)
        if p.total_uses is not None
        else texts("promo-term-total-unlimited")
    )
    return [total, texts("promo-term-per-member", count=p.per_member)]


async def _audience_line(context: ClubContext, tier: str | None, segment_id: int | None) -> str:
    texts = context.texts
    if segment_id is not None:
        async with context.club.db.read() as conn:
            segment = await segments.get_in(conn, segment_id)
        if segment is None:
            return texts("promo-term-segment-gone")
        return texts("promo-term-segment", name=segment.name)
    if tier is not None:
        return texts("promo-term-tier", tier=texts.get(f"tier-{tier}", tier))
    return texts("promo-term-all")


async def _code_screen(context: ClubContext, query: CallbackQuery, p: PromoCode) -> None:
    texts = context.texts
    async with context.club.db.read() as conn:
        usage = await promo_codes.usage_in(conn, p.id)
    terms = [*await terms_lines(context, p), *_uses_lines(context, p)]
    text = texts(
        "promo-screen",
        code=shown(p.code),
        status=texts(f"promo-status-{p.status}"),
        terms="\n".join(terms),
        uses=usage.uses,
        members=usage.members,
    )
    rows: list[tuple[tuple[str, str], ...]] = []
    if p.status == promo_codes.ACTIVE:
        rows.append(((texts("button-promo-pause"), f"codes:pause:{p.id}"),))
    elif p.status == promo_codes.PAUSED:
        rows.append(((texts("button-promo-resume"), f"codes:resume:{p.id}"),))
    if p.status != promo_codes.ARCHIVED:
        rows.append(((texts("button-promo-archive"), f"codes:arch:{p.id}"),))
    rows.append(((texts("button-promo-back"), "codes:list"),))
    context.edit(query.message, text, keyboards.inline(*rows))


# Buttons


async def on_button(update: Update, context: ClubContext) -> None:
    """Every `codes:` press: the role asked again, then what the data names."""
    query = update.callback_query
    assert query is not None and query.data is not None
    if not await require(context, Action.PROMO_CODES, query):
        return
    _, verb, *rest = query.data.split(":")
    state = context.conversation
    building = state if state is not None and state.flow == FLOW else None
    if verb == "list" and not rest:
        context.answer(query)
        await _show_list(context, query)
    elif verb == "new" and not rest:
        context.answer(query)
        context.edit_markup(query.message)
        await _go(context, Conversation(FLOW, CODE, {}))
    elif verb in ("show", "pause", "resume", "arch", "archy") and len(rest) == 1:
        await _saved(context, query, verb, rest[0])
    elif verb in ("k", "skip", "aud", "save", "quit"):
        if verb == "save" and not rest and building is None:
            context.answer(query, context.texts("promo-nothing-to-save"))
        elif building is None:
            context.answer(query, context.texts("hint-stale-button"))
        else:
            await _build_button(context, query, building, verb, rest)
    else:
        context.answer(query, context.texts("hint-stale-button"))


async def _saved(context: ClubContext, query: CallbackQuery, verb: str, text: str) -> None:
    """A saved code's screen and its status buttons."""
    club, texts = context.club, context.texts
    promo_id = parse_callback_int(text, max_value=MAX_ID)
    if promo_id is None:
        context.answer(query, texts("hint-stale-button"))
        return
    async with club.db.read() as conn:
        found = await promo_codes.get_in(conn, promo_id)
    if found is None:
        context.answer(query, texts("promo-unknown"))
        return
    if verb == "show":
        context.answer(query)
        await _code_screen(context, query, found)
    elif verb == "arch":
        context.answer(query)
        markup = keyboards.inline(
            (
                (texts("button-promo-archive-yes"), f"codes:archy:{found.id}"),
                (texts("button-promo-back"), f"codes:show:{found.id}"),
            )
        )
        context.edit(
            query.message,
            texts("promo-archive-confirm", code=shown(found.code)),
            markup,
        )
    else:
        await _set_status(context, query, found, verb)


_STATUS_OF = {
    "pause": (promo_codes.PAUSED, "promo-paused"),
    "resume": (promo_codes.ACTIVE, "promo-resumed"),
    "archy": (promo_codes.ARCHIVED, "promo-archived"),
}


async def _set_status(
    context: ClubContext, query: CallbackQuery, found: PromoCode, verb: str
) -> None:
    """Pause, resume or archive, audited; a second press says nothing changed."""
    club, texts = context.club, context.texts
    status, said_key = _STATUS_OF[verb]
    role = await role_for(context, Action.PROMO_CODES)
    async with club.db.write() as conn:
        done = await promo_codes.set_status(
            conn,
            found.id,
            status,
            actor=context.actor,
            role=role.value if role else None,
            now=club.now(),
        )
        refreshed = await promo_codes.get_in(conn, found.id)
    assert refreshed is not None
    context.answer(query, texts(said_key if done else "promo-status-unchanged"))
    await _code_screen(context, query, refreshed)


# The builder: each step's question, and the answers typed or pressed


async def _go(context: ClubContext, state: Conversation) -> None:
    """Keeps the step and asks its question."""
    await context.save_conversation(state)
    await _ask(context, state)


async def _ask(context: ClubContext, state: Conversation) -> None:
    texts, step = context.texts, state.step
    code = shown(str(state.data.get("code", "")))
    if step in QUESTIONS:
        key, skip = QUESTIONS[step]
        markup = keyboards.inline(((texts(skip), f"codes:skip:{step}"),)) if skip else None
        context.reply(texts(key), markup=markup)
    elif step == KIND:
        kinds = [
            (texts(f"button-promo-kind-{kind}"), f"codes:k:{kind}") for kind in promo_codes.KINDS
        ]
        context.reply(texts("promo-ask-kind", code=code), markup=keyboards.inline(tuple(kinds)))
    elif step == VALUE:
        percent = state.data.get("kind") == promo_codes.PERCENT
        context.reply(texts("promo-ask-percent" if percent else "promo-ask-amount"))
    elif step == AUDIENCE:
        context.reply(texts("promo-ask-audience"), markup=await _audience_buttons(context))
    else:
        draft = _draft(state)
        terms = [*await terms_lines(context, draft), *_uses_lines(context, draft)]
        markup = keyboards.inline(
            ((texts("button-promo-save"), "codes:save"), (texts("button-cancel"), "codes:quit"))
        )
        context.reply(
            texts("promo-preview", code=code, terms="\n".join(terms)),
            markup=markup,
        )


async def _audience_buttons(context: ClubContext) -> InlineKeyboardMarkup:
    texts = context.texts
    rows: list[tuple[tuple[str, str], ...]] = [((texts("button-promo-aud-all"), "codes:aud:all"),)]
    for tier in context.club.settings.tiers[1:]:
        label = texts("button-promo-aud-tier", tier=texts.get(f"tier-{tier.key}", tier.key))
        rows.append(((label, f"codes:aud:t:{tier.key}"),))
    saved = await segments.list_all(context.club.db)
    for segment in saved[:SEGMENT_BUTTONS]:
        label = texts("button-promo-aud-segment", name=segment.name)
        rows.append(((label, f"codes:aud:s:{segment.id}"),))
    return keyboards.inline(*rows)


def _draft(state: Conversation) -> PromoDraft:
    data = state.data
    return PromoDraft(
        code=str(data["code"]),
        kind=str(data["kind"]),
        value=int(data.get("value", 0)),
        min_purchase=int(data.get("min", 0)),
        total_uses=data.get("total"),
        per_member=int(data.get("per", 1)),
        tier=data.get("tier"),
        segment_id=data.get("segment"),
        starts_on=_day(data.get("from")),
        ends_on=_day(data.get("until")),
    )


def _day(text: Any) -> date | None:
    return date.fromisoformat(text) if isinstance(text, str) else None


async def _build_button(
    context: ClubContext, query: CallbackQuery, state: Conversation, verb: str, rest: list[str]
) -> None:
    """A builder press, taken only at the step that shows it."""
    texts, step = context.texts, state.step
    if verb == "quit" and not rest:
        context.answer(query)
        await context.clear_conversation()
        context.edit(query.message, texts("promo-cancelled"))
        return
    if verb == "save" and not rest and step == PREVIEW:
        await _save(context, query, state)
        return
    nxt = _pressed(context, state, verb, rest)
    if nxt is None:
        context.answer(query, texts("hint-stale-button"))
        return
    context.answer(query)
    context.edit_markup(query.message)
    await _go(context, nxt)


def _pressed(
    context: ClubContext, state: Conversation, verb: str, rest: list[str]
) -> Conversation | None:
    """The state a press at this step leads to; None for a press this step does not take."""
    step, data = state.step, state.data
    if verb == "k" and step == KIND and len(rest) == 1 and rest[0] in promo_codes.KINDS:
        data = data | {"kind": rest[0]}
        return Conversation(FLOW, TOTAL if rest[0] == promo_codes.ITEM else VALUE, data)
    if verb == "skip" and rest == [step] and step in _SKIPS:
        following, values = _SKIPS[step]
        return Conversation(FLOW, following, data | values)
    if verb == "aud" and step == AUDIENCE:
        audience = _audience(context, rest)
        if audience is not None:
            return Conversation(FLOW, PREVIEW, data | audience)
    return None


# What each skip button means, and the step after it.
_SKIPS: dict[str, tuple[str, dict[str, Any]]] = {
    TOTAL: (PER, {"total": None}),
    PER: (FROM, {"per": 1}),
    FROM: (MIN, {"from": None, "until": None}),
    UNTIL: (MIN, {"until": None}),
    MIN: (AUDIENCE, {"min": 0}),
}


def _audience(context: ClubContext, rest: list[str]) -> dict[str, Any] | None:
    if rest == ["all"]:
        return {"tier": None, "segment": None}
    if len(rest) == 2 and rest[0] == "t":
        keys = [tier.key for tier in context.club.settings.tiers]
        return {"tier": rest[1], "segment": None} if rest[1] in keys else None
    if len(rest) == 2 and rest[0] == "s":
        segment_id = parse_callback_int(rest[1], max_value=MAX_ID)
        return {"tier": None, "segment": segment_id} if segment_id is not None else None
    return None


async def _save(context: ClubContext, query: CallbackQuery, state: Conversation) -> None:
    club, texts = context.club, context.texts
    draft = _draft(state)
    if draft.segment_id is not None:
        async with club.db.read() as conn:
            if await segments.get_in(conn, draft.segment_id) is None:
                context.answer(query, texts("hint-stale-button"))
                return
    role = await role_for(context, Action.PROMO_CODES)
    async with club.db.write() as conn:
        promo_id = await promo_codes.create(
            conn, draft, actor=context.actor, role=role.value if role else None, now=club.now()
        )
    context.answer(query)
    context.edit_markup(query.message)
    code = shown(draft.code)
    if promo_id is None:
        # Another admin took the text meanwhile: the builder goes back to its first step.
        context.reply(texts("promo-error-code-taken", code=code))
        await _go(context, Conversation(FLOW, CODE, {}))
        return
    await context.clear_conversation()
    context.reply(texts("promo-saved", code=code), markup=_after(context))


def _after(context: ClubContext) -> Any:
    """The person's own keyboard back (the member menu for a member)."""
    return keyboards.main_menu(context.texts) if context.member is not None else None


async def on_text(update: Update, context: ClubContext, state: Conversation) -> None:
    """A typed answer: its polite reason and the same step, or the next step."""
    message = update.effective_message
    assert message is not None and message.text is not None
    if not await require(context, Action.PROMO_CODES):
        await context.clear_conversation()  # the role was taken away mid-build
        return
    step, text = state.step, message.text
    reader = _READERS.get(step)
    if reader is None:
        context.reply(context.texts("promo-use-buttons"))
        return
    outcome = await reader(context, state, text)
    if isinstance(outcome, str):
        context.reply(outcome)
        return
    await _go(context, outcome)


async def _read_code(context: ClubContext, state: Conversation, text: str) -> Conversation | str:
    texts = context.texts
    try:
        code = promo_codes.validate_code(text)
    except CodeTextError as error:
        return texts(error.key)
    async with context.club.db.read() as conn:
        taken = await promo_codes.find_in(conn, code) is not None
    if taken:
        return texts("promo-error-code-taken", code=shown(code))
    return Conversation(FLOW, KIND, {"code": code})


async def _read_value(context: ClubContext, state: Conversation, text: str) -> Conversation | str:
    percent = state.data.get("kind") == promo_codes.PERCENT
    value = parse_int(text)
    top = 100 if percent else MAX_AMOUNT
    if value is None or not 1 <= value <= top:
        return context.texts("promo-error-percent" if percent else "promo-error-amount")
    return Conversation(FLOW, TOTAL, state.data | {"value": value})


async def _read_total(context: ClubContext, state: Conversation, text: str) -> Conversation | str:
    count = _count(text)
    if count is None:
        return context.texts("promo-error-count", max=MAX_USES)
    return Conversation(FLOW, PER, state.data | {"total": count})


async def _read_per(context: ClubContext, state: Conversation, text: str) -> Conversation | str:
    count = _count(text)
    if count is None:
        return context.texts("promo-error-count", max=MAX_USES)
    return Conversation(FLOW, FROM, state.data | {"per": count})


def _count(text: str) -> int | None:
    value = parse_int(text)
    return value if value is not None and 1 <= value <= MAX_USES else None


async def _read_from(context: ClubContext, state: Conversation, text: str) -> Conversation | str:
    day = segments.parse_jalali_day(text)
    if day is None:
        return context.texts("promo-error-date")
    return Conversation(FLOW, UNTIL, state.data | {"from": day.isoformat()})


async def _read_until(context: ClubContext, state: Conversation, text: str) -> Conversation | str:
    texts = context.texts
    day = segments.parse_jalali_day(text)
    if day is None:
        return texts("promo-error-date")
    first = _day(state.data.get("from"))
    if first is not None and day < first:
        return texts("promo-error-date-order", date=first)
    return Conversation(FLOW, MIN, state.data | {"until": day.isoformat()})


async def _read_min(context: ClubContext, state: Conversation, text: str) -> Conversation | str:
    value = parse_int(text)
    if value is None or not 0 <= value <= MAX_AMOUNT:
        return context.texts("promo-error-minimum")
    return Conversation(FLOW, AUDIENCE, state.data | {"min": value})


_READERS = {
    CODE: _read_code,
    VALUE: _read_value,
    TOTAL: _read_total,
    PER: _read_per,
    FROM: _read_from,
    UNTIL: _read_until,
    MIN: _read_min,
}


async def prompt(update: Update, context: ClubContext, state: Conversation) -> None:
    """The current step again (after a sticker, a photo, anything it cannot take)."""
    await _ask(context, state)


register_flow(FLOW, TeamFlow(on_text=on_text, prompt=prompt, cancelled="promo-cancelled"))


# The member's Enter a code: one code checked, then the step ends


async def on_enter(update: Update, context: ClubContext) -> None:
    """`pcode:enter`: members only; asks for the code unless too many wrong ones came."""
    query = update.callback_query
    assert query is not None
    texts, member = context.texts, context.member
    if member is None:
        context.answer(query, texts("promo-members-only"))
        return
    context.answer(query)
    if await _throttled(context, member.id):
        return
    await context.save_conversation(Conversation(MEMBER_FLOW, ASK, {}))
    context.reply(texts("promo-member-ask"))


async def _throttled(context: ClubContext, member_id: int) -> bool:
    """Too many wrong texts lately: said politely, and True."""
    club = context.club
    window = club.settings.code_wrong_window_minutes
    async with club.db.read() as conn:
        wrong = await promo_codes.wrong_count_in(
            conn, member_id, now=club.now(), window_minutes=window
        )
    if wrong < club.settings.code_wrong_limit:
        return False
    context.reply(context.texts("promo-member-too-many", minutes=window))
    return True


async def on_member_text(update: Update, context: ClubContext, state: Conversation) -> None:
    """The member's typed code: what it gives them, or why not; a wrong text keeps the step
    until the limit, then the step ends."""
    message = update.effective_message
    assert message is not None and message.text is not None
    club, texts, member = context.club, context.texts, context.member
    if member is None:
        await context.clear_conversation()
        context.reply(texts("promo-members-only"))
        return
    async with club.db.read() as conn:
        found = await promo_codes.find_in(conn, message.text)
    if found is None:
        if discount_codes.read(message.text).kind == "code":
            await context.clear_conversation()
            context.reply(texts("promo-member-single-use"), markup=keyboards.main_menu(texts))
            return
        async with club.db.write() as conn:
            await promo_codes.record_wrong_in(conn, member.id, now=club.now())
        if await _throttled(context, member.id):
            await context.clear_conversation()
            return
        typed = discount_codes.normalise(message.text)[: promo_codes.MAX_LENGTH]
        context.reply(texts("promo-member-unknown", code=shown(typed)))
        return
    await context.clear_conversation()
    context.reply(
        await _member_answer(context, found, member.id), markup=keyboards.main_menu(texts)
    )


async def _member_answer(context: ClubContext, found: PromoCode, member_id: int) -> str:
    club, texts = context.club, context.texts
    async with club.db.read() as conn:
        refusal = await promo_codes.refusal_in(
            conn,
            found,
            member_id=member_id,
            amount=None,
            now=club.now(),
            today=club.today(),
            settings=club.settings,
        )
        used = await promo_codes.member_uses_in(conn, found.id, member_id)
    code = shown(found.code)
    if refusal is not None:
        day = found.starts_on if refusal == promo_codes.REFUSED_NOT_STARTED else found.ends_on
        reason = texts(MEMBER_REASONS[refusal], date=day) if day else texts(MEMBER_REASONS[refusal])
        return texts("promo-member-not-for-you", code=code, reason=reason)
    return texts(
        "promo-member-applies",
        code=code,
        terms="\n".join(await terms_lines(context, found)),
        mine=texts("promo-member-left", count=found.per_member - used),
    )


async def member_prompt(update: Update, context: ClubContext, state: Conversation) -> None:
    context.reply(context.texts("promo-member-ask"))


register_flow(
    MEMBER_FLOW,
    TeamFlow(on_text=on_member_text, prompt=member_prompt, cancelled="promo-member-cancelled"),
)
