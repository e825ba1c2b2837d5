"""Process lifecycle: the single-daemon lock, stale sockets, the status file, signals."""

from __future__ import annotations

import contextlib
import fcntl
import gc
import json
import os
import signal
import socket
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from .. import __version__


class AlreadyRunning(Exception):
    pass


def take_daemon_lock(path: Path, wait: float = 3.0) -> int:
    """Hold an exclusive lock for the daemon's lifetime; a second daemon cannot get it.

    Waits up to `wait` seconds, so a daemon replacing one that is shutting down (for
    example after its socket was deleted) takes over instead of giving up.
    """
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return fd
        except BlockingIOError:
            if time.monotonic() >= deadline:
                os.close(fd)
                raise AlreadyRunning(str(path)) from None
            time.sleep(0.02)


def clear_stale_socket(path: Path) -> None:
    """Remove a socket left by a dead daemon; only after a connect attempt fails."""
    if not path.exists() and not path.is_symlink():
        return
    probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    probe.settimeout(1.0)
    try:
        probe.connect(str(path))
    except OSError:
        path.unlink(missing_ok=True)
        return
    finally:
        probe.close()
    raise AlreadyRunning(f"a daemon already answers on {path}")


def write_status(path: Path, socket_path: Path, started: float) -> None:
    status = {
        "pid": os.getpid(),
        "version": __version__,
        "socket": str(socket_path),
        "started": started,
        "python": sys.executable,
    }
    temp = path.with_name(f".{path.name}.{os.getpid()}")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(json.dumps(status) + "\n")
    os.replace(temp, path)


def read_status(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def remove_if_ours(path: Path, inode: int | None) -> None:
    """Remove a file we created, unless a newer daemon has replaced it."""
    try:
        if inode is None or path.lstat().st_ino == inode:
            path.unlink()
    except OSError:
        pass


def inode_of(path: Path) -> int | None:
    try:
        return path.lstat().st_ino
    except OSError:
        return None


@contextlib.contextmanager
def signal_handlers(loop: Any, handlers: Mapping[signal.Signals, Callable[[], None]]) -> Iterator[None]:
    """Install loop signal handlers; on exit restore the previous dispositions."""
    previous = {sig: signal.getsignal(sig) for sig in handlers}
    for sig, handler in handlers.items():
        loop.add_signal_handler(sig, handler)
    try:
        yield
    finally:
        for sig, old in previous.items():
            loop.remove_signal_handler(sig)
            signal.signal(sig, old)


def redirect_output(log_path: Path) -> None:
    """Send the daemon's stdout and stderr to its own log (it runs detached)."""
    log_path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(log_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    os.close(fd)
    sys.stdout = open(1, "w", buffering=1, closefd=False)  # noqa: SIM115
    sys.stderr = open(2, "w", buffering=1, closefd=False)  # noqa: SIM115


def log(message: str) -> None:
    print(f"{time.strftime('%Y-%m-%dT%H:%M:%S')} security-hookd[{os.getpid()}]: {message}", file=sys.stderr)


GC_GEN0_THRESHOLD = 10_000


SWITCH_INTERVAL = 0.0005  # seconds


def settle_memory() -> None:
    """Move what start-up allocated (modules, compiled rules) out of the collector's sight
    and collect the young generation less often. Decisions allocate no reference cycles,
    so this only removes pauses from the tail of the latency distribution."""
    gc.collect()
    gc.freeze()
    _gen0, gen1, gen2 = gc.get_threshold()
    gc.set_threshold(GC_GEN0_THRESHOLD, gen1, gen2)
    # The log writer and the review workers are threads; by default a thread that holds
    # the interpreter keeps it for 5 ms before the loop may answer the next hook call.
    sys.setswitchinterval(SWITCH_INTERVAL)
