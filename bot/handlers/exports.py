"""/export and the admin menu's «export» button: CSV files of the club's data for the team.

Buttons: `exp:<kind>` (members, ledger, purchases, surveys). Every press asks the matrix
(Action.EXPORT) before anything else; forged data gets the stale-button hint.

An export is read-only and may take a minute on a million members, so it is not written inside
the update (the poller waits for a batch's updates, and the files would ride in the update's
outbox rows as base64). The press starts it beside the update through the sender
(`Sender.prepare`), in the sender's own context: it says "preparing", writes the files to a
temp folder in batches, records the audit row (who, what, how many rows) in its own
transaction, then hands the files to the sender as file messages sent from memory, streamed
from disk; the sender removes each file once done with it. One export at a time per chat.
"""

from __future__ import annotations

import logging
import shutil
from typing import TYPE_CHECKING, Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, filters

from bot import keyboards
from bot.club import audit, csv_parts, exports
from bot.club.permissions import Action
from bot.context import ClubContext
from bot.handlers.authority import require, role_for
from bot.outgoing import document_file, text_message

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
    role = await role_for(context, Action.EXPORT)
    context.answer(query)
    running.add(chat)
    sender: Sender = context.bot_data["sender"]
    job = _Job(context.club, texts, sender, chat, context.actor, role.value if role else None)
    sender.prepare(job.run(kind, running))


class _Job:
    """One export, from "preparing" to the files in the chat."""

    def __init__(
        self,
        club: Club,
        texts: Texts,
        sender: Sender,
        chat: tuple[str, int],
        actor: str,
        role: str | None,
    ) -> None:
        self.club, self.texts, self.sender = club, texts, sender
        self.chat, self.actor, self.role = chat, actor, role

    def _say(self, messages: list[Message]) -> None:
        for message in messages:
            message.platform, message.chat_id = self.chat
        self.sender.submit(messages)

    async def run(self, kind: str, running: set[tuple[str, int]]) -> None:
        texts, club = self.texts, self.club
        what = texts(f"button-exports-{kind}")
        self._say([text_message(texts("exports-preparing", what=what))])
        done: exports.Export | None = None
        try:
            csv_parts.sweep()
            done = await exports.export(
                club.db,
                kind,
                texts=texts,
                timezone=club.settings.timezone,
                part_mb=club.settings.export_part_mb,
                today=club.today(),
            )
            async with club.db.write() as conn:
                await audit.record(
                    conn,
                    actor=self.actor,
                    role=self.role,
                    action="export",
                    target=kind,
                    details={"rows": done.rows, "files": len(done.files), "zipped": done.zipped},
                    at=club.now(),
                )
        except Exception:
            log.exception("export %s failed", kind)
            if done is not None:
                shutil.rmtree(done.folder, ignore_errors=True)
            self._say([text_message(texts("exports-failed"))])
            return
        finally:
            running.discard(self.chat)
        self._say(self._files(done, what))

    def _files(self, done: exports.Export, what: str) -> list[Message]:
        texts, count = self.texts, len(done.files)
        if count == 1 and not done.zipped:
            caption = texts("exports-caption", what=what, rows=done.rows)
            return [document_file(done.files[0], done.files[0].name, caption)]
        return [
            document_file(
                path,
                path.name,
                texts("exports-caption-part", what=what, part=number, parts=count, rows=done.rows),
            )
            for number, path in enumerate(done.files, start=1)
        ]
