"""`python -m bot` as a shop owner starts it: a broken setting is one line, never a traceback.

Each test runs the real process in an empty folder with only the environment it names, so a
developer's .env or settings cannot leak in.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

PREFIX = "Vafa cannot start: "


def run_bot(cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    base = {"PATH": os.environ.get("PATH", ""), "HOME": str(cwd)}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=cwd,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def only_line(result: subprocess.CompletedProcess[str]) -> str:
    """The one stderr line, after checking nothing else was said."""
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(PREFIX), lines[0]
    return lines[0].removeprefix(PREFIX)


@pytest.mark.parametrize("command", [[], ["run"], ["migrate"], ["sandbox"]], ids=str)
def test_every_command_says_the_same_line_when_dot_env_is_broken(
    tmp_path: Path, command: list[str]
) -> None:
    (tmp_path / ".env").write_text("TELEGRAM_TOKEN=1:abc\nADMIN_IDS=tg:1\n", encoding="utf-8")
    result = run_bot(tmp_path, *command)
    assert result.returncode == 2
    assert only_line(result).startswith("ADMIN_IDS: 'tg:1' names no messenger Vafa knows")
    assert not (tmp_path / "data").exists()


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        (
            {"ADMIN_IDS": "telegram:abc"},
            "ADMIN_IDS: 'telegram:abc': the user id must be a positive number",
        ),
        (
            {"DATABASE_URL": "postgres://vafa:s3cret@db/vafa"},
            "DATABASE_URL: Vafa talks to PostgreSQL through asyncpg; "
            "write postgresql+asyncpg://vafa:***@db/vafa",
        ),
        (
            {"DATABASE_URL": "sqlite:///data/vafa.db"},
            "DATABASE_URL: Vafa talks to SQLite through aiosqlite; "
            "write sqlite+aiosqlite:///data/vafa.db",
        ),
        ({"TIMEZONE": "Tehran"}, "TIMEZONE: unknown time zone 'Tehran'"),
        ({"LANGUAGE": "de"}, "LANGUAGE: no texts for 'de'"),
        (
            {"POINTS_SIGNUP": "-5"},
            "POINTS_SIGNUP: Input should be greater than or equal to 0 (got '-5')",
        ),
    ],
    ids=lambda value: next(iter(value)) if isinstance(value, dict) else "",
)
def test_a_bad_setting_in_the_environment_is_one_line_and_status_2(
    tmp_path: Path, env: dict[str, str], expected: str
) -> None:
    result = run_bot(tmp_path, "run", TELEGRAM_TOKEN="1:abc", **env)
    assert result.returncode == 2
    line = only_line(result)
    assert line.startswith(expected)
    assert "s3cret" not in result.stderr


def test_two_bad_settings_are_two_lines(tmp_path: Path) -> None:
    result = run_bot(tmp_path, "run", POINTS_SIGNUP="-1", TIMEZONE="Mars/Base")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    named = [line.removeprefix(PREFIX).split(":")[0] for line in result.stderr.splitlines()]
    assert sorted(named) == ["POINTS_SIGNUP", "TIMEZONE"]


def test_run_without_a_token_is_a_configuration_error(tmp_path: Path) -> None:
    result = run_bot(tmp_path, "run")
    assert result.returncode == 2
    assert only_line(result).startswith("TELEGRAM_TOKEN, BALE_TOKEN: neither is set")


def test_postgresql_that_does_not_answer_is_status_1(tmp_path: Path) -> None:
    url = "postgresql+asyncpg://vafa:s3cret@127.0.0.1:9/vafa"
    result = run_bot(tmp_path, "run", TELEGRAM_TOKEN="1:abc", DATABASE_URL=url)
    assert result.returncode == 1
    line = only_line(result)
    assert line.startswith("DATABASE_URL: PostgreSQL at 127.0.0.1:9 does not answer")
    assert line.endswith("start it, or check the host and port")
    assert "s3cret" not in result.stderr


def test_a_sqlite_folder_that_cannot_be_written_is_status_2(tmp_path: Path) -> None:
    # A file where the folder should be: refused even for root, unlike a chmod.
    (tmp_path / "data").write_text("not a folder", encoding="utf-8")
    url = f"sqlite+aiosqlite:///{tmp_path / 'data' / 'vafa.db'}"
    result = run_bot(tmp_path, "migrate", DATABASE_URL=url)
    assert result.returncode == 2
    assert only_line(result).startswith(f"DATABASE_URL: cannot write in the folder {tmp_path}")


def test_log_level_debug_adds_the_traceback(tmp_path: Path) -> None:
    result = run_bot(tmp_path, "run", ADMIN_IDS="tg:1", LOG_LEVEL="DEBUG")
    assert result.returncode == 2
    assert result.stderr.startswith(PREFIX + "ADMIN_IDS:")
    assert "Traceback" in result.stderr


def test_a_container_can_wait_on_a_configuration_error_instead_of_restarting(
    tmp_path: Path,
) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "run", "--wait-on-config-error"],
        cwd=tmp_path,
        env={"PATH": os.environ.get("PATH", ""), "TIMEZONE": "Tehran"},
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stderr is not None
    try:
        assert proc.stderr.readline().startswith(PREFIX + "TIMEZONE:")
        assert proc.stderr.readline().startswith("Waiting: fix the setting")
        time.sleep(0.2)
        assert proc.poll() is None
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 2
    finally:
        proc.kill()
        proc.wait()


def test_a_tier_without_a_name_in_the_texts_is_one_line_at_start(tmp_path: Path) -> None:
    result = run_bot(tmp_path, "run", TELEGRAM_TOKEN="1:abc", TIERS="bronze:0:1.0,platinum:100:2")
    assert result.returncode == 2
    assert only_line(result).startswith("TIERS: no name for tier platinum in locales/fa")


def test_a_mistyped_name_in_dot_env_is_warned_about_with_the_likely_name(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("ADMIN_ID=telegram:1\nPOINTS_SIGNUP=x\n", encoding="utf-8")
    result = run_bot(tmp_path, "run")  # stops at POINTS_SIGNUP, after the warning
    assert result.returncode == 2
    assert "ADMIN_ID is not a setting Vafa knows" in result.stderr + result.stdout
    assert "did you mean ADMIN_IDS?" in result.stderr + result.stdout
