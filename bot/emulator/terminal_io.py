"""What the terminal client reads and shows: input lines, invite links, attachments, bidi text.

Reading never leaves a thread blocked on stdin: such a thread keeps `asyncio.run` from
returning after Ctrl-C (it waits for the default executor), so a real file descriptor is
watched by the event loop instead, and only other streams fall back to a worker thread.
"""

from __future__ import annotations

import asyncio
import codecs
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO
from urllib.parse import parse_qs

from bot.emulator.models import SentMessage


class LineReader:
    """Lines from a stream; None at end of input (and ever after)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self._queue: asyncio.Queue[str | None] = asyncio.Queue()
        self._fd: int | None = None
        self._attached = False
        self._watching = False
        self._eof = False
        self._partial = ""
        encoding = getattr(stream, "encoding", None) or "utf-8"
        self._decoder = codecs.getincrementaldecoder(encoding)(errors="replace")

    async def readline(self) -> str | None:
        if self._eof:
            return None
        if not self._attached:
            self._attach()
        if self._fd is None:
            raw = await asyncio.get_running_loop().run_in_executor(None, self.stream.readline)
            line = None if raw == "" else raw.rstrip("\r\n")
        else:
            line = await self._queue.get()
        self._eof = line is None
        return line

    def _attach(self) -> None:
        self._attached = True
        try:
            fd = self.stream.fileno()
            asyncio.get_running_loop().add_reader(fd, self._on_readable)
        except (OSError, ValueError, NotImplementedError):
            # StringIO, regular files under epoll, Windows' proactor loop: read in a thread.
            return
        self._fd, self._watching = fd, True

    def _on_readable(self) -> None:
        assert self._fd is not None
        try:
            data = os.read(self._fd, 65536)
        except BlockingIOError:
            return
        except OSError:
            data = b""
        if data:
            self._partial += self._decoder.decode(data)
            *lines, self._partial = self._partial.split("\n")
            for line in lines:
                self._queue.put_nowait(line.rstrip("\r"))
            return
        self._partial += self._decoder.decode(b"", final=True)
        if self._partial:
            self._queue.put_nowait(self._partial.rstrip("\r"))
            self._partial = ""
        self._queue.put_nowait(None)
        self.close()

    def close(self) -> None:
        """Stops watching the descriptor (the stream itself stays open)."""
        if self._fd is not None and self._watching:
            asyncio.get_running_loop().remove_reader(self._fd)
            self._watching = False


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


@dataclass(frozen=True)
class DeepLink:
    platform: str
    username: str
    payload: str | None


DEEP_LINK = re.compile(
    r"(?:https?://)?(?:www\.)?(?P<host>t\.me|telegram\.me|ble\.ir)/(?P<user>[A-Za-z0-9_]+)/?"
    r"(?:\?(?P<query>\S*))?",
    re.IGNORECASE,
)
LINK_HOSTS = {"t.me": "telegram", "telegram.me": "telegram", "ble.ir": "bale"}


def parse_deep_link(line: str) -> DeepLink | None:
    """`https://t.me/<bot>?start=<payload>` (or ble.ir, with or without the scheme)."""
    match = DEEP_LINK.fullmatch(line.strip())
    if match is None:
        return None
    start = parse_qs(match["query"] or "", keep_blank_values=True).get("start", [""])[0]
    platform = LINK_HOSTS[match["host"].lower()]
    return DeepLink(platform, match["user"], start or None)


IMAGE_SUFFIXES = {b"\x89PNG": ".png", b"\xff\xd8\xff": ".jpg", b"GIF8": ".gif"}


def save_attachment(folder: Path, stem: str, msg: SentMessage) -> Path | None:
    """Writes a photo or document the bot sent; the path, or None if there is nothing."""
    data = msg.photo if msg.kind == "photo" else msg.document
    if data is None:
        return None
    if msg.kind == "photo":
        magic = next((m for m in IMAGE_SUFFIXES if data.startswith(m)), None)
        name = stem + (IMAGE_SUFFIXES[magic] if magic else ".jpg")
    else:
        # The bot chooses the name; keep only its last part, so it cannot leave the folder.
        safe = re.sub(r"[^\w.\-]", "_", Path(msg.filename or "file").name).lstrip(".")
        name = f"{stem}-{safe or 'file'}"
    folder.mkdir(parents=True, exist_ok=True)
    # Message ids start again with every emulator: never overwrite an earlier run's file.
    path, n = folder / name, 1
    while path.exists() and path.read_bytes() != data:
        n += 1
        path = folder / f"{Path(name).stem}-{n}{Path(name).suffix}"
    path.write_bytes(data)
    return path


def has_rtl(text: str) -> bool:
    return any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text)


def visual(text: str) -> str:
    """One line in display order, for terminals that print characters left to right."""
    if not has_rtl(text):
        return text
    # python-bidi's pure-Python algorithm: unlike its Rust `bidi.get_display` (0.6), it also
    # mirrors brackets, so a parenthesis inside Persian text still opens the right way.
    from bidi.algorithm import get_display

    return str(get_display(text))


def bidi_wanted(setting: str | None, stream: TextIO) -> bool:
    """VAFA_SANDBOX_BIDI: 1 forces reordering, 0 turns it off; unset, only on a terminal.

    Piped output stays in logical order so scripts and tests can search it.
    """
    if setting is not None and setting.strip():
        return setting.strip().lower() not in ("0", "false", "no", "off")
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())
