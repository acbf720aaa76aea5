"""`python -m bench`: the load benchmark; prints a Markdown table for the README.

Starts the Bot API emulator in its own process, then runs each scenario (club bot on
SQLite and/or PostgreSQL, then the bare PTB echo baseline) in a fresh worker process against
that same emulator, one scenario at a time so they never compete for the 2 cores.
"""

from __future__ import annotations

import argparse
import json
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.emulator_proc import EmulatorProcess
from bench.report import Result, table, verdict

QUICK_MEMBERS = 20
DEFAULT_MEMBERS = 200


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--backend", choices=("sqlite", "postgres", "all"), default="all")
    parser.add_argument(
        "--members",
        type=int,
        default=None,
        help=f"concurrent members (default {DEFAULT_MEMBERS}, {QUICK_MEMBERS} with --quick)",
    )
    parser.add_argument("--quick", action="store_true", help="CI smoke run")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="cProfile the load phase of each scenario and print the top 25",
    )
    args = parser.parse_args(argv)
    if args.members is None:
        args.members = QUICK_MEMBERS if args.quick else DEFAULT_MEMBERS
    if args.members < 1:
        parser.error("--members must be at least 1")
    return args


def run_scenario(
    scenario: str, emulator: EmulatorProcess, members: int, profile: bool, folder: Path
) -> Result:
    out = folder / f"{scenario}.json"
    command = [sys.executable, "-m", "bench.scenario", scenario, "--emulator", emulator.url,
               "--members", str(members), "--out", str(out)]  # fmt: skip
    if emulator.process is not None:
        command += ["--emulator-pid", str(emulator.process.pid)]
    if profile:
        command.append("--profile")
    print(f"running {scenario} with {members} members ...", file=sys.stderr, flush=True)
    # The worker's own output (profiles, tracebacks) goes straight to our terminal.
    code = subprocess.run(command, check=False).returncode
    if code != 0 or not out.exists():
        raise SystemExit(f"scenario {scenario} failed (exit {code}); no figures reported")
    data = json.loads(out.read_text(encoding="utf-8"))
    return Result(**data)


def main(argv: list[str] | None = None) -> int:
    raw = sys.argv[1:] if argv is None else argv
    args = parse(raw)
    scenarios = ["sqlite", "postgres"] if args.backend == "all" else [args.backend]
    scenarios.append("echo")  # the framework's ceiling, same emulator, same run
    emulator = EmulatorProcess().start()
    results: list[Result] = []
    try:
        with tempfile.TemporaryDirectory(prefix="vafa-bench-") as folder:
            for scenario in scenarios:
                results.append(
                    run_scenario(scenario, emulator, args.members, args.profile, Path(folder))
                )
        emulator_rss = emulator.peak_rss_mb()
    finally:
        emulator.stop()
    command = shlex.join(["python", "-m", "bench", *raw])
    print()
    print(table(results, command, emulator_rss))
    for result in results:
        if result.skipped:
            print(f"\n{result.label} skipped: {result.skipped}")
    line = verdict(results)
    if line:
        print(f"\n{line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
