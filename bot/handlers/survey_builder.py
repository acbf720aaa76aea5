"""The admins' survey builder (Action.SURVEYS), in chat: a team flow whose draft lives in the
builder's conversation, so a restart keeps it.

```mermaid
stateDiagram-v2
    [*] --> TITLE: svb:new
    TITLE --> INTRO: 1 to 100 characters
    INTRO --> KIND: a text up to 1000 characters, or svb:nointro
    KIND --> QTEXT: svb:k:<kind> (yes/no, single, multiple, rating)
    KIND --> REQ: svb:k:nps (the standard question)
    KIND --> QTEXT: svb:k:text
    QTEXT --> CHOICES: single or multiple choice
    QTEXT --> LIMIT: free text
    QTEXT --> REQ: yes/no, rating
    CHOICES --> REQ: 2 to 8 lines, each up to 40 characters, no repeats
    LIMIT --> REQ: 10 to 2000
    REQ --> KIND: svb:req:1|0 (required or optional)
    KIND --> REWARD: svb:qdone (at least one question)
    REWARD --> AUDIENCE: 0 to 100000 points
    AUDIENCE --> OPENS: svb:aud:all|<segment>
    OPENS --> CLOSES: svb:now, or a Jalali date and time ahead
    CLOSES --> TRIGGER: after the opening, within a year
    TRIGGER --> PREVIEW: svb:trig:announce
    TRIGGER --> HOURS: svb:trig:purchase
    HOURS --> PREVIEW: 1 to 720 hours
    PREVIEW --> [*]: svb:pub:<nonce> publishes (audited, announced), svb:drop discards
```

Every press and every typed step asks the permission matrix again; a press for another step
(an old message) is refused as stale.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from telegram import CallbackQuery, Update

from bot import keyboards
from bot.club import segments, surveys
from bot.club.broadcasts import Draft as BroadcastDraft
from bot.club.digits import parse_int, visible_text
from bot.club.jalali import MAX_LEAD, parse_moment
from bot.club.permissions import Action
from bot.club.surveys import Draft
from bot.context import ClubContext
from bot.handlers.authority import require, role_for
from bot.handlers.flows import TeamFlow, register_flow
from bot.handlers.survey_answer import question_markup, question_text
from bot.outgoing import markup_data
from bot.storage.conversations import Conversation

FLOW = "survey-build"
TITLE, INTRO, KIND, QTEXT, CHOICES, LIMIT, REQ = (
    "TITLE",
    "INTRO",
    "KIND",
    "QTEXT",
    "CHOICES",
    "LIMIT",
    "REQ",
)
REWARD, AUDIENCE, OPENS, CLOSES, TRIGGER, HOURS, PREVIEW = (
    "REWARD",
    "AUDIENCE",
    "OPENS",
    "CLOSES",
    "TRIGGER",
    "HOURS",
    "PREVIEW",
)


async def start(context: ClubContext) -> None:
    await _go(context, TITLE, Draft())


async def _save(context: ClubContext, step: str, draft: Draft) -> None:
    await context.save_conversation(Conversation(FLOW, step, draft.data()))


async def _go(context: ClubContext, step: str, draft: Draft) -> None:
    await _save(context, step, draft)
    await _ask(context, step, draft)


async def _ask(context: ClubContext, step: str, draft: Draft) -> None:
    """The step's question (again, after a sticker or a press of an old message)."""
    texts = context.texts
    cancel = keyboards.reply(texts, ("button-cancel",))
    if step == TITLE:
        context.reply(texts("survey-ask-title", most=surveys.MAX_TITLE), markup=cancel)
    elif step == INTRO:
        context.reply(
            texts("survey-ask-intro", most=surveys.MAX_INTRO),
            markup=keyboards.inline(((texts("button-survey-no-intro"), "svb:nointro"),)),
        )
    elif step == KIND:
        _ask_kind(context, draft)
    elif step == QTEXT:
        context.reply(texts("survey-ask-question", most=surveys.MAX_QUESTION), markup=cancel)
    elif step == CHOICES:
        context.reply(
            texts(
                "survey-ask-choices",
                least=surveys.MIN_CHOICES,
                most=surveys.MAX_CHOICES,
                longest=surveys.MAX_CHOICE,
            ),
            markup=cancel,
        )
    elif step == LIMIT:
        context.reply(
            texts("survey-ask-limit", least=surveys.MIN_TEXT_LIMIT, most=surveys.MAX_TEXT_LIMIT),
            markup=cancel,
        )
    elif step == REQ:
        context.reply(
            texts("survey-ask-required"),
            markup=keyboards.inline(
                (
                    (texts("button-survey-required"), "svb:req:1"),
                    (texts("button-survey-optional"), "svb:req:0"),
                )
            ),
        )
    elif step == REWARD:
        context.reply(texts("survey-ask-reward", most=surveys.MAX_REWARD), markup=cancel)
    elif step == AUDIENCE:
        rows = [((texts("button-survey-everyone"), "svb:aud:all"),)]
        for segment in await segments.list_all(context.club.db):
            rows.append(((segment.name, f"svb:aud:{segment.id}"),))
        context.reply(texts("survey-ask-audience"), markup=keyboards.inline(*rows))
    elif step == OPENS:
        context.reply(
            texts("survey-ask-opens"),
            markup=keyboards.inline(((texts("button-survey-open-now"), "svb:now"),)),
        )
    elif step == CLOSES:
        context.reply(texts("survey-ask-closes"), markup=cancel)
    elif step == TRIGGER:
        context.reply(
            texts("survey-ask-trigger"),
            markup=keyboards.inline(
                ((texts("button-survey-announce"), "svb:trig:announce"),),
                ((texts("button-survey-after-purchase"), "svb:trig:purchase"),),
            ),
        )
    elif step == HOURS:
        context.reply(texts("survey-ask-hours", most=surveys.MAX_HOURS), markup=cancel)
    else:
        await _preview(context, draft)


