"""Writing the decision log without ever delaying a decision.

The daemon puts records on a queue; one writer task appends them in batches. If the
file cannot be written, that is reported once and decisions carry on. The in-process
fallback path appends its single line directly with `append_line`.
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .record import encode


def append_line(path: Path, record: Mapping[str, Any]) -> str | None:
    """Append one record; returns an error message instead of raising."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, encode(record))
        finally:
            os.close(fd)
        return None
    except OSError as exc:
        return f"cannot write the decision log {path}: {exc.strerror}"


class LogWriter:
    """A queue and a single writer task. `submit` never blocks and never raises."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.queue: asyncio.Queue[Mapping[str, Any] | None] = asyncio.Queue()
        self.written = 0
        self.failed = 0
        self.problem: str | None = None
        self._fd: int | None = None
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run(), name="decision-log")

    def submit(self, record: Mapping[str, Any]) -> None:
        self.queue.put_nowait(record)

    async def close(self) -> None:
        """Write everything queued, then stop."""
        if self._task is None:
            return
        self.queue.put_nowait(None)
        await self._task
        self._task = None
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def reopen(self) -> None:
        """Reopen the file on the next write (after an external rotation)."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    async def _run(self) -> None:
        while True:
            first = await self.queue.get()
            batch = [first]
            while not self.queue.empty():
                batch.append(self.queue.get_nowait())
            records = [r for r in batch if r is not None]
            if records:
                self._write(b"".join(encode(r) for r in records), len(records))
            if None in batch:
                return

    def _write(self, data: bytes, count: int) -> None:
        try:
            if self._fd is None:
                self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
                self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            view = memoryview(data)
            while view:
                view = view[os.write(self._fd, view) :]
            self.written += count
            self.problem = None
        except OSError as exc:
            self.failed += count
            message = f"cannot write the decision log {self.path}: {exc.strerror}"
            if self.problem is None:
                print(f"security-hookd: {message}; decisions continue unlogged", file=sys.stderr)
            self.problem = message
            self.reopen()
