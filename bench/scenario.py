"""One scenario in this process: `python -m bench.scenario sqlite|postgres|echo ...`.

`python -m bench` runs each scenario in a fresh worker so that ru_maxrss (a high-water mark
that never goes down) and the profile belong to that scenario alone. Only the bot runs here:
the simulated members run inside the emulator's process (POST /_emulator/load), so this
process's CPU time is the bot's. Two phases, new members each, same bot and database: a
closed loop (throughput), then an open loop at an offered rate (latency).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import json
import os
import pstats
import resource
import sys
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass

import sqlalchemy as sa
from pydantic import SecretStr

from bench.databases import Unavailable, database
from bench.echo import build_echo, poll
from bench.emulator_proc import TOKENS
from bench.members import BenchFailure, Step, club_script, echo_script, play, wrong_last_texts
from bench.report import Figures, Result, summarize
from bot.i18n import load_texts
from bot.lifecycle import Runtime
from bot.settings import Settings

LABELS = {
    "sqlite": "Vafa, SQLite",
    "postgres": "Vafa, PostgreSQL",
    "echo": "PTB echo (Poller-shaped loop, no DB)",
}
TEXTS = load_texts("fa", "Asia/Tehran")


@dataclass(frozen=True)
class Options:
    members: int = 200  # closed loop: all at once
    rate: float = 500.0  # open loop: offered updates/s
    seconds: float = 10.0  # open loop: members arrive for this long
    profile: bool = False

    def open_members(self, steps: int) -> int:
        return max(1, round(self.rate * self.seconds / steps))


@asynccontextmanager
async def profiled(enabled: bool, label: str) -> AsyncIterator[None]:
    """cProfile over the load phase only (start-up and checks would blur the picture)."""
    profiler = cProfile.Profile() if enabled else None
    if profiler is not None:
        profiler.enable()
    try:
        yield
    finally:
        if profiler is not None:
            profiler.disable()
            print(f"\n### Profile, {label}: own time by package\n\n```\n{by_package(profiler)}```")
            for key, title in (("cumulative", "cumulative"), ("tottime", "own (tottime)")):
                out = io.StringIO()
                pstats.Stats(profiler, stream=out).sort_stats(key).print_stats(25)
                body = out.getvalue()
                body = body[body.find("   ncalls") :]  # drop pstats' preamble
                print(f"\n### Profile, {label}: top 25 by {title}\n\n```\n{body}```", flush=True)


def cpu_seconds() -> float:
    times = os.times()
    return times.user + times.system


def by_package(profiler: cProfile.Profile) -> str:
    """Own time summed per package: cumulative times of coroutines count every await, so
    this is the honest split between PTB, HTTP clients, SQLAlchemy, the bot and the loop.
    Only this thread is profiled: aiosqlite's worker threads show up as waiting (epoll)."""
    totals: dict[str, float] = {}
    raw: dict[tuple[str, int, str], tuple[int, int, float, float, object]]
    raw = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    for (filename, _line, name), (_cc, _nc, own, _cum, _callers) in raw.items():
        if "site-packages/" in filename:
            key = filename.split("site-packages/", 1)[1].split("/", 1)[0]
        elif "/work/" in filename or filename.startswith(("bot/", "bench/")):
            key = "/".join(filename.rsplit("/", 3)[-3:-1])
        elif filename == "~":
            key = f"builtin {name}" if "poll" in name else "builtins"
        else:
            key = "stdlib " + filename.rsplit("/", 1)[-1]
        totals[key] = totals.get(key, 0.0) + own
    whole = sum(totals.values()) or 1.0
    top = sorted(totals.items(), key=lambda kv: -kv[1])[:15]
    return "".join(f"{sec:8.2f}s {100 * sec / whole:5.1f}%  {key}\n" for key, sec in top)


