"""The CSV writer behind exports: one file while small, whole-CSV zip parts past the limit."""

from __future__ import annotations

import csv
import io
import random
import string
import zipfile
from pathlib import Path

from bot.club.csv_parts import CsvParts

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
