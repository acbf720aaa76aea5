"""A terminal chat client: a human plays one or more users against bots on the emulator."""

from __future__ import annotations

import asyncio
import re
import sys
from collections.abc import Awaitable
from typing import TextIO

from bot.emulator.driver import BotHandle, Emulator, SimUser
from bot.emulator.models import SentMessage
from bot.emulator.state import ButtonSource

HELP = """\
Type a message and press Enter to send it. Other inputs:
  <number>          press that button (inline buttons first, then the reply keyboard)
  /contact          share your own phone number
  /sticker          send a sticker
  /block /unblock   block or unblock the bot
  /user N           chat as simulated user N (each has its own name and phone)
  /platform NAME    talk to another bot: {platforms}
  //text            send text that starts with '/' verbatim (//help sends /help)
  /help             show this help
  /quit             exit (end of input works too)"""


def normalize_phone(raw: str) -> str | None:
    """Accept 09121234567, 989121234567, +98 912 123 4567 or 00989121234567."""
    digits = re.sub(r"[\s\-().]", "", raw.strip())
    if digits.startswith("+"):
        body = digits[1:]
    elif digits.startswith("00"):
        body = digits[2:]
    elif digits.startswith("0"):
        body = "98" + digits[1:]
    else:
        body = digits
    if not body.isdigit() or not 10 <= len(body) <= 15:
        return None
    return "+" + body


class TerminalSession:
    def __init__(
        self,
        emu: Emulator,
        bots: dict[str, BotHandle],
        stdin: TextIO,
        stdout: TextIO,
        reply_timeout: float,
    ) -> None:
        if not bots:
            raise ValueError("run_terminal needs at least one bot")
        self.emu = emu
        self.bots = bots
        self.stdin = stdin
        self.stdout = stdout
        self.reply_timeout = reply_timeout
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
        line = await asyncio.get_running_loop().run_in_executor(None, self.stdin.readline)
        return None if line == "" else line.rstrip("\r\n")

    @property
    def user(self) -> SimUser:
        key = (self.platform, self.user_n)
        if key not in self._users:
            bot = self.bots[self.platform]
            user_id = self.emu.state.default_user_id(bot.state, self.user_n)
            self._users[key] = self.emu.user(bot, user_id, first_name=f"User {self.user_n}")
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
        if msg.kind == "photo":
            body = f"[photo: {len(msg.photo or b'')} bytes]"
        elif msg.kind == "document":
            body = f"[document {msg.filename or 'unnamed'}: {len(msg.document or b'')} bytes]"
        else:
            body = msg.text or ""
        if msg.kind != "text" and msg.caption:
            body += "\n" + msg.caption
        lines = body.splitlines() or [""]
        self.write(f"{who}{mark}> {lines[0]}")
        for line in lines[1:]:
            self.write(" " * (len(who) + len(mark)) + "  " + line)

    def show_buttons(self) -> None:
        self.number_buttons()
        inline = [lbl for lbl, source in self._numbered if source == "inline"]
        reply = [lbl for lbl, source in self._numbered if source == "keyboard"]
        if inline:
            self.write("  buttons: " + "  ".join(f"[{i}] {lbl}" for i, lbl in enumerate(inline, 1)))
        if reply:
            contact = {b.get("text") for b in self._contact_buttons()}
            self.write(
                "  keyboard: "
                + "  ".join(
                    f"[{i}] {lbl}" + (" (shares your phone)" if lbl in contact else "")
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
        raw = await self.read_line(f"Phone number for User {self.user_n} (e.g. 09121234567): ")
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
        if line.startswith("//"):
            await self.wait(user.send(line[1:], wait=False))
        elif line.strip().isdigit():
            await self.press(int(line.strip()))
        elif command == "/quit":
            return False
        elif command == "/help":
            self.write(HELP.format(platforms=", ".join(self.bots)))
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
        self.banner()
        while True:
            self.flush_replies()
            line = await self.read_line(f"{self.user.chat.user.first_name}> ")
            if line is None or not await self.act(line):
                break
        self.write("Bye.")


async def run_terminal(
    emu: Emulator,
    bots: dict[str, BotHandle],
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    *,
    reply_timeout: float = 15.0,
) -> None:
    """Chat with ``bots`` (keyed by the name used with /platform) until /quit or EOF."""
    session = TerminalSession(emu, bots, stdin or sys.stdin, stdout or sys.stdout, reply_timeout)
    await session.run()
