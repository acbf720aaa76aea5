"""The team: roles given in chat, one-time invites that give them, and the audit of each change.

Invariant: a role changes only together with its audit row (one transaction), and an invite
gives its role at most once, within INVITE_TTL of its creation, to whoever opens and confirms
it. Owners are ADMIN_IDS: never stored here, never granted or revoked in chat.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from bot.club import audit
from bot.club.permissions import Role, parse_role
from bot.platforms import Platform
from bot.storage.db import dialect_insert
from bot.storage.tables import identities, members, pending_actions, team_roles

if TYPE_CHECKING:
    from bot.club.club import Club

INVITE_KIND = "team_invite"
INVITE_PREFIX = "t_"
INVITE_TTL = timedelta(hours=24)


def person(platform: str, user_id: int) -> str:
    """How the audit and the team list name someone: `<messenger>:<user id>`."""
    return f"{platform}:{user_id}"


@dataclass(frozen=True)
class TeamEntry:
    platform: str
    user_id: int
    name: str | None
    roles: tuple[Role, ...]
    since: datetime | None  # None for an owner (ADMIN_IDS has no date)


@dataclass(frozen=True)
class Invite:
    token: str
    role: Role
    by: str
    created_at: datetime
    done: bool


class Team:
    def __init__(self, club: Club) -> None:
        self.club = club

    async def roles_of(self, who: str) -> frozenset[Role]:
        """The roles, now, of someone named as the audit names them (`<messenger>:<id>`)."""
        name, _, user_id = who.partition(":")
        try:
            return await self.roles(Platform(name), int(user_id))
        except ValueError:
            return frozenset()

    async def roles(self, platform: Platform, user_id: int) -> frozenset[Role]:
        held: set[Role] = set()
        if self.club.settings.is_owner(platform, user_id):
            held.add(Role.OWNER)
        async with self.club.db.read() as conn:
            rows = await conn.scalars(
                sa.select(team_roles.c.role).where(
                    team_roles.c.platform == platform.value, team_roles.c.user_id == user_id
                )
            )
            held.update(role for role in map(parse_role, rows) if role is not None)
        return frozenset(held)

    async def entries(self) -> list[TeamEntry]:
        """Everyone on the team, owners first, each with their member name when they have one."""
        held: dict[tuple[str, int], set[Role]] = {
            (platform.value, user_id): {Role.OWNER}
            for platform, user_id in self.club.settings.admin_ids
        }
        since: dict[tuple[str, int], datetime] = {}
        async with self.club.db.read() as conn:
            query = sa.select(team_roles).order_by(team_roles.c.granted_at)
            for row in (await conn.execute(query)).all():
                key = (row.platform, row.user_id)
                role = parse_role(row.role)
                if role is not None:
                    held.setdefault(key, set()).add(role)
                    since.setdefault(key, row.granted_at)
            names = await _names(conn, list(held))
        return [
            TeamEntry(
                p, u, names.get((p, u)), tuple(r for r in Role if r in roles), since.get((p, u))
            )
            for (p, u), roles in held.items()
        ]

    async def name_of(self, platform: str, user_id: int) -> str | None:
        async with self.club.db.read() as conn:
            return (await _names(conn, [(platform, user_id)])).get((platform, user_id))

    async def create_invite(self, role: Role, *, by: str) -> str:
        return await self.club.pending.create(
            INVITE_KIND, {"role": role.value, "by": by}, member_id=None
        )

    async def invite(self, token: str) -> Invite | None:
        async with self.club.db.read() as conn:
            row = (
                await conn.execute(
                    sa.select(pending_actions).where(
                        pending_actions.c.token == token, pending_actions.c.kind == INVITE_KIND
                    )
                )
            ).first()
        role = parse_role(str(row.data.get("role"))) if row is not None else None
        if row is None or role is None:
            return None
        return Invite(token, role, str(row.data["by"]), row.created_at, row.done_at is not None)

    def expired(self, invite: Invite) -> bool:
        return self.club.now() - invite.created_at > INVITE_TTL

    async def accept(self, invite: Invite, platform: Platform, user_id: int) -> bool:
        """Uses the invite and gives its role; False when another tap used it first."""
        async with self.club.db.write() as conn:
            if not await self.club.pending.complete_in(conn, invite.token):
                return False
            await self._grant(conn, platform.value, user_id, invite.role, by=invite.by)
            await self._audit(
                conn,
                actor=person(platform.value, user_id),
                role=None,
                action="role_granted",
                target=person(platform.value, user_id),
                details={"role": invite.role.value, "invited_by": invite.by},
            )
        return True

    async def revoke(
        self, platform: str, user_id: int, role: Role, *, by: str, by_role: Role | None
    ) -> bool:
        """Takes a role away; False when they no longer held it (a second tap)."""
        async with self.club.db.write() as conn:
            result = await conn.execute(
                sa.delete(team_roles).where(
                    team_roles.c.platform == platform,
                    team_roles.c.user_id == user_id,
                    team_roles.c.role == role.value,
                )
            )
            if result.rowcount != 1:
                return False
            await self._audit(
                conn,
                actor=by,
                role=by_role,
                action="role_revoked",
                target=person(platform, user_id),
                details={"role": role.value},
            )
        return True

    async def record(
        self, *, actor: str, role: Role | None, action: str, target: str | None, **details: Any
    ) -> None:
        """An audit row for a team action, in the update's transaction."""
        async with self.club.db.write() as conn:
            await self._audit(
                conn, actor=actor, role=role, action=action, target=target, details=details
            )

    async def recent_audit(self, limit: int = 20, *, before: int | None = None) -> list[Any]:
        """Newest first; `before` pages back by row id."""
        async with self.club.db.read() as conn:
            query = sa.select(audit.audit).order_by(audit.audit.c.id.desc()).limit(limit)
            if before is not None:
                query = query.where(audit.audit.c.id < before)
            return list((await conn.execute(query)).all())

    async def _grant(self, conn: Any, platform: str, user_id: int, role: Role, *, by: str) -> None:
        # A role already held stays as it was given (its first grant, date and granter).
        await conn.execute(
            dialect_insert(conn, team_roles)
            .values(
                platform=platform,
                user_id=user_id,
                role=role.value,
                granted_by=by,
                granted_at=self.club.now(),
            )
            .on_conflict_do_nothing()
        )

    async def _audit(
        self,
        conn: Any,
        *,
        actor: str,
        role: Role | None,
        action: str,
        target: str | None,
        details: dict[str, Any],
    ) -> None:
        await audit.record(
            conn,
            actor=actor,
            role=role.value if role is not None else None,
            action=action,
            target=target,
            details=details,
            at=self.club.now(),
        )


async def _names(conn: Any, people: list[tuple[str, int]]) -> dict[tuple[str, int], str]:
    if not people:
        return {}
    query = (
        sa.select(identities.c.platform, identities.c.platform_user_id, members.c.name)
        .join(members, members.c.id == identities.c.member_id)
        .where(
            sa.tuple_(identities.c.platform, identities.c.platform_user_id).in_(people),
            members.c.deleted_at.is_(None),
        )
    )
    rows = (await conn.execute(query)).all()
    return {(r.platform, r.platform_user_id): r.name for r in rows if r.name}