def _ask_kind(context: ClubContext, draft: Draft) -> None:
    texts = context.texts
    rows = [
        ((texts(f"survey-kind-{kind}"), f"svb:k:{kind}"),)
        for kind in surveys.KINDS
        if len(draft.questions) < surveys.MAX_QUESTIONS
    ]
    if draft.questions:
        rows.append(((texts("button-survey-questions-done"), "svb:qdone"),))
    context.reply(
        texts("survey-ask-kind", count=len(draft.questions)), markup=keyboards.inline(*rows)
    )


async def _still_allowed(context: ClubContext, query: CallbackQuery | None = None) -> bool:
    """A role taken away mid-build ends the draft."""
    if await require(context, Action.SURVEYS, query):
        return True
    if context.conversation is not None and context.conversation.flow == FLOW:
        await context.clear_conversation()
    return False


# Typed steps


async def on_text(update: Update, context: ClubContext, state: Conversation) -> None:
    if not await _still_allowed(context):
        return
    message = update.effective_message
    assert message is not None and message.text is not None
    draft, step = Draft.of(state.data), state.step
    typed = _TYPED.get(step)
    if typed is None:
        context.reply(context.texts("hint-answer-step"))
        await _ask(context, step, draft)
        return
    await typed(context, draft, message.text.strip())


async def _title(context: ClubContext, draft: Draft, text: str) -> None:
    title = visible_text(text)
    if not title or len(title) > surveys.MAX_TITLE:
        context.reply(context.texts("survey-error-title", most=surveys.MAX_TITLE))
        return
    draft.title = title
    await _go(context, INTRO, draft)


async def _intro(context: ClubContext, draft: Draft, text: str) -> None:
    intro = text.strip()
    if not intro or len(intro) > surveys.MAX_INTRO:
        context.reply(
            context.texts("survey-error-intro", length=len(intro), most=surveys.MAX_INTRO)
        )
        return
    draft.intro = intro
    await _go(context, KIND, draft)


