"""The command line the database benchmarks share: `--members N --backend sqlite|postgres|all`,
one Markdown table per run with the command that produced it, a skipped backend named in it."""

from __future__ import annotations

import argparse
import asyncio
import shlex
import sys
from collections.abc import Awaitable, Callable
from typing import Any

from bench.databases import Unavailable


def parser(module: str, description: str | None, *, url: bool = False) -> argparse.ArgumentParser:
    """`python -m bench.<module>`'s parser with the shared options (`--url`: measure a database
    filled before, instead of filling a new one)."""
    made = argparse.ArgumentParser(
        prog=f"python -m bench.{module}",
        description=description,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    made.add_argument("--members", type=int, default=100_000)
    made.add_argument("--backend", choices=("sqlite", "postgres", "all"), default="all")
    if url:
        made.add_argument(
            "--url", help="an already filled database to measure (no fill, nothing dropped)"
        )
    return made


async def table(
    module: str,
    argv: list[str],
    backend: str,
    head: list[str],
    run: Callable[[str], Awaitable[list[str]]],
) -> int:
    """Prints the command, `head` (the table's header rows, maybe a line before them) and
    the rows `run(backend)` measures on each backend asked for."""
    lines = [f"Command: `python -m bench.{module} {shlex.join(argv)}`", "", *head]
    cells = head[-1].count("|") - 1
    for name in ("sqlite", "postgres") if backend == "all" else (backend,):
        try:
            lines += await run(name)
        except Unavailable as reason:
            print(f"{name}: skipped ({reason})", file=sys.stderr)
            lines.append(f"| {name} | skipped: {reason} |" + " |" * max(cells - 2, 0))
    print("\n".join(lines))
    return 0


def entry(main: Callable[[list[str]], Awaitable[int]], argv: list[str] | None = None) -> Any:
    return asyncio.run(main(sys.argv[1:] if argv is None else argv))
