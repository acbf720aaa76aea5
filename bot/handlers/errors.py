"""One error handler, and the owners' report.

The handler only marks the update as failed: the poller (bot/runner.py) rolls its effects
back and decides between trying again (an outage, a first failure) and giving up with the
apology, so a person is never told "error" about something that happened.
"""

from __future__ import annotations

import logging
import time

from telegram import Update
from telegram.ext import ApplicationHandlerStop

from bot.context import ClubContext
from bot.i18n import Texts
from bot.outgoing import text_message
from bot.platforms import Platform
from bot.settings import Settings
from bot.storage.db import current_scope
from bot.storage.outbox import Message

log = logging.getLogger("bot.errors")


async def on_error(update: object, context: ClubContext) -> None:
    """Marks the update failed, then ends it (no later handler group runs)."""
    scope = current_scope.get()
    if scope is not None and context.error is not None:
        scope.failed = context.error
    else:
        log.error("failure outside an update", exc_info=context.error)
    # After a failure in group -1 (preload) the member and conversation are not loaded: if
    # group 0 ran anyway, a member sending /start would be greeted as a newcomer.
    raise ApplicationHandlerStop


class Reporter:
    """Tells owners that an update failed for good: throttled, naming the failure, never the
    member or what they typed."""

    def __init__(self, settings: Settings, texts: Texts) -> None:
        self.settings, self.texts = settings, texts
        self._last = -1e9

    def report(self, update: object, error: BaseException, platform: Platform) -> list[Message]:
        now = time.monotonic()
        if now - self._last < self.settings.error_report_interval_seconds:
            return []
        self._last = now
        update_id = getattr(update, "update_id", None)
        text = self.texts(
            "error-owner-report",
            error=type(error).__name__,
            # An id, not an amount: the language's digits without thousands separators.
            update=self.texts.digits(str(update_id)) if isinstance(update_id, int) else "?",
            platform=self.texts(f"platform-{platform.value}"),
        )
        messages = []
        for owner_platform, user_id in self.settings.admin_ids:
            message = text_message(text)
            message.platform, message.chat_id = owner_platform.value, user_id
            messages.append(message)
        return messages


__all__ = ["Reporter", "Update", "on_error"]