async def _question(context: ClubContext, draft: Draft, text: str) -> None:
    words = visible_text(text)
    if not words or len(words) > surveys.MAX_QUESTION:
        context.reply(context.texts("survey-error-question", most=surveys.MAX_QUESTION))
        return
    pending = dict(draft.pending or {})
    pending["text"] = words
    draft.pending = pending
    kind = pending.get("kind")
    following = {surveys.SINGLE: CHOICES, surveys.MULTI: CHOICES, surveys.TEXT: LIMIT}
    await _go(context, following.get(str(kind), REQ), draft)


async def _choices(context: ClubContext, draft: Draft, text: str) -> None:
    lines = [visible_text(line) for line in text.splitlines()]
    choices = [line for line in lines if line]
    texts = context.texts
    if not surveys.MIN_CHOICES <= len(choices) <= surveys.MAX_CHOICES:
        context.reply(
            texts(
                "survey-error-choices-count",
                least=surveys.MIN_CHOICES,
                most=surveys.MAX_CHOICES,
            )
        )
        return
    if any(len(choice) > surveys.MAX_CHOICE for choice in choices):
        context.reply(texts("survey-error-choice-long", longest=surveys.MAX_CHOICE))
        return
    if len(set(choices)) != len(choices):
        context.reply(texts("survey-error-choice-repeated"))
        return
    draft.pending = dict(draft.pending or {}) | {"choices": choices}
    await _go(context, REQ, draft)


async def _limit(context: ClubContext, draft: Draft, text: str) -> None:
    limit = parse_int(text)
    if limit is None or not surveys.MIN_TEXT_LIMIT <= limit <= surveys.MAX_TEXT_LIMIT:
        context.reply(
            context.texts(
                "survey-error-limit", least=surveys.MIN_TEXT_LIMIT, most=surveys.MAX_TEXT_LIMIT
            )
        )
        return
    draft.pending = dict(draft.pending or {}) | {"max_length": limit}
    await _go(context, REQ, draft)


async def _reward(context: ClubContext, draft: Draft, text: str) -> None:
    points = parse_int(text)
    if points is None or not 0 <= points <= surveys.MAX_REWARD:
        context.reply(context.texts("survey-error-reward", most=surveys.MAX_REWARD))
        return
    draft.reward_points = points
    await _go(context, AUDIENCE, draft)


def _moment(context: ClubContext, text: str, *, after: datetime | None) -> datetime | None:
    """A typed Jalali date and time ahead of now (and of `after`), within a year; else the
    reason is said and None returned."""
    texts, now = context.texts, context.club.now()
    when = parse_moment(text, context.club.settings.timezone)
    if when is None:
        context.reply(texts("survey-error-time"))
        return None
    if when <= now:
        context.reply(texts("survey-error-time-past", now=now))
        return None
    if after is not None and when <= after:
        context.reply(texts("survey-error-close-before-open", opens=after))
        return None
    if when > now + MAX_LEAD:
        context.reply(texts("survey-error-time-far"))
        return None
    return when


async def _opens(context: ClubContext, draft: Draft, text: str) -> None:
    when = _moment(context, text, after=None)
    if when is not None:
        draft.opens_at = when
        await _go(context, CLOSES, draft)


async def _closes(context: ClubContext, draft: Draft, text: str) -> None:
    when = _moment(context, text, after=draft.opens_at)
    if when is not None:
        draft.closes_at = when
        await _go(context, TRIGGER, draft)


async def _hours(context: ClubContext, draft: Draft, text: str) -> None:
    hours = parse_int(text)
    if hours is None or not 1 <= hours <= surveys.MAX_HOURS:
        context.reply(context.texts("survey-error-hours", most=surveys.MAX_HOURS))
        return
    draft.after_purchase_hours = hours
    await _go(context, PREVIEW, draft)


