"""The CSV writer behind exports: one file while small, whole-CSV zip parts past the limit."""

from __future__ import annotations

import asyncio
import csv
import io
import os
import random
import string
import subprocess
import sys
import time
import zipfile
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bot.club import exports
from bot.club.csv_parts import FOLDER_PREFIX, CsvParts, new_folder, sweep
from bot.i18n import load_texts

HEADER = ["id", "note"]


def read(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def rows(count: int) -> list[list[str]]:
    rng = random.Random(3)
    letters = string.ascii_letters + ' ,"\n'  # quotes, commas and line breaks inside cells
    return [[str(n), "".join(rng.choices(letters, k=120))] for n in range(count)]


def test_a_small_export_is_one_plain_csv(tmp_path: Path) -> None:
    parts = CsvParts(tmp_path, "x", HEADER, 1024 * 1024)
    for row in rows(10):
        parts.write(row)
    [file] = parts.finish()
    assert file.name == "x.csv" and read(file.read_bytes()) == [HEADER, *rows(10)]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.csv"]


def test_past_the_limit_every_row_lands_once_in_order_in_parts_under_the_limit(
    tmp_path: Path,
) -> None:
    limit = 200 * 1024
    parts = CsvParts(tmp_path, "x", HEADER, limit)
    written = rows(8_000)
    for row in written:
        parts.write(row)
    files = parts.finish()
    assert len(files) >= 3 and parts.rows == len(written)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f.name for f in files)
    seen: list[list[str]] = []
    for number, file in enumerate(files, start=1):
        assert file.name == f"x-part{number}-of-{len(files)}.zip"
        assert file.stat().st_size <= limit
        with zipfile.ZipFile(file) as archive:
            [name] = archive.namelist()
            table = read(archive.read(name))
        assert table[0] == HEADER and len(table) > 1
        seen += table[1:]
    assert seen == written


def test_a_stopped_process_folder_goes_after_an_hour_a_running_one_after_a_day(
    tmp_path: Path,
) -> None:
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], check=True,
                          capture_output=True, text=True)  # fmt: skip
    dead = tmp_path / f"{FOLDER_PREFIX}{gone.stdout.strip()}-1-abc"
    alive, fresh, old = new_folder(tmp_path), new_folder(tmp_path), new_folder(tmp_path)
    dead.mkdir()
    now = time.time()
    for folder, age in ((dead, 3_700), (alive, 3_700), (fresh, 60), (old, 25 * 3_600)):
        os.utime(folder, (now - age, now - age))

    sweep(tmp_path)

    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([alive.name, fresh.name])


async def test_an_export_writes_its_files_off_the_event_loop(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The spill deflates up to a part's size in one go: never on the loop members wait on."""
    on_loop: list[bool] = []

    def running_loop() -> bool:
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return False
        return True

    spill, write = CsvParts._spill, CsvParts.write

    def watched_spill(self: CsvParts) -> None:
        on_loop.append(running_loop())
        spill(self)

    def watched_write(self: CsvParts, row: Any) -> None:
        on_loop.append(running_loop())
        write(self, row)

    async def rows(*_: Any) -> AsyncIterator[list[exports.Row]]:
        rng = random.Random(5)
        for start in range(0, 12_000, 2_000):
            yield [
                (n, "".join(rng.choices(string.ascii_letters, k=120)), 1)
                for n in range(start, start + 2_000)
            ]

    monkeypatch.setattr(CsvParts, "_spill", watched_spill)
    monkeypatch.setattr(CsvParts, "write", watched_write)
    monkeypatch.setitem(exports.SOURCES, "ledger", rows)
    texts = load_texts("en", "Asia/Tehran")

    done = await exports.export(
        None,  # type: ignore[arg-type]
        "ledger",
        texts=texts,
        timezone="Asia/Tehran",
        part_mb=1,
        today=date(2025, 8, 3),
        root=tmp_path,
    )

    assert done.zipped and done.rows == 12_000  # it spilled: 1.5 MB of rows past 1 MB
    assert len(on_loop) == 12_001 and not any(on_loop)
