"""One error handler: the log gets the traceback, the member an apology, owners a short note."""

from __future__ import annotations

import logging
import time

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop

from bot.club.model import Identity
from bot.context import ClubContext

log = logging.getLogger("bot.errors")


async def on_error(update: object, context: ClubContext) -> None:
    """Apologises and reports, then ends the update (no later handler group runs)."""
    error = context.error
    log.error("update %s failed", getattr(update, "update_id", "?"), exc_info=error)
    try:
        if isinstance(update, Update) and update.effective_chat is not None:
            try:
                await context.bot.send_message(
                    update.effective_chat.id, context.texts("error-sorry")
                )
            except TelegramError:
                log.warning("could not apologise in chat", exc_info=True)
        await _report_to_owners(update, context)
    except Exception:
        log.exception("the error handler failed while reporting")
    # After a failure in group -1 (preload) the member and conversation are not loaded: if
    # group 0 ran anyway, a member sending /start would be greeted as a newcomer.
    raise ApplicationHandlerStop


async def _report_to_owners(update: object, context: ClubContext) -> None:
    """Throttled; names the failure, never the member or what they typed."""
    settings = context.club.settings
    now = time.monotonic()
    last: float = context.bot_data.get("last_error_report", -1e9)
    if now - last < settings.error_report_interval_seconds:
        return
    context.bot_data["last_error_report"] = now
    update_id = getattr(update, "update_id", None)
    text = context.texts(
        "error-owner-report",
        error=type(context.error).__name__,
        # An id, not an amount: the language's digits without thousands separators.
        update=context.texts.digits(str(update_id)) if isinstance(update_id, int) else "?",
        platform=context.texts(f"platform-{context.platform.value}"),
    )
    for platform, user_id in settings.admin_ids:
        owner = Identity(platform.value, user_id, 0, user_id, blocked=False)
        await context.messengers.send(owner, text)
