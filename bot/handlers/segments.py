"""/segments: saved audiences with their live counts, a step-by-step builder, and the
promotional opt-out button every broadcast carries.

```mermaid
stateDiagram-v2
    [*] --> BUILD: New segment, or Edit of a saved one
    BUILD --> BUILD: a criterion chosen by buttons (tier, messenger, RFM, month, yes/no)
    BUILD --> VALUE: a criterion typed (days, points, a Jalali date, purchases)
    VALUE --> VALUE: input that does not read (its polite answer) or the next purchase figure
    VALUE --> BUILD: a value that reads (criteria and live count shown again)
    BUILD --> NAME: Save of a new segment
    NAME --> NAME: an empty, long or taken name
    NAME --> [*]: saved (audited); Save of an edited one saves at once; /cancel anywhere
```

Buttons: `seg:list`, `seg:new`, `seg:open|edit|del|delyes:<segment id>`, `seg:k:<kind>` (choose a
criterion), `seg:t:<kind>:<value>` (toggle a tier, messenger or RFM class), `seg:v:<kind>:<value>`
(pick a month, yes/no, a campaign), `seg:back`, `seg:rm`, `seg:rm:<kind>`, `seg:save`,
`seg:quit`; and `promo:off` (any member). Every team press asks the permission matrix again.
A count is taken before the update writes anything, so it never runs inside the update's
write transaction (on SQLite that would hold the till's write lock while counting).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import sqlalchemy as sa
from telegram import CallbackQuery, ReplyKeyboardRemove, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, filters

from bot import keyboards
from bot.club import segments
from bot.club.callback_data import parse_callback_int
from bot.club.digits import parse_int, visible_text
from bot.club.permissions import Action
from bot.club.segments import PLATFORMS, RFM_CLASSES, Criteria
from bot.context import ClubContext
from bot.handlers.authority import require, role_for
from bot.handlers.flows import TeamFlow, register_flow
from bot.storage.conversations import Conversation
from bot.storage.tables import campaigns

PROMO_OFF_DATA = segments.PROMO_OFF_DATA
FLOW, BUILD, VALUE, NAME = "segment", "build", "value", "name"
MAX_ID = 2**31 - 1
MAX_DAYS = 3650
MAX_AMOUNT = 10**12
CAMPAIGN_BUTTONS = 20

# Every criterion the builder offers: its label key and how its value is given.
KINDS: dict[str, tuple[str, str]] = {
    "tiers": ("seg-kind-tiers", "toggle"),
    "platforms": ("seg-kind-platforms", "toggle"),
    "rfm": ("seg-kind-rfm", "toggle"),
    "purchase": ("seg-kind-purchase", "typed"),
    "active_within_days": ("seg-kind-active", "typed"),
    "inactive_for_days": ("seg-kind-inactive", "typed"),
    "balance_min": ("seg-kind-balance-min", "typed"),
    "balance_max": ("seg-kind-balance-max", "typed"),
    "joined_from": ("seg-kind-joined-from", "typed"),
    "joined_to": ("seg-kind-joined-to", "typed"),
    "birth_month": ("seg-kind-birth-month", "pick"),
    "referred": ("seg-kind-referred", "pick"),
    "campaign_id": ("seg-kind-campaign", "pick"),
}
# What each typed step asks for; purchases take three figures in a row.
ASK = {
    "active_within_days": "seg-ask-days",
    "inactive_for_days": "seg-ask-days",
    "balance_min": "seg-ask-points",
    "balance_max": "seg-ask-points",
    "joined_from": "seg-ask-date",
    "joined_to": "seg-ask-date",
    "purchase_days": "seg-ask-purchase-days",
    "purchase_count_min": "seg-ask-purchase-count",
    "purchase_sum_min": "seg-ask-purchase-sum",
}
RFM_KEYS = {name: f"rfm-{name.replace('_', '-')}" for name in RFM_CLASSES}


def handlers() -> list[BaseHandler[Any, Any, Any]]:
    """This module's commands and buttons, registered in bot/handlers/__init__.py."""
    return [
        CommandHandler("segments", command, filters=filters.ChatType.PRIVATE),
        CallbackQueryHandler(on_button, pattern=r"^seg:"),
        CallbackQueryHandler(on_promo_off, pattern=rf"^{PROMO_OFF_DATA}$"),
    ]


