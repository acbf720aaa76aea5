"""Members answer surveys: the surveys menu item, the answer buttons, free-text answers.

Buttons (all ask bot/club/surveys for the member's place again, so an old, forwarded or forged
message changes nothing): `sv:go:<survey>` starts or resumes, `sv:a:<survey>:<question>:<value>`
answers, `sv:m:<survey>:<question>:<choice>:<1|0>` picks or unpicks a multiple choice,
`sv:d:<survey>:<question>` ends the picks (the done button), `sv:s:<survey>:<question>` skips an
optional question, `sv:stop:<survey>` stops for now. A free-text question is a member flow
(`survey-text`) holding the survey and the question; its answer is checked for length.

```mermaid
stateDiagram-v2
    [*] --> QUESTION: sv:go (the first question without an answer)
    QUESTION --> QUESTION: an answer (buttons, or a text within its limit)
    QUESTION --> [*]: stop (resumed later where it was left)
    QUESTION --> DONE: the last answer: reward credited once, a low score opens a ticket
```
"""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from bot import keyboards
from bot.club import surveys
from bot.club import tickets as club_tickets
from bot.club.callback_data import parse_callback_int
from bot.club.digits import visible_text
from bot.club.surveys import Outcome, Question, State
from bot.context import ClubContext
from bot.handlers import tickets as ticket_screens
from bot.handlers.flows import TeamFlow, register_flow
from bot.storage.conversations import Conversation

FLOW = "survey-text"
TEXT_STEP = "TEXT"
MAX_ID = 2**31 - 1


def handlers() -> list[BaseHandler[Any, Any, Any]]:
    return [CallbackQueryHandler(on_button, pattern=r"^sv:")]


# The menu item


async def screen(message: Message, context: ClubContext) -> None:
    """The open surveys this member may answer (and has not finished)."""
    member, texts, club = context.member, context.texts, context.club
    if member is None:
        context.reply(texts("hint-start"))
        return
    async with club.db.read() as conn:
        found = await surveys.open_for(
            conn, member_id=member.id, now=club.now(), timezone=club.settings.timezone
        )
    if not found:
        context.reply(texts("surveys-none"))
        return
    rows = []
    lines = [texts("surveys-list")]
    for item in found:
        s = item.survey
        key = "surveys-list-item-started" if item.started else "surveys-list-item"
        lines.append(texts(key, title=s.title, closes=s.closes_at, reward=s.reward_points))
        label = "button-survey-resume" if item.started else "button-survey-open"
        rows.append(((texts(label, title=s.title), f"sv:go:{s.id}"),))
    context.reply("\n".join(lines), markup=keyboards.inline(*rows))


# Showing a question


def question_text(
    context: ClubContext, survey: surveys.Survey, question: Question, total: int
) -> str:
    texts = context.texts
    lines = []
    if question.position == 1 and survey.intro:
        lines.append(texts("survey-intro", title=survey.title, intro=survey.intro))
    lines.append(
        texts(
            "survey-question",
            title=survey.title,
            number=question.position,
            total=total,
            text=question.text,
        )
    )
    if question.kind == surveys.MULTI:
        lines.append(texts("survey-hint-multi"))
    elif question.kind == surveys.TEXT:
        lines.append(texts("survey-hint-text", most=question.max_length or 0))
    if not question.required:
        lines.append(texts("survey-hint-optional"))
    return "\n".join(lines)


