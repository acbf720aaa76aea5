"""A CSV written row by row to disk: one file while it is small, else zip parts.

Invariant: every row lands in exactly one part, parts are in row order, and each part is a
whole CSV (BOM and header first) of at most `limit` bytes zipped and at most PART_ROWS rows,
so each opens by itself in Excel. A CSV of at most `limit` bytes is kept as it is instead.
Nothing is held in memory beyond the row being written.
"""

from __future__ import annotations

import csv
import os
import shutil
import tempfile
import time
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import IO

from bot import processes

MB = 1024 * 1024
# Excel shows at most 1,048,576 rows a sheet: a part never has more than this many.
PART_ROWS = 1_000_000
# Room kept in each zip part for what deflate still holds (measured under 20 KB) and the
# zip's own headers, so a part closed just under its limit stays under it once closed.
ZIP_MARGIN = 64 * 1024
# Rows are handed to deflate in chunks of about this size (one call per row costs more than
# the compression); a chunk counts at its full size until written, so it never overfills.
CHUNK = 64 * 1024
# A folder is named `vafa-export-<pid>-<start>-<random>`: the process that writes and sends
# it (its id and start time: a container's restarted process may get the same id again).
FOLDER_PREFIX = "vafa-export-"
# A folder whose process is gone is removed once this old (a process of this machine that is
# still running may be uploading it: its own folders are never swept this early).
LEFT_SECONDS = 3600
# Any folder is removed after this long, whoever wrote it (a pid taken by another process).
STALE_SECONDS = 24 * 3600


class _Line:
    """Catches the csv writer's output (it writes each row with one call)."""

    def __init__(self) -> None:
        self.text = ""

    def write(self, text: str) -> int:
        self.text = text
        return len(text)


class CsvParts:
    """Rows go to one plain CSV while it is within the limit. The row that takes it past
    the limit turns it into zip parts: the CSV written so far is read back once, row by row,
    into the first part, and every later row goes straight to the parts. A small export so
    costs no deflate, a big one a single re-read of its first `limit` bytes."""

    def __init__(self, folder: Path, stem: str, header: Iterable[object], limit: int) -> None:
        self.folder, self.stem, self.limit = folder, stem, limit
        self._line = _Line()
        self._csv = csv.writer(self._line)
        self._csv.writerow(header)
        self.head = ("\ufeff" + self._line.text).encode()
        self.rows = 0
        self.plain_path = folder / f"{stem}.csv"
        self.plain: IO[bytes] | None = open(self.plain_path, "wb")
        self.plain.write(self.head)
        self.plain_size = len(self.head)
        self.parts: list[Path] = []
        self._raw: IO[bytes] | None = None
        self._zip: zipfile.ZipFile | None = None
        self._entry: IO[bytes] | None = None
        self._part_rows = 0
        self._pending = bytearray()

    def write_rows(self, rows: Iterable[Iterable[object]]) -> None:
        """A batch of rows (exports run this in a worker thread, off the event loop)."""
        for row in rows:
            self.write(row)

    def write(self, row: Iterable[object]) -> None:
        self._csv.writerow(row)
        line = self._line.text.encode()
        self.rows += 1
        if self.plain is None:
            self._to_part(line)
            return
        self.plain.write(line)
        self.plain_size += len(line)
        if self.plain_size > self.limit:
            self._spill()

    def _spill(self) -> None:
        """The plain CSV, grown past the limit, becomes the beginning of the zip parts."""
        assert self.plain is not None
        self.plain.close()
        self.plain = None
        self._open_part()
        with open(self.plain_path, encoding="utf-8-sig", newline="") as written:
            rows = csv.reader(written)
            next(rows)  # the header: each part writes its own
            for row in rows:
                self._csv.writerow(row)
                self._to_part(self._line.text.encode())
        self.plain_path.unlink()

    def _to_part(self, line: bytes) -> None:
        assert self._raw is not None
        written = self._raw.tell() + len(self._pending)
        full = written + len(line) + ZIP_MARGIN > self.limit
        if self._part_rows and (full or self._part_rows >= PART_ROWS):
            self._close_part()
            self._open_part()
        self._pending += line
        self._part_rows += 1
        if len(self._pending) >= CHUNK:
            self._flush()

    def _open_part(self) -> None:
        number = len(self.parts) + 1
        path = self.folder / f"{self.stem}-part{number}.zip"
        self.parts.append(path)
        self._raw = open(path, "wb")
        self._zip = zipfile.ZipFile(self._raw, "w", compression=zipfile.ZIP_DEFLATED)
        self._entry = self._zip.open(f"{self.stem}-part{number}.csv", "w", force_zip64=True)
        self._entry.write(self.head)
        self._part_rows = 0

    def _flush(self) -> None:
        if self._pending:
            assert self._entry is not None
            self._entry.write(self._pending)
            self._pending.clear()

    def _close_part(self) -> None:
        if self._entry is not None:
            self._flush()
        for handle in (self._entry, self._zip, self._raw):
            if handle is not None:
                handle.close()
        self._entry = self._zip = self._raw = None

    def finish(self) -> list[Path]:
        """The files to send, in order: the CSV, or the zip parts named `-partN-of-M`."""
        if self.plain is not None:
            self.plain.close()
            return [self.plain_path]
        self._close_part()
        count, named = len(self.parts), []
        for number, part in enumerate(self.parts, start=1):
            final = part.with_name(f"{self.stem}-part{number}-of-{count}.zip")
            part.rename(final)
            named.append(final)
        return named

    def abandon(self) -> None:
        self._close_part()
        if self.plain is not None:
            self.plain.close()


def new_folder(root: Path | None = None) -> Path:
    pid = os.getpid()
    prefix = f"{FOLDER_PREFIX}{pid}-{processes.started(pid) or 0}-"
    return Path(tempfile.mkdtemp(prefix=prefix, dir=root))


def _owner_alive(folder: Path) -> bool:
    """Whether the process that made the folder still runs (an older name without one: no)."""
    pid, start, *_ = [*folder.name.removeprefix(FOLDER_PREFIX).split("-", 2), "", ""]
    if not pid.isdigit() or not start.isdigit():
        return False
    if os.path.exists("/proc/self/stat"):
        return processes.started(int(pid)) == start
    try:  # no /proc: whether some process has that id
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except OSError:  # PermissionError: someone else's process, alive
        return True
    return True


def sweep(
    root: Path | None = None,
    *,
    older_than: float = LEFT_SECONDS,
    stale: float = STALE_SECONDS,
) -> None:
    """Removes export folders a stopped process left behind (personal data on disk): those
    `older_than` seconds old whose process is gone, and any `stale` seconds old."""
    base = root or Path(tempfile.gettempdir())
    now = time.time()
    for folder in base.glob(f"{FOLDER_PREFIX}*"):
        try:
            if not folder.is_dir():
                continue
            age = now - folder.stat().st_mtime
            if age > stale or (age > older_than and not _owner_alive(folder)):
                shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            continue
