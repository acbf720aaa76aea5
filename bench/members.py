"""Simulated members: their scripts, and the one request that has the emulator play them.

The members run inside the emulator's process (``POST /_emulator/load``, see
bot/emulator/load.py), so the benchmark worker spends its CPU on the bot alone. A member sends
its next step only after the previous update was handled (the bot's getUpdates offset moved
past it, which our Poller does only after the replies were sent), like a person.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import aiohttp

from bot.i18n import Texts

# Each phase of a scenario plays new people against the same bot and database.
USER_ID_BASE = {"closed": 50_000_000, "open": 51_000_000}
FIRST_NAME = "عضو"
NAME = "سارا محمدی"
BIRTH_DATE = "۱۳۷۰/۰۵/۱۲"
STEP_TIMEOUT = 60.0

Step = dict[str, Any]  # {"text": ...} | {"press": label} | {"contact": True}


def club_script(texts: Texts) -> list[Step]:
    """Signup, then balance and history: the 7 updates the issue asks for."""
    return [
        {"text": "/start"},
        {"press": texts("button-consent-yes")},
        {"text": NAME},
        {"contact": True},
        {"text": BIRTH_DATE},
        {"press": texts("button-points")},
        {"press": texts("button-history")},
    ]


def echo_script(texts: Texts, phone: str = "+989120000000") -> list[Step]:
    """The same 7 texts as plain messages: an echo bot has no buttons to press."""
    return [{"text": s.get("text") or s.get("press") or phone} for s in club_script(texts)]


class BenchFailure(AssertionError):
    """The bot misbehaved; its figures must not be reported."""


async def play(
    url: str,
    token: str,
    script: list[Step],
    *,
    mode: str,
    members: int,
    rate: float | None = None,
) -> dict[str, Any]:
    """Have the emulator play ``members`` new people; its answer once the last one is done.

    ``mode`` "closed": all members at once, each step after the previous one was handled.
    "open": a new member every len(script) / rate seconds (``rate`` offered updates/s).
    """
    body = {
        "token": token,
        "members": members,
        "steps": script,
        "rate": rate if mode == "open" else None,
        "user_id_base": USER_ID_BASE[mode],
        "first_name": FIRST_NAME,
        "step_timeout": STEP_TIMEOUT,
    }
    # One request for the whole load: no total timeout, the members' own timeouts apply.
    timeout = aiohttp.ClientTimeout(total=None, sock_read=None)
    async with (
        aiohttp.ClientSession(timeout=timeout) as session,
        session.post(f"{url}/_emulator/load", json=body) as response,
    ):
        answer: dict[str, Any] = await response.json()
    if not answer.get("ok"):
        raise BenchFailure(f"/_emulator/load: {answer.get('error')}")
    failures = answer["failures"]
    if failures:
        raise BenchFailure(f"{len(failures)} of {members} members failed, e.g. {failures[:3]}")
    expected = members * len(script)
    if len(answer["updates"]) != expected:
        raise BenchFailure(f"{len(answer['updates'])} updates, expected {expected}")
    return answer


def wrong_last_texts(
    answer: dict[str, Any], ok: Callable[[str], bool]
) -> list[tuple[str, str | None]]:
    """Members whose newest visible message from the bot fails ``ok(text)``."""
    return [(u, t) for u, t in answer["last_texts"].items() if t is None or not ok(t)]
