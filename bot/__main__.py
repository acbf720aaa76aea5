"""`python -m bot [run|sandbox|migrate|health|verify-draw <lottery>]`.

With no subcommand: `run` when a token is set, else the sandbox (and how to set a token).
`run` without a token fails loudly, so a misconfigured deployment never runs silently.
Whatever stops the start, the owner reads one line per problem and no traceback (unless
LOG_LEVEL=DEBUG): exit status 2 for a setting to fix, 1 for something unreachable.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import sys
from pathlib import Path

import sqlalchemy as sa

from bot.logs import configure_logging, scrub
from bot.settings import Settings
from bot.startup import CONFIG, StartupFailure, load_settings, prepare

NO_TOKEN = (
    "No bot token is set. Put TELEGRAM_TOKEN and/or BALE_TOKEN in the environment or in .env "
    "(see .env.example and the README), or try the club locally with `python -m bot sandbox`."
)
RUN_NO_TOKEN = (
    "TELEGRAM_TOKEN, BALE_TOKEN: neither is set; put the token @BotFather gave you in .env "
    "(see .env.example), or try the club locally with `python -m bot sandbox`"
)
log = logging.getLogger("bot")


def early_log_level() -> str:
    """LOG_LEVEL before the settings are known (they may be what is broken)."""
    level = os.environ.get("LOG_LEVEL")
    if level is None:
        try:
            from dotenv import dotenv_values

            level = dotenv_values(".env").get("LOG_LEVEL")
        except Exception:  # an unreadable .env is reported by load_settings
            level = None
    level = (level or "INFO").strip().upper()
    return level if level in ("DEBUG", "INFO", "WARNING", "ERROR") else "INFO"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Vafa loyalty club")
    parser.add_argument(
        "command", nargs="?", choices=["run", "sandbox", "migrate", "health", "verify-draw"]
    )
    parser.add_argument("lottery", nargs="?", help="verify-draw: the lottery's number")
    parser.add_argument(
        "--wait-on-config-error",
        action="store_true",
        help="on a configuration error, wait for SIGTERM instead of exiting (containers that "
        "restart unless stopped: the error is logged once, not in a loop)",
    )
    parser.add_argument(
        "--no-bidi",
        action="store_true",
        help="sandbox: show Persian in typing order (for terminals that reorder it themselves)",
    )
    args = parser.parse_args(argv)
    debug = early_log_level() == "DEBUG"
    configure_logging(early_log_level())
    try:
        settings = load_settings()
        configure_logging(settings.log_level)
        debug = settings.log_level == "DEBUG"
        if args.command == "verify-draw":
            return verify_draw(settings, args.lottery)
        return dispatch(args.command, settings, bidi=False if args.no_bidi else None)
    except StartupFailure as failure:
        if args.command == "health":
            print(f"unhealthy: {failure.lines[0]}", file=sys.stderr)
            return 1
        for line in failure.lines:
            print(f"Vafa cannot start: {line}", file=sys.stderr)
        if debug:
            log.debug("details", exc_info=failure)
        if failure.status == CONFIG and args.wait_on_config_error:
            return wait_for_stop(failure.status)
        return failure.status
    except KeyboardInterrupt:
        return 130
    except Exception as error:
        # Unexpected: still one line (scrubbed, database errors may quote personal data).
        first = scrub(str(error)).strip().splitlines()
        reason = f"{type(error).__name__}: {first[0]}" if first else type(error).__name__
        hint = "" if debug else " (LOG_LEVEL=DEBUG shows the traceback)"
        log.error("Vafa stopped: %s%s", reason, hint, exc_info=error if debug else None)
        return 1


def dispatch(asked: str | None, settings: Settings, *, bidi: bool | None = None) -> int:
    command = asked or ("run" if settings.tokens() else "sandbox")
    if command == "health":
        from bot.health import check

        problem = asyncio.run(check(settings))
        print(f"unhealthy: {problem}" if problem else "healthy", file=sys.stderr)
        return 1 if problem else 0
    if command == "migrate":
        asyncio.run(prepare(settings, serving=False))
        log.info("database is up to date")
        return 0
    if command == "sandbox":
        from bot.sandbox import run_sandbox

        if asked is None:
            print(NO_TOKEN, file=sys.stderr)
        return asyncio.run(run_sandbox(settings, bidi=bidi))
    if not settings.tokens():
        raise StartupFailure(CONFIG, RUN_NO_TOKEN)
    from bot.health import start_heartbeat, stop_heartbeat
    from bot.lifecycle import serve

    # Checks and migrations first, in their own loop, before the bots start.
    settings = asyncio.run(prepare(settings, serving=True))
    start_heartbeat(settings.health_file)
    try:
        return asyncio.run(serve(settings))
    finally:
        stop_heartbeat()


def verify_draw(settings: Settings, lottery: str | None) -> int:
    """Recomputes a lottery's draw from its stored seed, commitment and entries: one line,
    exit 0 when the winners match, 1 otherwise (a bad number, an unreachable database too)."""
    from bot.club.digits import parse_int

    if lottery is None:
        print("verify-draw: name the lottery's number (e.g. verify-draw 3)")
        return 1
    lottery_id = parse_int(lottery)
    if lottery_id is None or not 0 < lottery_id < 2**31:
        print(f"verify-draw: {lottery!r} is not a lottery number (e.g. verify-draw 3)")
        return 1
    # Reading a database file that is not there would create an empty one.
    url = sa.make_url(settings.database_url)
    if url.get_backend_name() == "sqlite" and not Path(url.database or "").is_file():
        print(
            f"verify-draw: no database at {url.database} (DATABASE_URL); the sandbox's is "
            "sqlite+aiosqlite:///data/sandbox.db"
        )
        return 1

    async def run() -> bool:
        from bot.club.lotteries import verify
        from bot.storage.db import Database

        db = Database(settings.database_url)
        try:
            verdict = await verify(db, lottery_id)
        finally:
            await db.dispose()
        print(verdict.line)
        return verdict.ok

    try:
        return 0 if asyncio.run(run()) else 1
    except Exception as error:
        first = scrub(str(error)).strip().splitlines()
        reason = f"{type(error).__name__}: {first[0]}" if first else type(error).__name__
        print(f"verify-draw: cannot read the database ({reason})")
        return 1


def wait_for_stop(status: int) -> int:
    """Blocks until SIGTERM or SIGINT, then returns `status`."""
    print("Waiting: fix the setting, then restart Vafa.", file=sys.stderr, flush=True)
    stops = {signal.SIGTERM, signal.SIGINT}
    signal.pthread_sigmask(signal.SIG_BLOCK, stops)
    signal.sigwait(stops)
    return status


if __name__ == "__main__":
    sys.exit(main())
