"""Scripted members played inside the emulator's process: the load generator for benchmarks.

``POST /_emulator/load`` runs them here with the in-process driver (``SimUser``), so the
simulated people cost the bot's process nothing and no HTTP hop sits between a member and the
emulator. Each member is a new user (``user_id_base + n``, phone ``phone_prefix`` + the id's
last 7 digits) playing ``steps`` like a person: a step is sent once the previous update was
handled (the bot's getUpdates offset moved past it) and answered (its first reply came and, if
the next step presses a button, that button is there: the bot sends after confirming).

Closed loop (no ``rate``): ``concurrency`` members at a time (default all of them), each new one
as soon as one finishes. The bot is never idle, so this measures throughput; by Little's law
its latency is about members in flight / throughput, a queue length.

Open loop (``rate``, offered updates/s): a new member arrives every ``len(steps) / rate``
seconds whatever the bot does. This measures latency at that offered load; a bot that cannot
keep up shows it as a lower achieved rate and growing latency.

The answer has every update's timings on the emulator's clock (``time.perf_counter``: queued,
handled, first and last reply), the failures, each member's newest visible text, the Bot API
calls the bots made meanwhile and this process's CPU time.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Literal

from bot.emulator.driver import Emulator, SimUser
from bot.emulator.models import JSONDict
from bot.emulator.state import EmulatorState

MAX_MEMBERS = 1_000_000
STEP_FORMS = '{"text": "..."}, {"press": "label"} or {"contact": true}'


@dataclass(frozen=True)
class Step:
    kind: Literal["text", "press", "contact"]
    value: str = ""

    @classmethod
    def parse(cls, raw: Any) -> Step:
        if isinstance(raw, dict) and len(raw) == 1:
            ((key, value),) = raw.items()
            if key == "text" and isinstance(value, str):
                return cls("text", value)
            if key == "press" and isinstance(value, str):
                return cls("press", value)
            if key == "contact" and value is True:
                return cls("contact")
        raise ValueError(f"a step is {STEP_FORMS}, got {raw!r}")


@dataclass(frozen=True)
class LoadSpec:
    token: str
    members: int
    steps: tuple[Step, ...]
    rate: float | None = None  # offered updates/s: open loop; None: closed loop
    concurrency: int | None = None  # closed loop: members in flight (default: all)
    user_id_base: int = 50_000_000
    first_name: str = "Member"
    phone_prefix: str = "+98912"
    step_timeout: float = 60.0

    @classmethod
    def parse(cls, data: JSONDict) -> LoadSpec:
        steps = data.get("steps")
        if not isinstance(steps, list) or not steps:
            raise ValueError(f"steps must be a non-empty list of {STEP_FORMS}")
        members = int(data["members"])
        if not 1 <= members <= MAX_MEMBERS:
            raise ValueError(f"members must be 1..{MAX_MEMBERS}, got {members}")
        rate = None if data.get("rate") is None else float(data["rate"])
        if rate is not None and rate <= 0:
            raise ValueError(f"rate must be > 0 updates/s, got {rate}")
        concurrency = None if data.get("concurrency") is None else int(data["concurrency"])
        if concurrency is not None and (concurrency < 1 or rate is not None):
            raise ValueError("concurrency must be >= 1, and only for a closed loop (no rate)")
        return cls(
            token=str(data["token"]),
            members=members,
            steps=tuple(Step.parse(step) for step in steps),
            rate=rate,
            concurrency=concurrency,
            user_id_base=int(data.get("user_id_base", cls.user_id_base)),
            first_name=str(data.get("first_name", cls.first_name)),
            phone_prefix=str(data.get("phone_prefix", cls.phone_prefix)),
            step_timeout=float(data.get("step_timeout", cls.step_timeout)),
        )

    def user_id(self, n: int) -> int:
        return self.user_id_base + n

    def phone(self, user_id: int) -> str:
        return f"{self.phone_prefix}{user_id % 10_000_000:07d}"


@dataclass
class Load:
    emu: Emulator
    spec: LoadSpec
    sent: list[tuple[int, int, int]] = field(default_factory=list)  # user, step, update id
    failures: list[JSONDict] = field(default_factory=list)
    users: list[SimUser] = field(default_factory=list)
    in_flight: int = 0
    max_in_flight: int = 0

    async def play(self, user: SimUser, step: Step) -> int:
        """Queue one step's update without waiting (the caller waits, knowing its id)."""
        if step.kind == "press":
            return await user.press(step.value, wait=False)
        if step.kind == "contact":
            return await user.share_contact(wait=False)
        return await user.send(step.value, wait=False)

    async def member(self, n: int) -> None:
        spec = self.spec
        user_id = spec.user_id(n)
        user = self.emu.user(
            spec.token, user_id, f"{spec.first_name} {n}", phone=spec.phone(user_id)
        )
        self.users.append(user)
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            for index, step in enumerate(spec.steps):
                try:
                    update_id = await self.play(user, step)
                    self.sent.append((user_id, index, update_id))
                    await self.emu.wait_handled(spec.token, update_id, spec.step_timeout)
                    following = spec.steps[index + 1] if index + 1 < len(spec.steps) else None
                    await self.answered(user, update_id, following)
                except (AssertionError, TimeoutError) as exc:
                    error = f"{type(exc).__name__}: {exc}"
                    self.failures.append({"user_id": user_id, "step": index, "error": error[:500]})
                    return
        finally:
            self.in_flight -= 1

    async def answered(self, user: SimUser, update_id: int, following: Step | None) -> None:
        """Until the update's reply came and the next step's button is there (a step whose
        button never comes fails at the press, as a person's would, once the step's time is
        up)."""
        stat = self.emu.state.get_bot(self.spec.token).stats[update_id]
        deadline = time.perf_counter() + self.spec.step_timeout
        while stat.first_reply_at is None:
            if time.perf_counter() > deadline:
                raise TimeoutError(f"update {update_id} got no reply in {self.spec.step_timeout}s")
            await asyncio.sleep(0.002)
        if following is None or following.kind != "press":
            return
        while not self.can_press(user, following) and time.perf_counter() < deadline:  # noqa: ASYNC110
            await asyncio.sleep(0.002)

    def can_press(self, user: SimUser, step: Step) -> bool:
        try:
            self.emu.state.find_button(user.chat, step.value, "any")
        except AssertionError:
            return False
        return True

    async def closed_loop(self) -> None:
        numbers = iter(range(1, self.spec.members + 1))

        async def slot() -> None:
            for n in numbers:  # shared: each slot takes the next member when it is free
                await self.member(n)

        async with asyncio.TaskGroup() as group:
            for _ in range(min(self.spec.concurrency or self.spec.members, self.spec.members)):
                group.create_task(slot())

    async def open_loop(self, rate: float) -> None:
        loop = asyncio.get_running_loop()
        interval = len(self.spec.steps) / rate
        start = loop.time()
        async with asyncio.TaskGroup() as group:
            for n in range(1, self.spec.members + 1):
                delay = start + (n - 1) * interval - loop.time()
                if delay > 0:
                    await asyncio.sleep(delay)
                group.create_task(self.member(n))

    def last_text(self, user: SimUser) -> str | None:
        live = [m for m in user.inbox if not m.deleted]
        return (live[-1].content or "") if live else None


