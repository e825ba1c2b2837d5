"""Writing the decision log without ever delaying a decision.

The daemon puts each outcome on a queue and returns; one writer task takes batches
off it and processes each batch: builds the records, redacts them, appends them to the
file (rotating it by size), and offers them to the connectors. A batch of small records
is processed on the event loop; a large one (hashing and scanning a big Write) or one
that finds the connectors changed goes to one dedicated thread. If the file cannot be
written, that is reported once and decisions carry on.
The in-process fallback path appends its single line directly with `append_line`.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..engine.hook import HookOutcome
from .connectors.hub import ConnectorHub
from .record import Identity, encode
from .redact import Redactor, safe_record
from .rotate import rotate
from .settings import LogSettings


def append_line(path: Path, record: Mapping[str, Any]) -> str | None:
    """Append one (already redacted) record; returns an error message instead of raising."""
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


INLINE_BYTES = 256 * 1024  # larger batches (a big Write to hash and scan) go to the thread


@dataclass(frozen=True)
class Pending:
    outcome: HookOutcome
    via: str
    now: float


class LogWriter:
    """A queue and a single writer. `submit` never blocks and never raises."""

    def __init__(
        self,
        settings: Callable[[], LogSettings],
        redactor: Redactor,
        identity: Identity,
        hub: ConnectorHub | None = None,
    ) -> None:
        self.settings = settings
        self.redactor = redactor
        self.identity = identity
        self.hub = hub
        self.queue: asyncio.Queue[Pending | None] = asyncio.Queue()
        self.written = 0
        self.failed = 0
        self.rotations = 0
        self.redactions = 0
        self.problem: str | None = None
        self._fd: int | None = None
        self._fd_path: Path | None = None
        self._size = 0
        self._reopen = False
        self._task: asyncio.Task[None] | None = None
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="decision-log")

    @property
    def path(self) -> Path:
        return self.settings().path

    def start(self) -> None:
        if self.hub is not None:
            self.hub.configure(self.settings().connectors)
        self._task = asyncio.get_running_loop().create_task(self._run(), name="decision-log")

    def submit(self, outcome: HookOutcome, *, via: str = "daemon") -> None:
        self.queue.put_nowait(Pending(outcome, via, time.time()))

    async def close(self) -> None:
        """Write everything queued, give the connectors a moment to deliver, then stop."""
        if self._task is None:
            return
        self.queue.put_nowait(None)
        await self._task
        self._task = None
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(self._thread, self._shutdown)
        self._thread.shutdown(wait=True)

    def reopen(self) -> None:
        """Reopen the file before the next write (after an external rotation; SIGUSR1)."""
        self._reopen = True

    def status(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "written": self.written,
            "failed": self.failed,
            "problem": self.problem,
            "queued": self.queue.qsize(),
            "rotations": self.rotations,
            "redactions": self.redactions,
        }

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            first = await self.queue.get()
            batch = [first]
            while not self.queue.empty():
                batch.append(self.queue.get_nowait())
            pending = [p for p in batch if p is not None]
            if pending and self._inline(pending):
                self._process(pending)
            elif pending:
                await loop.run_in_executor(self._thread, self._process, pending)
            if None in batch:
                return

    def _inline(self, batch: list[Pending]) -> bool:
        """Small records are cheaper to write here than to hand to a thread: the answer
        has already gone out, and a thread would compete for the interpreter with the
        next decision. A connector change is not: it waits for replaced connectors."""
        if self.hub is not None and not self.hub.serves(self.settings().connectors):
            return False
        return sum(_weight(p) for p in batch) <= INLINE_BYTES

    # -- on the writer thread -------------------------------------------------------

    def _process(self, batch: list[Pending]) -> None:
        settings = self.settings()
        if self.hub is not None:
            self.hub.configure(settings.connectors)
        records = [self._record(p, settings) for p in batch]
        self._write(settings, b"".join(encode(r) for r in records), len(records))
        if self.hub is not None:
            for record in records:
                self.hub.offer(record)

    def _record(self, pending: Pending, settings: LogSettings) -> dict[str, Any]:
        record = safe_record(
            pending.outcome,
            self.identity,
            self.redactor,
            via=pending.via,
            now=pending.now,
            input_max_bytes=settings.input_max_bytes,
        )
        self.redactions += int(record.get("redactions") or 0)
        return record

    def _open(self, path: Path) -> int:
        if self._fd is not None and (self._reopen or self._fd_path != path):
            self._close_fd()
        if self._fd is None:
            self._reopen = False
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            self._fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            self._fd_path = path
            self._size = os.fstat(self._fd).st_size
        return self._fd

    def _write(self, settings: LogSettings, data: bytes, count: int) -> None:
        try:
            fd = self._open(settings.path)
            if settings.max_bytes and self._size and self._size + len(data) > settings.max_bytes:
                self._close_fd()
                rotate(settings.path, settings.keep)
                self.rotations += 1
                fd = self._open(settings.path)
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            self._size += len(data)
            self.written += count
            self.problem = None
        except OSError as exc:
            self.failed += count
            message = f"cannot write the decision log {settings.path}: {exc.strerror}"
            if self.problem is None:
                print(f"security-hookd: {message}; decisions continue unlogged", file=sys.stderr)
            self.problem = message
            self._close_fd()

    def _close_fd(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def _shutdown(self) -> None:
        self._close_fd()
        if self.hub is not None:
            self.hub.close()


def _weight(pending: Pending) -> int:
    """Roughly how many bytes building this record reads (the tool input's text)."""
    event = pending.outcome.event
    if event is None:
        return 0
    return sum(len(v) for v in event.tool_input.values() if isinstance(v, str)) + len(
        str(event.payload.get("prompt", ""))
    )
