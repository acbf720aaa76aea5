"""Start-up checks: every way Vafa can fail to start becomes one line a shop owner can act on.

Invariant: before anything is served or migrated, the settings parse and the database can be
reached and written; otherwise a `StartupFailure` carries one line per problem (the setting's
environment name, what is wrong, what to write instead) and the exit status: 2 for a
configuration to fix, 1 for something unreachable that may come back by itself.
"""

from __future__ import annotations

import difflib
import logging
import os
import re
import tempfile
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from pydantic import SecretStr, ValidationError
from pydantic_settings import SettingsError
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from bot.settings import Settings

CONFIG = 2
UNREACHABLE = 1
# Never echoed in an error line: they hold a secret (a token, a salt, a password in the URL).
_SECRET_FIELDS = {"database_url"} | {
    name
    for name, field in Settings.model_fields.items()
    if field.annotation is not None and "SecretStr" in str(field.annotation)
}


class StartupFailure(Exception):
    """Why the process cannot start, in lines for people, and the exit status."""

    def __init__(self, status: int, *lines: str) -> None:
        super().__init__("\n".join(lines))
        self.status, self.lines = status, list(lines)


def load_settings(**overrides: Any) -> Settings:
    """Settings from the environment and .env, or a StartupFailure naming each bad setting."""
    try:
        _warn_unknown_names(Path(".env"))
        settings = Settings(**overrides)
        _check_tier_texts(settings)
        return settings
    except ValidationError as error:
        raise StartupFailure(CONFIG, *validation_lines(error)) from error
    except SettingsError as error:
        found = re.search(r'field "(\w+)"', str(error))
        name = found.group(1).upper() if found else "a setting"
        raise StartupFailure(
            CONFIG, f"{name}: cannot be read ({error.__cause__ or error})"
        ) from error
    except UnicodeDecodeError as error:
        raise StartupFailure(
            CONFIG, f".env: not UTF-8 text ({error.reason}); save it as UTF-8"
        ) from error


def _warn_unknown_names(env_file: Path) -> None:
    """A mistyped name in .env (ADMIN_ID for ADMIN_IDS) would be ignored without a word, and
    the owner would think it set."""
    if not env_file.is_file():
        return
    from dotenv import dotenv_values

    known = {name.upper() for name in Settings.model_fields}
    for name in dotenv_values(env_file):
        if name.upper() in known or name.upper().startswith("VAFA_"):
            continue
        close = difflib.get_close_matches(name.upper(), sorted(known), n=1)
        hint = f"; did you mean {close[0]}?" if close else ""
        logging.getLogger("bot").warning(
            ".env: %s is not a setting Vafa knows, so it is ignored%s", name, hint
        )


def _check_tier_texts(settings: Settings) -> None:
    """A tier needs its name in the texts, or every points screen would fail."""
    from bot.i18n import load_texts

    texts = load_texts(settings.language, settings.timezone)
    missing = [t.key for t in settings.tiers if not texts.has(f"tier-{t.key}")]
    if missing:
        raise StartupFailure(
            CONFIG,
            f"TIERS: no name for tier {', '.join(missing)} in locales/{settings.language} "
            f"(tier-<key>); use the keys bronze, silver, gold and diamond, or add the texts",
        )


def validation_lines(error: ValidationError) -> list[str]:
    lines = []
    for item in error.errors(include_url=False):
        field = str(item["loc"][0]) if item["loc"] else ""
        name = field.upper() or "settings"
        message = item["msg"].removeprefix("Value error, ")
        if item["type"] != "value_error" and field not in _SECRET_FIELDS:
            message += f" (got {item['input']!r})"
        lines.append(f"{name}: {message}")
    return lines


async def check_database(settings: Settings, *, connect_timeout: float = 5.0) -> None:
    """Raises StartupFailure unless the database can be opened for writing."""
    url = sa.make_url(settings.database_url)
    if url.get_backend_name() == "sqlite":
        check_sqlite_path(url.database or "")
    else:
        await probe_database(settings.database_url, connect_timeout=connect_timeout)


def check_sqlite_path(name: str) -> None:
    """The SQLite file's folder exists (made if missing) and takes new files: SQLite writes
    its -wal and -shm files beside the database."""
    if not name or name == ":memory:":
        return
    path = Path(name).absolute()
    folder = path.parent
    fix = "; fix the folder's owner or permissions, or point DATABASE_URL elsewhere"
    if path.is_dir():
        raise StartupFailure(CONFIG, f"DATABASE_URL: {path} is a folder, not a SQLite file")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise StartupFailure(
            CONFIG, f"DATABASE_URL: cannot write in the folder {folder} ({reason}){fix}"
        ) from error
    if path.exists() and not os.access(path, os.R_OK | os.W_OK):
        raise StartupFailure(CONFIG, f"DATABASE_URL: the file {path} is not writable{fix}")


async def probe_database(url: str, *, connect_timeout: float = 5.0) -> None:
    """Connects once to PostgreSQL; a StartupFailure says why it could not."""
    parsed = sa.make_url(url)
    where = f"PostgreSQL at {parsed.host or 'localhost'}:{parsed.port or 5432}"
    engine = create_async_engine(
        parsed, poolclass=NullPool, connect_args={"timeout": connect_timeout}
    )
    try:
        async with engine.connect() as conn:
            await conn.execute(sa.text("SELECT 1"))
    except Exception as error:
        raise _postgres_failure(error, where, parsed.database or "") from error
    finally:
        await engine.dispose()


def _postgres_failure(error: BaseException, where: str, database: str) -> StartupFailure:
    names = {type(e).__name__ for e in _chain(error)}
    if "InvalidCatalogNameError" in names:
        return StartupFailure(
            CONFIG,
            f"DATABASE_URL: {where} has no database {database!r}; create it "
            f"(createdb {database}) or fix the name",
        )
    if names & {"InvalidPasswordError", "InvalidAuthorizationSpecificationError"}:
        return StartupFailure(
            CONFIG, f"DATABASE_URL: {where} refused the user or password; fix them in DATABASE_URL"
        )
    reason = next((str(e) for e in _chain(error) if isinstance(e, OSError)), type(error).__name__)
    return StartupFailure(
        UNREACHABLE,
        f"DATABASE_URL: {where} does not answer ({reason}); start it, or check the host and port",
    )


def _chain(error: BaseException) -> list[BaseException]:
    found: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in found:
        found.append(current)
        nxt = getattr(current, "orig", None)
        current = (
            nxt if isinstance(nxt, BaseException) else current.__cause__ or current.__context__
        )
    return found


async def prepare(settings: Settings, *, serving: bool) -> Settings:
    """`run` and `migrate`: checks the database, applies migrations; for `run` also warns about
    an empty database and settles the erasure salt. The settings the process should use."""
    await check_database(settings)
    # Imported once the database is known to answer: alembic logs as it loads.
    from bot.storage.db import Database
    from bot.storage.guard import warn_if_new
    from bot.storage.meta import resolve_erasure_salt
    from bot.storage.migrate import upgrade

    db = Database(settings.database_url)
    try:
        await upgrade(db)
        if not serving:
            return settings
        await warn_if_new(db)
        salt = await resolve_erasure_salt(db, settings)
    finally:
        await db.dispose()
    return settings.model_copy(update={"erased_phone_salt": SecretStr(salt)})