async def run_load(state: EmulatorState, spec: LoadSpec) -> JSONDict:
    """Play ``spec``'s members to the end; the JSON answer of ``POST /_emulator/load``."""
    bot = state.get_bot(spec.token)
    load = Load(Emulator(state=state), spec)
    calls_before = Counter(state.method_counts)
    cpu_before = time.process_time()
    started = time.perf_counter()
    if spec.rate is None:
        await load.closed_loop()
    else:
        await load.open_loop(spec.rate)
    finished = time.perf_counter()
    calls = Counter(state.method_counts)
    calls.subtract(calls_before)
    updates = []
    for user_id, index, update_id in sorted(load.sent, key=lambda sent: sent[2]):
        stat = bot.stats[update_id]
        updates.append({**stat.as_json(), "user_id": user_id, "step": index})
    return {
        "mode": "closed" if spec.rate is None else "open",
        "members": spec.members,
        "steps": len(spec.steps),
        "rate": spec.rate,
        "concurrency": spec.concurrency,
        "started_at": started,
        "finished_at": finished,
        "seconds": finished - started,
        "cpu_seconds": time.process_time() - cpu_before,
        "max_in_flight": load.max_in_flight,
        "method_counts": {name: count for name, count in calls.items() if count},
        "updates": updates,
        "failures": load.failures,
        "last_texts": {str(u.id): load.last_text(u) for u in load.users},
    }
