"""/export and the admin menu's «export» button: CSV files of the club's data for the team.

Buttons: `exp:<kind>` (members, ledger, purchases, surveys). Every press asks the matrix
(Action.EXPORT) before anything else; forged data gets the stale-button hint.

An export is read-only and may take a minute on a million members, so it is not written inside
the update (the poller waits for a batch's updates, and the files would ride in the update's
outbox rows as base64). The press starts it beside the update through the sender
(`Sender.prepare`), in the sender's own context: it says "preparing", writes the files to a
temp folder in batches, asks the matrix again (a role taken away while the files were written
gets no files) and records the audit row (who, what, how many rows) in its own transaction,
then hands the files to the sender as file messages sent from memory, streamed from disk; the
sender removes each file once done with it and tells the job how it went, so a part the
messenger did not take is named in the chat (and in the audit, `export_not_sent`). One export
at a time per chat, from the press until its last file is sent or given up.
"""

from __future__ import annotations

import asyncio
import logging
import shutil
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, filters

from bot import keyboards
from bot.club import audit, csv_parts, exports
from bot.club.permissions import Action, acting_role, allows
from bot.context import ClubContext
from bot.handlers.authority import require
from bot.outgoing import document_file, text_message
from bot.storage import outbox

if TYPE_CHECKING:
    from bot.club.club import Club
    from bot.i18n import Texts
    from bot.sender import Sender
    from bot.storage.outbox import Message

log = logging.getLogger(__name__)
RUNNING = "exports_running"  # bot_data: the chats with an export being written


def handlers() -> list[BaseHandler[Any, Any, Any]]:
    return [
        CommandHandler("export", command, filters=filters.ChatType.PRIVATE),
        CallbackQueryHandler(on_button, pattern=r"^exp:"),
    ]


def _menu(texts: Texts) -> tuple[str, InlineKeyboardMarkup]:
    rows = [((texts(f"button-exports-{kind}"), f"exp:{kind}"),) for kind in exports.KINDS]
    return texts("exports-menu"), keyboards.inline(*rows)


async def command(update: Update, context: ClubContext) -> None:
    """/export: the four exports as buttons."""
    if await require(context, Action.EXPORT):
        await open_from_admin(context)


async def open_from_admin(context: ClubContext) -> None:
    text, markup = _menu(context.texts)
    context.reply(text, markup=markup)


async def on_button(update: Update, context: ClubContext) -> None:
    """A press on one export: asked again, then the export starts beside the update."""
    query = update.callback_query
    assert query is not None and query.data is not None
    if not await require(context, Action.EXPORT, query):
        return
    texts = context.texts
    kind = query.data.removeprefix("exp:")
    if kind not in exports.KINDS:
        context.answer(query, texts("hint-stale-button"))
        return
    chat = (context.platform.value, context.user_id)
    running: set[tuple[str, int]] = context.bot_data.setdefault(RUNNING, set())
    if chat in running:
        context.answer(query, texts("exports-busy"))
        return
    context.answer(query)
    running.add(chat)
    sender: Sender = context.bot_data["sender"]
    job = _Job(context.club, texts, sender, chat, context.actor)
    sender.prepare(job.run(kind, running))


class _Job:
    """One export, from "preparing" to the files in the chat (or a word on those that failed)."""

    def __init__(
        self,
        club: Club,
        texts: Texts,
        sender: Sender,
        chat: tuple[str, int],
        actor: str,
    ) -> None:
        self.club, self.texts, self.sender = club, texts, sender
        self.chat, self.actor = chat, actor

    def _say(self, messages: list[Message]) -> None:
        for message in messages:
            message.platform, message.chat_id = self.chat
        self.sender.submit(messages)

    async def run(self, kind: str, running: set[tuple[str, int]]) -> None:
        """The chat stays busy until its last file is sent or given up."""
        try:
            await self._run(kind)
        finally:
            running.discard(self.chat)

    async def _run(self, kind: str) -> None:
        texts, club = self.texts, self.club
        what = texts(f"button-exports-{kind}")
        self._say([text_message(texts("exports-preparing", what=what))])
        try:
            await asyncio.to_thread(csv_parts.sweep)
            done = await exports.export(
                club.db,
                kind,
                texts=texts,
                timezone=club.settings.timezone,
                part_mb=club.settings.export_part_mb,
                today=club.today(),
            )
        except Exception:
            log.exception("export %s failed", kind)
            self._say([text_message(texts("exports-failed"))])
            return
        # The folder is this job's until its files are handed to the sender.
        try:
            allowed = await self._audit(kind, done)
        except BaseException as error:
            shutil.rmtree(done.folder, ignore_errors=True)
            if not isinstance(error, Exception):
                raise  # stopping
            log.exception("export %s failed", kind)
            self._say([text_message(texts("exports-failed"))])
            return
        if not allowed:
            shutil.rmtree(done.folder, ignore_errors=True)
            self._say([text_message(texts("exports-revoked", what=what))])
            return
        loop = asyncio.get_running_loop()
        outcomes = [loop.create_future() for _ in done.files]
        self._say(self._files(done, what, outcomes))
        statuses: list[str] = [await outcome for outcome in outcomes]
        failed = [number for number, status in enumerate(statuses, 1) if status != outbox.SENT]
        if failed:
            await self._not_sent(kind, what, failed, len(statuses))

    async def _audit(self, kind: str, done: exports.Export) -> bool:
        """Asks the matrix again now that the files are written (a role taken away meanwhile
        takes the files with it), and writes the audit row of what was decided."""
        club = self.club
        roles = await club.team.roles_of(self.actor)
        allowed = allows(roles, Action.EXPORT)
        role = acting_role(roles, Action.EXPORT)
        async with club.db.write() as conn:
            await audit.record(
                conn,
                actor=self.actor,
                role=role.value if role else None,
                action="export" if allowed else "export_refused",
                target=kind,
                details={"rows": done.rows, "files": len(done.files), "zipped": done.zipped},
                at=club.now(),
            )
        return allowed

    async def _not_sent(self, kind: str, what: str, failed: list[int], count: int) -> None:
        """The parts the messenger did not take: said in the chat, kept in the audit."""
        texts = self.texts
        if len(failed) == count:
            self._say([text_message(texts("exports-not-sent", what=what))])
        else:
            self._say(
                [
                    text_message(texts("exports-part-not-sent", what=what, part=n, parts=count))
                    for n in failed
                ]
            )
        try:
            async with self.club.db.write() as conn:
                await audit.record(
                    conn,
                    actor=self.actor,
                    role=None,
                    action="export_not_sent",
                    target=kind,
                    details={"parts": failed, "files": count},
                    at=self.club.now(),
                )
        except Exception:
            log.warning("could not audit an export's unsent files", exc_info=True)

    def _files(
        self, done: exports.Export, what: str, outcomes: list[asyncio.Future[str]]
    ) -> list[Message]:
        texts, count = self.texts, len(done.files)

        def settle(outcome: asyncio.Future[str]) -> Callable[[str], None]:
            def then(status: str) -> None:
                if not outcome.done():  # cancelled when the job was stopped
                    outcome.set_result(status)

            return then

        if count == 1 and not done.zipped:
            caption = texts("exports-caption", what=what, rows=done.rows)
            return [document_file(done.files[0], done.files[0].name, caption, settle(outcomes[0]))]
        return [
            document_file(
                path,
                path.name,
                texts("exports-caption-part", what=what, part=number, parts=count, rows=done.rows),
                settle(outcome),
            )
            for number, (path, outcome) in enumerate(zip(done.files, outcomes, strict=True), 1)
        ]
