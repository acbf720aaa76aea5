"""/quizzes: admins build a quiz in chat and read its results; members answer it by buttons.

```mermaid
stateDiagram-v2
    [*] --> TITLE: /quizzes -> New quiz
    TITLE --> QUESTION: a title (1-64 characters)
    QUESTION --> CHOICES: a question's text
    CHOICES --> CORRECT: 2-6 choices, one a line, all different
    CORRECT --> QUESTION: the right choice's number (up to 20 questions)
    QUESTION --> POINTS: Done with questions (at least one)
    POINTS --> OPENS: points per right answer (0-10000)
    OPENS --> CLOSES: Now, or a Jalali date and time in the future
    CLOSES --> CHOOSE: a Jalali date and time after the opening
    CHOOSE --> PREVIEW: Everyone or a saved segment
    PREVIEW --> [*]: Publish (announced through the outbox, audited) or Discard
```

Admin buttons (each asks Action.QUIZZES again): `quiz:new`, `quiz:list`, `quiz:res:<id>`,
`quiz:done`, `quiz:now`, `quiz:aud:all|<segment>`, `quiz:pub:<nonce>`, `quiz:drop:<nonce>`.
Member buttons (members only; a stranger is told how to join): `quiz:go:<id>` opens the next
unanswered question, `quiz:a:<id>:<position>:<choice>` answers it, once.
"""

from __future__ import annotations

import secrets
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
from bot.club import quizzes, segments
from bot.club.broadcasts import Draft as BroadcastDraft
from bot.club.callback_data import parse_callback_int
from bot.club.digits import parse_int
from bot.club.jalali import MAX_LEAD, parse_moment
from bot.club.model import Member
from bot.club.permissions import Action
from bot.club.quizzes import Draft, Question, Quiz, QuizInputError
from bot.context import ClubContext
from bot.handlers.authority import require, role_for
from bot.handlers.flows import TeamFlow, register_flow
from bot.handlers.member_items import register_item
from bot.outgoing import markup_data
from bot.storage.conversations import Conversation

FLOW = "quiz"
TITLE, QUESTION, CHOICES, CORRECT = "TITLE", "QUESTION", "CHOICES", "CORRECT"
POINTS, OPENS, CLOSES, CHOOSE, PREVIEW = "POINTS", "OPENS", "CLOSES", "CHOOSE", "PREVIEW"
MAX_ID = 2**31 - 1


def handlers() -> list[BaseHandler[Any, Any, Any]]:
    return [
        CommandHandler("quizzes", command, filters=filters.ChatType.PRIVATE),
        CallbackQueryHandler(on_button, pattern=r"^quiz:"),
    ]


async def command(update: Update, context: ClubContext) -> None:
    if await require(context, Action.QUIZZES):
        await _home(context)


async def open_from_admin(context: ClubContext) -> None:
    await _home(context)


async def _home(context: ClubContext, query: CallbackQuery | None = None) -> None:
    texts = context.texts
    rows: list[tuple[tuple[str, str], ...]] = [((texts("button-quiz-new"), "quiz:new"),)]
    async with context.club.db.read() as conn:
        found = await quizzes.recent(conn)
    for quiz in found:
        status = texts(f"quiz-status-{quiz.status}")
        label = texts("button-quiz-item", title=quiz.title, status=status)
        rows.append(((label, f"quiz:res:{quiz.id}"),))
    text = texts("quizzes-home" if found else "quizzes-none")
    if query is None:
        context.reply(text, markup=keyboards.inline(*rows))
    else:
        context.edit(query.message, text, keyboards.inline(*rows))


# The builder


async def _save(context: ClubContext, step: str, draft: Draft) -> None:
    await context.save_conversation(Conversation(FLOW, step, draft.data()))


async def prompt(update: Update, context: ClubContext, state: Conversation) -> None:
    await _ask(context, state.step, Draft.of(state.data))