async def open_from_admin(context: ClubContext) -> None:
    """The /admin menu's button for this screen."""
    await _show_list(context)


async def command(update: Update, context: ClubContext) -> None:
    """/segments: the saved segments with their live counts."""
    if await require(context, Action.SEGMENTS):
        await _show_list(context)


# Screens


async def _count(context: ClubContext, criteria: Criteria) -> int:
    club = context.club
    return await segments.count(club.db, criteria, now=club.now(), timezone=club.settings.timezone)


async def _show_list(context: ClubContext, query: CallbackQuery | None = None) -> None:
    texts = context.texts
    saved = await segments.list_all(context.club.db)
    lines = [texts("seg-list-title") if saved else texts("seg-list-empty")]
    rows = []
    for segment in saved:
        found = await _count(context, segment.criteria)
        lines.append(texts("seg-list-line", name=segment.name, count=found))
        rows.append(((segment.name, f"seg:open:{segment.id}"),))
    rows.append(((texts("button-seg-new"), "seg:new"),))
    _show(context, query, "\n".join(lines), keyboards.inline(*rows))


def _show(
    context: ClubContext,
    query: CallbackQuery | None,
    text: str,
    markup: keyboards.InlineKeyboardMarkup | None,
) -> None:
    """On the pressed message (a press), or as a new message (typed input)."""
    if query is not None:
        context.edit(query.message, text, markup)
    else:
        context.reply(text, markup=markup)


async def describe(context: ClubContext, criteria: Criteria) -> list[str]:
    """Each criterion in the team's words, in the builder's order."""
    texts, c = context.texts, criteria
    sep = texts("seg-or")
    lines = []
    if c.tiers:
        names = sep.join(texts.get(f"tier-{t}", t) for t in c.tiers)
        lines.append(texts("seg-c-tiers", value=names))
    if c.platforms:
        names = sep.join(texts(f"platform-{p}") for p in c.platforms if p in PLATFORMS)
        lines.append(texts("seg-c-platforms", value=names))
    if c.rfm:
        names = sep.join(texts(RFM_KEYS[r]) for r in c.rfm if r in RFM_KEYS)
        lines.append(texts("seg-c-rfm", value=names))
    if c.purchase_days is not None:
        line = texts(
            "seg-c-purchase", days=c.purchase_days, count=max(c.purchase_count_min or 1, 1)
        )
        if c.purchase_sum_min:
            line += texts("seg-c-purchase-sum", amount=c.purchase_sum_min)
        lines.append(line)
    if c.active_within_days is not None:
        lines.append(texts("seg-c-active", days=c.active_within_days))
    if c.inactive_for_days is not None:
        lines.append(texts("seg-c-inactive", days=c.inactive_for_days))
    if c.balance_min is not None:
        lines.append(texts("seg-c-balance-min", points=c.balance_min))
    if c.balance_max is not None:
        lines.append(texts("seg-c-balance-max", points=c.balance_max))
    if c.joined_from is not None:
        lines.append(texts("seg-c-joined-from", date=c.joined_from))
    if c.joined_to is not None:
        lines.append(texts("seg-c-joined-to", date=c.joined_to))
    if c.birth_month is not None and 1 <= c.birth_month <= 12:
        lines.append(texts("seg-c-birth-month", month=texts(f"month-{c.birth_month}")))
    if c.referred is not None:
        lines.append(texts("seg-c-referred" if c.referred else "seg-c-not-referred"))
    if c.campaign_id is not None:
        name = await _campaign_name(context, c.campaign_id)
        lines.append(texts("seg-c-campaign", name=name or texts.digits(str(c.campaign_id))))
    return lines


async def _campaign_name(context: ClubContext, campaign_id: int) -> str | None:
    async with context.club.db.read() as conn:
        name = await conn.scalar(sa.select(campaigns.c.name).where(campaigns.c.id == campaign_id))
    return str(name) if name is not None else None


def _set_kinds(c: Criteria) -> list[str]:
    """The builder's kinds that are set in these criteria."""
    return [kind for kind in KINDS if _value(c, "purchase_days" if kind == "purchase" else kind)]


