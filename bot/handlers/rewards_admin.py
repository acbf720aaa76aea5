"""/rewards: the admins' rewards catalog, its step-by-step builder, a reward's screen (edit,
pause, resume, archive) and the upload of a partner's codes as a CSV file.

```mermaid
stateDiagram-v2
    [*] --> TITLE: New reward
    TITLE --> DESCRIPTION --> KIND
    KIND --> VALUE: percent or toman off
    KIND --> COST: a free item
    VALUE --> COST --> MIN_PURCHASE --> STOCK
    COST --> STOCK: a free item
    STOCK --> PER_MEMBER --> VALID_DAYS --> AUDIENCE --> STARTS
    STARTS --> ENDS: a start date
    STARTS --> POOLED: skipped (no window)
    ENDS --> POOLED --> PREVIEW
    PREVIEW --> [*]: Save (once, by its nonce) or Discard; /cancel at any step
```

Each typed step that does not read gets its polite reason and stays. Editing a field runs
that field's step alone and saves it at once (audited). Uploading codes is its own step
(UPLOAD) waiting for a document. Buttons: `rwa:list`, `rwa:new`, `rwa:show|edit|pause|resume|
arch|archy|up:<id>`, `rwa:f:<id>:<field>`, and the builder's `rwa:k:<kind>`, `rwa:a:all|t:<tier>|
s:<segment id>`, `rwa:p:1|0`, `rwa:save|drop:<nonce>`. Every press asks Action.REWARDS again.
"""

from __future__ import annotations

import secrets
from dataclasses import asdict
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from telegram import CallbackQuery, InlineKeyboardMarkup, ReplyKeyboardRemove, Update
from telegram.error import TelegramError
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, filters

from bot import keyboards
from bot.club import partner_pool, rewards, segments
from bot.club.callback_data import parse_callback_int
from bot.club.partner_pool import PoolFileError
from bot.club.permissions import Action
from bot.club.rewards import ARCHIVED, PAUSED, POOL_EMPTY, Draft, Reward
from bot.context import ClubContext
from bot.handlers.authority import require, role_for
from bot.handlers.flows import TeamFlow, register_flow
from bot.storage.conversations import Conversation

FLOW = "reward-admin"
TITLE, DESCRIPTION, KIND, VALUE, COST = "TITLE", "DESCRIPTION", "KIND", "VALUE", "COST"
MIN_PURCHASE, STOCK, PER_MEMBER, VALID_DAYS = "MIN_PURCHASE", "STOCK", "PER_MEMBER", "VALID_DAYS"
AUDIENCE, STARTS, ENDS, POOLED, PREVIEW = "AUDIENCE", "STARTS", "ENDS", "POOLED", "PREVIEW"
UPLOAD = "UPLOAD"
ORDER = (
    *(TITLE, DESCRIPTION, KIND, VALUE, COST, MIN_PURCHASE, STOCK, PER_MEMBER, VALID_DAYS),
    *(AUDIENCE, STARTS, ENDS, POOLED, PREVIEW),
)
MAX_ID = 2**31 - 1
LIST_LIMIT = 40
# A typed step: its draft field, and the reply button that skips it (None: it cannot be).
TYPED: dict[str, tuple[str, str | None]] = {
    TITLE: ("title", None),
    DESCRIPTION: ("description", "button-skip"),
    VALUE: ("value", None),
    COST: ("cost", None),
    MIN_PURCHASE: ("min_purchase", "button-skip"),
    STOCK: ("stock", "button-rwa-unlimited"),
    PER_MEMBER: ("per_member", "button-rwa-no-limit"),
    VALID_DAYS: ("valid_days", None),
    STARTS: ("starts_on", "button-skip"),
    ENDS: ("ends_on", "button-skip"),
}
# What a skipped step leaves in the draft.
SKIPPED: dict[str, Any] = {
    DESCRIPTION: "",
    MIN_PURCHASE: 0,
    STOCK: None,
    PER_MEMBER: None,
    STARTS: None,
    ENDS: None,
}
# The first step of editing each field.
EDIT_STEP = {
    "title": TITLE,
    "description": DESCRIPTION,
    "value": VALUE,
    "cost": COST,
    "min_purchase": MIN_PURCHASE,
    "stock": STOCK,
    "per_member": PER_MEMBER,
    "valid_days": VALID_DAYS,
    "audience": AUDIENCE,
    "window": STARTS,
}


