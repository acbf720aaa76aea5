"""/surveys: admins build surveys (bot/handlers/survey_builder.py), follow their results, see a
bar chart per question and take every response as CSV; members answer them from the menu
(bot/handlers/survey_answer.py).

Admin buttons: `sva:list`, `sva:show:<id>` (results), `sva:chart:<id>`, `sva:csv:<id>`,
`sva:close:<id>` (asks), `sva:closey:<id>` (closes, audited). Every press asks the permission
matrix (Action.SURVEYS) before anything else.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from telegram import CallbackQuery, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, filters

from bot import keyboards
from bot.club import surveys
from bot.club.callback_data import parse_callback_int
from bot.club.permissions import Action
from bot.context import ClubContext
from bot.handlers import survey_answer, survey_builder
from bot.handlers.authority import require, role_for
from bot.handlers.member_items import register_item
from bot.i18n import Texts

MAX_ID = 2**31 - 1


def handlers() -> list[BaseHandler[Any, Any, Any]]:
    return [
        CommandHandler("surveys", command, filters=filters.ChatType.PRIVATE),
        CallbackQueryHandler(on_button, pattern=r"^sva:"),
        CallbackQueryHandler(survey_builder.on_button, pattern=r"^svb:"),
        *survey_answer.handlers(),
    ]


async def command(update: Update, context: ClubContext) -> None:
    if await require(context, Action.SURVEYS):
        text, markup = await _home(context)
        context.reply(text, markup=markup)


async def open_from_admin(context: ClubContext) -> None:
    text, markup = await _home(context)
    context.reply(text, markup=markup)


async def _home(context: ClubContext) -> tuple[str, InlineKeyboardMarkup]:
    texts = context.texts
    async with context.club.db.read() as conn:
        found = await surveys.recent(conn)
    rows: list[tuple[tuple[str, str], ...]] = [((texts("button-survey-new"), "svb:new"),)]
    for s in found:
        label = texts("button-survey-item", title=s.title, status=_status(context, s))
        rows.append(((label, f"sva:show:{s.id}"),))
    return texts("surveys-home" if found else "surveys-home-empty"), keyboards.inline(*rows)


def _status(context: ClubContext, survey: surveys.Survey) -> str:
    now = context.club.now()
    if survey.open_at(now):
        return context.texts("survey-status-open")
    if survey.status == surveys.OPEN and survey.opens_at > now:
        return context.texts("survey-status-scheduled")
    return context.texts("survey-status-closed")


# Results


def option_label(texts: Texts, question: surveys.Question, value: int) -> str:
    if question.kind == surveys.YESNO:
        return texts("button-survey-yes" if value else "button-survey-no")
    if question.kind in (surveys.SINGLE, surveys.MULTI):
        return question.choices[value] if 0 <= value < len(question.choices) else "?"
    return texts.number(value)


def results_text(context: ClubContext, found: surveys.Results) -> str:
    texts = context.texts
    survey = found.survey
    lines = [
        texts(
            "survey-results-head",
            title=survey.title,
            status=_status(context, survey),
            completed=found.completed,
            audience=found.audience,
            rate=found.rate,
            partial=found.started - found.completed,
        )
    ]
    for result in found.questions:
        q = result.question
        lines.append(
            texts(
                "survey-results-question", number=q.position, text=q.text, answered=result.answered
            )
        )
        for value in q.options():
            lines.append(
                texts(
                    "survey-results-option",
                    label=option_label(texts, q, value),
                    count=result.counts.get(value, 0),
                    percent=result.percent(value),
                )
            )
        if result.nps is not None:
            lines.append(texts("survey-results-nps", score=_signed(texts, result.nps)))
        for written in result.texts:
            lines.append(texts("survey-results-text", text=written))
    return "\n".join(lines)


def _signed(texts: Texts, value: int) -> str:
    """An NPS score with its sign (it runs from -100 to +100)."""
    sign = "+" if value > 0 else ("-" if value < 0 else "")
    return sign + texts.number(abs(value))


def _results_markup(context: ClubContext, survey: surveys.Survey) -> InlineKeyboardMarkup:
    texts = context.texts
    rows: list[tuple[tuple[str, str], ...]] = [
        (
            (texts("button-survey-charts"), f"sva:chart:{survey.id}"),
            (texts("button-survey-csv"), f"sva:csv:{survey.id}"),
        )
    ]
    if survey.status == surveys.OPEN:
        rows.append(((texts("button-survey-close"), f"sva:close:{survey.id}"),))
    rows.append(((texts("button-survey-back"), "sva:list"),))
    return keyboards.inline(*rows)


def chart_of(texts: Texts, result: surveys.QuestionResult) -> bytes:
    """The question's bar chart: one bar per option, its count and share written beside it."""
    # matplotlib (about 40 MB) is loaded by the first chart, not by every process.
    from bot.render.charts import bar_chart

    q = result.question
    options = list(q.options())
    return bar_chart(
        q.text,
        [option_label(texts, q, v) for v in options],
        [result.counts.get(v, 0) for v in options],
        [
            texts("survey-chart-note", count=result.counts.get(v, 0), percent=result.percent(v))
            for v in options
        ],
    )


