"""/broadcast: compose, preview, confirm, follow, pause, resume and cancel a broadcast.

```mermaid
stateDiagram-v2
    [*] --> TEXT: /broadcast → New message
    TEXT --> BUTTON: a text, or a photo with its caption (length checked)
    BUTTON --> URL: Add a link button
    URL --> LABEL: an http(s) link
    LABEL --> AUDIENCE: the button's words
    BUTTON --> AUDIENCE: No button
    AUDIENCE --> WHEN: Everyone or a saved segment (the exact count shown)
    WHEN --> CONFIRM: Now
    WHEN --> TIME: Schedule
    TIME --> CONFIRM: a Jalali date and time in the club's timezone, in the future
    CONFIRM --> [*]: Send (the preview was exactly what members get) or Discard
```

Buttons: `bc:new`, `bc:btn:add|none`, `bc:aud:all|<segment id>`, `bc:when:now|later`,
`bc:send`, `bc:drop`, `bc:open:<id>`, `bc:pause|resume|cancel:<id>`. Every press asks the
permission matrix again; the draft lives in the composer's conversation, so a restart keeps it.
"""

from __future__ import annotations

import re
import secrets
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, filters

from bot import keyboards
from bot.club import audit, segments
from bot.club.broadcasts import (
    CANCELLED,
    DONE,
    MAX_BUTTON_TEXT,
    MAX_URL,
    PAUSED,
    SCHEDULED,
    SENDING,
    Broadcast,
    Draft,
)
from bot.club.callback_data import parse_callback_int
from bot.club.digits import visible_text, without_bidi_marks
from bot.club.jalali import MAX_LEAD, parse_moment
from bot.club.permissions import Action
from bot.context import ClubContext
from bot.handlers.authority import require, role_for
from bot.handlers.flows import TeamFlow, register_flow
from bot.outgoing import markup_data
from bot.storage.conversations import Conversation

FLOW = "broadcast"
TEXT, URL, LABEL, TIME, CHOOSE = "TEXT", "URL", "LABEL", "TIME", "CHOOSE"
# The preview was shown: only its own Send / Discard (carrying its nonce) act now.
PREVIEW = "PREVIEW"
_LABEL = re.compile(r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)")


def handlers() -> list[BaseHandler[Any, Any, Any]]:
    return [
        CommandHandler("broadcast", command, filters=filters.ChatType.PRIVATE),
        CallbackQueryHandler(on_button, pattern=r"^bc:"),
    ]


async def command(update: Update, context: ClubContext) -> None:
    if await require(context, Action.BROADCAST):
        await _home(context)


async def open_from_admin(context: ClubContext) -> None:
    await _home(context)


async def _home(context: ClubContext) -> None:
    texts = context.texts
    rows: list[tuple[tuple[str, str], ...]] = [((texts("button-broadcast-new"), "bc:new"),)]
    for b in await context.club.broadcasts.recent():
        label = texts(
            "broadcast-list-item",
            number=texts.digits(str(b.id)),
            status=texts(f"broadcast-status-{b.status}"),
            when=texts.datetime(b.due_at or b.created_at),
        )
        rows.append(((label, f"bc:open:{b.id}"),))
    context.reply(texts("broadcast-home"), markup=keyboards.inline(*rows))


# Composing


async def _save(context: ClubContext, step: str, draft: Draft) -> None:
    await context.save_conversation(Conversation(FLOW, step, draft.data()))


async def prompt(update: Update, context: ClubContext, state: Conversation) -> None:
    """Shows the current step again."""
    await _ask(context, state.step, Draft.of(state.data))


