"""A terminal chat client: a human plays one or more users against bots on the emulator."""

from __future__ import annotations

import asyncio
import shutil
import sys
import textwrap
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TextIO

from bot.emulator.driver import BotHandle, Emulator, SimUser
from bot.emulator.models import SentMessage
from bot.emulator.state import ButtonSource
from bot.emulator.terminal_io import (
    DeepLink,
    LineReader,
    normalize_phone,
    parse_deep_link,
    save_attachment,
    visual,
)

HELP = """\
Type a message and press Enter to send it. Other inputs:
  <number>          press that button (inline buttons first, then the reply keyboard)
  '<text>           send the rest as a message: '123 sends 123 (Persian digits are always text)
  <invite link>     open a t.me or ble.ir link: sends /start <payload> to that bot
  /contact          share your own phone number
  /sticker          send a sticker
  /block /unblock   block or unblock the bot
  /user N           chat as simulated user N (each has its own name and phone)
  /platform NAME    talk to another bot: {platforms}
  //text            send text that starts with '/' verbatim (//help sends /help)
  text\\             end a line with a backslash to go on: one message of several lines
{reset}  /help             show this help
  /quit             exit (Ctrl-C and end of input work too)"""
RESET_HELP = "  /reset            delete the sandbox database and start the bot afresh\n"

SIMULATED_NAMES = ("Sara", "Reza", "Maryam", "Ali", "Neda", "Omid", "Leila", "Kaveh")


