"""Scripted failures: make the next N matching Bot API calls fail the way Telegram can."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.emulator.models import ApiError

FAULT_KINDS = ("400", "403", "429", "500", "502", "network")


@dataclass
class Fault:
    method: str | None  # lower-cased; None matches every method
    kind: str
    retry_after: int
    times: int
    chat_id: int | str | None
    token: str | None
    skip: int = 0  # matching calls let through before the fault starts

    def matches(self, token: str, method: str, params: dict[str, Any]) -> bool:
        if self.method is not None and self.method != method.lower():
            return False
        if self.token is not None and self.token != token:
            return False
        return self.chat_id is None or str(params.get("chat_id")) == str(self.chat_id)

    def error(self) -> ApiError:
        if self.kind == "429":
            return ApiError(
                429,
                f"Too Many Requests: retry after {self.retry_after}",
                retry_after=self.retry_after,
            )
        if self.kind == "403":
            return ApiError(403, "Forbidden: bot was blocked by the user")
        if self.kind == "400":
            return ApiError(400, "Bad Request: injected fault")
        if self.kind == "502":
            return ApiError(502, "Bad Gateway")
        return ApiError(500, "Internal Server Error")


class NetworkFault(Exception):
    """Raised instead of an ApiError when the connection should be dropped without a reply."""


class FaultInjector:
    def __init__(self) -> None:
        self._faults: list[Fault] = []
        self.triggered: list[tuple[str, str, str]] = []  # (token, method, kind)

    def add(
        self,
        method: str | None = None,
        kind: str = "500",
        retry_after: int = 1,
        times: int = 1,
        chat_id: int | str | None = None,
        token: str | None = None,
        skip: int = 0,
    ) -> Fault:
        """Fail the next ``times`` calls of ``method`` (optionally only for ``chat_id``),
        after letting ``skip`` of them through (the second message of a step, not the first)."""
        kind = str(kind)
        if kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {kind!r}; expected one of {FAULT_KINDS}")
        if times < 1:
            raise ValueError("times must be >= 1")
        fault = Fault(
            method.lower() if method else None, kind, retry_after, times, chat_id, token, skip
        )
        self._faults.append(fault)
        return fault

    def clear(self) -> None:
        self._faults.clear()

    @property
    def pending(self) -> list[Fault]:
        return list(self._faults)

    def check(self, token: str, method: str, params: dict[str, Any]) -> None:
        """Raise the first matching fault's error (and use up one of its repetitions)."""
        for fault in self._faults:
            if fault.matches(token, method, params):
                if fault.skip > 0:
                    fault.skip -= 1
                    return
                fault.times -= 1
                if fault.times <= 0:
                    self._faults.remove(fault)
                self.triggered.append((token, method, fault.kind))
                if fault.kind == "network":
                    raise NetworkFault(method)
                raise fault.error()
