"""/admin, /team, /audit and their buttons: the team's own screens.

Every screen and every button asks the permission matrix (bot/handlers/authority.py) for the
person who sent or pressed it; a button's data names what to do, never who may do it.
Buttons: `admin:<item>` (the /admin menu), `team:add`, `team:new:<role>` (an invite),
`team:rm:<messenger>:<user id>:<role>` (a revoke).
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from telegram import CallbackQuery, Update

from bot import keyboards
from bot.club.callback_data import parse_callback_field, parse_callback_int
from bot.club.permissions import GRANTABLE, Action, Role, may_change, parse_role
from bot.club.team import INVITE_PREFIX, TeamEntry
from bot.context import ClubContext
from bot.handlers import (
    broadcast,
    campaigns,
    exports,
    lotteries,
    promo_codes,
    quizzes,
    rewards_admin,
    segments,
    stats,
    surveys,
    tickets,
)
from bot.handlers.authority import permitted, require, role_for
from bot.platforms import Platform

# The /admin menu, in order: each item and the action it needs.
ADMIN_ITEMS: dict[str, Action] = {
    "purchase": Action.PURCHASE,
    "void": Action.VOID,
    "member": Action.MEMBER_LOOKUP,
    "team": Action.TEAM_VIEW,
    "audit": Action.AUDIT_VIEW,
    "broadcast": Action.BROADCAST,
    "segments": Action.SEGMENTS,
    "campaign": Action.CAMPAIGN,
    "rewards": Action.REWARDS,
    "codes": Action.PROMO_CODES,
    "code": Action.CODE_CHECK,
    "surveys": Action.SURVEYS,
    "lotteries": Action.LOTTERIES,
    "quizzes": Action.QUIZZES,
    "tickets": Action.TICKETS,
    "stats": Action.STATS,
    "export": Action.EXPORT,
}
# Items whose screen belongs to another module (the rest are shown here or explained).
SCREENS = {
    "broadcast": broadcast.open_from_admin,
    "segments": segments.open_from_admin,
    "campaign": campaigns.open_from_admin,
    "rewards": rewards_admin.open_from_admin,
    "codes": promo_codes.open_from_admin,
    "surveys": surveys.open_from_admin,
    "lotteries": lotteries.open_from_admin,
    "quizzes": quizzes.open_from_admin,
    "tickets": tickets.open_from_admin,
    "stats": stats.open_from_admin,
    "export": exports.open_from_admin,
}
# A user id in button data: a positive 64-bit integer.
MAX_USER_ID = 2**63 - 1


async def admin(update: Update, context: ClubContext) -> None:
    """/admin: a button for everything this person's roles allow."""
    if not await require(context, Action.ADMIN_MENU):
        return
    texts = context.texts
    rows = [
        ((texts(f"button-admin-{item}"), f"admin:{item}"),)
        for item, action in ADMIN_ITEMS.items()
        if await permitted(context, action)
    ]
    if rows:
        context.reply(texts("admin-menu"), markup=keyboards.inline(*rows))
    else:
        # A role whose screens come later (a marketer's campaigns): no empty keyboard.
        context.reply(texts("admin-menu-empty"))


async def on_admin(update: Update, context: ClubContext) -> None:
    query = update.callback_query
    assert query is not None and query.data is not None
    item = query.data.removeprefix("admin:")
    action = ADMIN_ITEMS.get(item)
    if action is None:
        context.answer(query, context.texts("hint-stale-button"))
        return
    if not await require(context, action, query):
        return
    context.answer(query)
    if item in SCREENS:
        await SCREENS[item](context)
    elif item == "team":
        await _show_team(context)
    elif item == "audit":
        await _show_audit(context)
    else:
        context.reply(context.texts(f"help-cmd-{item}"))


async def team(update: Update, context: ClubContext) -> None:
    """/team: who is on the team, with buttons to add someone or revoke a role."""
    if await require(context, Action.TEAM_VIEW):
        await _show_team(context)


async def _show_team(context: ClubContext) -> None:
    text, markup = await _team_screen(context)
    context.reply(text, markup=markup)


async def _team_screen(
    context: ClubContext,
) -> tuple[str, keyboards.InlineKeyboardMarkup | None]:
    texts, roles = context.texts, await context.roles()
    entries = await context.club.team.entries()
    zone = ZoneInfo(context.club.settings.timezone)
    lines, rows = [texts("team-title")], []
    for entry in entries:
        name = _name(context, entry)
        values = {
            "name": name,
            "roles": _role_names(context, entry.roles),
            "platform": texts(f"platform-{entry.platform}"),
        }
        if entry.since is None:
            lines.append(texts("team-line-owner", **values))
        else:
            since = texts.date(entry.since.astimezone(zone).date())
            lines.append(texts("team-line", since=since, **values))
        for role in entry.roles:
            if may_change(roles, role) and await permitted(context, Action.TEAM_REVOKE):
                label = texts("button-team-revoke", role=texts(f"role-{role.value}"), name=name)
                rows.append(((label, f"team:rm:{entry.platform}:{entry.user_id}:{role.value}"),))
    if await permitted(context, Action.TEAM_INVITE):
        rows.insert(0, ((texts("button-team-add"), "team:add"),))
    return "\n".join(lines), keyboards.inline(*rows) if rows else None


def _name(context: ClubContext, entry: TeamEntry) -> str:
    return entry.name or context.texts.digits(str(entry.user_id))


def _role_names(context: ClubContext, roles: tuple[Role, ...]) -> str:
    return "\u060c ".join(context.texts(f"role-{role.value}") for role in roles)


