"""Who may do what: the one permission matrix every handler asks.

Invariant: a handler decides nothing about authority itself. It names an `Action`; `allows`
answers from MATRIX with the roles the person holds *now* (owners from ADMIN_IDS, everyone
else from `team_roles`). Callback data never carries authority, so every button press asks
again for whoever pressed it.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum


class Role(StrEnum):
    # Ordered from most to least powerful: the first role that allows an action is the one an
    # audit row names.
    OWNER = "owner"
    ADMIN = "admin"
    STAFF = "staff"
    MARKETER = "marketer"


class Action(StrEnum):
    PURCHASE = "purchase"
    VOID = "void"
    ADMIN_MENU = "admin_menu"
    TEAM_VIEW = "team_view"
    TEAM_INVITE = "team_invite"
    TEAM_REVOKE = "team_revoke"
    # Granting or revoking the admin role itself: an admin cannot make or unmake admins.
    TEAM_MANAGE_ADMINS = "team_manage_admins"
    AUDIT_VIEW = "audit_view"
    MEMBER_LOOKUP = "member_lookup"
    # What a lookup shows beyond name, tier, balance and purchases: the full phone, birth date.
    MEMBER_PRIVATE = "member_private"
    # Correcting what a member can no longer change themselves (a birth date after its change).
    MEMBER_CORRECT = "member_correct"
    # Compose, schedule, pause, resume and cancel a broadcast.
    BROADCAST = "broadcast"
    # Build, save and edit segments (audiences for broadcasts and, later, rewards).
    SEGMENTS = "segments"
    # Create campaign links and see their own campaigns' funnels.
    CAMPAIGN = "campaign"
    # Every campaign's funnel and the marketers' leaderboard.
    CAMPAIGN_ALL = "campaign_all"
    # The rewards catalog: create, edit, pause, archive, upload a partner's codes.
    REWARDS = "rewards"
    # Multi-use campaign codes (NOWRUZ1405): create, pause, see their uses.
    PROMO_CODES = "promo_codes"
    # /code: check a discount code and mark it used at the till.
    CODE_CHECK = "code_check"
    # Surveys, lotteries and quizzes: build, publish, close, see results, export.
    SURVEYS = "surveys"
    LOTTERIES = "lotteries"
    QUIZZES = "quizzes"
    # Members' feedback threads: read, answer, close (the member's phone needs MEMBER_PRIVATE).
    TICKETS = "tickets"
    # The club's numbers: /stats, the admin menu's stats button, the charts.
    STATS = "stats"
    # CSV exports: members, ledger, purchases, survey responses.
    EXPORT = "export"


OWNER, ADMIN, STAFF, MARKETER = Role.OWNER, Role.ADMIN, Role.STAFF, Role.MARKETER
TEAM = frozenset(Role)

MATRIX: dict[Action, frozenset[Role]] = {
    Action.PURCHASE: frozenset({OWNER, ADMIN, STAFF}),
    Action.VOID: frozenset({OWNER, ADMIN, STAFF}),
    Action.ADMIN_MENU: TEAM,
    Action.TEAM_VIEW: frozenset({OWNER, ADMIN}),
    Action.TEAM_INVITE: frozenset({OWNER, ADMIN}),
    Action.TEAM_REVOKE: frozenset({OWNER, ADMIN}),
    Action.TEAM_MANAGE_ADMINS: frozenset({OWNER}),
    Action.AUDIT_VIEW: frozenset({OWNER, ADMIN}),
    Action.MEMBER_LOOKUP: frozenset({OWNER, ADMIN, STAFF}),
    Action.MEMBER_PRIVATE: frozenset({OWNER, ADMIN}),
    Action.MEMBER_CORRECT: frozenset({OWNER, ADMIN}),
    Action.BROADCAST: frozenset({OWNER, ADMIN}),
    Action.SEGMENTS: frozenset({OWNER, ADMIN}),
    Action.CAMPAIGN: frozenset({OWNER, ADMIN, MARKETER}),
    Action.CAMPAIGN_ALL: frozenset({OWNER, ADMIN}),
    Action.REWARDS: frozenset({OWNER, ADMIN}),
    Action.PROMO_CODES: frozenset({OWNER, ADMIN}),
    Action.CODE_CHECK: frozenset({OWNER, ADMIN, STAFF}),
    Action.SURVEYS: frozenset({OWNER, ADMIN}),
    Action.LOTTERIES: frozenset({OWNER, ADMIN}),
    Action.QUIZZES: frozenset({OWNER, ADMIN}),
    Action.TICKETS: frozenset({OWNER, ADMIN}),
    Action.STATS: frozenset({OWNER, ADMIN}),
    Action.EXPORT: frozenset({OWNER, ADMIN}),
}

# The commands that need a role, and the action each asks for. A command registered in
# bot/handlers/__init__.py must be here or in PUBLIC_COMMANDS (a test holds this).
COMMANDS: dict[str, Action] = {
    "purchase": Action.PURCHASE,
    "void": Action.VOID,
    "admin": Action.ADMIN_MENU,
    "team": Action.TEAM_VIEW,
    "audit": Action.AUDIT_VIEW,
    "member": Action.MEMBER_LOOKUP,
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
PUBLIC_COMMANDS = frozenset({"start", "cancel", "help", "menu", "whoami"})

# Roles an invite can grant (owners come from ADMIN_IDS only).
GRANTABLE = (ADMIN, STAFF, MARKETER)


def allows(roles: Iterable[Role], action: Action) -> bool:
    return not MATRIX[action].isdisjoint(roles)


def acting_role(roles: Iterable[Role], action: Action) -> Role | None:
    """The most powerful of the person's roles that allows the action (named in the audit)."""
    held = set(roles) & MATRIX[action]
    return next((role for role in Role if role in held), None)


def may_change(roles: Iterable[Role], role: Role) -> bool:
    """Whether someone with `roles` may grant or revoke `role`; owners are never changed here."""
    if role is OWNER:
        return False
    action = Action.TEAM_MANAGE_ADMINS if role is ADMIN else Action.TEAM_INVITE
    return allows(roles, action)


def parse_role(text: str) -> Role | None:
    try:
        return Role(text)
    except ValueError:
        return None
