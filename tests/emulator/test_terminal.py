"""The terminal client as a developer at the keyboard sees it (a real PTB bot on the emulator)."""

from __future__ import annotations

import asyncio
import io
import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.emulator import Emulator
from bot.emulator.terminal import run_terminal
from bot.emulator.terminal_io import LineReader, bidi_wanted, parse_deep_link, visual
from tests.emulator.test_emulator import BALE, PNG, TG, running

HELLO_RTL = "\u0633\u0644\u0627\u0645 \u062f\u0646\u06cc\u0627"  # a Persian greeting
TWO_PERSIAN = "\u06f2"  # the Persian digit two


@pytest.fixture
async def emu() -> AsyncIterator[Emulator]:
    emulator = await Emulator().start()
    emulator.add_bot(TG, "vafa_test_bot", platform="telegram")
    emulator.add_bot(BALE, "vafa_bale_bot", platform="bale")
    yield emulator
    await emulator.stop()


async def chat(emu: Emulator, *lines: str, **options: object) -> str:
    """Types ``lines`` into the terminal with both bots running; everything it printed."""
    stdin, stdout = io.StringIO("\n".join(lines) + "\n"), io.StringIO()
    bots = {"telegram": emu.bot(TG), "bale": emu.bot(BALE)}
    async with running(emu, TG), running(emu, BALE):
        await asyncio.wait_for(
            run_terminal(emu, bots, stdin, stdout, reply_timeout=5, **options),  # type: ignore[arg-type]
            20,
        )
    return stdout.getvalue()


async def test_a_pasted_invite_link_starts_the_bot_it_names_with_its_payload(
    emu: Emulator,
) -> None:
    out = await chat(
        emu,
        "https://ble.ir/vafa_bale_bot?start=r_12345678",
        "t.me/vafa_test_bot?start=r_87654321",
        "https://t.me/vafa_test_bot",
        "/quit",
    )
    assert "@vafa_bale_bot> start:r_12345678" in out
    assert "@vafa_test_bot> start:r_87654321" in out
    assert "@vafa_test_bot> start:\n" in out  # a plain link is a plain /start
    assert "echo:" not in out  # no link went out as text


def test_only_whole_t_me_and_ble_ir_links_are_invite_links() -> None:
    link = parse_deep_link("  https://T.me/Vafa_Bot?start=r_1&x=2 ")
    assert link is not None and (link.platform, link.username, link.payload) == (
        "telegram",
        "Vafa_Bot",
        "r_1",
    )
    assert parse_deep_link("http://ble.ir/b?start=") == parse_deep_link("ble.ir/b")
    assert parse_deep_link("see t.me/vafa_bot?start=r_1") is None
    assert parse_deep_link("https://example.com/vafa_bot?start=r_1") is None


async def test_digits_after_a_quote_and_persian_digits_are_sent_as_text(emu: Emulator) -> None:
    out = await chat(emu, "/menu", "'2", TWO_PERSIAN, "2", "'", "/help", "/quit")
    assert "@vafa_test_bot> echo: 2\n" in out
    assert f"@vafa_test_bot> echo: {TWO_PERSIAN}\n" in out
    assert "@vafa_test_bot (edited)> chose b" in out  # a bare ASCII number still presses
    assert "'<text>" in out and "'123 sends 123" in out


async def test_photos_and_documents_the_bot_sends_are_saved_and_their_paths_printed(
    emu: Emulator, tmp_path: Path
) -> None:
    files = tmp_path / "files"
    out = await chat(emu, "/photo", "/doc", "/quit", files_dir=files)
    photo = files / "telegram-user1-2.png"
    document = files / "telegram-user1-4-data.json"
    assert photo.read_bytes() == PNG
    assert document.read_bytes() == b'{"points": 10}'
    assert f"[photo: {len(PNG)} bytes, saved to {photo}]" in out
    assert f"[document data.json: 14 bytes, saved to {document}]" in out
    # An earlier run's file under the name the next photo would take (ids restart per run).
    earlier = files / "telegram-user1-6.png"
    earlier.write_bytes(b"a card from an earlier run")
    again = await chat(emu, "/photo", "/quit", files_dir=files)
    assert earlier.read_bytes() == b"a card from an earlier run"
    assert (files / "telegram-user1-6-2.png").read_bytes() == PNG
    assert "telegram-user1-6-2.png" in again