def handlers() -> list[BaseHandler[Any, Any, Any]]:
    """This module's command and buttons, registered in bot/handlers/__init__.py."""
    return [
        CommandHandler("rewards", command, filters=filters.ChatType.PRIVATE),
        CallbackQueryHandler(on_button, pattern=r"^rwa:"),
    ]


async def command(update: Update, context: ClubContext) -> None:
    """/rewards: the catalog, as the admins see it."""
    if await require(context, Action.REWARDS):
        await _show_list(context)


async def open_from_admin(context: ClubContext) -> None:
    """The /admin menu's button for this screen (the role was asked by the menu)."""
    await _show_list(context)


# Screens


def _show(
    context: ClubContext, query: CallbackQuery | None, text: str, markup: InlineKeyboardMarkup
) -> None:
    if query is not None:
        context.edit(query.message, text, markup)
    else:
        context.reply(text, markup=markup)


async def _show_list(context: ClubContext, query: CallbackQuery | None = None) -> None:
    texts = context.texts
    async with context.club.db.read() as conn:
        found = await rewards.listed(conn)
        free = await partner_pool.free_by_reward(conn)
    lines = [texts("rwa-list-title") if found else texts("rwa-list-empty")]
    rows: list[tuple[tuple[str, str], ...]] = []
    for reward in found[:LIST_LIMIT]:
        lines.append(_list_line(context, reward, free.get(reward.id, 0)))
        label = texts("rwa-list-button", title=reward.title, status=_status(context, reward))
        rows.append(((label, f"rwa:show:{reward.id}"),))
    rows.append(((texts("button-rwa-new"), "rwa:new"),))
    _show(context, query, "\n".join(lines), keyboards.inline(*rows))


def _list_line(context: ClubContext, reward: Reward, free: int) -> str:
    texts = context.texts
    line = texts(
        "rwa-list-line",
        title=reward.title,
        status=_status(context, reward),
        cost=reward.cost,
        issued=_issued(context, reward),
    )
    if reward.pooled:
        line += texts("rwa-list-pool", free=free)
    return line


def _status(context: ClubContext, reward: Reward) -> str:
    if reward.status == PAUSED and reward.paused_reason == POOL_EMPTY:
        return context.texts("rwa-status-pool-empty")
    return context.texts(f"rwa-status-{reward.status}")


def _issued(context: ClubContext, reward: Reward) -> str:
    texts = context.texts
    if reward.stock is None:
        return texts("rwa-issued-unlimited", issued=reward.issued)
    return texts("rwa-issued-of", issued=reward.issued, stock=reward.stock)


def member_card(context: ClubContext, reward: Draft) -> str:
    """The reward as a member sees it in the catalog (the builder's preview)."""
    texts = context.texts
    lines = [texts("rwa-card-title", title=reward.title)]
    if reward.description:
        lines.append(reward.description)
    lines.append(_benefit(context, reward))
    if reward.kind != "item" and reward.min_purchase:
        lines.append(texts("rwa-card-min", amount=reward.min_purchase))
    lines.append(texts("rwa-card-cost", cost=reward.cost))
    lines.append(texts("rwa-card-valid", days=reward.valid_days))
    if reward.pooled:
        lines.append(texts("rwa-card-partner"))
    if reward.ends_on is not None:
        lines.append(texts("rwa-card-until", date=reward.ends_on))
    return "\n".join(lines)


def _benefit(context: ClubContext, reward: Draft) -> str:
    if reward.kind == "item":
        return context.texts("rwa-benefit-item")
    return context.texts(f"rwa-benefit-{reward.kind}", value=reward.value)


async def _details(context: ClubContext, reward: Draft) -> list[str]:
    """What only the admins see: limits, audience, window."""
    texts = context.texts
    lines = [
        texts("rwa-detail-kind", kind=texts(f"rwa-kind-{reward.kind}")),
        texts("rwa-detail-per-member", count=reward.per_member)
        if reward.per_member
        else texts("rwa-detail-per-member-none"),
        texts("rwa-detail-audience", audience=await _audience(context, reward)),
        texts("rwa-detail-window", window=_window(context, reward)),
    ]
    return lines


async def _audience(context: ClubContext, reward: Draft) -> str:
    texts = context.texts
    if reward.segment_id is not None:
        found = await segments.get(context.club.db, reward.segment_id)
        name = found.name if found else texts.digits(str(reward.segment_id))
        return texts("rwa-audience-segment", name=name)
    if reward.tier is not None:
        return texts("rwa-audience-tier", tier=texts.get(f"tier-{reward.tier}", reward.tier))
    return texts("rwa-audience-all")