async def _ask(context: ClubContext, step: str, draft: Draft) -> None:
    texts = context.texts
    cancel = keyboards.reply(texts, ("button-cancel",))
    if step == TEXT:
        context.reply(texts("broadcast-ask-text"), markup=cancel)
    elif step == URL:
        context.reply(texts("broadcast-ask-url"), markup=cancel)
    elif step == LABEL:
        context.reply(texts("broadcast-ask-label", most=MAX_BUTTON_TEXT), markup=cancel)
    elif step == TIME:
        context.reply(texts("broadcast-ask-time"), markup=cancel)
    elif step == PREVIEW:
        await _preview(context, draft)
    else:  # CHOOSE: the choice is on the buttons of the last message; show it again
        await _ask_button(context, draft)


async def _ask_button(context: ClubContext, draft: Draft) -> None:
    texts = context.texts
    context.reply(
        texts("broadcast-ask-button"),
        markup=keyboards.inline(
            ((texts("button-broadcast-add-link"), "bc:btn:add"),),
            ((texts("button-broadcast-no-link"), "bc:btn:none"),),
        ),
    )


async def _still_allowed(context: ClubContext) -> bool:
    """A role taken away mid-compose ends the draft: nothing more is shown or counted."""
    if await require(context, Action.BROADCAST):
        return True
    await context.clear_conversation()
    return False


async def on_text(update: Update, context: ClubContext, state: Conversation) -> None:
    if not await _still_allowed(context):
        return
    message = update.effective_message
    assert message is not None and message.text is not None
    texts, draft = context.texts, Draft.of(state.data)
    text = message.text.strip()
    if state.step == TEXT:
        await _take_words(context, draft, text, photo=None)
    elif state.step == URL:
        text = without_bidi_marks(text)  # marks pasted along from right-to-left text
        if not _good_url(text):
            context.reply(texts("broadcast-url-wrong"))
            return
        draft.button_url = text
        await _save(context, LABEL, draft)
        await _ask(context, LABEL, draft)
    elif state.step == LABEL:
        text = visible_text(text)
        if not text or len(text) > MAX_BUTTON_TEXT:
            context.reply(texts("broadcast-label-wrong", most=MAX_BUTTON_TEXT))
            return
        draft.button_text = text
        await _save(context, CHOOSE, draft)
        await _ask_audience(context)
    elif state.step == TIME:
        due = parse_moment(text, context.club.settings.timezone)
        if due is None:
            context.reply(texts("broadcast-time-wrong"))
            return
        if due <= context.club.now():
            context.reply(texts("broadcast-time-past", now=context.club.now()))
            return
        if due > context.club.now() + MAX_LEAD:
            context.reply(texts("broadcast-time-far"))
            return
        draft.due_at = due
        await _preview(context, draft)
    else:
        context.reply(texts("hint-answer-step"))
        await _ask(context, state.step, draft)


async def on_photo(update: Update, context: ClubContext, state: Conversation) -> None:
    if not await _still_allowed(context):
        return
    message = update.effective_message
    assert message is not None
    if state.step != TEXT or not message.photo:
        context.reply(context.texts("broadcast-photo-not-now"))
        await _ask(context, state.step, Draft.of(state.data))
        return
    caption = (message.caption or "").strip()
    await _take_words(context, Draft.of(state.data), caption, photo=message.photo[-1].file_id)


async def _take_words(context: ClubContext, draft: Draft, text: str, photo: str | None) -> None:
    texts = context.texts
    draft.photo = photo
    if not text and photo is None:
        context.reply(texts("broadcast-empty"))
        return
    if len(text) > draft.limit():
        context.reply(texts("broadcast-too-long", length=len(text), most=draft.limit()))
        return
    draft.text = text
    await _save(context, CHOOSE, draft)
    await _ask_button(context, draft)


def _good_url(text: str) -> bool:
    """An http(s) link a messenger will take for a button: a real host name (each label
    letters, digits or hyphens, after IDNA), a valid port, no spaces."""
    if len(text) > MAX_URL or any(c.isspace() for c in text):
        return False
    parts = urlsplit(text)
    try:
        parts.port  # noqa: B018  (raises for a port out of range)
        host = (parts.hostname or "").encode("idna").decode("ascii")
    except (ValueError, UnicodeError):
        return False
    labels = host.split(".")
    return (
        parts.scheme in ("http", "https")
        and len(labels) >= 2
        and all(_LABEL.fullmatch(label) for label in labels)
        and not labels[-1].isdigit()
    )