async def _ask(context: ClubContext, step: str, draft: Draft) -> None:
    texts = context.texts
    cancel = keyboards.reply(texts, ("button-cancel",))
    if step == TITLE:
        context.reply(texts("quiz-ask-title", most=quizzes.MAX_TITLE), markup=cancel)
    elif step == QUESTION:
        number = len(draft.questions) + 1
        if draft.questions:
            done = keyboards.inline(((texts("button-quiz-done"), "quiz:done"),))
            context.reply(texts("quiz-ask-next-question", number=number), markup=done)
        else:
            context.reply(texts("quiz-ask-question", number=number), markup=cancel)
    elif step == CHOICES:
        context.reply(texts("quiz-ask-choices", most=quizzes.MAX_CHOICES))
    elif step == CORRECT:
        lines = _numbered(texts, draft.pending_choices or [])
        context.reply(texts("quiz-ask-correct", choices=lines))
    elif step == POINTS:
        context.reply(texts("quiz-ask-points", most=quizzes.MAX_POINTS))
    elif step == OPENS:
        now = keyboards.inline(((texts("button-quiz-now"), "quiz:now"),))
        context.reply(texts("quiz-ask-opens"), markup=now)
    elif step == CLOSES:
        context.reply(texts("quiz-ask-closes"))
    elif step == CHOOSE:
        await _ask_audience(context)
    else:
        await _preview(context, draft)


def _numbered(texts: Any, choices: list[str]) -> str:
    return "\n".join(
        texts("quiz-choice-line", number=n, choice=c) for n, c in enumerate(choices, start=1)
    )


async def _ask_audience(context: ClubContext) -> None:
    texts = context.texts
    rows = [((texts("button-quiz-everyone"), "quiz:aud:all"),)]
    for segment in await segments.list_all(context.club.db):
        rows.append(((segment.name, f"quiz:aud:{segment.id}"),))
    context.reply(texts("quiz-ask-audience"), markup=keyboards.inline(*rows))


async def _still_allowed(context: ClubContext) -> bool:
    """A role taken away mid-build ends the draft."""
    if await require(context, Action.QUIZZES):
        return True
    await context.clear_conversation()
    return False


async def on_text(update: Update, context: ClubContext, state: Conversation) -> None:
    if not await _still_allowed(context):
        return
    message = update.effective_message
    assert message is not None and message.text is not None
    draft, text = Draft.of(state.data), message.text
    try:
        step = await _take(context, state.step, draft, text)
    except QuizInputError as error:
        context.reply(_error_text(context, error.key))
        return
    if step is None:
        context.reply(context.texts("hint-answer-step"))
        await _ask(context, state.step, draft)
        return
    if step != PREVIEW:
        await _save(context, step, draft)
    await _ask(context, step, draft)


def _error_text(context: ClubContext, key: str) -> str:
    return context.texts(
        key,
        most=quizzes.MAX_TITLE if key == "quiz-title-wrong" else quizzes.MAX_QUESTION,
        least=quizzes.MIN_CHOICES,
        top=quizzes.MAX_CHOICES,
        length=quizzes.MAX_CHOICE,
        points=quizzes.MAX_POINTS,
        now=context.club.now(),
    )


async def _take(context: ClubContext, step: str, draft: Draft, text: str) -> str | None:
    """Applies a typed answer to the draft; the next step (None: this step takes no text)."""
    if step == TITLE:
        draft.title = quizzes.read_title(text)
        return QUESTION
    if step == QUESTION:
        draft.pending_text = quizzes.read_question(text)
        return CHOICES
    if step == CHOICES:
        draft.pending_choices = quizzes.read_choices(text)
        return CORRECT
    if step == CORRECT:
        return _take_correct(draft, text)
    if step == POINTS:
        points = parse_int(text)
        if points is None or not 0 <= points <= quizzes.MAX_POINTS:
            raise QuizInputError("quiz-points-wrong")
        draft.points = points
        return OPENS
    if step in (OPENS, CLOSES):
        when = _when(context, text, after=draft.opens_at if step == CLOSES else None)
        if step == OPENS:
            draft.opens_at = when
            return CLOSES
        draft.closes_at = when
        return CHOOSE
    return None


def _take_correct(draft: Draft, text: str) -> str:
    choices = draft.pending_choices or []
    number = parse_int(text)
    if number is None or not 1 <= number <= len(choices) or draft.pending_text is None:
        raise QuizInputError("quiz-correct-wrong")
    draft.questions.append(Question(draft.pending_text, choices, number - 1))
    draft.pending_text, draft.pending_choices = None, None
    return POINTS if len(draft.questions) >= quizzes.MAX_QUESTIONS else QUESTION


def _when(context: ClubContext, text: str, *, after: Any) -> Any:
    club = context.club
    when = parse_moment(text, club.settings.timezone)
    if when is None:
        raise QuizInputError("quiz-time-wrong")
    if when <= club.now():
        raise QuizInputError("quiz-time-past")
    if when > club.now() + MAX_LEAD:
        raise QuizInputError("quiz-time-far")
    if after is not None and when <= after:
        raise QuizInputError("quiz-close-before-open")
    return when