def _value(c: Criteria, key: str) -> bool:
    value = getattr(c, key)
    return value is not None and value != ()


async def segment_text(context: ClubContext, criteria: Criteria, found: int) -> str:
    texts = context.texts
    lines = await describe(context, criteria)
    body = "\n".join(texts("seg-bullet", line=line) for line in lines) or texts("seg-c-none")
    return body + "\n\n" + texts("seg-count", count=found)


async def _builder(
    context: ClubContext, state: Conversation, query: CallbackQuery | None, found: int
) -> None:
    """The criteria so far, the live count, and what can be done next."""
    texts, criteria = context.texts, _criteria(state)
    name = state.data.get("name")
    title = texts("seg-builder-edit", name=name) if name else texts("seg-builder-new")
    text = title + "\n\n" + await segment_text(context, criteria, found)
    labels = [(texts(label), f"seg:k:{kind}") for kind, (label, _) in KINDS.items()]
    rows: list[tuple[tuple[str, str], ...]] = [
        tuple(labels[i : i + 2]) for i in range(0, len(labels), 2)
    ]
    if _set_kinds(criteria):
        rows.append(((texts("button-seg-remove"), "seg:rm"),))
    rows.append(((texts("button-seg-save"), "seg:save"), (texts("button-cancel"), "seg:quit")))
    _show(context, query, text, keyboards.inline(*rows))


def _criteria(state: Conversation) -> Criteria:
    return Criteria.from_json(state.data.get("criteria"))


async def _rebuild(
    context: ClubContext,
    state: Conversation,
    criteria: Criteria,
    query: CallbackQuery | None = None,
) -> None:
    """New criteria: counted (before any write), kept, and the builder shown again."""
    found = await _count(context, criteria)
    data = {k: v for k, v in state.data.items() if k not in ("kind", "draft")}
    state = Conversation(FLOW, BUILD, data | {"criteria": criteria.to_json()})
    await context.save_conversation(state)
    await _builder(context, state, query, found)


# Buttons


async def on_button(update: Update, context: ClubContext) -> None:
    """Every `seg:` press: the role asked again, then the verb."""
    query = update.callback_query
    assert query is not None and query.data is not None
    if not await require(context, Action.SEGMENTS, query):
        return
    _, verb, *rest = query.data.split(":")
    state = context.conversation
    building = state if state is not None and state.flow == FLOW else None
    if verb == "list" and not rest:
        context.answer(query)
        await _show_list(context, query)
    elif verb == "new" and not rest:
        context.answer(query)
        await _rebuild(context, Conversation(FLOW, BUILD, {}), Criteria())
    elif verb in ("open", "edit", "del", "delyes") and len(rest) == 1:
        await _saved(context, query, verb, rest[0])
    elif building is not None:
        await _build_button(context, query, building, verb, rest)
    else:
        context.answer(query, context.texts("hint-stale-button"))


async def _saved(context: ClubContext, query: CallbackQuery, verb: str, text: str) -> None:
    club, texts = context.club, context.texts
    segment_id = parse_callback_int(text, max_value=MAX_ID)
    segment = await segments.get(club.db, segment_id) if segment_id is not None else None
    if segment is None:
        context.answer(query, texts("seg-gone"))
        return
    context.answer(query)
    if verb == "open":
        found = await _count(context, segment.criteria)
        text = texts("seg-open-title", name=segment.name) + "\n\n"
        text += await segment_text(context, segment.criteria, found)
        markup = keyboards.inline(
            (
                (texts("button-seg-edit"), f"seg:edit:{segment.id}"),
                (texts("button-seg-delete"), f"seg:del:{segment.id}"),
            ),
            ((texts("button-seg-list"), "seg:list"),),
        )
        context.edit(query.message, text, markup)
    elif verb == "edit":
        data = {"segment_id": segment.id, "name": segment.name}
        await _rebuild(context, Conversation(FLOW, BUILD, data), segment.criteria)
    elif verb == "del":
        markup = keyboards.inline(
            (
                (texts("button-seg-delete-yes"), f"seg:delyes:{segment.id}"),
                (texts("button-seg-delete-no"), f"seg:open:{segment.id}"),
            ),
        )
        context.edit(query.message, texts("seg-delete-confirm", name=segment.name), markup)
    else:
        role = await role_for(context, Action.SEGMENTS)
        await segments.delete(
            club.db,
            segment.id,
            actor=context.actor,
            now=club.now(),
            role=role.value if role else None,
        )
        context.edit(query.message, texts("seg-deleted", name=segment.name))