async def _ask_audience(context: ClubContext) -> None:
    texts = context.texts
    rows = [((texts("button-broadcast-everyone"), "bc:aud:all"),)]
    for segment in await segments.list_all(context.club.db):
        rows.append(((segment.name, f"bc:aud:{segment.id}"),))
    context.reply(texts("broadcast-ask-audience"), markup=keyboards.inline(*rows))


def recipient_markup(context: ClubContext, draft: Draft) -> InlineKeyboardMarkup:
    """The buttons every recipient gets: the link (if any) and the way out of promotions."""
    rows = []
    if draft.button_text and draft.button_url:
        rows.append([InlineKeyboardButton(draft.button_text, url=draft.button_url)])
    rows.append(
        [
            InlineKeyboardButton(
                context.texts("button-promo-off"), callback_data=segments.PROMO_OFF_DATA
            )
        ]
    )
    return InlineKeyboardMarkup(rows)


async def _preview(context: ClubContext, draft: Draft) -> None:
    """The message exactly as members will get it, then what will happen, to confirm. The
    confirm buttons carry a nonce of this preview: an older preview's Send cannot send a
    draft changed since."""
    texts, club = context.texts, context.club
    draft.nonce = secrets.token_hex(4)
    await _save(context, PREVIEW, draft)
    markup = recipient_markup(context, draft)
    if draft.photo:
        context.reply_photo_id(draft.photo, draft.text, markup)
    else:
        context.reply(draft.text, markup=markup)
    count = await club.broadcasts.audience_count(draft.segment_id)
    audience = texts("broadcast-audience-everyone")
    if draft.segment_id is not None:
        found = await segments.get(club.db, draft.segment_id)
        audience = found.name if found else audience
    when = texts("broadcast-when-now") if draft.due_at is None else texts.datetime(draft.due_at)
    lines = [texts("broadcast-summary", count=count, audience=audience, when=when)]
    quiet = club.settings.quiet_hours
    if quiet:
        lines.append(texts("broadcast-quiet-note", hours=texts.digits(quiet)))
    context.reply(
        "\n".join(lines),
        markup=keyboards.inline(
            ((texts("button-broadcast-send"), f"bc:send:{draft.nonce}"),),
            ((texts("button-broadcast-drop"), f"bc:drop:{draft.nonce}"),),
        ),
    )


# Buttons


async def on_button(update: Update, context: ClubContext) -> None:
    query = update.callback_query
    assert query is not None and query.data is not None
    if not await require(context, Action.BROADCAST, query):
        return
    _, verb, *rest = query.data.split(":")
    if verb in ("open", "pause", "resume", "cancel") and len(rest) == 1:
        broadcast_id = parse_callback_int(rest[0])
        found = await context.club.broadcasts.get(broadcast_id) if broadcast_id else None
        if found is None:
            context.answer(query, context.texts("hint-stale-button"))
            return
        await _control(query, context, verb, found)
        return
    if verb == "new" and not rest:
        context.answer(query)
        await _save(context, TEXT, Draft())
        await _ask(context, TEXT, Draft())
        return
    state = context.conversation
    value = rest[0] if len(rest) == 1 else ""
    draft = Draft.of(state.data) if state is not None and state.flow == FLOW else None
    if draft is None or state is None or len(rest) > 1:
        fresh = False
    elif verb in ("send", "drop"):
        fresh = state.step == PREVIEW and draft.nonce is not None and value == draft.nonce
    else:
        fresh = state.step == CHOOSE
    if not fresh or draft is None:
        context.answer(query, context.texts("hint-stale-button"))
        context.edit_markup(query.message)
        return
    await _choose(query, context, verb, value, draft)


