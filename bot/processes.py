"""Who a process is, and whether a process of this host is gone: what a claim left by a
kill -9 is recognised by (outbox rows, job periods, export folders).

A name is `<host key>:<pid>:<start time>`. The host key covers this host, this boot and this
PID namespace (two containers with one hostname have two namespaces); the start time tells a
reused pid from the process that held it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import socket
import uuid


def _read(path: str) -> str | None:
    try:
        with open(path, encoding="ascii") as file:
            return file.read().strip()
    except OSError:
        return None


def _host_key() -> str:
    parts = [socket.gethostname(), _read("/proc/sys/kernel/random/boot_id") or ""]
    with contextlib.suppress(OSError):
        parts.append(str(os.stat("/proc/self/ns/pid").st_ino))
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:8]


def started(pid: int) -> str | None:
    """A process's start time (clock ticks since boot), None if there is no such process or
    no /proc to ask."""
    stat = _read(f"/proc/{pid}/stat")
    if stat is None:
        return None
    fields = stat.rpartition(")")[2].split()
    return fields[19] if len(fields) > 19 else None


HOST = _host_key()


def name() -> str:
    """This process's name (a random part stands in for the start time without /proc)."""
    pid = os.getpid()
    return f"{HOST}:{pid}:{started(pid) or uuid.uuid4().hex[:8]}"


def dead_on_this_host(claimant: str, me: str) -> bool:
    """A name left by a process of this host that is gone (kill -9, a crash): its id names no
    process now, or a process started at another time (the id was reused). False for other
    hosts and without /proc: then only a lease or a heartbeat can tell."""
    host, _, rest = claimant.partition(":")
    pid_text, _, began = rest.partition(":")
    if host != HOST or claimant == me or not pid_text.isdigit():
        return False
    if _read("/proc/self/stat") is None:
        return False
    now = started(int(pid_text))
    return now is None or now != began
