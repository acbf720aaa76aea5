"""The team end to end: the permission matrix asked by every command and button, invites by
deep link (expired, reused, already held), revoking a role, and the audit log."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from telegram.ext import CommandHandler

from bot.club.digits import to_persian_digits
from bot.club.lookup import mask_phone
from bot.club.permissions import COMMANDS, PUBLIC_COMMANDS, Action, Role, allows, may_change
from bot.club.phones import isolate_ltr
from bot.emulator.driver import SimUser
from bot.handlers.team import ADMIN_ITEMS
from bot.platforms import Platform
from tests.e2e.matrix import SCREEN_BUTTONS
from tests.e2e.test_purchases import QUOTE_BUTTONS, join, owner_of
from tests.e2e.test_till import press_data
from tests.e2e.world import World, sign_up, t

LINK = re.compile(r"start=(t_[A-Za-z0-9_-]+)")
# Someone already on the team as a cashier, whose role the revoke button names.
TARGET_ID = 7_777


def role_name(role: Role) -> str:
    return t(f"role-{role.value}")


async def invite_link(world: World, role: Role, by: SimUser | None = None) -> str:
    """An owner (or `by`) opens /team, presses «add», picks the role: the Telegram payload."""
    inviter = by or owner_of(world)
    await inviter.send("/team")
    await inviter.press(t("button-team-add"))
    await inviter.press(role_name(role))
    found = LINK.search(inviter.last.content or "")
    assert found is not None, inviter.last.content
    return found.group(1)


async def join_team(world: World, user: SimUser, role: Role) -> None:
    await user.send(f"/start {await invite_link(world, role)}")
    await user.press(t("button-team-accept"))
    assert user.last.content == t("team-invite-accepted", role=role_name(role))


async def roles_in_db(world: World, user_id: int) -> list[str]:
    rows = await world.rows(
        "SELECT role FROM team_roles WHERE user_id = :u ORDER BY role", u=user_id
    )
    return [row[0] for row in rows]


async def audit_actions(world: World) -> list[tuple[str, str | None, str]]:
    rows = await world.rows("SELECT actor, role, action FROM audit ORDER BY id")
    return [(row[0], row[1], row[2]) for row in rows]


def refusal_for(roles: frozenset[Role]) -> str:
    if not roles:
        return t("staff-only")
    return t("team-not-allowed", roles="\u060c ".join(role_name(r) for r in Role if r in roles))


# 1. The permission matrix, asked by everything


def test_every_registered_command_has_a_permission_or_is_public(world: World) -> None:
    app = world.runtime.apps[Platform.TELEGRAM]  # type: ignore[union-attr]
    registered = {
        command
        for handlers in app.handlers.values()
        for handler in handlers
        if isinstance(handler, CommandHandler)
        for command in handler.commands
    }
    assert registered - PUBLIC_COMMANDS == set(COMMANDS)
    assert set(Action) == {
        *COMMANDS.values(),
        *ADMIN_ITEMS.values(),
        *BUTTON_ACTIONS.values(),
        *SHOWN_ACTIONS,
    }


# Every team button, with the action it needs (generated from the handlers' own tables).
BUTTON_ACTIONS: dict[str, Action] = {
    **{f"admin:{item}": action for item, action in ADMIN_ITEMS.items()},
    "team:add": Action.TEAM_INVITE,
    "team:new:staff": Action.TEAM_INVITE,
    "team:new:admin": Action.TEAM_MANAGE_ADMINS,
    f"team:rm:telegram:{TARGET_ID}:staff": Action.TEAM_REVOKE,
    # Member 1, when there is one (the member persona): pressed by itself, never corrected.
    "member:birth:1": Action.MEMBER_CORRECT,
    "member:save": Action.MEMBER_CORRECT,
    "member:drop": Action.MEMBER_CORRECT,
    **SCREEN_BUTTONS,
}
# Actions that decide what a screen shows rather than what a command or button does.
SHOWN_ACTIONS = frozenset({Action.MEMBER_PRIVATE})
PERSONAS = ["owner", "admin", "staff", "marketer", "member", "stranger"]


async def persona(world: World, who: str) -> tuple[SimUser, frozenset[Role]]:
    if who == "owner":
        return owner_of(world), frozenset({Role.OWNER})
    if who == "member":
        user, _ = await join(world)
        return user, frozenset()
    user = world.emu.user(world.telegram, user_id=5_000, first_name="Sam")
    if who == "stranger":
        return user, frozenset()
    role = Role(who)
    await join_team(world, user, role)
    return user, frozenset({role})


@pytest.mark.parametrize("who", PERSONAS)
async def test_every_command_and_button_answers_as_the_matrix_says(
    make_world: Any, who: str
) -> None:
    # Every command and button, pressed by one person: more than the flood gate lets through.
    world: World = await make_world(flood_messages=1000)
    target = world.emu.user(world.telegram, user_id=TARGET_ID, first_name="Cashier")
    await join_team(world, target, Role.STAFF)
    user, roles = await persona(world, who)
    refused = refusal_for(roles)
    for command, action in COMMANDS.items():
        await user.send(f"/{command}")
        said = [m.content for m in user.replies()]
        assert said, f"/{command} was not answered for {who}"
        if allows(roles, action):
            assert refused not in said, f"/{command} refused {who}"
        else:
            assert said == [refused], f"/{command} allowed {who}"
    await user.send("/whoami")  # a message of the bot's in this chat to press buttons on

    async def talks() -> list[tuple[object, ...]]:
        rows = await world.rows("SELECT platform, platform_user_id, flow, step FROM conversations")
        return sorted(tuple(r) for r in rows)

    for data, action in BUTTON_ACTIONS.items():
        before = (await roles_in_db(world, TARGET_ID), await audit_actions(world), await talks())
        await press_data(user, user.last, data)
        answer = user.callback_answers[-1]
        changes_role = data.startswith(("team:new:", "team:rm:"))
        role = Role(data.rsplit(":", 1)[-1]) if changes_role else None
        refusals = {refused, *([t("team-role-not-yours", role=role_name(role))] if role else [])}
        allowed = allows(roles, action) and (role is None or may_change(roles, role))
        if allowed:
            assert answer not in refusals, f"{data} refused {who}"
        else:
            assert answer in refusals, f"{data} pressed by {who}: {answer}"
            after = (await roles_in_db(world, TARGET_ID), await audit_actions(world), await talks())
            # Nothing changed, and no conversation began (an earlier allowed press may have one).
            assert after == before, f"{data} pressed by {who} changed something"


@pytest.mark.parametrize("who", PERSONAS)
async def test_member_lookup_shows_what_the_matrix_allows(world: World, who: str) -> None:
    """/member with a code: refused, or the card with the full phone and the correction button
    exactly when the matrix allows them."""
    looked_up = world.emu.user(
        world.telegram, user_id=8_888, first_name="Nika", phone="+989351112233"
    )
    await sign_up(looked_up, name="Nika")
    code = await world.scalar("SELECT code FROM members WHERE phone = '+989351112233'")
    user, roles = await persona(world, who)
    await user.send(f"/member {code}")
    said = [m.content or "" for m in user.replies()]
    if not allows(roles, Action.MEMBER_LOOKUP):
        assert said == [refusal_for(roles)]
        assert await world.scalar("SELECT count(*) FROM audit WHERE action = 'member_lookup'") == 0
        return
    full = isolate_ltr(to_persian_digits("+989351112233"))
    masked = isolate_ltr(to_persian_digits(mask_phone("+989351112233")))
    assert (full in said[-1]) is allows(roles, Action.MEMBER_PRIVATE)
    assert (masked in said[-1]) is not allows(roles, Action.MEMBER_PRIVATE)
    fix = [t("button-member-fix-birthdate")]
    assert (user.buttons() == fix) is allows(roles, Action.MEMBER_CORRECT)
    assert await world.scalar("SELECT count(*) FROM audit WHERE action = 'member_lookup'") == 1


# 2. Invites


async def test_a_member_opens_a_cashier_invite_and_can_record_purchases(world: World) -> None:
    _, code = await join(world)
    cashier, _ = await join(world, phone="09351234567", name="علی رضایی")
    payload = await invite_link(world, Role.STAFF)
    links = owner_of(world).last.content or ""
    assert "https://t.me/vafa_test_bot?start=" + payload in links
    assert "https://ble.ir/vafa_test_bale_bot?start=" + payload in links
    await cashier.send(f"/start {payload}")  # a member: the payload is not dropped
    assert cashier.last.content == t("team-invite-confirm", role=role_name(Role.STAFF))
    assert await roles_in_db(world, cashier.id) == []  # nothing before the confirmation
    await cashier.press(t("button-team-accept"))
    assert cashier.last.content == t("team-invite-accepted", role=role_name(Role.STAFF))
    assert await roles_in_db(world, cashier.id) == ["staff"]
    assert (f"telegram:{cashier.id}", None, "role_granted") in await audit_actions(world)
    await cashier.send(f"/purchase {code} 250000 R-1")
    assert cashier.buttons() == QUOTE_BUTTONS
    await owner_of(world).send("/team")
    assert "علی رضایی" in (owner_of(world).last.content or "")


async def test_an_invite_works_once(world: World) -> None:
    first = world.emu.user(world.telegram, user_id=5_001, first_name="A")
    second = world.emu.user(world.telegram, user_id=5_002, first_name="B")
    payload = await invite_link(world, Role.STAFF)
    await first.send(f"/start {payload}")
    await second.send(f"/start {payload}")
    await first.press(t("button-team-accept"))
    await second.press(t("button-team-accept"))
    assert second.last.content == t("team-invite-used")
    await second.send(f"/start {payload}")
    assert second.last.content == t("team-invite-used")
    assert await roles_in_db(world, first.id) == ["staff"]
    assert await roles_in_db(world, second.id) == []


async def test_an_invite_expires_after_24_hours(world: World) -> None:
    user = world.emu.user(world.telegram, user_id=5_003, first_name="C")
    payload = await invite_link(world, Role.STAFF)
    world.clock.now += timedelta(hours=24, minutes=1)
    await user.send(f"/start {payload}")
    assert user.last.content == t("team-invite-expired")
    assert user.buttons() == []
    assert await roles_in_db(world, user.id) == []


async def test_an_invite_for_a_role_already_held_is_left_unused(world: World) -> None:
    user = world.emu.user(world.telegram, user_id=5_004, first_name="D")
    await join_team(world, user, Role.STAFF)
    payload = await invite_link(world, Role.STAFF)
    await user.send(f"/start {payload}")
    assert user.last.content == t("team-invite-held", role=role_name(Role.STAFF))
    token = payload.removeprefix("t_")
    done = await world.scalar("SELECT done_at FROM pending_actions WHERE token = :t", t=token)
    assert done is None
    await user.send("/start t_nosuchinvite")
    assert user.last.content == t("team-invite-unknown")


# 3. Revoking, and what an admin may not do


async def test_an_owner_revokes_a_cashier_who_then_is_refused(world: World) -> None:
    owner = owner_of(world)
    cashier = world.emu.user(world.telegram, user_id=5_005, first_name="E")
    await join_team(world, cashier, Role.STAFF)
    await owner.send("/team")
    label = t("button-team-revoke", role=role_name(Role.STAFF), name=t_digits(cashier.id))
    assert label in owner.buttons()
    await owner.press(label)
    assert await roles_in_db(world, cashier.id) == []
    assert (f"telegram:{owner.id}", "owner", "role_revoked") in await audit_actions(world)
    await cashier.send("/purchase 1234 1000")
    assert cashier.last.content == t("staff-only")


async def test_an_admin_cannot_revoke_an_owner_or_make_admins(world: World) -> None:
    admin = world.emu.user(world.telegram, user_id=5_006, first_name="F")
    await join_team(world, admin, Role.ADMIN)
    await admin.send("/team")
    assert t("button-team-add") in admin.buttons()
    assert not any(role_name(Role.OWNER) in label for label in admin.buttons())
    before = await audit_actions(world)
    await press_data(admin, admin.last, f"team:rm:telegram:{owner_of(world).id}:owner")
    assert admin.callback_answers[-1] == t("team-owner-fixed")
    await press_data(admin, admin.last, "team:new:admin")
    assert admin.callback_answers[-1] == t("team-role-not-yours", role=role_name(Role.ADMIN))
    assert await audit_actions(world) == before


async def test_a_stranger_pressing_a_forwarded_admin_button_changes_nothing(world: World) -> None:
    cashier = world.emu.user(world.telegram, user_id=5_007, first_name="G")
    await join_team(world, cashier, Role.STAFF)
    stranger = world.emu.user(world.telegram, user_id=5_008, first_name="H")
    await stranger.send("/whoami")
    await press_data(stranger, stranger.last, f"team:rm:telegram:{cashier.id}:staff")
    assert stranger.callback_answers[-1] == t("staff-only")
    assert await roles_in_db(world, cashier.id) == ["staff"]


# 4. Help and the audit log


async def test_help_shows_each_role_only_its_own_commands(world: World) -> None:
    cashier = world.emu.user(world.telegram, user_id=5_009, first_name="I")
    await join_team(world, cashier, Role.STAFF)
    await cashier.send("/help")
    said = cashier.last.content or ""
    for command in ("purchase", "void", "admin"):
        assert t(f"help-cmd-{command}") in said
    assert "/team" not in said and "/audit" not in said
    await cashier.send("/admin")
    assert cashier.buttons() == [
        t("button-admin-purchase"),
        t("button-admin-void"),
        t("button-admin-member"),
        t("button-admin-code"),
    ]


async def test_purchases_and_voids_are_audited_and_audit_is_for_owners_and_admins(
    world: World,
) -> None:
    _, code = await join(world)
    cashier = world.emu.user(world.telegram, user_id=5_010, first_name="J")
    await join_team(world, cashier, Role.STAFF)
    await cashier.send(f"/purchase {code} 250000 R-9")
    await cashier.press(t("button-confirm"))
    await cashier.send("/void R-9")
    await cashier.press(t("button-void-yes"))
    actions = await audit_actions(world)
    actor = f"telegram:{cashier.id}"
    assert (actor, "staff", "purchase") in actions and (actor, "staff", "void") in actions
    await cashier.send("/audit")
    assert cashier.last.content == refusal_for(frozenset({Role.STAFF}))
    owner = owner_of(world)
    await owner.send("/audit")
    shown = owner.last.content or ""
    assert shown.startswith(t("audit-title"))
    assert t("audit-action-void") in shown and t("audit-action-purchase") in shown


def t_digits(user_id: int) -> str:
    from bot.club.digits import to_persian_digits

    return to_persian_digits(str(user_id))