def _window(context: ClubContext, reward: Draft) -> str:
    texts = context.texts
    start, end = reward.starts_on, reward.ends_on
    if start is None:
        return texts("rwa-window-open" if end is None else "rwa-window-until", end=end or "")
    if end is None:
        return texts("rwa-window-from", start=start)
    return texts("rwa-window-between", start=start, end=end)


async def _reward_screen(
    context: ClubContext, reward: Reward, query: CallbackQuery | None, note: str = ""
) -> None:
    texts = context.texts
    lines = [note] if note else []
    lines.append(texts("rwa-screen-status", status=_status(context, reward)))
    lines.append(member_card(context, reward))
    lines.append("")
    lines.append(texts("rwa-screen-issued", issued=_issued(context, reward)))
    lines.extend(await _details(context, reward))
    if reward.pooled:
        async with context.club.db.read() as conn:
            free = await partner_pool.free(conn, reward.id)
        lines.append(texts("rwa-screen-pool", free=free))
    rows: list[tuple[tuple[str, str], ...]] = []
    if reward.status != ARCHIVED:
        switch = ("button-rwa-resume", "resume")
        if reward.status != PAUSED:
            switch = ("button-rwa-pause", "pause")
        rows.append(
            (
                (texts("button-rwa-edit"), f"rwa:edit:{reward.id}"),
                (texts(switch[0]), f"rwa:{switch[1]}:{reward.id}"),
            )
        )
        if reward.pooled:
            rows.append(((texts("button-rwa-upload"), f"rwa:up:{reward.id}"),))
        rows.append(((texts("button-rwa-archive"), f"rwa:arch:{reward.id}"),))
    rows.append(((texts("button-rwa-back"), "rwa:list"),))
    _show(context, query, "\n".join(lines), keyboards.inline(*rows))


# Buttons


async def on_button(update: Update, context: ClubContext) -> None:
    """Every `rwa:` press: the role asked again, then what the data names."""
    query = update.callback_query
    assert query is not None and query.data is not None
    if not await require(context, Action.REWARDS, query):
        return
    _, verb, *rest = query.data.split(":")
    texts = context.texts
    if verb in ("list", "new") and not rest:
        context.answer(query)
        if verb == "list":
            await _show_list(context, query)
        else:
            await _start(context, Conversation(FLOW, TITLE, {"mode": "new", "draft": {}}))
        return
    if verb in ("show", "edit", "pause", "resume", "arch", "archy", "up", "f"):
        reward_id = parse_callback_int(rest[0], max_value=MAX_ID) if rest else None
        field = rest[1] if verb == "f" and len(rest) == 2 else None
        shape = len(rest) == (2 if verb == "f" else 1)
        if reward_id is None or not shape or (verb == "f" and field not in EDIT_STEP):
            context.answer(query, texts("hint-stale-button"))
            return
        await _on_reward(context, query, verb, reward_id, field)
        return
    await _on_builder(context, query, verb, rest)


async def _on_reward(
    context: ClubContext, query: CallbackQuery, verb: str, reward_id: int, field: str | None
) -> None:
    texts = context.texts
    async with context.club.db.read() as conn:
        reward = await rewards.get_in(conn, reward_id)
    if reward is None:
        context.answer(query, texts("rwa-unknown"))
        return
    if verb == "show":
        context.answer(query)
        await _reward_screen(context, reward, query)
    elif reward.status == ARCHIVED:
        context.answer(query, texts("rwa-archived-already"))
        await _reward_screen(context, reward, query)
    elif verb == "edit":
        context.answer(query)
        _field_picker(context, query, reward)
    elif verb == "f":
        assert field is not None
        if field == "value" and reward.kind == "item":
            context.answer(query, texts("hint-stale-button"))
            return
        context.answer(query)
        context.edit_markup(query.message)
        data = {"mode": "edit", "reward_id": reward.id, "field": field, "draft": _as_data(reward)}
        await _start(context, Conversation(FLOW, EDIT_STEP[field], data))
    elif verb in ("pause", "resume", "archy"):
        await _set_status(context, query, reward, verb)
    elif verb == "arch":
        context.answer(query)
        markup = keyboards.inline(
            (
                (texts("button-rwa-archive-yes"), f"rwa:archy:{reward.id}"),
                (texts("button-rwa-back"), f"rwa:show:{reward.id}"),
            )
        )
        context.edit(query.message, texts("rwa-archive-confirm", title=reward.title), markup)
    elif not reward.pooled:
        context.answer(query, texts("hint-stale-button"))
    else:
        context.answer(query)
        data = {"mode": "upload", "reward_id": reward.id}
        await _start(context, Conversation(FLOW, UPLOAD, data))