async def _preview(context: ClubContext, draft: Draft) -> None:
    """The announcement as members get it, every question with its right choice, then the
    buttons that publish or discard this very preview (they carry its nonce)."""
    texts, club = context.texts, context.club
    draft.nonce = secrets.token_hex(4)
    await _save(context, PREVIEW, draft)
    context.reply(_announcement(context, draft))
    lines = []
    for n, q in enumerate(draft.questions, start=1):
        lines.append(texts("quiz-preview-question", number=n, question=q.text))
        for i, choice in enumerate(q.choices):
            key = "quiz-preview-right" if i == q.correct else "quiz-preview-choice"
            lines.append(texts(key, choice=choice))
    count = await club.broadcasts.audience_count(draft.segment_id)
    audience = texts("quiz-audience-everyone")
    if draft.segment_id is not None:
        found = await segments.get(club.db, draft.segment_id)
        audience = found.name if found else audience
    lines.append(texts("quiz-preview-summary", audience=audience, count=count))
    context.reply(
        "\n".join(lines),
        markup=keyboards.inline(
            ((texts("button-quiz-publish"), f"quiz:pub:{draft.nonce}"),),
            ((texts("button-quiz-drop"), f"quiz:drop:{draft.nonce}"),),
        ),
    )


def _announcement(context: ClubContext, draft: Draft) -> str:
    texts = context.texts
    assert draft.opens_at is not None and draft.closes_at is not None
    return texts(
        "quiz-announcement",
        title=draft.title,
        questions=len(draft.questions),
        points=draft.points,
        opens=texts.datetime(draft.opens_at),
        closes=texts.datetime(draft.closes_at),
    )


async def _builder_button(
    query: CallbackQuery, context: ClubContext, verb: str, rest: list[str]
) -> None:
    texts, state = context.texts, context.conversation
    if state is None or state.flow != FLOW:
        context.answer(query, texts("hint-stale-button"))
        return
    draft = Draft.of(state.data)
    if verb == "done" and state.step == QUESTION and draft.questions and not rest:
        context.answer(query)
        await _save(context, POINTS, draft)
        await _ask(context, POINTS, draft)
    elif verb == "now" and state.step == OPENS and not rest:
        context.answer(query)
        draft.opens_at = context.club.now()
        await _save(context, CLOSES, draft)
        await _ask(context, CLOSES, draft)
    elif verb == "aud" and state.step == CHOOSE and len(rest) == 1:
        await _choose_audience(query, context, draft, rest[0])
    elif verb in ("pub", "drop") and state.step == PREVIEW and rest == [draft.nonce]:
        if verb == "pub":
            await _publish(query, context, draft)
        else:
            context.answer(query)
            context.edit_markup(query.message)
            await context.clear_conversation()
            context.reply(texts("quiz-dropped"), markup=_after_flow(context))
    else:
        context.answer(query, texts("hint-stale-button"))


async def _choose_audience(
    query: CallbackQuery, context: ClubContext, draft: Draft, value: str
) -> None:
    segment_id = None if value == "all" else parse_callback_int(value, max_value=MAX_ID)
    if value != "all" and (
        segment_id is None or await segments.get(context.club.db, segment_id) is None
    ):
        context.answer(query, context.texts("hint-stale-button"))
        return
    context.answer(query)
    draft.segment_id = segment_id
    await _preview(context, draft)


def _after_flow(context: ClubContext) -> Any:
    return keyboards.main_menu(context.texts) if context.member else ReplyKeyboardRemove()