async def test_right_to_left_text_is_shown_in_display_order_only_when_asked(
    emu: Emulator,
) -> None:
    logical = f"echo: {HELLO_RTL}"
    shown = visual(logical)
    assert shown != logical and shown.endswith(HELLO_RTL[::-1][-4:])
    reordered = await chat(emu, HELLO_RTL, "/quit", bidi=True)
    assert f"@vafa_test_bot> {shown}\n" in reordered
    plain = await chat(emu, HELLO_RTL, "/quit")
    assert f"@vafa_test_bot> {logical}\n" in plain
    assert visual("points: 10") == "points: 10"
    # Brackets are mirrored, or "(...)" around Persian words would show as ")...(".
    assert visual(f"({HELLO_RTL})") == f"({HELLO_RTL[::-1]})"


def test_bidi_is_on_for_a_terminal_off_for_a_pipe_and_the_variable_overrides() -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert bidi_wanted(None, Tty()) is True
    assert bidi_wanted(None, io.StringIO()) is False
    assert bidi_wanted("0", Tty()) is False
    assert bidi_wanted("off", Tty()) is False
    assert bidi_wanted("1", io.StringIO()) is True


async def test_reset_runs_the_hook_and_prints_what_it_says(emu: Emulator) -> None:
    calls: list[str] = []

    async def reset() -> str:
        calls.append("reset")
        return "Sandbox reset: fresh."

    out = await chat(emu, "hello", "/help", "/reset", "hello", "/quit", on_reset=reset)
    assert calls == ["reset"]
    assert "/reset            delete the sandbox database" in out
    assert "Sandbox reset: fresh.\nChatting with @vafa_test_bot" in out
    assert out.count("echo: hello") == 2  # the session goes on afterwards
    without = await chat(emu, "/help", "/quit")
    assert "/reset" not in without


async def test_ctrl_c_ends_the_session_with_a_goodbye_and_no_thread_left_reading(
    emu: Emulator,
) -> None:
    read_fd, write_fd = os.pipe()
    stdout = io.StringIO()
    with os.fdopen(read_fd, encoding="utf-8") as stdin:
        session = asyncio.create_task(run_terminal(emu, {"telegram": emu.bot(TG)}, stdin, stdout))
        await asyncio.sleep(0.2)
        session.cancel()  # what the sandbox does on SIGINT
        with pytest.raises(asyncio.CancelledError):
            await asyncio.wait_for(session, 5)
        # A thread blocked in readline() would be what keeps asyncio.run from returning.
        loop = asyncio.get_running_loop()
        assert not loop.remove_reader(read_fd)  # the descriptor is no longer watched
    os.close(write_fd)
    assert stdout.getvalue().endswith("Sara> \nBye.\n")


async def test_lines_typed_or_pasted_at_once_arrive_one_by_one_then_end_of_input() -> None:
    read_fd, write_fd = os.pipe()
    with os.fdopen(read_fd, encoding="utf-8") as stream:
        reader = LineReader(stream)
        first = asyncio.create_task(reader.readline())
        await asyncio.sleep(0.05)
        os.write(write_fd, f"one\r\ntwo\n{HELLO_RTL}".encode()[:-1])  # a split UTF-8 char
        assert await asyncio.wait_for(first, 2) == "one"
        assert await reader.readline() == "two"
        os.write(write_fd, f"{HELLO_RTL}".encode()[-1:])
        os.close(write_fd)
        assert await asyncio.wait_for(reader.readline(), 2) == HELLO_RTL
        assert await reader.readline() is None
        assert await reader.readline() is None


async def test_a_line_ending_in_a_backslash_goes_on_as_one_message(emu: Emulator) -> None:
    out = await chat(emu, "first\\", "second\\", "third", "/quit")
    # One message: its lines are printed under one another, indented under the bot's name.
    assert "@vafa_test_bot> echo: first\n" in out
    assert out.count("echo:") == 1 and "second\n" in out and "third\n" in out
