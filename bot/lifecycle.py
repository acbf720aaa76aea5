"""The process: opens shared resources, runs every Application's lifecycle, closes in reverse.

`run_polling` serves one Application, and post_init/post_shutdown run only under it, so with
Telegram and Bale in one process the lifecycle is driven here: initialize, start, poll; then
stop polling, stop and shut down in reverse.
"""

from __future__ import annotations

import asyncio
import logging
import signal

from telegram import BotCommand
from telegram.error import InvalidToken, NetworkError, TelegramError

from bot.app import ClubApplication, build_application
from bot.broadcaster import Broadcaster
from bot.club import csv_parts
from bot.club.clock import Clock, system_clock
from bot.club.club import Club
from bot.handlers.errors import Reporter
from bot.i18n import load_texts
from bot.platforms import Platform
from bot.runner import Poller
from bot.sender import Sender
from bot.settings import Settings
from bot.storage.db import Database
from bot.storage.guard import DatabaseGuard
from scheduler import build_scheduler
from scheduler.jobs import JOBS
from scheduler.registry import JobRunner

log = logging.getLogger("bot")


class StartupError(RuntimeError):
    """A messenger could not be reached or refused the token at start."""


class Runtime:
    def __init__(self, settings: Settings, clock: Clock = system_clock) -> None:
        self.settings = settings
        self.tokens = settings.tokens()
        self.db = Database(settings.database_url)
        self.club = Club(self.db, settings, clock)
        self.texts = load_texts(settings.language, settings.timezone, club=settings.club_name)
        # Set up after migrations (the file exists): a database file deleted or replaced while
        # running stops the process before anything more is acknowledged.
        self.guard = DatabaseGuard(settings.database_url)
        self.sender = Sender(self.club)
        self.broadcaster = Broadcaster(self.club, self.texts, self.sender)
        self.reporter = Reporter(settings, self.texts)
        self.apps: dict[Platform, ClubApplication] = {}
        self.stop_event = asyncio.Event()
        self.jobs = JobRunner(self.club, JOBS)
        self.scheduler = build_scheduler(self.club, self.jobs)
        self._tasks: list[asyncio.Task[None]] = []

    async def start(self) -> None:
        for platform, token in self.tokens.items():
            app = build_application(platform, token, self.club, self.texts, self.reporter)
            try:
                await app.initialize()
            except (InvalidToken, NetworkError) as error:
                url = self.settings.api_url(platform)
                reason = str(error).replace(token, "<token>")
                raise StartupError(
                    f"{platform.value}: the Bot API at {url} refused or did not answer: {reason}"
                ) from None
            await app.start()
            self.apps[platform] = app
            self.sender.register(platform, app.bot)
            # Handlers whose work outlives their update (exports) hand it to the sender.
            app.bot_data["sender"] = self.sender
            self.club.usernames[platform] = app.bot.username
            # Token-free: the username, the API base and the database (password hidden).
            log.info(
                "%s: @%s via %s, database %s",
                platform.value,
                app.bot.username,
                self.settings.api_url(platform),
                self.db.describe(),
            )
            await self._set_commands(platform, app)
        # Export files a stopped or killed process of this machine left in the temp folder
        # hold personal data: gone before anything else starts (bot/club/csv_parts.py).
        await asyncio.to_thread(csv_parts.sweep)
        await self.sender.start()
        self.broadcaster.start()
        self.scheduler.start()
        for platform, app in self.apps.items():
            poller = Poller(
                app,
                self.club,
                self.sender,
                platform,
                timeout=self.settings.poll_timeout,
                guard=self.guard,
            )
            self._tasks.append(asyncio.create_task(poller.run(self.stop_event)))

    async def _set_commands(self, platform: Platform, app: ClubApplication) -> None:
        """Best-effort: Bale may not implement setMyCommands."""
        commands = [
            BotCommand(name, self.texts(f"command-{name}")) for name in ("start", "help", "cancel")
        ]
        try:
            await app.bot.set_my_commands(commands)
        except TelegramError as error:
            log.info("%s: commands menu not set (%s); continuing", platform.value, error)

    async def wait(self) -> None:
        """Until stop() or a poller fails; a failing poller stops the whole process."""
        stopper = asyncio.ensure_future(self.stop_event.wait())
        done, _ = await asyncio.wait({stopper, *self._tasks}, return_when=asyncio.FIRST_COMPLETED)
        stopper.cancel()
        for task in done:
            if task is not stopper and task.exception() is not None:
                self.stop_event.set()
                raise task.exception()  # type: ignore[misc]

    def stop(self) -> None:
        self.stop_event.set()

    async def shutdown(self) -> None:
        self.stop_event.set()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        # A running job finishes its batch (APScheduler would cancel it mid-batch).
        await self.jobs.drain()
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        await self.broadcaster.stop()
        # After the pollers: what they handled last is still delivered (or handed back).
        await self.sender.stop()
        for app in reversed(list(self.apps.values())):
            # One messenger failing to stop must not keep the others or the database open.
            for step in (app.stop, app.shutdown):
                try:
                    await step()
                except Exception:
                    log.warning("stopping an application failed", exc_info=True)
        await self.db.dispose()


async def serve(settings: Settings) -> int:
    """`python -m bot run`: until SIGTERM or SIGINT; the process exit status."""
    runtime = Runtime(settings)
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, runtime.stop)
    try:
        await runtime.start()
        await runtime.wait()
    except StartupError as error:
        log.error("%s", error)
        return 1
    finally:
        await runtime.shutdown()
        log.info("stopped")
    return 0