async def _publish(query: CallbackQuery, context: ClubContext, draft: Draft) -> None:
    """The quiz, its announcement (a broadcast at the opening time) and the audit row, in
    the press's transaction."""
    texts, club = context.texts, context.club
    now = club.now()
    assert draft.opens_at is not None and draft.closes_at is not None
    if draft.closes_at <= now:
        context.answer(query)
        await _save(context, CLOSES, draft)
        context.reply(_error_text(context, "quiz-time-past"))
        return
    if draft.segment_id is not None and await segments.get(club.db, draft.segment_id) is None:
        context.answer(query)
        await _save(context, CHOOSE, draft)
        context.reply(texts("quiz-segment-gone"))
        await _ask_audience(context)
        return
    role = await role_for(context, Action.QUIZZES)
    async with club.db.write() as conn:
        quiz_id = await quizzes.create(
            conn, draft, actor=context.actor, role=role.value if role else None, now=now
        )
        go = InlineKeyboardMarkup(
            [
                [InlineKeyboardButton(texts("button-quiz-go"), callback_data=f"quiz:go:{quiz_id}")],
                [
                    InlineKeyboardButton(
                        texts("button-promo-off"), callback_data=segments.PROMO_OFF_DATA
                    )
                ],
            ]
        )
        announcement = BroadcastDraft(
            text=_announcement(context, draft),
            segment_id=draft.segment_id,
            due_at=draft.opens_at if draft.opens_at > now else None,
        )
        sent = await club.broadcasts.create(
            announcement,
            actor=context.actor,
            platform=context.platform.value,
            chat_id=context.user_id,
            progress_message_id=None,
            markup=markup_data(go),
        )
        await quizzes.set_broadcast(conn, quiz_id, sent.id)
    context.answer(query, texts("quiz-published"))
    context.edit_markup(query.message)
    await context.clear_conversation()
    context.reply(texts("quiz-published"), markup=_after_flow(context))


# Results


async def _results(query: CallbackQuery, context: ClubContext, quiz_id: int | None) -> None:
    texts = context.texts
    async with context.club.db.read() as conn:
        quiz = await quizzes.get(conn, quiz_id) if quiz_id is not None else None
        if quiz is None:
            context.answer(query, texts("hint-stale-button"))
            return
        found = await quizzes.standings(conn, quiz.id)
        rates = {p: (n, r) for p, n, r in await quizzes.correct_rates(conn, quiz.id)}
    context.answer(query)
    lines = [
        texts(
            "quiz-results",
            title=quiz.title,
            status=texts(f"quiz-status-{quiz.status}"),
            opens=texts.datetime(quiz.opens_at),
            closes=texts.datetime(quiz.closes_at),
            participants=len(found),
        )
    ]
    if found:
        lines.append(quizzes.board_lines(texts, found))
    for position in range(quiz.questions):
        answers, right = rates.get(position, (0, 0))
        percent = round(100 * right / answers) if answers else 0
        lines.append(
            texts(
                "quiz-results-rate",
                number=position + 1,
                right=right,
                answers=answers,
                percent=percent,
            )
        )
    back = keyboards.inline(((texts("button-quiz-back"), "quiz:list"),))
    context.edit(query.message, "\n".join(lines), back)


# Members


async def screen(message: Message, context: ClubContext) -> None:
    """The member's menu item: the quizzes open for them now."""
    member, texts, club = context.member, context.texts, context.club
    if member is None:
        context.reply(texts("hint-start"))
        return
    async with club.db.read() as conn:
        found = await quizzes.open_for(
            conn, member_id=member.id, now=club.now(), timezone=club.settings.timezone
        )
    if not found:
        context.reply(texts("quizzes-member-none"))
        return
    rows = [
        (
            (
                texts("button-quiz-open", title=q.title, closes=texts.datetime(q.closes_at)),
                f"quiz:go:{q.id}",
            ),
        )
        for q in found
    ]
    context.reply(texts("quizzes-member-list"), markup=keyboards.inline(*rows))


async def _go(query: CallbackQuery, context: ClubContext, member: Member, quiz_id: int) -> None:
    """Shows the member's next unanswered question (its clock starts now, once)."""
    texts, club = context.texts, context.club
    now = club.now()
    async with club.db.write() as conn:
        quiz = await quizzes.get(conn, quiz_id)
        if quiz is None:
            context.answer(query, texts("hint-stale-button"))
            return
        if not quiz.open_at(now):
            key = "quiz-not-yet" if quiz.status == quizzes.OPEN and now < quiz.opens_at else None
            context.answer(query, texts(key or "quiz-closed"))
            return
        timezone = club.settings.timezone
        if not await quizzes.may_take(conn, quiz, member_id=member.id, now=now, timezone=timezone):
            context.answer(query, texts("quiz-not-for-you"))
            return
        position = await quizzes.next_position(conn, quiz, member_id=member.id)
        if position is None:
            context.answer(query)
            context.reply(texts("quiz-all-answered", closes=texts.datetime(quiz.closes_at)))
            return
        asked = await quizzes.question(conn, quiz.id, position)
        assert asked is not None
        await quizzes.show(conn, quiz.id, position, member_id=member.id, now=now)
    context.answer(query)
    context.reply(*_question_message(context, quiz, position, asked))


