"""Simulated members: each plays a script over the emulator's HTTP control API, like a human.

A member sends its next message only after the previous update was handled (the emulator's
`handled` long poll returns once the bot's getUpdates offset moved past it, which our Poller
does only after the replies were sent), so N members mean up to N chats in flight at once.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any, Literal

import aiohttp

from bot.i18n import Texts

USER_ID_BASE = 50_000_000
NAME = "سارا محمدی"
BIRTH_DATE = "۱۳۷۰/۰۵/۱۲"
HANDLED_TIMEOUT = 60.0


@dataclass(frozen=True)
class Step:
    kind: Literal["send", "press", "contact"]
    text: str = ""


def club_script(texts: Texts) -> list[Step]:
    """Signup, then balance and history: the 7 updates the issue asks for."""
    return [
        Step("send", "/start"),
        Step("press", texts("button-consent-yes")),
        Step("send", NAME),
        Step("contact"),
        Step("send", BIRTH_DATE),
        Step("press", texts("button-points")),
        Step("press", texts("button-history")),
    ]


def echo_script(texts: Texts, phone: str = "+989120000000") -> list[Step]:
    """The same 7 texts as plain messages: an echo bot has no buttons to press."""
    return [Step("send", s.text or phone) for s in club_script(texts)]


class BenchFailure(AssertionError):
    """The bot misbehaved; its figures must not be reported."""


class Members:
    def __init__(
        self, session: aiohttp.ClientSession, url: str, token: str, count: int, script: list[Step]
    ) -> None:
        self.session, self.url, self.token = session, url, token
        self.count, self.script = count, script

    def user_ids(self) -> list[int]:
        return [USER_ID_BASE + i for i in range(1, self.count + 1)]

    @staticmethod
    def phone(user_id: int) -> str:
        return f"+98912{user_id % 10_000_000:07d}"

    async def _call(self, method: str, name: str, **data: Any) -> dict[str, Any]:
        endpoint = f"{self.url}/_emulator/{name}"
        if method == "GET":
            request = self.session.get(endpoint, params={k: str(v) for k, v in data.items()})
        else:
            request = self.session.post(endpoint, json=data)
        async with request as response:
            body: dict[str, Any] = await response.json()
        if not body.get("ok"):
            raise BenchFailure(f"/_emulator/{name} {data}: {body.get('error')}")
        return body

    async def member(self, user_id: int) -> None:
        who = {"token": self.token, "user_id": user_id, "first_name": f"عضو {user_id}",
               "phone": self.phone(user_id)}  # fmt: skip
        for step in self.script:
            if step.kind == "press":
                sent = await self._call("POST", "press", **who, label=step.text)
            elif step.kind == "contact":
                sent = await self._call("POST", "contact", **who)
            else:
                sent = await self._call("POST", "send", **who, text=step.text)
            update_id = sent["update_id"]
            done = await self._call(
                "GET", "handled", token=self.token, update_id=update_id, timeout=HANDLED_TIMEOUT
            )
            if not done["handled"]:
                raise BenchFailure(f"update {update_id} of user {user_id} ({step}) not handled")

    async def run(self) -> None:
        await asyncio.gather(*(self.member(user_id) for user_id in self.user_ids()))

    async def last_texts(self) -> dict[int, str]:
        """Each member's newest visible message from the bot (for the correctness check)."""

        async def last(user_id: int) -> str:
            inbox = await self._call("GET", "inbox", token=self.token, chat_id=user_id)
            live = [m for m in inbox["messages"] if not m["deleted"]]
            return str((live[-1]["text"] or "") if live else "")

        found = await asyncio.gather(*(last(u) for u in self.user_ids()))
        return dict(zip(self.user_ids(), found, strict=True))

    async def method_counts(self) -> dict[str, int]:
        """Bot API calls the emulator served so far, all bots together."""
        body = await self._call("GET", "stats", token=self.token)
        return {str(k): int(v) for k, v in body["method_counts"].items()}

    async def stats(self) -> list[dict[str, Any]]:
        body = await self._call("GET", "stats", token=self.token)
        updates: list[dict[str, Any]] = body["updates"]
        return updates


def new_session() -> aiohttp.ClientSession:
    # Every member holds one connection in a long poll and opens another to send: no cap.
    return aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=0, limit_per_host=0),
        timeout=aiohttp.ClientTimeout(total=HANDLED_TIMEOUT + 30),
    )