async def _choose(
    query: CallbackQuery, context: ClubContext, verb: str, value: str, draft: Draft
) -> None:
    texts, club = context.texts, context.club
    context.answer(query)
    context.edit_markup(query.message)
    if (verb, value) == ("btn", "add"):
        await _save(context, URL, draft)
        await _ask(context, URL, draft)
    elif (verb, value) == ("btn", "none"):
        draft.button_text = draft.button_url = None
        await _ask_audience(context)
    elif verb == "aud":
        segment_id = None if value == "all" else parse_callback_int(value)
        if value != "all" and (
            segment_id is None or await segments.get(club.db, segment_id) is None
        ):
            context.reply(texts("broadcast-segment-gone"))
            await _ask_audience(context)
            return
        draft.segment_id = segment_id
        await _save(context, CHOOSE, draft)
        count = await club.broadcasts.audience_count(segment_id)
        context.reply(
            texts("broadcast-ask-when", count=count),
            markup=keyboards.inline(
                ((texts("button-broadcast-now"), "bc:when:now"),),
                ((texts("button-broadcast-later"), "bc:when:later"),),
            ),
        )
    elif (verb, value) == ("when", "now"):
        draft.due_at = None
        await _preview(context, draft)
    elif (verb, value) == ("when", "later"):
        await _save(context, TIME, draft)
        await _ask(context, TIME, draft)
    elif verb == "send":
        await _confirm(query, context, draft)
    elif verb == "drop":
        await context.clear_conversation()
        context.reply(texts("broadcast-dropped"))
    else:
        context.reply(texts("hint-stale-button"))


async def _confirm(query: CallbackQuery, context: ClubContext, draft: Draft) -> None:
    texts, club = context.texts, context.club
    if draft.due_at is not None and draft.due_at <= club.now():
        await _save(context, TIME, draft)
        context.reply(texts("broadcast-time-past", now=club.now()))
        return
    try:
        created = await club.broadcasts.create(
            draft,
            actor=context.actor,
            platform=context.platform.value,
            chat_id=context.user_id,
            progress_message_id=query.message.message_id if query.message else None,
            markup=markup_data(recipient_markup(context, draft)),
        )
    except LookupError:  # the segment was deleted while this was composed
        context.reply(texts("broadcast-segment-gone"))
        await _ask_audience(context)
        return
    await _audit(
        context,
        "broadcast_created",
        created.id,
        {
            "audience": created.audience_size,
            "segment": draft.segment_id,
            "due_at": created.due_at.isoformat() if created.due_at else None,
        },
    )
    await context.clear_conversation()
    text, markup = status_screen(context.texts, created, None)
    context.edit(query.message, text, markup)


async def _audit(
    context: ClubContext, action: str, broadcast_id: int, details: dict[str, Any]
) -> None:
    """The audit row of a composer's action, in the update's transaction."""
    role = await role_for(context, Action.BROADCAST)
    async with context.club.db.write() as conn:
        await audit.record(
            conn,
            actor=context.actor,
            role=role.value if role else None,
            action=action,
            target=f"broadcast:{broadcast_id}",
            details=details,
            at=context.club.now(),
        )