_TYPED = {
    TITLE: _title,
    INTRO: _intro,
    QTEXT: _question,
    CHOICES: _choices,
    LIMIT: _limit,
    REWARD: _reward,
    OPENS: _opens,
    CLOSES: _closes,
    HOURS: _hours,
}


# Buttons


async def on_button(update: Update, context: ClubContext) -> None:
    """Every `svb:` press: the role asked again, then the press must fit the current step."""
    query = update.callback_query
    assert query is not None and query.data is not None
    if not await _still_allowed(context, query):
        return
    texts = context.texts
    _, verb, *rest = query.data.split(":")
    if verb == "inert":
        context.answer(query, texts("survey-preview-inert"))
        return
    if verb == "new" and not rest:
        context.answer(query)
        await start(context)
        return
    state = context.conversation
    if state is None or state.flow != FLOW:
        context.answer(query, texts("hint-stale-button"))
        return
    draft = Draft.of(state.data)
    handled = await _press(context, query, state.step, draft, verb, rest)
    context.answer(query, None if handled else texts("hint-stale-button"))


async def _press(
    context: ClubContext,
    query: CallbackQuery,
    step: str,
    draft: Draft,
    verb: str,
    rest: list[str],
) -> bool:
    """The press for `step`; False when it belongs to another step (an old message)."""
    arg = rest[0] if len(rest) == 1 else None
    if step == INTRO and verb == "nointro" and not rest:
        draft.intro = ""
        await _go(context, KIND, draft)
    elif step == KIND and verb == "k" and arg in surveys.KINDS:
        if len(draft.questions) >= surveys.MAX_QUESTIONS:
            return False
        if arg == surveys.NPS:
            draft.pending = {"kind": arg, "text": context.texts("survey-nps-question")}
            await _go(context, REQ, draft)
        else:
            draft.pending = {"kind": arg}
            await _go(context, QTEXT, draft)
    elif step == KIND and verb == "qdone" and not rest and draft.questions:
        await _go(context, REWARD, draft)
    elif step == REQ and verb == "req" and arg in ("0", "1") and draft.pending:
        draft.questions = [*draft.questions, dict(draft.pending) | {"required": arg == "1"}]
        draft.pending = None
        await _go(context, KIND, draft)
    elif step == AUDIENCE and verb == "aud" and arg is not None:
        return await _audience(context, draft, arg)
    elif step == OPENS and verb == "now" and not rest:
        draft.opens_at = context.club.now()
        await _go(context, CLOSES, draft)
    elif step == TRIGGER and verb == "trig" and arg in ("announce", "purchase"):
        if arg == "purchase":
            await _go(context, HOURS, draft)
        else:
            draft.after_purchase_hours = None
            await _go(context, PREVIEW, draft)
    elif step == PREVIEW and verb == "pub" and arg is not None and arg == draft.nonce:
        await _publish(context, query, draft)
    elif step == PREVIEW and verb == "drop" and not rest:
        await context.clear_conversation()
        context.edit(query.message, context.texts("survey-dropped"))
    else:
        return False
    return True


async def _audience(context: ClubContext, draft: Draft, arg: str) -> bool:
    if arg == "all":
        draft.segment_id = None
    else:
        segment_id = parse_int(arg)
        if segment_id is None or await segments.get(context.club.db, segment_id) is None:
            return False
        draft.segment_id = segment_id
    await _go(context, OPENS, draft)
    return True


# Preview and publishing


async def _audience_name(context: ClubContext, segment_id: int | None) -> str | None:
    if segment_id is None:
        return context.texts("survey-audience-all")
    found = await segments.get(context.club.db, segment_id)
    return found.name if found is not None else None