async def run_phases(
    result: Result,
    api_url: str,
    token: str,
    script: list[Step],
    options: Options,
    last_ok: Callable[[str], bool],
    statements: Callable[[], int] | None = None,
) -> int:
    """Both load phases against the running bot; returns how many members played."""
    plan = {"closed": options.members, "open": options.open_members(len(script))}
    async with profiled(options.profile, result.label):
        for mode, members in plan.items():
            figures = result.phases[mode] = Figures(mode)
            rate = options.rate if mode == "open" else None
            print(f"  {mode} loop: {members} members" + (f" at {rate:.0f} updates/s" if rate
                  else " at once"), file=sys.stderr, flush=True)  # fmt: skip
            before = statements() if statements else 0
            cpu, started = cpu_seconds(), time.perf_counter()
            answer = await play(api_url, token, script, mode=mode, members=members, rate=rate)
            figures.bot_cpu_pct = 100 * (cpu_seconds() - cpu) / (time.perf_counter() - started)
            summarize(figures, answer)
            if statements:
                figures.statements_per_update = (statements() - before) / figures.updates
            wrong = wrong_last_texts(answer, last_ok)
            if wrong:
                raise BenchFailure(f"{len(wrong)} members' last reply is wrong: {wrong[:3]}")
    return sum(plan.values())


def club_settings(api_url: str, token: str, database_url: str) -> Settings:
    return Settings(
        _env_file=None,
        telegram_token=SecretStr(token),
        bale_token=None,  # only one messenger, whatever the environment says
        telegram_api_url=f"{api_url}/bot",
        telegram_file_url=f"{api_url}/file/bot",
        database_url=database_url,
        # The messenger's ~30 messages/s cap would be all we measured.
        telegram_rate_limit=100_000,
        poll_timeout=10,
        error_report_interval_seconds=0,
    )


async def run_club(result: Result, api_url: str, backend: str, options: Options) -> None:
    async with database(backend) as url:
        runtime = Runtime(club_settings(api_url, TOKENS[backend], url))
        await runtime.start()
        try:
            title = TEXTS("history-title")  # every member last saw their history
            members = await run_phases(
                result, api_url, TOKENS[backend], club_script(TEXTS), options,
                lambda text: text.startswith(title), lambda: runtime.db.statement_count,
            )  # fmt: skip
            await check_club(runtime, members)
        finally:
            await runtime.shutdown()


async def check_club(runtime: Runtime, members: int) -> None:
    """Every member of both phases signed up and got both bonuses."""
    settings = runtime.settings
    bonus = settings.points_signup + settings.points_profile
    async with runtime.db.read() as conn:
        count, signed = (await conn.execute(sa.text(
            "SELECT count(*), count(*) FILTER (WHERE balance = :b) FROM members"
        ), {"b": bonus})).one()  # fmt: skip
    if count != members or signed != members:
        raise BenchFailure(f"members table: {count} rows, {signed} with {bonus} points; "
                           f"expected {members}")  # fmt: skip


async def run_echo(result: Result, api_url: str, options: Options) -> None:
    app = build_echo(api_url, TOKENS["echo"])
    await app.initialize()
    poller = asyncio.create_task(poll(app))
    try:
        script = echo_script(TEXTS)
        last = script[-1]["text"]
        await run_phases(result, api_url, TOKENS["echo"], script, options, lambda t: t == last)
    finally:
        poller.cancel()
        await asyncio.gather(poller, return_exceptions=True)
        await app.shutdown()


async def run(scenario: str, api_url: str, options: Options) -> Result:
    result = Result(scenario, LABELS[scenario], profiled=options.profile)
    try:
        if scenario == "echo":
            await run_echo(result, api_url, options)
        else:
            await run_club(result, api_url, scenario, options)
    except Unavailable as reason:
        result.skipped = str(reason)
        return result
    # Linux reports ru_maxrss in KiB.
    result.peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.scenario")
    parser.add_argument("scenario", choices=sorted(LABELS))
    parser.add_argument("--emulator", required=True, help="http://127.0.0.1:PORT")
    parser.add_argument("--members", type=int, default=Options.members)
    parser.add_argument("--rate", type=float, default=Options.rate)
    parser.add_argument("--seconds", type=float, default=Options.seconds)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--out", required=True, help="where the JSON result is written")
    args = parser.parse_args(argv)
    options = Options(args.members, args.rate, args.seconds, args.profile)
    result = asyncio.run(run(args.scenario, args.emulator, options))
    with open(args.out, "w", encoding="utf-8") as out:
        json.dump(result.to_json(), out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
