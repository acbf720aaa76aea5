"""`python -m bench`: the load benchmark; prints Markdown tables for the README.

Starts the Bot API emulator in its own process, then runs each scenario (club bot on
SQLite and/or PostgreSQL, then the bare PTB echo baseline) in a fresh worker process against
that same emulator, one scenario at a time so they never compete for the 2 cores. The worker
runs only the bot; the simulated members run inside the emulator (POST /_emulator/load).

Each scenario has two phases, with new members each:
  throughput  closed loop: --members people at once, each step sent as soon as the previous
              one was handled (latency there is members / throughput: Little's law);
  latency     open loop: new members arrive for --seconds at a fixed rate, so that --rate
              updates/s are offered, each playing its 7 steps like a person.
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
DEFAULT_RATE = 500.0
DEFAULT_SECONDS = 10.0
QUICK_SECONDS = 1.0


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
        help=f"throughput phase: members at once (default {DEFAULT_MEMBERS}, "
        f"{QUICK_MEMBERS} with --quick)",
    )
    parser.add_argument(
        "--rate",
        type=float,
        default=DEFAULT_RATE,
        help=f"latency phase: offered updates/s (default {DEFAULT_RATE:.0f})",
    )
    parser.add_argument(
        "--seconds",
        type=float,
        default=None,
        help=f"latency phase: how long new members arrive (default {DEFAULT_SECONDS:.0f}, "
        f"{QUICK_SECONDS:.0f} with --quick)",
    )
    parser.add_argument("--quick", action="store_true", help="CI smoke run (well under a minute)")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="cProfile the load phases of each scenario and print the top 25",
    )
    args = parser.parse_args(argv)
    if args.members is None:
        args.members = QUICK_MEMBERS if args.quick else DEFAULT_MEMBERS
    if args.seconds is None:
        args.seconds = QUICK_SECONDS if args.quick else DEFAULT_SECONDS
    if args.members < 1:
        parser.error("--members must be at least 1")
    if args.rate <= 0 or args.seconds <= 0:
        parser.error("--rate and --seconds must be positive")
    return args


def run_scenario(
    scenario: str, emulator: EmulatorProcess, args: argparse.Namespace, folder: Path
) -> Result:
    out = folder / f"{scenario}.json"
    command = [sys.executable, "-m", "bench.scenario", scenario, "--emulator", emulator.url,
               "--members", str(args.members), "--rate", str(args.rate),
               "--seconds", str(args.seconds), "--out", str(out)]  # fmt: skip
    if args.profile:
        command.append("--profile")
    print(f"running {scenario} ...", file=sys.stderr, flush=True)
    # The worker's own output (profiles, tracebacks) goes straight to our terminal.
    code = subprocess.run(command, check=False).returncode
    if code != 0 or not out.exists():
        raise SystemExit(f"scenario {scenario} failed (exit {code}); no figures reported")
    return Result.from_json(json.loads(out.read_text(encoding="utf-8")))


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
                results.append(run_scenario(scenario, emulator, args, Path(folder)))
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
