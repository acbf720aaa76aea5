"""What the till's two commands (/purchase, /void) share: how numbers and receipts are shown,
how a button whose action was already applied is answered, and the audit row of each."""

from __future__ import annotations

from telegram import CallbackQuery, Update

from bot.club import audit
from bot.club.model import MemberNotFound
from bot.club.permissions import Action
from bot.club.phones import isolate_ltr
from bot.context import ClubContext
from bot.handlers.authority import role_for


def shown(context: ClubContext, receipt: str) -> str:
    """A receipt number in the language's digits; an identifier with letters kept left to right."""
    return context.texts.digits(receipt) if receipt.isdigit() else isolate_ltr(receipt)


def number_shown(context: ClubContext, number: int) -> str:
    """A purchase number as a cashier reads it aloud: the language's digits, no separators."""
    return context.texts.digits(str(number))


def staff_of(update: Update, context: ClubContext) -> str:
    assert update.effective_user is not None
    return f"{context.platform.value}:{update.effective_user.id}"


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


async def audit_till(
    context: ClubContext, action: Action, member_id: int, **details: str | int | None
) -> None:
    """The audit row of a purchase or a void, in the update's transaction."""
    await context.club.team.record(
        actor=context.actor,
        role=await role_for(context, action),
        action=action.value,
        target=audit.member_target(member_id),
        **details,
    )