def _field_picker(context: ClubContext, query: CallbackQuery, reward: Reward) -> None:
    texts = context.texts
    fields = [f for f in rewards.EDITABLE if not (f == "value" and reward.kind == "item")]
    buttons = [(texts(_field_key(f)), f"rwa:f:{reward.id}:{f}") for f in fields]
    rows = [tuple(buttons[i : i + 2]) for i in range(0, len(buttons), 2)]
    rows.append(((texts("button-rwa-back"), f"rwa:show:{reward.id}"),))
    context.edit(
        query.message, texts("rwa-edit-which", title=reward.title), keyboards.inline(*rows)
    )


def _field_key(field: str) -> str:
    return "rwa-field-" + field.replace("_", "-")


async def _set_status(
    context: ClubContext, query: CallbackQuery, reward: Reward, verb: str
) -> None:
    club, texts = context.club, context.texts
    status = {"pause": rewards.PAUSED, "resume": rewards.ACTIVE, "archy": ARCHIVED}[verb]
    if status == rewards.ACTIVE and reward.pooled:
        async with club.db.read() as conn:
            empty = await partner_pool.free(conn, reward.id) == 0
        if empty:
            context.answer(query, texts("rwa-resume-pool-empty"))
            return
    role = await role_for(context, Action.REWARDS)
    async with club.db.write() as conn:
        done = await rewards.set_status(
            conn,
            reward.id,
            status,
            actor=context.actor,
            role=role.value if role else None,
            now=club.now(),
        )
        refreshed = await rewards.get_in(conn, reward.id)
    assert refreshed is not None
    said = texts(f"rwa-now-{status}" if done else f"rwa-already-{status}")
    context.answer(query, said)
    await _reward_screen(context, refreshed, query, note=said)


async def _on_builder(
    context: ClubContext, query: CallbackQuery, verb: str, rest: list[str]
) -> None:
    """The builder's own buttons: live only at their step of this person's conversation."""
    texts, state = context.texts, context.conversation
    ours = state if state is not None and state.flow == FLOW else None
    step = ours.step if ours is not None else None
    value = ":".join(rest)
    fresh = ours is not None and (
        (verb == "k" and step == KIND and value in rewards.KINDS)
        or (verb == "a" and step == AUDIENCE)
        or (verb == "p" and step == POOLED and value in ("0", "1"))
        or (verb in ("save", "drop") and step == PREVIEW and value == ours.data.get("nonce"))
    )
    if not fresh or ours is None:
        key = "rwa-preview-gone" if verb in ("save", "drop") else "hint-stale-button"
        context.answer(query, texts(key))
        context.edit_markup(query.message)
        return
    if verb == "a":
        audience = await _read_audience(context, value)
        if audience is None:
            context.answer(query, texts("rwa-audience-gone"))
            return
        context.answer(query)
        context.edit_markup(query.message)
        await _advance(context, ours, audience)
        return
    context.answer(query)
    context.edit_markup(query.message)
    if verb == "k":
        await _advance(context, ours, {"kind": value, "value": 0 if value == "item" else None})
    elif verb == "p":
        await _advance(context, ours, {"pooled": value == "1"})
    elif verb == "save":
        await _save(context, ours)
    else:
        await context.clear_conversation()
        context.reply(texts("rwa-dropped"), markup=_after(context))


async def _read_audience(context: ClubContext, value: str) -> dict[str, Any] | None:
    """`all`, `t:<tier key>` or `s:<segment id>` as the reward's columns, else None."""
    if value == "all":
        return {"tier": None, "segment_id": None}
    kind, _, tail = value.partition(":")
    if kind == "t" and tail in {tier.key for tier in context.club.settings.tiers}:
        return {"tier": tail, "segment_id": None}
    segment_id = parse_callback_int(tail, max_value=MAX_ID) if kind == "s" else None
    if segment_id is not None and await segments.get(context.club.db, segment_id) is not None:
        return {"tier": None, "segment_id": segment_id}
    return None