async def _build_button(
    context: ClubContext, query: CallbackQuery, state: Conversation, verb: str, rest: list[str]
) -> None:
    texts, criteria = context.texts, _criteria(state)
    kind = rest[0] if rest else None
    if verb == "k" and len(rest) == 1 and kind in KINDS:
        context.answer(query)
        await _choose(context, query, state, kind)
    elif verb == "t" and len(rest) == 2 and kind in ("tiers", "platforms", "rfm"):
        if rest[1] not in _options(context, kind):
            context.answer(query, texts("hint-stale-button"))
            return
        chosen = list(getattr(criteria, kind))
        chosen = [v for v in chosen if v != rest[1]] if rest[1] in chosen else [*chosen, rest[1]]
        context.answer(query)
        # The picker stays open with its ticks, so several can be chosen; Back shows the
        # builder with the new count.
        changed = criteria.with_value(kind, tuple(chosen))
        state = Conversation(FLOW, BUILD, state.data | {"criteria": changed.to_json()})
        await context.save_conversation(state)
        await _choose(context, query, state, kind)
    elif verb == "v" and len(rest) == 2 and kind in ("birth_month", "referred", "campaign_id"):
        value = _picked(kind, rest[1])
        if value is None:
            context.answer(query, texts("hint-stale-button"))
            return
        context.answer(query)
        await _rebuild(context, state, criteria.with_value(kind, value), query)
    elif verb == "rm" and not rest:
        context.answer(query)
        rows = [((texts(KINDS[k][0]), f"seg:rm:{k}"),) for k in _set_kinds(criteria)] + [
            ((texts("button-seg-back"), "seg:back"),)
        ]
        context.edit(query.message, texts("seg-remove-which"), keyboards.inline(*rows))
    elif verb == "rm" and len(rest) == 1 and kind in KINDS:
        context.answer(query)
        assert kind is not None
        await _rebuild(context, state, criteria.without(kind), query)
    elif verb == "back" and not rest:
        context.answer(query)
        await _rebuild(context, state, criteria, query)
    elif verb == "save" and not rest:
        await _save(context, query, state)
    elif verb == "quit" and not rest:
        context.answer(query)
        await context.clear_conversation()
        context.edit(query.message, texts("seg-cancelled"))
    else:
        context.answer(query, texts("hint-stale-button"))


def _options(context: ClubContext, kind: str) -> tuple[str, ...]:
    if kind == "tiers":
        return tuple(tier.key for tier in context.club.settings.tiers)
    return PLATFORMS if kind == "platforms" else RFM_CLASSES


def _picked(kind: str, text: str) -> int | bool | None:
    if kind == "referred":
        return {"1": True, "0": False}.get(text)
    value = parse_callback_int(text, max_value=MAX_ID)
    if kind == "birth_month" and (value is None or not 1 <= value <= 12):
        return None
    return value


async def _choose(
    context: ClubContext, query: CallbackQuery, state: Conversation, kind: str
) -> None:
    """A criterion chosen: its buttons, or the question for a typed value."""
    texts, criteria = context.texts, _criteria(state)
    back = ((texts("button-seg-back"), "seg:back"),)
    rows: list[tuple[tuple[str, str], ...]]
    if kind in ("tiers", "platforms", "rfm"):
        chosen = getattr(criteria, kind)
        rows = [
            ((_option_label(context, kind, o, o in chosen), f"seg:t:{kind}:{o}"),)
            for o in _options(context, kind)
        ]
        context.edit(query.message, texts("seg-pick-many"), keyboards.inline(*rows, back))
    elif kind == "birth_month":
        months = [(texts(f"month-{m}"), f"seg:v:birth_month:{m}") for m in range(1, 13)]
        rows = [tuple(months[i : i + 3]) for i in range(0, 12, 3)]
        context.edit(query.message, texts("seg-pick-one"), keyboards.inline(*rows, back))
    elif kind == "referred":
        rows = [
            ((texts("seg-c-referred"), "seg:v:referred:1"),),
            ((texts("seg-c-not-referred"), "seg:v:referred:0"),),
        ]
        context.edit(query.message, texts("seg-pick-one"), keyboards.inline(*rows, back))
    elif kind == "campaign_id":
        async with context.club.db.read() as conn:
            found = (
                await conn.execute(
                    sa.select(campaigns.c.id, campaigns.c.name)
                    .order_by(campaigns.c.id.desc())
                    .limit(CAMPAIGN_BUTTONS)
                )
            ).all()
        if not found:
            context.answer(query, texts("seg-no-campaigns"))
            return
        rows = [((row.name, f"seg:v:campaign_id:{row.id}"),) for row in found]
        context.edit(query.message, texts("seg-pick-one"), keyboards.inline(*rows, back))
    else:
        step = "purchase_days" if kind == "purchase" else kind
        state = Conversation(FLOW, VALUE, state.data | {"kind": step, "draft": {}})
        await context.save_conversation(state)
        context.edit_markup(query.message)
        _ask(context, step)