def question_markup(
    context: ClubContext,
    survey_id: int,
    question: Question,
    picks: frozenset[int] = frozenset(),
    *,
    preview: bool = False,
) -> InlineKeyboardMarkup:
    """The question's buttons; `preview` (the builder's) carries inert data."""
    texts = context.texts
    base = f"sv:a:{survey_id}:{question.id}"
    rows: list[tuple[tuple[str, str], ...]] = []
    kind = question.kind
    if kind == surveys.YESNO:
        rows.append(
            ((texts("button-survey-yes"), f"{base}:1"), (texts("button-survey-no"), f"{base}:0"))
        )
    elif kind == surveys.SINGLE:
        rows.extend(((choice, f"{base}:{i}"),) for i, choice in enumerate(question.choices))
    elif kind == surveys.MULTI:
        for i, choice in enumerate(question.choices):
            on = i in picks
            label = texts("button-survey-picked", choice=choice) if on else choice
            data = f"sv:m:{survey_id}:{question.id}:{i}:{0 if on else 1}"
            rows.append(((label, data),))
        rows.append(((texts("button-survey-done"), f"sv:d:{survey_id}:{question.id}"),))
    elif kind == surveys.RATING:
        rows.append(tuple((texts.number(v), f"{base}:{v}") for v in range(1, 6)))
    elif kind == surveys.NPS:
        rows.append(tuple((texts.number(v), f"{base}:{v}") for v in range(6)))
        rows.append(tuple((texts.number(v), f"{base}:{v}") for v in range(6, 11)))
    if not question.required:
        rows.append(((texts("button-survey-skip"), f"sv:s:{survey_id}:{question.id}"),))
    rows.append(((texts("button-survey-stop"), f"sv:stop:{survey_id}"),))
    if preview:
        rows = [tuple((label, "svb:inert") for label, _ in row) for row in rows]
    return keyboards.inline(*rows)


async def _show(context: ClubContext, state: State, message: Any | None) -> None:
    """The member's current question: in the pressed message (edited), else a new one; a
    free-text question also becomes the member's conversation step."""
    assert state.survey is not None and state.question is not None
    text = question_text(context, state.survey, state.question, state.total)
    markup = question_markup(context, state.survey.id, state.question, state.picks)
    if message is not None:
        context.edit(message, text, markup)
    else:
        context.reply(text, markup=markup)
    if state.question.kind == surveys.TEXT:
        data = {"s": state.survey.id, "q": state.question.id}
        await context.save_conversation(Conversation(FLOW, TEXT_STEP, data))
    else:
        await _leave_text_step(context)


async def _leave_text_step(context: ClubContext) -> None:
    if context.conversation is not None and context.conversation.flow == FLOW:
        await context.clear_conversation()


# Buttons


def _parse(data: str) -> tuple[str, list[int]] | None:
    _, verb, *rest = data.split(":")
    numbers = [parse_callback_int(part, max_value=MAX_ID) for part in rest]
    if any(n is None for n in numbers):
        return None
    shapes = {"go": 1, "stop": 1, "a": 3, "m": 4, "d": 2, "s": 2}
    if shapes.get(verb) != len(numbers):
        return None
    return verb, [n for n in numbers if n is not None]


async def on_button(update: Update, context: ClubContext) -> None:
    """Every `sv:` press: members only; the club decides what the press means now."""
    query = update.callback_query
    assert query is not None and query.data is not None
    texts, club = context.texts, context.club
    member = context.member
    if member is None:
        context.answer(query, texts("survey-members-only"))
        return
    parsed = _parse(query.data)
    if parsed is None:
        context.answer(query, texts("hint-stale-button"))
        return
    verb, numbers = parsed
    survey_id = numbers[0]
    common: dict[str, Any] = {
        "survey_id": survey_id,
        "member_id": member.id,
        "now": club.now(),
        "timezone": club.settings.timezone,
    }
    async with club.db.write() as conn:
        if verb in ("go", "stop"):
            state = await surveys.where(conn, **common)
        elif verb == "m":
            state = await surveys.pick(
                conn, question_id=numbers[1], choice=numbers[2], on=numbers[3] == 1, **common
            )
        elif verb == "a":
            state = await surveys.answer(conn, question_id=numbers[1], value=numbers[2], **common)
        elif verb == "d":
            state = await surveys.answer(conn, question_id=numbers[1], done=True, **common)
        else:
            state = await surveys.answer(conn, question_id=numbers[1], skip=True, **common)
    if verb == "stop" and state.outcome is Outcome.NEXT:
        await _leave_text_step(context)
        context.answer(query)
        context.edit(query.message, texts("survey-stopped"))
        return
    # From an announcement or the list: the question comes as a message of its own.
    await after(context, state, query=query, message=None if verb == "go" else query.message)