def status_screen(
    texts: Any, broadcast: Broadcast, progress: Any, now: datetime | None = None
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The composer's view of a broadcast: its state, figures so far, and what may be done."""
    number = texts.digits(str(broadcast.id))
    if broadcast.status == SCHEDULED:
        text = texts(
            "broadcast-scheduled",
            number=number,
            count=broadcast.audience_size,
            when=broadcast.due_at or broadcast.created_at,
        )
    elif progress is None:
        text = texts("broadcast-started", number=number, count=broadcast.audience_size)
    else:
        text = texts(
            f"broadcast-progress-{broadcast.status}",
            number=number,
            sent=progress.sent,
            failed=progress.failed,
            unreachable=progress.unreachable,
            unknown=progress.unknown,
            left=progress.left,
            total=progress.total,
        )
        eta = _eta(broadcast, progress, now)
        if broadcast.status == SENDING and eta is not None:
            text += "\n" + texts("broadcast-eta", minutes=eta)
    buttons: list[tuple[str, str]] = []
    if broadcast.status == SENDING:
        buttons.append((texts("button-broadcast-pause"), f"bc:pause:{broadcast.id}"))
    if broadcast.status == PAUSED:
        buttons.append((texts("button-broadcast-resume"), f"bc:resume:{broadcast.id}"))
    if broadcast.status in (SCHEDULED, SENDING, PAUSED):
        buttons.append((texts("button-broadcast-cancel"), f"bc:cancel:{broadcast.id}"))
    markup = keyboards.inline(*((b,) for b in buttons)) if buttons else None
    return text, markup


def _eta(broadcast: Broadcast, progress: Any, now: datetime | None) -> int | None:
    """Whole minutes (at least one) left at the rate so far; None before there is a rate."""
    done = progress.total - progress.left
    if now is None or broadcast.started_at is None or done <= 0 or progress.left <= 0:
        return None
    elapsed = (now - broadcast.started_at).total_seconds()
    if elapsed <= 0:
        return None
    return max(1, round(progress.left / (done / elapsed) / 60))


_CHANGES = {
    "pause": (PAUSED, (SENDING,), "broadcast_paused"),
    "resume": (SENDING, (PAUSED,), "broadcast_resumed"),
    "cancel": (CANCELLED, (SCHEDULED, SENDING, PAUSED), "broadcast_cancelled"),
}
_SAID = {
    "pause": "broadcast-paused",
    "resume": "broadcast-resumed",
    "cancel": "broadcast-cancelled",
}


async def _control(query: CallbackQuery, context: ClubContext, verb: str, found: Broadcast) -> None:
    texts, club = context.texts, context.club
    if verb == "open":
        context.answer(query)
        progress = None if found.status == SCHEDULED else await club.broadcasts.progress(found)
        text, markup = status_screen(texts, found, progress, club.now())
        if found.status in (DONE, CANCELLED) and found.finished_at is not None:
            text = await report_text(texts, club, found)
        context.reply(text, markup=markup)
        return
    to, allowed, action = _CHANGES[verb]
    if not await club.broadcasts.change(found.id, to=to, allowed=allowed):
        # A double tap, or the broadcast ended meanwhile: say how it stands now.
        context.answer(query, texts("broadcast-not-now"))
        return
    await _audit(context, action, found.id, {})
    context.answer(query, texts(_SAID[verb]))
    changed = await club.broadcasts.get(found.id)
    assert changed is not None
    progress = None if changed.status == SCHEDULED else await club.broadcasts.progress(changed)
    text, markup = status_screen(texts, changed, progress, club.now())
    context.edit(query.message, text, markup)


async def report_text(texts: Any, club: Any, broadcast: Broadcast) -> str:
    """The final report: counts, how long it took, the rate achieved against the limit."""
    progress = await club.broadcasts.progress(broadcast)
    started = broadcast.started_at or broadcast.created_at
    finished = broadcast.finished_at or club.now()
    seconds = max(int((finished - started).total_seconds()), 0)
    rate = progress.sent / seconds if seconds else float(progress.sent)
    limit = int(club.settings.telegram_rate_limit)
    return str(
        texts(
            f"broadcast-report-{broadcast.status}",
            number=texts.digits(str(broadcast.id)),
            sent=progress.sent,
            failed=progress.failed,
            unreachable=progress.unreachable,
            unknown=progress.unknown,
            skipped=progress.skipped,
            total=progress.total,
            minutes=seconds // 60,
            seconds=seconds % 60,
            rate=texts.decimal(rate),
            limit=limit,
        )
    )


register_flow(
    FLOW, TeamFlow(on_text=on_text, prompt=prompt, cancelled="broadcast-dropped", on_photo=on_photo)
)
