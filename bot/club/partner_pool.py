"""A partner shop's codes for a pooled reward: read from the CSV an admin uploads, kept in
`partner_codes`, each handed out once (bot/club/redemptions.py takes them).

Invariant: adding codes is one `INSERT ... ON CONFLICT (reward_id, code) DO NOTHING`, so a
file uploaded twice, or a code already in the pool, never makes a second copy; the counts the
admin is told are read in the same transaction as the insert.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.club import audit
from bot.club.invisible import strip_invisible
from bot.storage.db import dialect_insert
from bot.storage.tables import partner_codes

MAX_CODE = 128
# A file name or type the messenger reports for a CSV (Windows sends CSV as an Excel type).
CSV_TYPES = frozenset({"text/csv", "text/plain", "application/csv", "application/vnd.ms-excel"})
CSV_SUFFIXES = (".csv", ".txt")
# A first cell with one of these words (case aside), or with any non-ASCII letter (a title
# in Persian), is a header row, not a code: partner codes are ASCII in practice.
HEADER_WORDS = frozenset({"code", "codes", "coupon", "coupons", "voucher", "vouchers", "promo"})
# Rows the inserts are sent in (well below both backends' bound-parameter limits).
BATCH = 1000
# A file may not be bigger than this many bytes per allowed row (a code, a comma, a newline
# and a little room), nor bigger than the messenger lets a bot download.
BYTES_PER_ROW = MAX_CODE + 4
DOWNLOAD_LIMIT = 20 * 1024 * 1024


class PoolFileError(Exception):
    """A file that cannot become codes; `reason` names its text, `line` the row (1-based)."""

    def __init__(self, reason: str, line: int = 0) -> None:
        super().__init__(reason, line)
        self.reason, self.line = reason, line


@dataclass(frozen=True)
class Parsed:
    codes: list[str]  # distinct, in file order
    duplicates: int  # rows repeating a code already read from this file


@dataclass(frozen=True)
class Added:
    added: int
    skipped: int  # duplicates within the file and codes already in the pool
    free: int  # codes in the pool not yet handed out, after this upload


def max_bytes(max_rows: int) -> int:
    """The largest file accepted before it is downloaded (document.file_size is checked)."""
    return min(max_rows * BYTES_PER_ROW + 1024, DOWNLOAD_LIMIT)


def looks_like_csv(file_name: str | None, mime_type: str | None) -> bool:
    """A CSV or plain-text file by its name or its type (the content is checked later)."""
    if file_name and file_name.lower().endswith(CSV_SUFFIXES):
        return True
    return (mime_type or "").split(";")[0].strip().lower() in CSV_TYPES


def parse(data: bytes, *, max_rows: int) -> Parsed:
    """The codes of a CSV: UTF-8 with or without a BOM, the first column of each row, an
    optional header row; blank rows and spaces around a code ignored. Raises PoolFileError
    (not-text, empty, too-many-rows, code-too-long)."""
    if b"\x00" in data:
        raise PoolFileError("not-text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise PoolFileError("not-text") from error
    seen: dict[str, None] = {}
    rows = duplicates = 0
    first = True
    try:
        for line, row in enumerate(csv.reader(io.StringIO(text, newline="")), start=1):
            code = _cell(row)
            if not code:
                continue
            if first:
                first = False
                if _is_header(code):
                    continue
            rows += 1
            if rows > max_rows:
                raise PoolFileError("too-many-rows")
            if len(code) > MAX_CODE:
                raise PoolFileError("code-too-long", line)
            if code in seen:
                duplicates += 1
            else:
                seen[code] = None
    except csv.Error as error:
        raise PoolFileError("not-text") from error
    if not seen:
        raise PoolFileError("empty")
    return Parsed(list(seen), duplicates)


def _cell(row: list[str]) -> str:
    return strip_invisible(row[0]).strip() if row else ""


def _is_header(cell: str) -> bool:
    return cell.lower() in HEADER_WORDS or any(c.isalpha() and not c.isascii() for c in cell)


async def add(
    conn: AsyncConnection,
    reward_id: int,
    parsed: Parsed,
    *,
    actor: str,
    role: str | None,
    now: datetime,
) -> Added:
    """The file's codes in the reward's pool (those already there skipped) and the
    `reward_pool_uploaded` audit row with the counts (never the codes), in the caller's
    transaction; the counts are of this transaction's own view."""
    before = await _count(conn, reward_id)
    insert = dialect_insert(conn, partner_codes)
    for start in range(0, len(parsed.codes), BATCH):
        batch = parsed.codes[start : start + BATCH]
        await conn.execute(
            insert.values(
                [{"reward_id": reward_id, "code": code, "uploaded_at": now} for code in batch]
            ).on_conflict_do_nothing(index_elements=["reward_id", "code"])
        )
    added = await _count(conn, reward_id) - before
    skipped = parsed.duplicates + len(parsed.codes) - added
    result = Added(added=added, skipped=skipped, free=await free(conn, reward_id))
    await audit.record(
        conn,
        actor=actor,
        role=role,
        action="reward_pool_uploaded",
        target=f"reward:{reward_id}",
        details={"added": result.added, "skipped": result.skipped, "free": result.free},
        at=now,
    )
    return result


async def _count(conn: AsyncConnection, reward_id: int) -> int:
    found = await conn.scalar(
        sa.select(sa.func.count()).where(partner_codes.c.reward_id == reward_id)
    )
    return int(found or 0)


async def free(conn: AsyncConnection, reward_id: int) -> int:
    """Codes in the pool not handed out yet."""
    found = await conn.scalar(
        sa.select(sa.func.count()).where(
            partner_codes.c.reward_id == reward_id, partner_codes.c.redemption_id.is_(None)
        )
    )
    return int(found or 0)


async def free_by_reward(conn: AsyncConnection) -> dict[int, int]:
    """Free codes of every pool at once (the catalog's list)."""
    rows = await conn.execute(
        sa.select(partner_codes.c.reward_id, sa.func.count())
        .where(partner_codes.c.redemption_id.is_(None))
        .group_by(partner_codes.c.reward_id)
    )
    return {int(reward_id): int(count) for reward_id, count in rows}
