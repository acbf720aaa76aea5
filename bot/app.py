"""build_application: one python-telegram-bot Application per messenger, sharing one Club."""

from __future__ import annotations

from typing import Any

from telegram import LinkPreviewOptions
from telegram.ext import Application, ContextTypes, Defaults

from bot.club.club import Club
from bot.context import ClubContext
from bot.handlers import register
from bot.handlers.errors import Reporter
from bot.handlers.preload import FloodGate
from bot.i18n import Texts
from bot.platforms import Platform

ALLOWED_UPDATES = ["message", "callback_query", "my_chat_member"]

ClubApplication = Application[Any, ClubContext, Any, Any, Any, Any]


def build_application(
    platform: Platform, token: str, club: Club, texts: Texts, reporter: Reporter
) -> ClubApplication:
    settings = club.settings
    builder = (
        Application.builder()
        .token(token)
        .base_url(settings.api_url(platform))
        .base_file_url(settings.file_url(platform))
        .context_types(ContextTypes(context=ClubContext))
        .defaults(Defaults(link_preview_options=LinkPreviewOptions(is_disabled=True)))
        # The process drives getUpdates itself (bot/runner.py) so the offset only moves past
        # updates that were handled; PTB's Updater would confirm a batch before handling it.
        .updater(None)
        .connection_pool_size(64)
    )
    # No AIORateLimiter: its one 429 pauses every request the bot makes. The sender
    # (bot/sender.py) owns rate limits and 429s, per chat and per messenger.
    app: ClubApplication = builder.build()
    app.bot_data.update(
        club=club,
        texts=texts,
        platform=platform,
        reporter=reporter,
        flood=FloodGate(
            settings.flood_messages, settings.flood_window_seconds, settings.flood_mute_seconds
        ),
    )
    register(app)
    return app