async def _preview(context: ClubContext, draft: Draft) -> None:
    """The survey as members will see it, question by question, then publish / discard."""
    texts = context.texts
    assert draft.opens_at is not None and draft.closes_at is not None
    draft.nonce = secrets.token_hex(4)
    await _save(context, PREVIEW, draft)
    questions = draft.as_questions()
    preview = surveys.Survey(
        id=0,
        title=draft.title,
        intro=draft.intro,
        reward_points=draft.reward_points,
        segment_id=draft.segment_id,
        opens_at=draft.opens_at,
        closes_at=draft.closes_at,
        after_purchase_hours=draft.after_purchase_hours,
        status=surveys.OPEN,
        broadcast_id=None,
        audience_size=0,
        created_by=context.actor,
        created_at=context.club.now(),
    )
    context.reply(texts("survey-preview-head"))
    context.reply(announcement(context, preview))
    for question in questions:
        context.reply(
            question_text(context, preview, question, len(questions)),
            markup=question_markup(context, 0, question, preview=True),
        )
    audience = await _audience_name(context, draft.segment_id) or "?"
    trigger = (
        texts("survey-trigger-purchase", hours=draft.after_purchase_hours)
        if draft.after_purchase_hours is not None
        else texts("survey-trigger-announce")
    )
    context.reply(
        texts(
            "survey-preview-summary",
            title=draft.title,
            questions=len(questions),
            reward=draft.reward_points,
            audience=audience,
            opens=draft.opens_at,
            closes=draft.closes_at,
            trigger=trigger,
        ),
        markup=keyboards.inline(
            (
                (texts("button-survey-publish"), f"svb:pub:{draft.nonce}"),
                (texts("button-survey-discard"), "svb:drop"),
            )
        ),
    )


def announcement(context: ClubContext, survey: surveys.Survey) -> str:
    texts = context.texts
    lines = [texts("survey-announcement", title=survey.title, closes=survey.closes_at)]
    if survey.reward_points:
        lines.append(texts("survey-announcement-reward", points=survey.reward_points))
    return "\n".join(lines)


def start_markup(context: ClubContext, survey_id: int) -> Any:
    return keyboards.inline(((context.texts("button-survey-start"), f"sv:go:{survey_id}"),))


async def _publish(context: ClubContext, query: CallbackQuery, draft: Draft) -> None:
    """Saved and audited; an announced survey's message goes to its audience as a broadcast
    (through the outbox, frozen like any broadcast, delivered when it opens)."""
    club, texts = context.club, context.texts
    if draft.segment_id is not None and await segments.get(club.db, draft.segment_id) is None:
        context.reply(texts("survey-segment-gone"))
        await _go(context, AUDIENCE, draft)
        return
    assert draft.closes_at is not None
    if draft.closes_at <= club.now():
        context.reply(texts("survey-error-closes-passed"))
        await _go(context, CLOSES, draft)
        return
    role = await role_for(context, Action.SURVEYS)
    async with club.db.write() as conn:
        survey = await surveys.publish(
            conn, draft, actor=context.actor, role=role.value if role else None, now=club.now()
        )
    if not survey.after_purchase:
        later = survey.opens_at > club.now()
        broadcast = await club.broadcasts.create(
            BroadcastDraft(
                text=announcement(context, survey),
                segment_id=survey.segment_id,
                due_at=survey.opens_at if later else None,
            ),
            actor=context.actor,
            platform=context.platform.value,
            chat_id=context.user_id,
            progress_message_id=None,
            markup=markup_data(start_markup(context, survey.id)),
        )
        async with club.db.write() as conn:
            await surveys.set_announcement(
                conn, survey.id, broadcast_id=broadcast.id, audience_size=broadcast.audience_size
            )
        said = texts("survey-published", title=survey.title, audience=broadcast.audience_size)
    else:
        said = texts(
            "survey-published-after-purchase",
            title=survey.title,
            hours=survey.after_purchase_hours or 0,
        )
    await context.clear_conversation()
    context.edit(query.message, said)


async def prompt(update: Update, context: ClubContext, state: Conversation) -> None:
    await _ask(context, state.step, Draft.of(state.data))


register_flow(FLOW, TeamFlow(on_text=on_text, prompt=prompt, cancelled="survey-build-cancelled"))