def _option_label(context: ClubContext, kind: str, option: str, on: bool) -> str:
    texts = context.texts
    if kind == "tiers":
        label = texts.get(f"tier-{option}", option)
    elif kind == "platforms":
        label = texts(f"platform-{option}")
    else:
        label = texts(RFM_KEYS[option])
    return texts("seg-option-on", option=label) if on else label


def _ask(context: ClubContext, step: str) -> None:
    context.reply(
        context.texts(ASK[step]), markup=keyboards.reply(context.texts, ("button-cancel",))
    )


async def _save(context: ClubContext, query: CallbackQuery, state: Conversation) -> None:
    club, texts, criteria = context.club, context.texts, _criteria(state)
    if criteria.is_empty():
        context.answer(query, texts("seg-save-empty"))
        return
    segment_id = state.data.get("segment_id")
    context.answer(query)
    if segment_id is None:
        await context.save_conversation(Conversation(FLOW, NAME, state.data))
        context.edit_markup(query.message)
        context.reply(texts("seg-ask-name"), markup=keyboards.reply(texts, ("button-cancel",)))
        return
    role = await role_for(context, Action.SEGMENTS)
    done = await segments.update(
        club.db,
        int(segment_id),
        criteria=criteria,
        actor=context.actor,
        now=club.now(),
        role=role.value if role else None,
    )
    await context.clear_conversation()
    name = state.data.get("name", "")
    context.edit_markup(query.message)
    context.reply(texts("seg-updated" if done else "seg-gone", name=name), markup=_after(context))


def _after(context: ClubContext) -> Any:
    """The person's own keyboard back (the member menu for a member)."""
    if context.member is not None:
        return keyboards.main_menu(context.texts)
    return ReplyKeyboardRemove()


# Typed input


async def on_text(update: Update, context: ClubContext, state: Conversation) -> None:
    """A typed value or name; a value that does not read keeps the step."""
    message = update.effective_message
    assert message is not None and message.text is not None
    if not await require(context, Action.SEGMENTS):
        await context.clear_conversation()  # the role was taken away mid-build
        return
    texts, text = context.texts, message.text
    if state.step == NAME:
        await _name(context, state, text)
        return
    if state.step != VALUE:
        context.reply(texts("seg-use-buttons"))
        return
    step = str(state.data.get("kind"))
    value = _typed(step, text)
    if value is None:
        context.reply(texts(_ERRORS.get(step, "seg-error-number")))
        _ask(context, step)
        return
    criteria = _criteria(state)
    if step.startswith("purchase_"):
        draft = dict(state.data.get("draft") or {}) | {step: value}
        following = {
            "purchase_days": "purchase_count_min",
            "purchase_count_min": "purchase_sum_min",
        }
        if step in following:
            state = Conversation(
                FLOW, VALUE, state.data | {"kind": following[step], "draft": draft}
            )
            await context.save_conversation(state)
            _ask(context, following[step])
            return
        criteria = replace(
            criteria,
            purchase_days=draft["purchase_days"],
            purchase_count_min=draft["purchase_count_min"],
            purchase_sum_min=draft["purchase_sum_min"] or None,
        )
    else:
        criteria = criteria.with_value(step, value)
    context.reply(texts("seg-criterion-added"), markup=_after(context))
    await _rebuild(context, state, criteria)