def _moment(texts: Texts) -> Any:
    def moment(value: datetime | None) -> str:
        return texts.datetime(value) if value is not None else ""

    return moment


async def _send_csv(context: ClubContext, survey: surveys.Survey) -> None:
    texts = context.texts

    def label(question: surveys.Question, row: Any) -> str:
        if row.text is not None:
            return str(row.text)
        if row.picks is not None:
            return "\u060c ".join(option_label(texts, question, int(v)) for v in row.picks)
        if row.value is not None:
            return option_label(texts, question, int(row.value))
        return texts("survey-csv-skipped")

    header = [texts(f"survey-csv-{name}") for name in ("response", "member", "started", "done")]
    async with context.club.db.read() as conn:
        data = await surveys.responses_csv(
            conn, survey, header=header, label=label, moment=_moment(texts)
        )
    context.reply_document(
        data, f"survey-{survey.id}.csv", texts("survey-csv-caption", title=survey.title)
    )


# Buttons


async def on_button(update: Update, context: ClubContext) -> None:
    query = update.callback_query
    assert query is not None and query.data is not None
    if not await require(context, Action.SURVEYS, query):
        return
    texts = context.texts
    _, verb, *rest = query.data.split(":")
    if verb == "list" and not rest:
        context.answer(query)
        text, markup = await _home(context)
        context.edit(query.message, text, markup)
        return
    survey_id = parse_callback_int(rest[0], max_value=MAX_ID) if len(rest) == 1 else None
    if verb not in ("show", "chart", "csv", "close", "closey") or survey_id is None:
        context.answer(query, texts("hint-stale-button"))
        return
    async with context.club.db.read() as conn:
        survey = await surveys.get_in(conn, survey_id)
    if survey is None:
        context.answer(query, texts("survey-unknown"))
        return
    context.answer(query)
    if verb == "show":
        await _show(context, query, survey)
    elif verb == "chart":
        async with context.club.db.read() as conn:
            found = await surveys.results(conn, survey)
        for result in found.questions:
            if result.question.kind != surveys.TEXT:
                context.reply_photo(chart_of(texts, result), caption=result.question.text)
    elif verb == "csv":
        await _send_csv(context, survey)
    elif verb == "close":
        context.edit(
            query.message,
            texts("survey-close-confirm", title=survey.title),
            keyboards.inline(
                (
                    (texts("button-survey-close-yes"), f"sva:closey:{survey.id}"),
                    (texts("button-survey-back"), f"sva:show:{survey.id}"),
                )
            ),
        )
    else:
        await _close(context, query, survey)


async def _show(context: ClubContext, query: CallbackQuery, survey: surveys.Survey) -> None:
    async with context.club.db.read() as conn:
        found = await surveys.results(conn, survey)
    context.edit(query.message, results_text(context, found), _results_markup(context, survey))


async def _close(context: ClubContext, query: CallbackQuery, survey: surveys.Survey) -> None:
    club, texts = context.club, context.texts
    role = await role_for(context, Action.SURVEYS)
    async with club.db.write() as conn:
        done = await surveys.close(
            conn, survey.id, actor=context.actor, role=role.value if role else None, now=club.now()
        )
        refreshed = await surveys.get_in(conn, survey.id)
    assert refreshed is not None
    context.reply(texts("survey-closed-now" if done else "survey-closed-already"))
    await _show(context, query, refreshed)


register_item("button-surveys", survey_answer.screen)