# The conversation: asking, reading, moving on


async def _start(context: ClubContext, state: Conversation) -> None:
    await context.save_conversation(state)
    await _ask(context, state)


async def prompt(update: Update, context: ClubContext, state: Conversation) -> None:
    """The current step again (after a sticker, a photo, anything it cannot take)."""
    await _ask(context, state)


async def _ask(context: ClubContext, state: Conversation) -> None:
    texts, step, draft = context.texts, state.step, state.data.get("draft", {})
    if step == UPLOAD:
        context.reply(
            texts("rwa-ask-file", rows=context.club.settings.partner_pool_max_rows),
            markup=keyboards.reply(texts, ("button-cancel",)),
        )
    elif step in TYPED:
        skip = TYPED[step][1]
        buttons = [(skip,)] if skip else []
        key = f"rwa-ask-{step.lower().replace('_', '-')}"
        if step == VALUE:
            key = f"rwa-ask-value-{draft.get('kind')}"
        context.reply(texts(key), markup=keyboards.reply(texts, *buttons, ("button-cancel",)))
    elif step == KIND:
        rows = [((texts(f"rwa-kind-{k}"), f"rwa:k:{k}"),) for k in rewards.KINDS]
        context.reply(texts("rwa-ask-kind"), markup=keyboards.inline(*rows))
    elif step == AUDIENCE:
        context.reply(texts("rwa-ask-audience"), markup=await _audience_buttons(context))
    elif step == POOLED:
        rows = [
            ((texts("button-rwa-pooled-yes"), "rwa:p:1"),),
            ((texts("button-rwa-pooled-no"), "rwa:p:0"),),
        ]
        context.reply(texts("rwa-ask-pooled"), markup=keyboards.inline(*rows))
    else:
        await _preview(context, state)


async def _audience_buttons(context: ClubContext) -> InlineKeyboardMarkup:
    texts = context.texts
    rows: list[tuple[tuple[str, str], ...]] = [((texts("rwa-audience-all"), "rwa:a:all"),)]
    for tier in context.club.settings.tiers:
        label = texts("rwa-audience-tier", tier=texts.get(f"tier-{tier.key}", tier.key))
        rows.append(((label, f"rwa:a:t:{tier.key}"),))
    for segment in await segments.list_all(context.club.db):
        label = texts("rwa-audience-segment", name=segment.name)
        rows.append(((label, f"rwa:a:s:{segment.id}"),))
    return keyboards.inline(*rows)


async def on_text(update: Update, context: ClubContext, state: Conversation) -> None:
    """A typed answer: read, or its reason and the same step again."""
    message = update.effective_message
    assert message is not None and message.text is not None
    if not await require(context, Action.REWARDS):
        await context.clear_conversation()  # the role was taken away mid-step
        return
    texts, step = context.texts, state.step
    if step not in TYPED:
        context.reply(texts("rwa-use-buttons" if step != UPLOAD else "rwa-file-expected"))
        await _ask(context, state)
        return
    field, skip = TYPED[step]
    if skip is not None and message.text == texts(skip):
        changes = {field: SKIPPED[step]}
        if step == STARTS:
            changes["ends_on"] = None
        await _advance(context, state, changes)
        return
    draft = state.data.get("draft", {})
    value, error = _read(context, step, message.text, draft)
    if error is not None:
        context.reply(error)
        return
    await _advance(context, state, {field: value})


def _read(
    context: ClubContext, step: str, text: str, draft: dict[str, Any]
) -> tuple[Any, str | None]:
    """The typed value for this step, or the reason it does not read."""
    texts = context.texts
    if step == TITLE:
        value: Any = rewards.read_title(text)
        return value, None if value else texts("rwa-error-title", limit=rewards.MAX_TITLE)
    if step == DESCRIPTION:
        value = rewards.read_description(text)
        limit = rewards.MAX_DESCRIPTION
        return value, None if value else texts("rwa-error-description", limit=limit)
    if step == VALUE:
        kind = str(draft.get("kind"))
        value = rewards.read_value(kind, text)
        return value, None if value else texts(f"rwa-error-value-{kind}")
    if step == MIN_PURCHASE:
        value = rewards.read_toman(text)
        return value, None if value else texts("rwa-error-toman")
    if step == VALID_DAYS:
        value = rewards.read_count(text, limit=rewards.MAX_VALID_DAYS)
        return value, None if value else texts("rwa-error-days", limit=rewards.MAX_VALID_DAYS)
    if step in (STARTS, ENDS):
        return _read_day(context, step, text, draft)
    value = rewards.read_count(text)
    return value, None if value else texts("rwa-error-count")


