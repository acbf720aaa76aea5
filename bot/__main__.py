"""`python -m bot [run|sandbox|migrate]`.

With no subcommand: `run` when a token is set, else the sandbox (and how to set a token).
`run` without a token fails loudly, so a misconfigured deployment never runs silently.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys

from bot.settings import Settings
from bot.storage.db import Database
from bot.storage.migrate import upgrade

NO_TOKEN = (
    "No bot token is set. Put TELEGRAM_TOKEN and/or BALE_TOKEN in the environment or in .env "
    "(see .env.example and the README), or try the club locally with `python -m bot sandbox`."
)


def configure_logging() -> None:
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    # httpx logs every request URL at INFO, and Bot API URLs contain the token.
    for noisy in ("httpx", "httpcore", "apscheduler", "aiohttp.access"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


async def migrate(settings: Settings) -> None:
    db = Database(settings.database_url)
    try:
        await upgrade(db)
    finally:
        await db.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Vafa loyalty club")
    parser.add_argument("command", nargs="?", choices=["run", "sandbox", "migrate"])
    args = parser.parse_args(argv)
    configure_logging()
    settings = Settings()
    command = args.command or ("run" if settings.tokens() else "sandbox")
    if command == "migrate":
        asyncio.run(migrate(settings))
        logging.getLogger("bot").info("database is up to date")
        return 0
    if command == "sandbox":
        from bot.sandbox import run_sandbox

        if args.command is None:
            print(NO_TOKEN, file=sys.stderr)
        return asyncio.run(run_sandbox(settings))
    if not settings.tokens():
        print(NO_TOKEN, file=sys.stderr)
        return 2
    from bot.lifecycle import serve

    # Migrations first, in their own loop, before the bots start.
    asyncio.run(migrate(settings))
    return asyncio.run(serve(settings))


if __name__ == "__main__":
    sys.exit(main())
