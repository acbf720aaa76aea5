"""/stats and the admin menu's stats button: the club's numbers for a period, with the change
against the period before it, and the charts.

Buttons: `st:p:<period>` (today, 7d, 30d: the same message shows that period), `st:charts`
(the three charts as photos). Every press asks the permission matrix (Action.STATS) again
for whoever pressed it; data that names no known period is a stale button, said politely.
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, filters

from bot import keyboards
from bot.club import kpis
from bot.club.permissions import Action
from bot.context import ClubContext
from bot.handlers.authority import require
from bot.render.stats import charts, ordered_tiers, report_text

DEFAULT_PERIOD = "7d"


def handlers() -> list[BaseHandler[Any, Any, Any]]:
    """This module's command and buttons, registered in bot/handlers/__init__.py."""
    return [
        CommandHandler("stats", command, filters=filters.ChatType.PRIVATE),
        CallbackQueryHandler(on_button, pattern=r"^st:"),
    ]


async def command(update: Update, context: ClubContext) -> None:
    """/stats: the last 7 days, with buttons for the other periods and the charts."""
    if await require(context, Action.STATS):
        await open_from_admin(context)


async def open_from_admin(context: ClubContext) -> None:
    text, markup = await _screen(context, DEFAULT_PERIOD)
    context.reply(text, markup=markup)


def _period_name(context: ClubContext, period: str) -> str:
    texts = context.texts
    names = {
        "today": texts("stats-period-today"),
        "7d": texts("stats-period-7d"),
        "30d": texts("stats-period-30d"),
    }
    return names[period]


def _markup(context: ClubContext, period: str) -> keyboards.InlineKeyboardMarkup:
    texts = context.texts
    labels = {
        "today": texts("button-stats-today"),
        "7d": texts("button-stats-7d"),
        "30d": texts("button-stats-30d"),
    }
    row = tuple(
        (texts("button-stats-chosen", label=label) if key == period else label, f"st:p:{key}")
        for key, label in labels.items()
    )
    return keyboards.inline(row, ((texts("button-stats-charts"), "st:charts"),))


async def _screen(context: ClubContext, period: str) -> tuple[str, keyboards.InlineKeyboardMarkup]:
    club, texts = context.club, context.texts
    window = kpis.window_for(period, now=club.now(), timezone=club.settings.timezone)
    report = await kpis.compute(club.db, window)
    head = texts(
        "stats-head",
        period=_period_name(context, period),
        start=texts.datetime(window.start),
        end=texts.datetime(window.end),
    )
    text = report_text(
        texts,
        report,
        head=head,
        point_value=club.settings.point_value_toman,
        tier_order=[tier.key for tier in club.settings.tiers],
    )
    return text, _markup(context, period)


async def on_button(update: Update, context: ClubContext) -> None:
    query = update.callback_query
    assert query is not None and query.data is not None
    parts = query.data.split(":")
    period = parts[2] if len(parts) == 3 and parts[1] == "p" else None
    if parts[1:] != ["charts"] and period not in kpis.PERIODS:
        context.answer(query, context.texts("hint-stale-button"))
        return
    if not await require(context, Action.STATS, query):
        return
    context.answer(query)
    if period is not None:
        text, markup = await _screen(context, period)
        context.edit(query.message, text, markup)
        return
    club = context.club
    now = club.now()
    order = [tier.key for tier in club.settings.tiers]
    tiers = ordered_tiers((await kpis.snapshot(club.db, now)).tiers, order)
    for image, caption in await charts(
        context.texts, club.db, end=now, timezone=club.settings.timezone, tiers=tiers
    ):
        context.reply_photo(image, caption)
