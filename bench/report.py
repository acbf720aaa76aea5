"""Figures from the emulator's per-update stats, and the Markdown the README pastes."""

from __future__ import annotations

import math
import os
import platform
import sys
from dataclasses import dataclass
from typing import Any

TARGET_UPDATES_PER_S = 500.0
TARGET_P99_MS = 50.0


@dataclass
class Result:
    scenario: str
    label: str
    members: int = 0
    updates: int = 0
    seconds: float = 0.0
    updates_per_s: float = 0.0
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    max_ms: float = 0.0
    statements_per_update: float | None = None
    peak_rss_mb: float = 0.0
    api_calls_per_update: float = 0.0
    updates_per_poll: float = 0.0
    bench_cpu_pct: float | None = None
    emulator_cpu_pct: float | None = None
    profiled: bool = False
    skipped: str | None = None


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest-rank percentile: the value at or below which `fraction` of samples fall."""
    if not sorted_values:
        return 0.0
    rank = max(1, min(len(sorted_values), math.ceil(fraction * len(sorted_values))))
    return sorted_values[rank - 1]


def summarize(result: Result, stats: list[dict[str, Any]]) -> None:
    """Latency is queued -> last reply, both stamped by the emulator on one perf_counter."""
    missing = [s["update_id"] for s in stats if s["last_reply_at"] is None]
    if missing:
        raise AssertionError(f"{len(missing)} updates got no reply, e.g. {missing[:5]}")
    latencies = sorted((s["last_reply_at"] - s["queued_at"]) * 1000 for s in stats)
    start = min(s["queued_at"] for s in stats)
    end = max(s["last_reply_at"] for s in stats)
    result.updates = len(stats)
    result.seconds = end - start
    result.updates_per_s = len(stats) / result.seconds if result.seconds > 0 else 0.0
    result.p50_ms = percentile(latencies, 0.50)
    result.p99_ms = percentile(latencies, 0.99)
    result.max_ms = latencies[-1]


def machine() -> str:
    model = ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            model = next((ln.split(":", 1)[1].strip() for ln in cpuinfo
                          if ln.startswith("model name")), "")  # fmt: skip
    except OSError:
        pass
    import sqlalchemy
    import telegram

    return (
        f"nproc {os.cpu_count()}{f' ({model})' if model else ''}, "
        f"Python {platform.python_version()} ({sys.implementation.name}), {platform.platform()}, "
        f"python-telegram-bot {telegram.__version__}, SQLAlchemy {sqlalchemy.__version__}"
    )


def pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}"


def table(results: list[Result], command: str, emulator_rss: float | None) -> str:
    rows = [
        "| Bot | Members | Updates | Updates/s | p50 ms | p99 ms | max ms "
        "| DB round trips/update | Bot API calls/update | Updates/getUpdates "
        "| Peak RSS MB | CPU bot+members % | CPU emulator % |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        if r.skipped:
            rows.append(f"| {r.label} | skipped: {r.skipped} |||||||||||")
            continue
        trips = "-" if r.statements_per_update is None else f"{r.statements_per_update:.1f}"
        rows.append(
            f"| {r.label}{' (profiled)' if r.profiled else ''} | {r.members} | {r.updates} "
            f"| {r.updates_per_s:.0f} | {r.p50_ms:.1f} | {r.p99_ms:.1f} | {r.max_ms:.1f} "
            f"| {trips} | {r.api_calls_per_update:.1f} | {r.updates_per_poll:.0f} "
            f"| {r.peak_rss_mb:.0f} | {pct(r.bench_cpu_pct)} "
            f"| {pct(r.emulator_cpu_pct)} |"
        )
    notes = [
        "",
        f"Command: `{command}`",
        f"Machine: {machine()}",
        "Latency: emulator queues the update -> bot's last reply to it (one clock, the "
        "emulator's). Updates/s: all updates / (first queued -> last reply). "
        "Peak RSS: ru_maxrss of the process running the bot and the simulated members"
        + (
            f"; the emulator (own process) peaked at {emulator_rss:.0f} MB."
            if emulator_rss
            else "."
        ),
        "CPU: % of one core during the load, from /proc; 100% = one core saturated.",
        "rate_limiter=False: with it the messenger's ~30 msg/s cap is all we would measure.",
    ]
    return "\n".join(rows + notes)


def verdict(results: list[Result]) -> str:
    sqlite = next((r for r in results if r.scenario == "sqlite" and not r.skipped), None)
    if sqlite is None:
        return ""
    goal = f"target: >= {TARGET_UPDATES_PER_S:.0f} updates/s with p99 < {TARGET_P99_MS:.0f} ms"
    misses = []
    if sqlite.updates_per_s < TARGET_UPDATES_PER_S:
        misses.append(f"{sqlite.updates_per_s:.0f} updates/s")
    if sqlite.p99_ms >= TARGET_P99_MS:
        misses.append(f"p99 {sqlite.p99_ms:.1f} ms")
    if not misses:
        return f"SQLite meets the {goal}."
    hint = "" if sqlite.profiled else " Rerun with --profile to see where the time goes."
    return f"SQLite misses the {goal}: {', '.join(misses)}.{hint}"
