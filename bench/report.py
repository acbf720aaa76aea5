"""Figures from the emulator's per-update timings, and the Markdown the README pastes."""

from __future__ import annotations

import math
import os
import platform
import sys
from dataclasses import asdict, dataclass, field
from typing import Any

TARGET_UPDATES_PER_S = 500.0
TARGET_P99_MS = 50.0
KEPT_UP = 0.9  # an open-loop run kept up if it achieved this share of the offered rate


@dataclass
class Figures:
    """One load phase: "closed" (throughput) or "open" (latency at an offered rate)."""

    mode: str
    members: int = 0
    offered_per_s: float | None = None
    updates: int = 0
    seconds: float = 0.0
    updates_per_s: float = 0.0
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    max_ms: float = 0.0
    max_in_flight: int = 0
    statements_per_update: float | None = None
    api_calls_per_update: float = 0.0
    updates_per_poll: float = 0.0
    bot_cpu_pct: float | None = None
    emulator_cpu_pct: float | None = None

    @property
    def kept_up(self) -> bool:
        return self.offered_per_s is None or self.updates_per_s >= KEPT_UP * self.offered_per_s


@dataclass
class Result:
    scenario: str
    label: str
    phases: dict[str, Figures] = field(default_factory=dict)
    peak_rss_mb: float = 0.0
    profiled: bool = False
    skipped: str | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Result:
        phases = {k: Figures(**v) for k, v in data.pop("phases").items()}
        return cls(**data, phases=phases)


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest-rank percentile: the value at or below which `fraction` of samples fall."""
    if not sorted_values:
        return 0.0
    rank = max(1, min(len(sorted_values), math.ceil(fraction * len(sorted_values))))
    return sorted_values[rank - 1]


def summarize(figures: Figures, answer: dict[str, Any]) -> None:
    """Latency is queued -> last reply, both stamped by the emulator on one perf_counter."""
    stats = answer["updates"]
    missing = [s["update_id"] for s in stats if s["last_reply_at"] is None]
    if missing:
        raise AssertionError(f"{len(missing)} updates got no reply, e.g. {missing[:5]}")
    latencies = sorted((s["last_reply_at"] - s["queued_at"]) * 1000 for s in stats)
    start = min(s["queued_at"] for s in stats)
    end = max(s["last_reply_at"] for s in stats)
    figures.members = answer["members"]
    figures.offered_per_s = answer["rate"]
    figures.max_in_flight = answer["max_in_flight"]
    figures.updates = len(stats)
    figures.seconds = end - start
    figures.updates_per_s = len(stats) / figures.seconds if figures.seconds > 0 else 0.0
    figures.p50_ms = percentile(latencies, 0.50)
    figures.p99_ms = percentile(latencies, 0.99)
    figures.max_ms = latencies[-1]
    if answer["seconds"] > 0:
        figures.emulator_cpu_pct = 100 * answer["cpu_seconds"] / answer["seconds"]
    calls = dict(answer["method_counts"])
    polls = calls.pop("getUpdates", 0)
    figures.api_calls_per_update = sum(calls.values()) / max(figures.updates, 1)
    figures.updates_per_poll = figures.updates / max(polls, 1)


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


def _rows(results: list[Result], mode: str, head: str, row: Any) -> list[str]:
    columns = head.count("|") - 1
    lines = [head, "|---" + "|---:" * (columns - 1) + "|"]
    for r in results:
        name = f"{r.label}{' (profiled)' if r.profiled else ''}"
        if r.skipped:
            lines.append(f"| {r.label} | skipped: {r.skipped} |" + "|" * (columns - 2))
        elif mode in r.phases:
            lines.append(f"| {name} | {row(r, r.phases[mode])} |")
    return lines


def throughput_table(results: list[Result]) -> list[str]:
    head = ("| Bot | Members in flight | Updates | Updates/s | p50 ms | p99 ms "
            "| DB round trips/update | Bot API calls/update | Updates/getUpdates "
            "| CPU bot % | CPU emulator % | Peak RSS MB |")  # fmt: skip

    def row(r: Result, f: Figures) -> str:
        trips = "-" if f.statements_per_update is None else f"{f.statements_per_update:.1f}"
        return (f"{f.members} | {f.updates} | {f.updates_per_s:.0f} | {f.p50_ms:.0f} "
                f"| {f.p99_ms:.0f} | {trips} | {f.api_calls_per_update:.1f} "
                f"| {f.updates_per_poll:.0f} | {pct(f.bot_cpu_pct)} "
                f"| {pct(f.emulator_cpu_pct)} | {r.peak_rss_mb:.0f}")  # fmt: skip

    return _rows(results, "closed", head, row)


def latency_table(results: list[Result]) -> list[str]:
    head = ("| Bot | Offered updates/s | Achieved updates/s | Kept up | Members | Updates "
            "| p50 ms | p99 ms | max ms | Peak members in flight | CPU bot % "
            "| CPU emulator % |")  # fmt: skip

    def row(r: Result, f: Figures) -> str:
        kept = "yes" if f.kept_up else "**no**"
        return (f"{f.offered_per_s or 0:.0f} | {f.updates_per_s:.0f} | {kept} | {f.members} "
                f"| {f.updates} | {f.p50_ms:.1f} | {f.p99_ms:.1f} | {f.max_ms:.1f} "
                f"| {f.max_in_flight} | {pct(f.bot_cpu_pct)} "
                f"| {pct(f.emulator_cpu_pct)}")  # fmt: skip

    return _rows(results, "open", head, row)


def table(results: list[Result], command: str, emulator_rss: float | None) -> str:
    closed = next((r.phases["closed"] for r in results if "closed" in r.phases), None)
    opened = next((r.phases["open"] for r in results if "open" in r.phases), None)
    lines = [
        f"Command: `{command}`",
        f"Machine: {machine()}",
        "",
        "**Throughput** (closed loop: every member sends its next step as soon as the previous "
        "one was handled, so the bot never waits for work)",
        "",
        *throughput_table(results),
        "",
        "Its latency is a queue length, not responsiveness: by Little's law it is about "
        "members in flight / throughput"
        + (
            f" ({closed.members} / {closed.updates_per_s:.0f} per s = "
            f"{1000 * closed.members / closed.updates_per_s:.0f} ms for the first row)."
            if closed and closed.updates_per_s
            else "."
        ),
        "",
        "**Latency at an offered load** (open loop: new members arrive at a fixed rate, "
        "whatever the bot does, and each sends its steps like a person, one after the "
        "previous was handled)",
        "",
        *latency_table(results),
        "",
        (
            f"Offered: {opened.offered_per_s:.0f} updates/s = a new member every "
            f"{1000 * opened.updates / opened.members / opened.offered_per_s:.0f} ms "
            f"({opened.members} members). "
            if opened and opened.offered_per_s
            else ""
        )
        + f"Kept up: achieved >= {100 * KEPT_UP:.0f}% of offered; a bot that cannot keep up "
        "builds a backlog, so its achieved rate is lower and its latency grows with the run.",
        "",
        "Latency: the emulator queues the update -> the bot's last reply to it (one clock, the "
        "emulator's). Updates/s: all updates / (first queued -> last reply). The simulated "
        "members run inside the emulator's process (POST /_emulator/load), so CPU bot % is "
        "the bot alone; 100% = one core saturated. Peak RSS: the bot's worker process"
        + (f"; the emulator peaked at {emulator_rss:.0f} MB." if emulator_rss else "."),
        "TELEGRAM_RATE_LIMIT=100000: with ~25/s the messenger's cap is all we would measure.",
    ]
    return "\n".join(lines)


def verdict(results: list[Result]) -> str:
    sqlite = next((r for r in results if r.scenario == "sqlite" and not r.skipped), None)
    if sqlite is None or not sqlite.phases:
        return ""
    goal = (f"target (>= {TARGET_UPDATES_PER_S:.0f} updates/s, p99 < {TARGET_P99_MS:.0f} ms "
            f"at {TARGET_UPDATES_PER_S:.0f} offered updates/s)")  # fmt: skip
    closed, opened = sqlite.phases.get("closed"), sqlite.phases.get("open")
    misses = []
    if closed and closed.updates_per_s < TARGET_UPDATES_PER_S:
        misses.append(f"throughput {closed.updates_per_s:.0f} updates/s")
    if opened:
        if (opened.offered_per_s or 0) < TARGET_UPDATES_PER_S:
            misses.append(f"latency measured at {opened.offered_per_s:.0f} offered updates/s only")
        if not opened.kept_up:
            misses.append(f"kept up with only {opened.updates_per_s:.0f} updates/s")
        if opened.p99_ms >= TARGET_P99_MS:
            misses.append(f"p99 {opened.p99_ms:.1f} ms")
    if not misses:
        return f"SQLite meets the {goal}."
    hint = "" if sqlite.profiled else " Rerun with --profile to see where the time goes."
    return f"SQLite misses the {goal}: {', '.join(misses)}.{hint}"