async def after(
    context: ClubContext, state: State, *, query: Any | None, message: Any | None
) -> None:
    """What the member is told after a press or a typed answer, by the club's outcome."""
    texts = context.texts
    refusal = {
        Outcome.CLOSED: "survey-closed",
        Outcome.DONE: "survey-done",
        Outcome.NOT_FOR_YOU: "survey-not-for-you",
        Outcome.UNKNOWN: "hint-stale-button",
    }.get(state.outcome)
    if refusal is not None:
        await _leave_text_step(context)
        if query is not None:
            context.answer(query, texts(refusal))
            if state.outcome in (Outcome.CLOSED, Outcome.DONE):
                context.edit_markup(query.message)
        else:
            context.reply(texts(refusal))
        return
    if state.outcome is Outcome.COMPLETED:
        if query is not None:
            context.answer(query)
        await _finish(context, state, message)
        return
    if query is not None:
        said = {
            Outcome.DUPLICATE: "survey-already-recorded",
            Outcome.STALE: "survey-answer-current",
        }.get(state.outcome)
        context.answer(query, texts(said) if said else None)
    if state.question is not None:
        # A duplicate or stale press shows the current question again, as a new message.
        fresh = state.outcome in (Outcome.DUPLICATE, Outcome.STALE)
        await _show(context, state, None if fresh else message)


async def _finish(context: ClubContext, state: State, message: Any | None) -> None:
    texts = context.texts
    assert state.survey is not None
    await _leave_text_step(context)
    lines = [texts("survey-thanks", title=state.survey.title)]
    if state.credited:
        lines.append(texts("survey-rewarded", points=state.survey.reward_points))
    if message is not None:
        context.edit(message, "\n".join(lines))
    else:
        context.reply("\n".join(lines))
    if state.low:
        await _follow_up(context, state)


async def _follow_up(context: ClubContext, state: State) -> None:
    """A low score opens a feedback thread for the admins, with the answers attached."""
    texts, club, member = context.texts, context.club, context.member
    assert state.survey is not None and member is not None
    scores = "\n".join(
        texts("survey-low-line", question=q.text, score=value) for q, value in state.low
    )
    text = texts("survey-low-ticket", title=state.survey.title, scores=scores)
    attachment = {
        "survey": state.survey.id,
        "response": state.response_id,
        "low": [{"question": q.id, "value": value} for q, value in state.low],
    }
    async with club.db.write() as conn:
        number = await club_tickets.open_in(
            conn,
            member_id=member.id,
            kind=club_tickets.SURVEY,
            text=text,
            now=club.now(),
            attachment=attachment,
        )
    await ticket_screens.announce(context, number)


# Free-text answers


async def _on_text(update: Update, context: ClubContext, state: Conversation) -> None:
    message = update.effective_message
    assert message is not None and message.text is not None
    texts, club, member = context.texts, context.club, context.member
    if member is None:
        await context.clear_conversation()
        context.reply(texts("hint-start"))
        return
    survey_id, question_id = int(state.data["s"]), int(state.data["q"])
    # Marks and zero-width characters alone show nothing: not an answer.
    text = visible_text(message.text)
    async with club.db.read() as conn:
        questions = {q.id: q for q in await surveys.questions_in(conn, survey_id)}
    question = questions.get(question_id)
    most = (question.max_length if question else None) or surveys.MAX_TEXT_LIMIT
    if not text:
        context.reply(texts("survey-text-empty"))
        return
    if len(text) > most:
        context.reply(texts("survey-text-too-long", length=len(text), most=most))
        return
    async with club.db.write() as conn:
        result = await surveys.answer(
            conn,
            survey_id=survey_id,
            member_id=member.id,
            question_id=question_id,
            text=text,
            now=club.now(),
            timezone=club.settings.timezone,
        )
    if result.outcome in (Outcome.DUPLICATE, Outcome.STALE) and result.question is not None:
        await _show(context, result, None)
        return
    await after(context, result, query=None, message=None)


async def _prompt(update: Update, context: ClubContext, state: Conversation) -> None:
    context.reply(context.texts("survey-text-prompt"))


register_flow(FLOW, TeamFlow(on_text=_on_text, prompt=_prompt, cancelled="survey-text-cancelled"))
