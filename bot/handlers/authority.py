"""The one door to the permission matrix for handlers: ask, and refuse politely when not allowed.

A refusal changes nothing: it is said before any write. Someone with no role at all hears
that the command is for the shop's team; a team member hears that their role does not
include it. A button press is asked again for whoever pressed it (a forwarded or old message
carries no authority).
"""

from __future__ import annotations

from telegram import CallbackQuery

from bot.club.permissions import Action, Role, acting_role, allows
from bot.context import ClubContext


async def permitted(context: ClubContext, action: Action) -> bool:
    return allows(await context.roles(), action)


async def refusal(context: ClubContext) -> str:
    texts, roles = context.texts, await context.roles()
    if not roles:
        return texts("staff-only")
    names = "\u060c ".join(texts(f"role-{role.value}") for role in Role if role in roles)
    return texts("team-not-allowed", roles=names)


async def require(context: ClubContext, action: Action, query: CallbackQuery | None = None) -> bool:
    """True when allowed; else the refusal is said (in the chat, or on the pressed button)."""
    if await permitted(context, action):
        return True
    text = await refusal(context)
    if query is None:
        context.reply(text)
    else:
        context.answer(query, text)
        context.edit(query.message, text)
    return False


async def role_for(context: ClubContext, action: Action) -> Role | None:
    """The role an audit row names for this action."""
    return acting_role(await context.roles(), action)
