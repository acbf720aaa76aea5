"""One error handler: the log gets the traceback, the member an apology, owners a short note."""

from __future__ import annotations

import logging
import time

from telegram import Update
from telegram.error import TelegramError

from bot.club.model import Identity
from bot.context import ClubContext

log = logging.getLogger("bot.errors")


async def on_error(update: object, context: ClubContext) -> None:
    error = context.error
    log.error("update %s failed", getattr(update, "update_id", "?"), exc_info=error)
    if isinstance(update, Update) and update.effective_chat is not None:
        try:
            await context.bot.send_message(update.effective_chat.id, context.texts("error-sorry"))
        except TelegramError:
            log.warning("could not apologise in chat", exc_info=True)
    await _report_to_owners(update, context)


async def _report_to_owners(update: object, context: ClubContext) -> None:
    """Throttled; names the failure, never the member or what they typed."""
    settings = context.club.settings
    now = time.monotonic()
    last: float = context.bot_data.get("last_error_report", -1e9)
    if now - last < settings.error_report_interval_seconds:
        return
    context.bot_data["last_error_report"] = now
    text = context.texts(
        "error-owner-report",
        error=type(context.error).__name__,
        update=str(getattr(update, "update_id", "?")),
        platform=context.platform.value,
    )
    for platform, user_id in settings.admin_ids:
        owner = Identity(platform.value, user_id, 0, user_id, blocked=False)
        await context.messengers.send(owner, text)
