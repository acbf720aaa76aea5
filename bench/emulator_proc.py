"""The Bot API emulator in its own process, so its CPU time is not charged to the bot."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field

# One bot per scenario: each gets its own update counter and stats on the same emulator.
TOKENS: dict[str, str] = {
    "sqlite": "700001:bench-sqlite",
    "postgres": "700002:bench-postgres",
    "echo": "700003:bench-echo",
}


def free_port() -> int:
    """A port the kernel just handed out; the emulator binds it a moment later."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class EmulatorProcess:
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, ready_within: float = 20.0) -> EmulatorProcess:
        args = [sys.executable, "-m", "bot.emulator", "--port", str(self.port)]
        for name, token in TOKENS.items():
            args += ["--bot", f"{token}:vafa_bench_{name}_bot:telegram"]
        # stdout only carries the "listening" banner; readiness is checked on the socket.
        self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + ready_within
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"emulator exited with {self.process.returncode}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return self
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"emulator did not listen on {self.url} within {ready_within}s")

    def peak_rss_mb(self) -> float | None:
        """VmHWM (the kernel's peak resident set) of the emulator process, Linux only."""
        if self.process is None:
            return None
        try:
            with open(f"/proc/{self.process.pid}/status", encoding="ascii") as status:
                for line in status:
                    if line.startswith("VmHWM:"):
                        return int(line.split()[1]) / 1024
        except OSError:
            return None
        return None

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