_FOLLOWING = {"purchase_days": "purchase_count_min", "purchase_count_min": "purchase_sum_min"}
_ERRORS = {
    "joined_from": "seg-error-date",
    "joined_to": "seg-error-date",
    "active_within_days": "seg-error-days",
    "inactive_for_days": "seg-error-days",
    "purchase_days": "seg-error-days",
    "purchase_count_min": "seg-error-count",
}


def _typed(step: str, text: str) -> int | date | None:
    if step in ("joined_from", "joined_to"):
        return segments.parse_jalali_day(text)
    number = parse_int(text)
    if number is None:
        return None
    if step.endswith("_days"):
        return number if 1 <= number <= MAX_DAYS else None
    if step == "purchase_count_min":
        return number if 1 <= number <= 100_000 else None
    return number if number <= MAX_AMOUNT else None


async def _name(context: ClubContext, state: Conversation, text: str) -> None:
    club, texts = context.club, context.texts
    name = visible_text(text)
    if not name or len(name) > segments.NAME_MAX:
        context.reply(texts("seg-error-name", max=segments.NAME_MAX))
        return
    criteria = _criteria(state)
    found = await _count(context, criteria)  # before the write below
    role = await role_for(context, Action.SEGMENTS)
    try:
        await segments.save(
            club.db,
            name=name,
            criteria=criteria,
            actor=context.actor,
            now=club.now(),
            role=role.value if role else None,
        )
    except segments.NameTaken:
        context.reply(texts("seg-error-name-taken", name=name))
        return
    await context.clear_conversation()
    context.reply(texts("seg-saved", name=name, count=found), markup=_after(context))


async def prompt(update: Update, context: ClubContext, state: Conversation) -> None:
    """The current step again (after a sticker, a photo, anything it cannot take)."""
    if state.step == NAME:
        context.reply(context.texts("seg-ask-name"))
    elif state.step == VALUE:
        _ask(context, str(state.data.get("kind")))
    else:
        await _builder(context, state, None, await _count(context, _criteria(state)))


register_flow(FLOW, TeamFlow(on_text=on_text, prompt=prompt, cancelled="seg-cancelled"))


# The opt-out button every broadcast carries


async def on_promo_off(update: Update, context: ClubContext) -> None:
    """The "no promotional messages" button (`button-promo-off`): off at once, said how to
    turn it on again; twice is once."""
    query = update.callback_query
    assert query is not None
    texts, member = context.texts, context.member
    if member is None:
        context.answer(query, texts("promo-off-not-member"))
        return
    changed = await segments.set_promotions(
        context.club.db, member.id, off=True, now=context.club.now()
    )
    if changed:
        context.answer(query, texts("promo-off-done-short"))
        context.reply(texts("promo-off-done"))
    else:
        context.answer(query, texts("promo-off-already"))


# The privacy screen's switch (bot/handlers/menu.py)


async def show_privacy_markup(context: ClubContext, member_id: int) -> Any:
    """The privacy screen's buttons, the switch showing the member's current choice."""
    off = await segments.promotions_off(context.club.db, member_id)
    return privacy_markup(context, off=off)


async def on_privacy_switch(query: CallbackQuery, context: ClubContext, *, off: bool) -> None:
    """`privacy:promo-on|off`: the choice recorded (with its time) and the switch redrawn;
    pressing a switch already in that position writes nothing."""
    member, texts = context.member, context.texts
    assert member is not None
    await segments.set_promotions(context.club.db, member.id, off=off, now=context.club.now())
    context.answer(query, texts("promo-now-off" if off else "promo-now-on"))
    context.edit_markup(query.message, privacy_markup(context, off=off))


def privacy_markup(context: ClubContext, *, off: bool) -> keyboards.InlineKeyboardMarkup:
    """The privacy screen's buttons: export, delete, and the promotional switch."""
    texts = context.texts
    switch = (
        (texts("button-promo-state-off"), "privacy:promo-on")
        if off
        else (texts("button-promo-state-on"), "privacy:promo-off")
    )
    return keyboards.inline(
        ((texts("button-export"), "privacy:export"),),
        ((texts("button-delete"), "privacy:delete"),),
        (switch,),
    )
