"""Run the emulator on its own: ``python -m bot.emulator --port 8081 --bot 111:AAA:vafa_bot``."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal
import sys

from bot.emulator.driver import Emulator
from bot.emulator.platforms import PLATFORMS


def parse_bot(spec: str) -> tuple[str, str, str]:
    """``<id>:<secret>:<username>[:<platform>]`` -> (token, username, platform)."""
    parts = spec.split(":")
    if len(parts) not in (3, 4) or not parts[0].isdigit():
        raise argparse.ArgumentTypeError(
            f"--bot must look like 111:SECRET:username[:telegram|bale], got {spec!r}"
        )
    platform = parts[3] if len(parts) == 4 else "telegram"
    if platform not in PLATFORMS:
        raise argparse.ArgumentTypeError(f"unknown platform {platform!r} in {spec!r}")
    return f"{parts[0]}:{parts[1]}", parts[2], platform


async def serve(
    host: str,
    port: int,
    bots: list[tuple[str, str, str]],
    rate_cap: float | None = None,
    retry_after: int = 1,
    chat_rate_cap: float | None = None,
) -> None:
    emu = await Emulator(host=host, port=port).start()
    emu.set_rate_cap(rate_cap, retry_after, per_chat=chat_rate_cap)
    for token, username, platform in bots:
        emu.add_bot(token, username, platform)
    print(f"emulator listening on {emu.url} (bot API base_url {emu.base_url})", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    try:
        await stop.wait()
    finally:
        await emu.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.emulator", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument(
        "--bot",
        action="append",
        type=parse_bot,
        default=[],
        help="TOKEN_ID:SECRET:USERNAME[:PLATFORM], repeatable",
    )
    parser.add_argument(
        "--rate-cap",
        type=float,
        default=None,
        metavar="PER_SECOND",
        help="answer a bot's sends over this many per second with HTTP 429 (default: no cap)",
    )
    parser.add_argument(
        "--retry-after",
        type=int,
        default=1,
        metavar="SECONDS",
        help="retry_after given in those 429 answers (default 1)",
    )
    parser.add_argument(
        "--chat-rate-cap",
        type=float,
        default=None,
        metavar="PER_SECOND",
        help="also cap sends per chat (Telegram's guidance is 1; default: no cap)",
    )
    args = parser.parse_args(argv)
    for name in ("rate_cap", "chat_rate_cap"):
        value = getattr(args, name)
        if value is not None and not value > 0:
            parser.error(f"--{name.replace('_', '-')} must be positive, got {value}")
    if args.retry_after < 0:
        parser.error(f"--retry-after must be >= 0, got {args.retry_after}")
    asyncio.run(
        serve(args.host, args.port, args.bot, args.rate_cap, args.retry_after, args.chat_rate_cap)
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