async def on_team(update: Update, context: ClubContext) -> None:
    """`team:add`, `team:new:<role>`, `team:rm:...`: each asked again of whoever pressed it."""
    query = update.callback_query
    assert query is not None and query.data is not None
    _, verb, *rest = query.data.split(":")
    if verb == "add" and not rest:
        await _choose_role(context, query)
    elif verb == "new" and len(rest) == 1:
        await _invite(context, query, rest[0])
    elif verb == "rm" and len(rest) == 3:
        await _revoke(context, query, *rest)
    else:
        context.answer(query, context.texts("hint-stale-button"))


async def _choose_role(context: ClubContext, query: CallbackQuery) -> None:
    if not await require(context, Action.TEAM_INVITE, query):
        return
    texts, roles = context.texts, await context.roles()
    rows = [
        ((texts(f"role-{role.value}"), f"team:new:{role.value}"),)
        for role in GRANTABLE
        if may_change(roles, role)
    ]
    context.answer(query)
    context.reply(texts("team-choose-role"), markup=keyboards.inline(*rows))


async def _may_change(context: ClubContext, query: CallbackQuery, role: Role | None) -> bool:
    """A role this person may give or take; a refusal (said) otherwise."""
    if role is Role.OWNER:
        context.answer(query, context.texts("team-owner-fixed"))
        return False
    if role is None:
        context.answer(query, context.texts("hint-stale-button"))
        return False
    if may_change(await context.roles(), role):
        return True
    context.answer(query, context.texts("team-role-not-yours", role=context.texts(f"role-{role}")))
    return False


async def _invite(context: ClubContext, query: CallbackQuery, role_text: str) -> None:
    if not await require(context, Action.TEAM_INVITE, query):
        return
    role = parse_role(role_text)
    if not await _may_change(context, query, role):
        return
    assert role is not None
    club, texts = context.club, context.texts
    token = await club.team.create_invite(role, by=context.actor)
    await club.team.record(
        actor=context.actor,
        role=await role_for(context, Action.TEAM_INVITE),
        action="invite_created",
        target=None,
        role_offered=role.value,
    )
    usernames = club.usernames or {context.platform: context.bot.username}
    links = "\n".join(
        texts(
            "team-invite-link-line",
            platform=texts(f"platform-{platform.value}"),
            link=platform.deep_link(username, INVITE_PREFIX + token),
        )
        for platform, username in usernames.items()
    )
    context.answer(query)
    context.edit_markup(query.message)
    context.reply(texts("team-invite-links", role=texts(f"role-{role.value}"), links=links))


async def _revoke(
    context: ClubContext, query: CallbackQuery, platform: str, user_text: str, role_text: str
) -> None:
    if not await require(context, Action.TEAM_REVOKE, query):
        return
    role = parse_role(role_text)
    user_id = parse_callback_int(user_text, max_value=MAX_USER_ID)
    if platform not in {p.value for p in Platform} or user_id is None:
        context.answer(query, context.texts("hint-stale-button"))
        return
    if not await _may_change(context, query, role):
        return
    assert role is not None
    texts = context.texts
    done = await context.club.team.revoke(
        platform,
        user_id,
        role,
        by=context.actor,
        by_role=await role_for(context, Action.TEAM_REVOKE),
    )
    key = "team-revoked" if done else "team-revoke-gone"
    if (platform, user_id) == (context.platform.value, context.user_id):
        context.forget_roles()
    name = await context.club.team.name_of(platform, user_id) or texts.digits(str(user_id))
    said = texts(key, role=texts(f"role-{role.value}"), name=name)
    context.answer(query, said)
    if await permitted(context, Action.TEAM_VIEW):
        text, markup = await _team_screen(context)
        context.edit(query.message, said + "\n\n" + text, markup)
    else:
        context.edit(query.message, said)


async def audit(update: Update, context: ClubContext) -> None:
    """/audit: the last 20 team actions, newest first."""
    if await require(context, Action.AUDIT_VIEW):
        await _show_audit(context)


AUDIT_PAGE = 20


async def on_audit_more(update: Update, context: ClubContext) -> None:
    """The older-rows button (button-history-more) under /audit: the next 20 older rows,
    the role asked again."""
    query = update.callback_query
    assert query is not None and query.data is not None
    if not await require(context, Action.AUDIT_VIEW, query):
        return
    before = parse_callback_field(query.data, "audit")
    context.answer(query)
    context.edit_markup(query.message)
    if before is not None:
        await _show_audit(context, before=before)


async def _show_audit(context: ClubContext, *, before: int | None = None) -> None:
    texts = context.texts
    # One more than a page: whether there is an older page to offer. So a flood of new rows
    # can never hide an older one from the owner: it is a press away.
    rows = await context.club.team.recent_audit(AUDIT_PAGE + 1, before=before)
    older = len(rows) > AUDIT_PAGE
    rows = rows[:AUDIT_PAGE]
    if not rows:
        context.reply(texts("audit-empty"))
        return
    lines = [texts("audit-title")]
    for row in rows:
        key = f"audit-action-{row.action}"
        lines.append(
            texts(
                "audit-line",
                when=texts.datetime(row.at),
                actor=texts.digits(row.actor),
                role=texts(f"role-{row.role}") if row.role else texts("audit-no-role"),
                action=texts.get(key, row.action),
                target=texts.digits(row.target or "-"),
            )
        )
    markup = (
        keyboards.inline(((texts("button-history-more"), f"audit:{rows[-1].id}"),))
        if older
        else None
    )
    context.reply("\n".join(lines), markup=markup)