def _read_day(
    context: ClubContext, step: str, text: str, draft: dict[str, Any]
) -> tuple[Any, str | None]:
    texts = context.texts
    day = segments.parse_jalali_day(text)
    if day is None:
        return None, texts("rwa-error-date")
    today = context.club.now().astimezone(ZoneInfo(context.club.settings.timezone)).date()
    start = draft.get("starts_on")
    if step == ENDS and start is not None and day < date.fromisoformat(start):
        return None, texts("rwa-error-end-before-start", start=date.fromisoformat(start))
    if step == ENDS and day < today:
        return None, texts("rwa-error-end-past")
    return day.isoformat(), None


async def _advance(context: ClubContext, state: Conversation, changes: dict[str, Any]) -> None:
    """A step answered: the next step of a new reward, or an edited field saved."""
    draft = dict(state.data.get("draft", {})) | changes
    data = state.data | {"draft": draft}
    mode = data.get("mode")
    if mode == "edit" and not (state.step == STARTS and draft.get("starts_on") is not None):
        await _save_field(context, Conversation(FLOW, state.step, data))
        return
    following = _next(state.step, draft)
    if mode == "edit":
        following = ENDS
    state = Conversation(FLOW, following, data)
    await context.save_conversation(state)
    await _ask(context, state)


def _next(step: str, draft: dict[str, Any]) -> str:
    following = ORDER[ORDER.index(step) + 1]
    item = draft.get("kind") == "item"
    if (following in (VALUE, MIN_PURCHASE) and item) or (
        following == ENDS and draft.get("starts_on") is None
    ):
        return _next(following, draft)
    return following


# Preview and save


def _draft(data: dict[str, Any]) -> Draft:
    values = dict(data)
    for key in ("starts_on", "ends_on"):
        if values.get(key) is not None:
            values[key] = date.fromisoformat(values[key])
    known = {k: v for k, v in values.items() if k in Draft.__dataclass_fields__}
    return Draft(**known)


def _as_data(reward: Draft) -> dict[str, Any]:
    values = {k: v for k, v in asdict(reward).items() if k in Draft.__dataclass_fields__}
    for key in ("starts_on", "ends_on"):
        if values[key] is not None:
            values[key] = values[key].isoformat()
    return values


async def _preview(context: ClubContext, state: Conversation) -> None:
    """The reward as members will see it, the admins' details, and Save / Discard carrying
    this preview's nonce: a second tap of Save finds the preview gone and saves nothing."""
    texts = context.texts
    nonce = secrets.token_hex(4)
    state = Conversation(FLOW, PREVIEW, state.data | {"nonce": nonce})
    await context.save_conversation(state)
    draft = _draft(state.data["draft"])
    context.reply(texts("rwa-preview-intro"), markup=_after(context))
    context.reply(member_card(context, draft))
    lines = [texts("rwa-preview-details")]
    lines.append(
        texts("rwa-detail-stock", stock=draft.stock)
        if draft.stock
        else texts("rwa-detail-stock-unlimited")
    )
    lines.extend(await _details(context, draft))
    markup = keyboards.inline(
        ((texts("button-rwa-save"), f"rwa:save:{nonce}"),),
        ((texts("button-rwa-drop"), f"rwa:drop:{nonce}"),),
    )
    context.reply("\n".join(lines), markup=markup)


async def _save(context: ClubContext, state: Conversation) -> None:
    club, texts = context.club, context.texts
    draft = _draft(state.data["draft"])
    role = await role_for(context, Action.REWARDS)
    async with club.db.write() as conn:
        reward_id = await rewards.create(
            conn, draft, actor=context.actor, role=role.value if role else None, now=club.now()
        )
        reward = await rewards.get_in(conn, reward_id)
    assert reward is not None
    await context.clear_conversation()
    said = texts("rwa-saved", title=reward.title)
    if reward.pooled:
        said += "\n" + texts("rwa-saved-pooled")
    context.reply(said, markup=_after(context))
    await _reward_screen(context, reward, None)


