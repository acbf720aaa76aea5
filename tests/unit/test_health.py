"""`python -m bot health`: healthy while the database answers and every messenger polls."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from bot.health import MARGIN_SECONDS, Heartbeat, check_polls
from tests.conftest import make_settings


class Clock:
    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


def test_the_heartbeat_is_written_at_most_every_few_seconds(tmp_path: Path) -> None:
    path, clock = tmp_path / "data" / "health.json", Clock()
    beat = Heartbeat(path, every=5, clock=clock)
    beat.record("telegram")
    assert json.loads(path.read_text())["polls"] == {"telegram": 1000.0}
    clock.now += 2
    beat.record("telegram")
    assert json.loads(path.read_text())["polls"] == {"telegram": 1000.0}
    beat.record("bale")  # a messenger's first poll is written at once
    clock.now += 5
    beat.record("telegram")
    assert json.loads(path.read_text())["polls"] == {"telegram": 1007.0, "bale": 1002.0}
    assert [p.name for p in path.parent.iterdir()] == ["health.json"]


def test_every_configured_messenger_must_have_polled_recently(tmp_path: Path) -> None:
    path = tmp_path / "health.json"
    settings = make_settings(
        telegram_token="1:a", bale_token="2:b", health_file=path, poll_timeout=30
    )
    assert check_polls(settings, now=0).startswith("no poll recorded in")  # type: ignore[union-attr]
    limit = 30 + MARGIN_SECONDS
    path.write_text(json.dumps({"polls": {"telegram": 100.0, "bale": 100.0}}))
    assert check_polls(settings, now=100 + limit) is None
    assert check_polls(settings, now=101 + limit) == (
        f"bale: last poll {limit + 1:.0f} s ago (more than {limit:.0f} s)"
    )
    path.write_text(json.dumps({"polls": {"telegram": 100.0}}))
    assert check_polls(settings, now=100) == f"bale: no poll recorded in {path}"
    assert check_polls(make_settings(), now=100) == (
        "no messenger is configured (TELEGRAM_TOKEN, BALE_TOKEN)"
    )


def run_health(cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "health"],
        cwd=cwd,
        env={"PATH": os.environ.get("PATH", ""), "TELEGRAM_TOKEN": "1:abc", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_health_command_answers_with_its_exit_status(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    missing = run_health(tmp_path)
    assert missing.returncode == 1
    assert missing.stderr.strip() == (
        f"unhealthy: the SQLite file {tmp_path / 'data' / 'vafa.db'} does not exist"
    )
    sqlite3.connect(tmp_path / "data" / "vafa.db").close()
    Heartbeat(tmp_path / "data" / "health.json").record("telegram")
    healthy = run_health(tmp_path)
    assert (healthy.returncode, healthy.stderr.strip()) == (0, "healthy")
    broken = run_health(tmp_path, ADMIN_IDS="tg:1")
    assert broken.returncode == 1
    assert broken.stderr.startswith("unhealthy: ADMIN_IDS:")


def test_a_clean_stop_removes_the_heartbeat_so_health_fails_at_once(tmp_path: Path) -> None:
    from bot.health import record_poll, start_heartbeat, stop_heartbeat

    path = tmp_path / "health.json"
    start_heartbeat(path)
    record_poll("telegram")
    assert path.exists()
    stop_heartbeat()
    assert not path.exists()
    record_poll("telegram")  # after the stop nothing is written
    assert not path.exists()
