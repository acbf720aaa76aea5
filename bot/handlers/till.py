"""What the till's two commands (/purchase, /void) share: who may use them, how numbers and
receipts are shown, and how a button whose action was already applied is answered."""

from __future__ import annotations

from telegram import CallbackQuery, Update

from bot.club.model import MemberNotFound
from bot.club.phones import isolate_ltr
from bot.context import ClubContext


def shown(context: ClubContext, receipt: str) -> str:
    """A receipt number in the language's digits; an identifier with letters kept left to right."""
    return context.texts.digits(receipt) if receipt.isdigit() else isolate_ltr(receipt)


def number_shown(context: ClubContext, number: int) -> str:
    """A purchase number as a cashier reads it aloud: the language's digits, no separators."""
    return context.texts.digits(str(number))


def staff_of(update: Update, context: ClubContext) -> str:
    assert update.effective_user is not None
    return f"{context.platform.value}:{update.effective_user.id}"


def refuse_non_owner(context: ClubContext) -> bool:
    if context.is_owner:
        return False
    context.reply(context.texts("staff-only"))
    return True


def stale(context: ClubContext, query: CallbackQuery) -> None:
    context.answer(query, context.texts("hint-stale-button"))
    context.edit_markup(query.message)


def settle(context: ClubContext, query: CallbackQuery, text: str) -> None:
    """A button whose action was already applied: say what was recorded, in both places."""
    context.answer(query, text)
    context.edit(query.message, text)


async def balance_of(context: ClubContext, member_id: int) -> int:
    try:
        return (await context.club.members.get(member_id=member_id)).balance
    except MemberNotFound:
        return 0
