"""Facts about a club's data kept with the data (`club_meta`): the erasure salt.

Invariant: a database has one erasure salt for its whole life. It is generated on first start
and inserted only if absent, so two processes starting together agree on the row that won;
ERASED_PHONE_SALT, when set, overrides it (and is what older deployments used).
"""

from __future__ import annotations

import logging
import secrets

import sqlalchemy as sa

from bot.settings import Settings
from bot.storage.db import Database, dialect_insert
from bot.storage.tables import club_meta, erasures

log = logging.getLogger(__name__)

SALT_KEY = "erased_phone_salt"
# The salt every deployment used before salts were generated: a database that already holds
# erasure hashes made with it keeps it, or people erased then could collect joining gifts
# again. PUBLIC_SALTS are values anyone can read in the project's history.
LEGACY_SALT = "vafa-change-me"
PUBLIC_SALTS = frozenset({LEGACY_SALT, "change-me"})
_STORED = sa.select(club_meta.c.value).where(club_meta.c.key == SALT_KEY)


async def resolve_erasure_salt(db: Database, settings: Settings) -> str:
    """The salt for hashes of erased phones and chats: ERASED_PHONE_SALT, else the stored one
    (generated now when the database has none)."""
    configured = settings.erased_phone_salt.get_secret_value()
    if configured:
        salt = configured
    else:
        async with db.write() as conn:
            kept = await conn.scalar(
                sa.select(club_meta.c.value).where(club_meta.c.key == SALT_KEY)
            )
            if kept is None:
                had_erasures = await conn.scalar(sa.select(sa.func.count()).select_from(erasures))
                fresh = LEGACY_SALT if had_erasures else secrets.token_urlsafe(32)
                await conn.execute(
                    dialect_insert(conn, club_meta)
                    .values(key=SALT_KEY, value=fresh)
                    .on_conflict_do_nothing()
                )
                kept = await conn.scalar(_STORED)
        salt = str(kept)
    if salt in PUBLIC_SALTS:
        log.warning(
            "the erasure salt is a value published with Vafa, so the hashes kept of erased "
            "members' phones could be reversed; it stays only because hashes already made "
            "with it must keep matching"
        )
    return salt