def _question_message(
    context: ClubContext, quiz: Quiz, position: int, asked: Question
) -> tuple[str, InlineKeyboardMarkup]:
    texts = context.texts
    text = texts(
        "quiz-question",
        title=quiz.title,
        number=position + 1,
        questions=quiz.questions,
        question=asked.text,
    )
    rows = [
        ((choice, f"quiz:a:{quiz.id}:{position}:{i}"),) for i, choice in enumerate(asked.choices)
    ]
    return text, keyboards.inline(*rows)


async def _answer(
    query: CallbackQuery, context: ClubContext, member: Member, numbers: list[int]
) -> None:
    texts, club = context.texts, context.club
    quiz_id, position, choice = numbers
    now = club.now()
    async with club.db.write() as conn:
        quiz = await quizzes.get(conn, quiz_id)
        if quiz is None:
            context.answer(query, texts("hint-stale-button"))
            return
        outcome = await quizzes.answer(conn, quiz, position, choice, member_id=member.id, now=now)
        following = None
        if outcome == quizzes.ACCEPTED:
            following = await quizzes.next_position(conn, quiz, member_id=member.id)
            if following is not None:
                await quizzes.show(conn, quiz.id, following, member_id=member.id, now=now)
                asked = await quizzes.question(conn, quiz.id, following)
    if outcome != quizzes.ACCEPTED:
        said = {
            quizzes.ALREADY: "quiz-answer-already",
            quizzes.CLOSED_NOW: "quiz-closed",
            quizzes.NOT_SHOWN: "quiz-answer-not-yours",
        }[outcome]
        context.answer(query, texts(said))
        if outcome == quizzes.CLOSED_NOW:
            context.edit_markup(query.message)
        return
    context.answer(query, texts("quiz-answer-saved"))
    chosen = await _chosen_text(context, quiz, position, choice)
    context.edit(query.message, chosen)
    if following is None:
        context.reply(texts("quiz-all-answered", closes=texts.datetime(quiz.closes_at)))
    else:
        assert asked is not None
        context.reply(*_question_message(context, quiz, following, asked))


async def _chosen_text(context: ClubContext, quiz: Quiz, position: int, choice: int) -> str:
    async with context.club.db.read() as conn:
        asked = await quizzes.question(conn, quiz.id, position)
    assert asked is not None
    texts = context.texts
    question = texts(
        "quiz-question",
        title=quiz.title,
        number=position + 1,
        questions=quiz.questions,
        question=asked.text,
    )
    return question + "\n" + texts("quiz-your-answer", choice=asked.choices[choice])


async def _member_button(
    query: CallbackQuery, context: ClubContext, verb: str, rest: list[str]
) -> None:
    texts = context.texts
    if await keyboards.pressed_message(query, context) is None:
        return
    member = context.member
    if member is None:
        context.answer(query, texts("hint-start"))
        return
    numbers = [parse_callback_int(part, max_value=MAX_ID) for part in rest]
    if any(n is None for n in numbers):
        context.answer(query, texts("hint-stale-button"))
        return
    checked = [n for n in numbers if n is not None]
    if verb == "go" and len(checked) == 1:
        await _go(query, context, member, checked[0])
    elif verb == "a" and len(checked) == 3:
        await _answer(query, context, member, checked)
    else:
        context.answer(query, texts("hint-stale-button"))


# Buttons

_ADMIN = ("new", "list", "res", "done", "now", "aud", "pub", "drop")


async def on_button(update: Update, context: ClubContext) -> None:
    query = update.callback_query
    assert query is not None and query.data is not None
    _, verb, *rest = query.data.split(":")
    if verb in ("go", "a"):
        await _member_button(query, context, verb, rest)
        return
    if verb not in _ADMIN:
        context.answer(query, context.texts("hint-stale-button"))
        return
    if not await require(context, Action.QUIZZES, query):
        return
    if verb == "new" and not rest:
        context.answer(query)
        await _save(context, TITLE, Draft())
        await _ask(context, TITLE, Draft())
    elif verb == "list" and not rest:
        context.answer(query)
        await _home(context, query)
    elif verb == "res" and len(rest) == 1:
        await _results(query, context, parse_callback_int(rest[0], max_value=MAX_ID))
    else:
        await _builder_button(query, context, verb, rest)


register_flow(FLOW, TeamFlow(on_text=on_text, prompt=prompt, cancelled="quiz-cancelled"))
register_item("button-quizzes", screen)
