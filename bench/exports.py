"""`python -m bench.exports`: the members CSV export on many members, its speed and memory.

Fills a fresh database (SQLite in a temp dir; PostgreSQL: a database created on
127.0.0.1:5432 and dropped afterwards) with `bench.million.fill`, then runs the export
(`bot.club.exports.export`, as an admin's press does) in a child process of its own, so the
peak RSS it reports (VmHWM) is the export's and not the fill's. Prints a Markdown table:
rows, seconds, rows/s, files and their size, the child's RSS before the export and its peak.
Target: peak RSS under 150 MB at 1M members.

    python -m bench.exports --members 1000000 --backend all
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import cli
from bench.databases import database
from bench.million import fill
from bot.club.exports import KINDS, export
from bot.i18n import load_texts
from bot.storage.db import Database

TARGET_MB = 150.0


def _rss_mb() -> float:
    """This process's peak resident set so far, in MB. VmHWM first: ru_maxrss survives
    execve on Linux, so a child would report its parent's peak (the fill's)."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    line = next(line for line in status.splitlines() if line.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024


async def child(url: str, kind: str, part_mb: int) -> dict[str, Any]:
    """One export in this process: what the parent prints."""
    texts = load_texts("fa", "Asia/Tehran")
    db = Database(url)
    before = _rss_mb()
    with tempfile.TemporaryDirectory(prefix="vafa-bench-export-") as root:
        started = time.perf_counter()
        done = await export(
            db,
            kind,
            texts=texts,
            timezone="Asia/Tehran",
            part_mb=part_mb,
            today=datetime.now(UTC).date(),
            root=Path(root),
        )
        seconds = time.perf_counter() - started
        sizes = [path.stat().st_size for path in done.files]
        shutil.rmtree(done.folder, ignore_errors=True)
    await db.dispose()
    return {
        "rows": done.rows,
        "seconds": seconds,
        "files": len(sizes),
        "zipped": done.zipped,
        "mb": sum(sizes) / 1024 / 1024,
        "rss_before_mb": before,
        "rss_peak_mb": _rss_mb(),
    }


async def run(backend: str, members: int, kind: str, part_mb: int) -> str:
    async with database(backend) as url:
        started = time.perf_counter()
        await fill(url, members)
        filled = time.perf_counter() - started
        print(f"{backend}: {members:,} members filled in {filled:.0f}s", file=sys.stderr)
        command = [sys.executable, "-m", "bench.exports", "--child", url, "--kind", kind]
        command += ["--part-mb", str(part_mb)]
        found = await asyncio.to_thread(
            subprocess.run, command, capture_output=True, text=True, check=True
        )
    r = json.loads(found.stdout.strip().splitlines()[-1])
    verdict = "ok" if r["rss_peak_mb"] < TARGET_MB else f"over {TARGET_MB:.0f} MB"
    files = f"{r['files']} {'zip' if r['zipped'] else 'csv'}, {r['mb']:.1f} MB"
    return (
        f"| {backend} | {kind} | {r['rows']:,} | {r['seconds']:.1f} | "
        f"{r['rows'] / r['seconds']:,.0f} | {files} | {r['rss_before_mb']:.0f} | "
        f"{r['rss_peak_mb']:.0f} | {verdict} |"
    )


def parse(argv: list[str]) -> argparse.Namespace:
    parser = cli.parser("exports", __doc__)
    parser.add_argument("--kind", choices=KINDS, default="members")
    parser.add_argument(
        "--part-mb", type=int, default=45, help="EXPORT_PART_MB (a small one shows the zip path)"
    )
    parser.add_argument("--child", metavar="URL", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


async def main(argv: list[str]) -> int:
    args = parse(argv)
    if args.child:
        print(json.dumps(await child(args.child, args.kind, args.part_mb)))
        return 0
    head = [
        "| backend | export | rows | seconds | rows/s | files | RSS before, MB "
        f"| peak RSS, MB | target < {TARGET_MB:.0f} MB |",
        "| --- | --- | ---: | ---: | ---: | --- | ---: | ---: | --- |",
    ]

    async def one(backend: str) -> list[str]:
        return [await run(backend, args.members, args.kind, args.part_mb)]

    return await cli.table("exports", argv, args.backend, head, one)


def entry(argv: list[str] | None = None) -> Any:
    return cli.entry(main, argv)


if __name__ == "__main__":
    raise SystemExit(entry())
