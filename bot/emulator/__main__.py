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


async def serve(host: str, port: int, bots: list[tuple[str, str, str]]) -> None:
    emu = await Emulator(host=host, port=port).start()
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
    args = parser.parse_args(argv)
    asyncio.run(serve(args.host, args.port, args.bot))
    return 0


if __name__ == "__main__":
    sys.exit(main())
