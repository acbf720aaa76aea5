"""Flood control: one notice past the limit, silence while muted, memory bounded."""

from __future__ import annotations

import importlib

import pytest

from bot.handlers.preload import FloodGate

# The package re-exports the preload handler under the module's name, so fetch the module.
preload = importlib.import_module("bot.handlers.preload")

KEY = ("telegram", 1)


def test_past_the_limit_a_member_gets_one_notice_then_silence_until_the_mute_ends() -> None:
    gate = FloodGate(limit=3, window=10, mute=30)
    assert [gate.check(KEY, now=t) for t in (0, 1, 2)] == ["ok", "ok", "ok"]
    assert gate.check(KEY, now=3) == "notice"
    assert gate.check(KEY, now=20) == "drop"
    assert gate.check(KEY, now=34) == "ok"


def test_messages_older_than_the_window_do_not_count() -> None:
    gate = FloodGate(limit=3, window=10, mute=30)
    assert [gate.check(KEY, now=t) for t in (0, 5, 11, 16, 22)] == ["ok"] * 5


def test_pruning_quiet_users_keeps_a_muted_member_muted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(preload, "PRUNE_ABOVE", 5)
    gate = FloodGate(limit=1, window=1, mute=100)
    gate.check(KEY, now=0)
    assert gate.check(KEY, now=0.1) == "notice"
    for n in range(10):  # many other users, long after KEY's window: pruning runs
        gate.check(("bale", 100 + n), now=50 + n)
    assert len(gate._seen) <= 6
    assert gate.check(KEY, now=60) == "drop"
