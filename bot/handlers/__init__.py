"""Every handler is registered here; the order is part of the behaviour.

Group -1 runs first for every update: it drops non-private chats and flooding users, and
loads the member and conversation once (ClubContext). Group 0 then dispatches: commands
before text, so `/cancel` and `/start` work in every conversation step; specific callback
patterns before the catch-all; the catch-all last so a sticker or a stale button still gets
a hint.
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.conversations import link, profile, signup
from bot.handlers import (
    broadcast,
    campaigns,
    code_check,
    common,
    exports,
    lotteries,
    member,
    menu,
    promo_codes,
    quizzes,
    rewards,
    rewards_admin,
    segments,
    staff,
    stats,
    surveys,
    team,
    team_invite,
    tickets,
)
from bot.handlers.errors import on_error
from bot.handlers.preload import preload


def register(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    app.add_handler(TypeHandler(Update, preload), group=-1)
    private = filters.ChatType.PRIVATE
    handlers = [
        ChatMemberHandler(common.on_chat_member, ChatMemberHandler.MY_CHAT_MEMBER),
        CommandHandler("start", common.start, filters=private),
        CommandHandler("cancel", common.cancel, filters=private),
        CommandHandler(["help", "menu"], common.help_command, filters=private),
        CommandHandler("whoami", common.whoami, filters=private),
        CommandHandler("purchase", staff.purchase, filters=private),
        CommandHandler("void", staff.void, filters=private),
        CommandHandler("admin", team.admin, filters=private),
        CommandHandler("team", team.team, filters=private),
        CommandHandler("audit", team.audit, filters=private),
        CommandHandler("member", member.member, filters=private),
        CallbackQueryHandler(signup.on_consent, pattern=r"^consent:(yes|no)$"),
        CallbackQueryHandler(link.on_answer, pattern=r"^link:[yn]:"),
        CallbackQueryHandler(staff.on_confirm, pattern=r"^purchase:[yn]:"),
        CallbackQueryHandler(team.on_admin, pattern=r"^admin:"),
        CallbackQueryHandler(team.on_team, pattern=r"^team:"),
        CallbackQueryHandler(team.on_audit_more, pattern=r"^audit:"),
        CallbackQueryHandler(member.on_button, pattern=r"^member:"),
        CallbackQueryHandler(team_invite.on_answer, pattern=r"^tjoin:[yn]:[A-Za-z0-9_-]{1,32}$"),
        CallbackQueryHandler(menu.on_history_more, pattern=r"^history:\d+$"),
        CallbackQueryHandler(menu.on_privacy, pattern=r"^privacy:"),
        CallbackQueryHandler(profile.on_edit, pattern=r"^profile:(name|birth)$"),
        *broadcast.handlers(),
        *segments.handlers(),
        *campaigns.handlers(),
        *rewards.handlers(),
        *rewards_admin.handlers(),
        *promo_codes.handlers(),
        *code_check.handlers(),
        *surveys.handlers(),
        *lotteries.handlers(),
        *quizzes.handlers(),
        *tickets.handlers(),
        *stats.handlers(),
        *exports.handlers(),
        CallbackQueryHandler(_stale_button),
        MessageHandler(private & filters.CONTACT, common.on_contact),
        MessageHandler(private & filters.PHOTO, common.on_photo),
        MessageHandler(private & filters.Document.ALL, common.on_document),
        MessageHandler(private & filters.TEXT & ~filters.COMMAND, common.on_text),
        MessageHandler(private, common.not_understood),
    ]
    app.add_handlers(handlers, group=0)
    app.add_error_handler(on_error)


async def _stale_button(update: Update, context: Any) -> None:
    """A button from an old message whose action no longer exists."""
    if update.callback_query is not None:
        context.answer(update.callback_query, context.texts("hint-stale-button"))
