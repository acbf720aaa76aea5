"""Joining the team from an invite link: `/start t_<token>`, then a confirmation button.

Nothing changes until the person confirms, and an invite that cannot be used (unknown,
expired, already used, or a role they already hold) is explained and left as it was.
Buttons: `tjoin:<y|n>:<token>`.
"""

from __future__ import annotations

from telegram import CallbackQuery, Update

from bot import keyboards
from bot.club.permissions import Role, may_change
from bot.club.team import Invite
from bot.context import ClubContext


async def _usable(context: ClubContext, token: str) -> Invite | str:
    """The invite, or the text key saying why it cannot be used by this person."""
    team = context.club.team
    invite = await team.invite(token)
    if invite is None:
        return "team-invite-unknown"
    if invite.done:
        return "team-invite-used"
    if team.expired(invite):
        return "team-invite-expired"
    held = await context.roles()
    # An owner is ADMIN_IDS and nothing else: a stored role would outlive their removal.
    if invite.role in held or Role.OWNER in held:
        return "team-invite-held"
    # The invite speaks for whoever made it, as they are now: a role taken from them since
    # takes their open invites with it.
    if not may_change(await context.club.team.roles_of(invite.by), invite.role):
        return "team-invite-unknown"
    return invite


def _why(context: ClubContext, reason: str, invite_role: str | None = None) -> str:
    return context.texts(reason, role=context.texts(f"role-{invite_role}") if invite_role else "")


async def open_invite(update: Update, context: ClubContext, token: str) -> None:
    """`/start t_<token>`: asks the person to confirm the role the invite offers."""
    texts = context.texts
    found = await _usable(context, token)
    if isinstance(found, str):
        invite = await context.club.team.invite(token)
        context.reply(_why(context, found, invite.role.value if invite else None))
        return
    context.reply(
        texts("team-invite-confirm", role=texts(f"role-{found.role.value}")),
        markup=keyboards.inline(
            (
                (texts("button-team-accept"), f"tjoin:y:{token}"),
                (texts("button-team-decline"), f"tjoin:n:{token}"),
            ),
        ),
    )


async def on_answer(update: Update, context: ClubContext) -> None:
    query = update.callback_query
    assert query is not None and query.data is not None
    user = update.effective_user
    assert user is not None
    _, answer, token = query.data.split(":", 2)
    texts = context.texts
    if answer == "n":
        _settle(context, query, texts("team-invite-declined"))
        return
    found = await _usable(context, token)
    if isinstance(found, str):
        invite = await context.club.team.invite(token)
        _settle(context, query, _why(context, found, invite.role.value if invite else None))
        return
    if not await context.club.team.accept(found, context.platform, user.id):
        _settle(context, query, texts("team-invite-used", role=""))
        return
    context.forget_roles()
    _settle(context, query, texts("team-invite-accepted", role=texts(f"role-{found.role.value}")))


def _settle(context: ClubContext, query: CallbackQuery, text: str) -> None:
    context.answer(query)
    context.edit(query.message, text)