async def _save_field(context: ClubContext, state: Conversation) -> None:
    """One edited field (or the audience or window pair) saved and audited at once."""
    club, texts = context.club, context.texts
    field, draft = str(state.data["field"]), state.data["draft"]
    columns = {"audience": ("tier", "segment_id"), "window": ("starts_on", "ends_on")}
    names = columns.get(field, (field,))
    values = {name: draft.get(name) for name in names}
    for key in ("starts_on", "ends_on"):
        if values.get(key) is not None:
            values[key] = date.fromisoformat(values[key])
    role = await role_for(context, Action.REWARDS)
    await context.clear_conversation()
    try:
        async with club.db.write() as conn:
            reward = await rewards.update(
                conn,
                int(state.data["reward_id"]),
                field,
                values,
                actor=context.actor,
                role=role.value if role else None,
                now=club.now(),
            )
    except rewards.StockBelowIssued as error:
        await context.save_conversation(state)
        context.reply(texts("rwa-error-stock-below-issued", issued=error.issued))
        return
    except rewards.RewardGone:
        context.reply(texts("rwa-unknown"), markup=_after(context))
        return
    note = texts("rwa-updated", field=texts(_field_key(field)))
    context.reply(note, markup=_after(context))
    await _reward_screen(context, reward, None)


def _after(context: ClubContext) -> Any:
    """The person's own keyboard back (the member menu for a member)."""
    if context.member is not None:
        return keyboards.main_menu(context.texts)
    return ReplyKeyboardRemove()


# A partner's codes, uploaded as a CSV document


async def on_document(update: Update, context: ClubContext, state: Conversation) -> None:
    """The codes file: checked by name and size before it is downloaded, then read; a file
    that cannot be used is answered and the step stays."""
    message = update.effective_message
    assert message is not None
    if not await require(context, Action.REWARDS):
        await context.clear_conversation()
        return
    texts, settings = context.texts, context.club.settings
    if state.step != UPLOAD or message.document is None:
        context.reply(texts("rwa-file-not-now"))
        await _ask(context, state)
        return
    document = message.document
    limit = partner_pool.max_bytes(settings.partner_pool_max_rows)
    size = -(-limit // 1024)  # in KB, rounded up
    if not partner_pool.looks_like_csv(document.file_name, document.mime_type):
        context.reply(texts("rwa-file-not-csv"))
        return
    if document.file_size is not None and document.file_size > limit:
        context.reply(texts("rwa-file-too-big", size=size, rows=settings.partner_pool_max_rows))
        return
    try:
        file = await context.bot.get_file(document.file_id)
        data = bytes(await file.download_as_bytearray())
    except TelegramError:
        context.reply(texts("rwa-file-unreadable"))
        return
    if len(data) > limit:
        context.reply(texts("rwa-file-too-big", size=size, rows=settings.partner_pool_max_rows))
        return
    try:
        parsed = partner_pool.parse(data, max_rows=settings.partner_pool_max_rows)
    except PoolFileError as error:
        context.reply(
            texts(
                f"rwa-file-{error.reason}",
                rows=settings.partner_pool_max_rows,
                line=error.line,
                limit=partner_pool.MAX_CODE,
            )
        )
        return
    await _add_codes(context, int(state.data["reward_id"]), parsed)


async def _add_codes(context: ClubContext, reward_id: int, parsed: partner_pool.Parsed) -> None:
    club, texts = context.club, context.texts
    role = await role_for(context, Action.REWARDS)
    actor, role_name, now = context.actor, role.value if role else None, club.now()
    async with club.db.write() as conn:
        reward = await rewards.get_in(conn, reward_id)
        if reward is None or reward.status == ARCHIVED or not reward.pooled:
            gone = True
        else:
            gone = False
            added = await partner_pool.add(
                conn, reward_id, parsed, actor=actor, role=role_name, now=now
            )
            resumed = await rewards.resume_refilled(
                conn, reward_id, actor=actor, role=role_name, now=now
            )
            reward = await rewards.get_in(conn, reward_id)
    await context.clear_conversation()
    if gone or reward is None:
        context.reply(texts("rwa-unknown"), markup=_after(context))
        return
    said = texts("rwa-pool-added", added=added.added, skipped=added.skipped, free=added.free)
    if resumed:
        said += "\n" + texts("rwa-pool-resumed", title=reward.title)
    context.reply(said, markup=_after(context))
    await _reward_screen(context, reward, None)


register_flow(
    FLOW,
    TeamFlow(on_text=on_text, prompt=prompt, cancelled="rwa-cancelled", on_document=on_document),
)