class TerminalSession:
    def __init__(
        self,
        emu: Emulator,
        bots: dict[str, BotHandle],
        stdin: TextIO,
        stdout: TextIO,
        reply_timeout: float,
        *,
        on_reset: Callable[[], Awaitable[str]] | None = None,
        files_dir: Path | None = None,
        bidi: bool = False,
    ) -> None:
        if not bots:
            raise ValueError("run_terminal needs at least one bot")
        self.emu = emu
        self.bots = bots
        self.reader = LineReader(stdin)
        self.stdout = stdout
        self.reply_timeout = reply_timeout
        self.on_reset = on_reset
        self.files_dir = files_dir
        self.bidi = bidi
        self.platform = next(iter(bots))
        self.user_n = 1
        self.phones: dict[int, str] = {}
        self._users: dict[tuple[str, int], SimUser] = {}
        self._numbered: list[tuple[str, ButtonSource]] = []

    def write(self, text: str = "") -> None:
        self.stdout.write(text + "\n")
        self.stdout.flush()

    async def read_line(self, prompt: str) -> str | None:
        self.stdout.write(prompt)
        self.stdout.flush()
        return await self.reader.readline()

    def show(self, text: str) -> str:
        return visual(text) if self.bidi else text

    @property
    def user(self) -> SimUser:
        key = (self.platform, self.user_n)
        if key not in self._users:
            bot = self.bots[self.platform]
            user_id = self.emu.state.default_user_id(bot.state, self.user_n)
            # A name the bot's signup accepts as is (letters only), so its one-tap offer shows.
            name = SIMULATED_NAMES[(self.user_n - 1) % len(SIMULATED_NAMES)]
            self._users[key] = self.emu.user(bot, user_id, first_name=name)
        user = self._users[key]
        user.phone = self.phones.get(self.user_n, user.phone)
        return user

    def banner(self) -> None:
        bot = self.bots[self.platform]
        user = self.user
        self.write(
            f"Chatting with @{bot.username} ({bot.platform}) as {user.chat.user.first_name} "
            f"(id {user.id}). /help lists commands."
        )

    def render(self, msg: SentMessage) -> None:
        who = f"@{self.bots[self.platform].username}"
        mark = " (edited)" if msg.edited else ""
        if msg.kind in ("photo", "document"):
            body = self.attachment(msg)
        else:
            body = msg.text or ""
        if msg.kind != "text" and msg.caption:
            body += "\n" + msg.caption
        indent = len(who) + len(mark) + 2
        lines = body.splitlines() or [""]
        if self.bidi:
            # Reordered lines must be wrapped first: a terminal wrapping a reordered line
            # would show its second half above its first.
            width = max(20, shutil.get_terminal_size().columns - indent - 1)
            lines = [part for line in lines for part in textwrap.wrap(line, width) or [""]]
        self.write(f"{who}{mark}> {self.show(lines[0])}")
        for line in lines[1:]:
            self.write(" " * indent + self.show(line))

    def attachment(self, msg: SentMessage) -> str:
        """A photo or document as one line; saved to files_dir when there is one."""
        size = len((msg.photo if msg.kind == "photo" else msg.document) or b"")
        label = "photo" if msg.kind == "photo" else f"document {msg.filename or 'unnamed'}"
        if self.files_dir is not None:
            stem = f"{self.platform}-user{self.user_n}-{msg.message_id}"
            path = save_attachment(self.files_dir, stem, msg)
            if path is not None:
                return f"[{label}: {size} bytes, saved to {path}]"
        return f"[{label}: {size} bytes]"

    def show_buttons(self) -> None:
        self.number_buttons()
        inline = [lbl for lbl, source in self._numbered if source == "inline"]
        reply = [lbl for lbl, source in self._numbered if source == "keyboard"]
        if inline:
            self.write(
                "  buttons: "
                + "  ".join(f"[{i}] {self.show(lbl)}" for i, lbl in enumerate(inline, 1))
            )
        if reply:
            contact = {b.get("text") for b in self._contact_buttons()}
            self.write(
                "  keyboard: "
                + "  ".join(
                    f"[{i}] {self.show(lbl)}" + (" (shares your phone)" if lbl in contact else "")
                    for i, lbl in enumerate(reply, len(inline) + 1)
                )
            )

    def _contact_buttons(self) -> list[dict[str, object]]:
        markup = self.user.chat.reply_keyboard or {}
        return [b for row in markup.get("keyboard", []) for b in row if b.get("request_contact")]

    def flush_replies(self) -> None:
        entries = self.user.replies()
        for msg in entries:
            self.render(msg)
        if entries:
            self.show_buttons()

    async def ensure_phone(self) -> bool:
        if self.user.phone:
            return True
        raw = await self.read_line(
            f"Phone number for {self.user.chat.user.first_name} (e.g. 09121234567): "
        )
        phone = normalize_phone(raw or "")
        if phone is None:
            self.write("That does not look like a phone number; contact not shared.")
            return False
        self.phones[self.user_n] = phone
        self.user.phone = phone
        return True

    async def act(self, line: str) -> bool:
        """Handle one input line; False means quit."""
        command, _, arg = line.strip().partition(" ")
        user = self.user
        link = parse_deep_link(line)
        if line.startswith("'"):
            if line[1:]:
                await self.wait(user.send(line[1:], wait=False))
        elif line.startswith("//"):
            await self.wait(user.send(line[1:], wait=False))
        elif line.strip().isascii() and line.strip().isdigit():
            # ASCII digits only: Persian and Arabic-Indic digits are what a member types.
            await self.press(int(line.strip()))
        elif link is not None:
            await self.open_link(link)
        elif command == "/quit":
            return False
        elif command == "/help":
            reset = RESET_HELP if self.on_reset is not None else ""
            self.write(HELP.format(platforms=", ".join(self.bots), reset=reset))
        elif command == "/reset" and self.on_reset is not None:
            await self.reset(self.on_reset)
        elif command == "/contact":
            if await self.ensure_phone():
                await self.wait(user.share_contact(wait=False))
        elif command == "/sticker":
            await self.wait(user.send_sticker(wait=False))
        elif command in ("/block", "/unblock"):
            await self.wait(
                user.block(wait=False) if command == "/block" else user.unblock(wait=False)
            )
        elif command == "/user":
            if not arg.strip().isdigit() or int(arg) < 1:
                self.write("Usage: /user N   (N = 1, 2, 3, ...)")
            else:
                self.user_n = int(arg)
                self.banner()
                self.flush_replies()
        elif command == "/platform":
            if arg.strip() not in self.bots:
                self.write(f"Usage: /platform NAME   (one of: {', '.join(self.bots)})")
            else:
                self.platform = arg.strip()
                self.banner()
                self.flush_replies()
        elif line.strip():
            await self.wait(user.send(line, wait=False))
        return True

    async def open_link(self, link: DeepLink) -> None:
        """Like tapping an invite link: /start with its payload, to the bot it names."""
        names = [n for n, bot in self.bots.items() if bot.platform == link.platform]
        exact = [n for n in names if self.bots[n].username.lower() == link.username.lower()]
        if not names:
            self.write(f"No {link.platform} bot in this session; link not opened.")
            return
        name = (exact or names)[0]
        if not exact:
            self.write(f"(no @{link.username} here; opening it with @{self.bots[name].username})")
        if name != self.platform:
            self.platform = name
            self.banner()
            self.flush_replies()
        text = "/start" + (f" {link.payload}" if link.payload else "")
        self.write(f"(link opened: sending {text})")
        await self.wait(self.user.send(text, wait=False))

    async def reset(self, on_reset: Callable[[], Awaitable[str]]) -> None:
        self.write("Resetting the sandbox...")
        said = await on_reset()
        # The emulator's chats were replaced; the next lookup registers each user afresh.
        self._users.clear()
        self._numbered = []
        self.write(said)
        self.banner()

    async def press(self, number: int) -> None:
        self.number_buttons()
        if not 1 <= number <= len(self._numbered):
            self.write(f"No button {number}; there are {len(self._numbered)}.")
            return
        label, source = self._numbered[number - 1]
        needs_phone = source == "keyboard" and label in {
            b.get("text") for b in self._contact_buttons()
        }
        if needs_phone and not await self.ensure_phone():
            return
        await self.wait(self.user.press(label, source=source, wait=False))

    def number_buttons(self) -> None:
        user = self.user
        inline: list[tuple[str, ButtonSource]] = [(label, "inline") for label in user.buttons()]
        reply: list[tuple[str, ButtonSource]] = [(label, "keyboard") for label in user.keyboard()]
        self._numbered = inline + reply

    async def wait(self, pending: Awaitable[int]) -> None:
        update_id = await pending
        try:
            await self.emu.wait_handled(self.bots[self.platform], update_id, self.reply_timeout)
        except TimeoutError:
            self.write(
                f"(the bot did not handle update {update_id} within "
                f"{self.reply_timeout:g}s; is it running?)"
            )
        self.flush_replies()

    async def run(self) -> None:
        """Until /quit or end of input; cancelling it (Ctrl-C) also says goodbye."""
        self.banner()
        try:
            while True:
                self.flush_replies()
                line = await self.read_line(f"{self.user.chat.user.first_name}> ")
                # A line ending in a backslash goes on: one message of several lines (a
                # quiz's choices, a lottery's prizes are typed one a line).
                while line is not None and line.endswith("\\"):
                    more = await self.read_line("... ")
                    line = line[:-1] + "\n" + (more or "")
                if line is None or not await self.act(line):
                    break
        except asyncio.CancelledError:
            self.write()  # the terminal echoed ^C without a newline
            raise
        finally:
            self.reader.close()
            self.write("Bye.")


async def run_terminal(
    emu: Emulator,
    bots: dict[str, BotHandle],
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    *,
    reply_timeout: float = 15.0,
    on_reset: Callable[[], Awaitable[str]] | None = None,
    files_dir: Path | None = None,
    bidi: bool = False,
) -> None:
    """Chat with ``bots`` (keyed by the name used with /platform) until /quit or EOF.

    ``on_reset`` enables /reset and returns the line to show; photos and documents the bots
    send are saved under ``files_dir``; ``bidi`` shows right-to-left text in display order.
    """
    session = TerminalSession(
        emu,
        bots,
        stdin or sys.stdin,
        stdout or sys.stdout,
        reply_timeout,
        on_reset=on_reset,
        files_dir=files_dir,
        bidi=bidi,
    )
    await session.run()
