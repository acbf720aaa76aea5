"""One scenario in this process: `python -m bench.scenario sqlite|postgres|echo ...`.

`python -m bench` runs each scenario in a fresh worker so that ru_maxrss (a high-water mark
that never goes down) and the profile belong to that scenario alone. The bot and the
simulated members share this process; the emulator is another one.
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
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import asdict, dataclass

import sqlalchemy as sa
from pydantic import SecretStr

from bench.databases import Unavailable, database
from bench.echo import build_echo, poll
from bench.emulator_proc import TOKENS
from bench.members import BenchFailure, Members, club_script, echo_script, new_session
from bench.report import Result, summarize
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
    profile: bool = False
    emulator_pid: int | None = None  # its CPU time is read from /proc


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


def process_cpu_seconds(pid: int | None) -> float | None:
    """utime + stime of a process from /proc (Linux); this process via os.times()."""
    if pid is None:
        times = os.times()
        return times.user + times.system
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


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


async def run_load(
    result: Result,
    members: Members,
    options: Options,
    check: Callable[[], Awaitable[None]],
) -> None:
    # CPU per process tells a saturated core (CPU-bound) from one waiting on something.
    calls_before = await members.method_counts()
    started = time.perf_counter()
    cpu = {
        "bench": process_cpu_seconds(None),
        "emulator": process_cpu_seconds(options.emulator_pid),
    }
    async with profiled(options.profile, result.label):
        await members.run()
    wall = time.perf_counter() - started
    for name, before in cpu.items():
        after = process_cpu_seconds(None if name == "bench" else options.emulator_pid)
        if before is not None and after is not None:
            setattr(result, f"{name}_cpu_pct", 100 * (after - before) / wall)
    summarize(result, await members.stats())
    # Scenarios run one at a time, so the emulator-wide counters' delta is this bot's.
    calls = Counter(await members.method_counts())
    calls.subtract(calls_before)
    polls = calls.pop("getUpdates", 0)
    result.api_calls_per_update = calls.total() / max(result.updates, 1)
    result.updates_per_poll = result.updates / max(polls, 1)
    if result.updates != members.count * len(members.script):
        expected = members.count * len(members.script)
        raise BenchFailure(f"{result.updates} updates, expected {expected}")
    await check()


def club_settings(api_url: str, token: str, database_url: str) -> Settings:
    return Settings(
        _env_file=None,
        telegram_token=SecretStr(token),
        bale_token=None,  # only one messenger, whatever the environment says
        telegram_api_url=f"{api_url}/bot",
        telegram_file_url=f"{api_url}/file/bot",
        database_url=database_url,
        rate_limiter=False,
        poll_timeout=10,
        error_report_interval_seconds=0,
    )


async def run_club(result: Result, api_url: str, backend: str, options: Options) -> None:
    async with database(backend) as url, new_session() as session:
        runtime = Runtime(club_settings(api_url, TOKENS[backend], url))
        await runtime.start()
        try:
            members = Members(session, api_url, TOKENS[backend], result.members,
                              club_script(TEXTS))  # fmt: skip
            before = runtime.db.statement_count

            async def check() -> None:
                # Counted before the check's own queries.
                statements = runtime.db.statement_count - before
                result.statements_per_update = statements / result.updates
                await check_club(runtime, members)

            await run_load(result, members, options, check)
        finally:
            await runtime.shutdown()


async def check_club(runtime: Runtime, members: Members) -> None:
    """Every member signed up with both bonuses and last saw their history."""
    settings = runtime.settings
    bonus = settings.points_signup + settings.points_profile
    async with runtime.db.read() as conn:
        count, signed = (await conn.execute(sa.text(
            "SELECT count(*), count(*) FILTER (WHERE balance = :b) FROM members"
        ), {"b": bonus})).one()  # fmt: skip
    if count != members.count or signed != members.count:
        raise BenchFailure(f"members table: {count} rows, {signed} with {bonus} points; "
                           f"expected {members.count}")  # fmt: skip
    title = TEXTS("history-title")
    wrong = {u: t for u, t in (await members.last_texts()).items() if not t.startswith(title)}
    if wrong:
        raise BenchFailure(f"{len(wrong)} members' last reply is not their history: "
                           f"{list(wrong.items())[:3]}")  # fmt: skip


async def run_echo(result: Result, api_url: str, options: Options) -> None:
    app = build_echo(api_url, TOKENS["echo"])
    await app.initialize()
    poller = asyncio.create_task(poll(app))
    try:
        async with new_session() as session:
            script = echo_script(TEXTS)
            members = Members(session, api_url, TOKENS["echo"], result.members, script)

            async def check() -> None:
                wrong = {u: t for u, t in (await members.last_texts()).items()
                         if t != script[-1].text}  # fmt: skip
                if wrong:
                    raise BenchFailure(f"{len(wrong)} echoes wrong: {list(wrong.items())[:3]}")

            await run_load(result, members, options, check)
    finally:
        poller.cancel()
        await asyncio.gather(poller, return_exceptions=True)
        await app.shutdown()


async def run(scenario: str, api_url: str, members: int, options: Options) -> Result:
    result = Result(scenario, LABELS[scenario], members=members, profiled=options.profile)
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
    parser.add_argument("--members", type=int, default=200)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--out", required=True, help="where the JSON result is written")
    parser.add_argument("--emulator-pid", type=int, default=None)
    args = parser.parse_args(argv)
    options = Options(profile=args.profile, emulator_pid=args.emulator_pid)
    result = asyncio.run(run(args.scenario, args.emulator, args.members, options))
    with open(args.out, "w", encoding="utf-8") as out:
        json.dump(asdict(result), out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
