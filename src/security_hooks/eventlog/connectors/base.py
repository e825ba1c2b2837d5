"""What every connector shares: a bounded queue, one sender thread, retry with backoff,
and health counters for `security-hook daemon status`.

The daemon's writer only ever calls `offer`, which appends to the queue and returns.
All network I/O happens on the connector's own thread, with timeouts. A failed batch is
retried with exponential backoff (with jitter) while new records keep queueing; when
the queue is full the oldest record is dropped and counted.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Mapping
from typing import Any

from ..settings import ConnectorSpec
from .queue import DropOldestQueue, Record

DEFAULT_QUEUE_SIZE = 10_000
FIRST_BACKOFF = 0.5


class SendError(Exception):
    """A batch could not be delivered; it will be retried."""


class RejectedError(SendError):
    """The receiver refused the batch for good (e.g. HTTP 400): retrying cannot help."""


class Connector:
    """Subclasses implement `send(batch)` and `target` (a safe description of where to)."""

    batch_size = 1
    flush_seconds = 0.0

    def __init__(self, spec: ConnectorSpec) -> None:
        self.spec = spec
        self.queue = DropOldestQueue(int(spec.get("queue_size", DEFAULT_QUEUE_SIZE)))
        self.max_backoff = float(spec.get("max_backoff_seconds", 30.0))
        self.sent = 0
        self.failed_attempts = 0
        self.rejected = 0
        self.last_error: str | None = None
        self.last_error_at: float | None = None
        self.last_sent_at: float | None = None
        self.in_flight = 0
        self._stop_by: float | None = None
        self._wake = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"connector-{spec.name}", daemon=True)

    # -- subclass interface ---------------------------------------------------------

    @property
    def target(self) -> str:
        return self.spec.kind

    def send(self, batch: list[Record]) -> None:
        raise NotImplementedError

    def shutdown(self) -> None:
        """Release sockets; called on the sender thread when it ends."""

    # -- used by the daemon ---------------------------------------------------------

    def start(self) -> None:
        self._thread.start()

    def offer(self, record: Record) -> None:
        """Never blocks and never raises."""
        self.queue.put(record)

    def close(self, timeout: float) -> None:
        """Deliver what is queued if it can be done within `timeout`, then stop."""
        self.stop(timeout)
        self.join()

    def stop(self, timeout: float) -> None:
        self._stop_by = time.monotonic() + timeout
        self.queue.close()
        self._wake.set()

    def join(self) -> None:
        if self._thread.is_alive() and self._stop_by is not None:
            self._thread.join(max(0.0, self._stop_by - time.monotonic()) + 0.5)

    def health(self) -> dict[str, Any]:
        return {
            "name": self.spec.name,
            "type": self.spec.kind,
            "target": self.target,
            "sent": self.sent,
            "dropped": self.queue.dropped + self.rejected,
            "queue_depth": len(self.queue) + self.in_flight,
            "queue_size": self.queue.capacity,
            "failed_attempts": self.failed_attempts,
            "last_error": self.last_error,
            "last_error_at": self.last_error_at,
            "last_sent_at": self.last_sent_at,
        }

    # -- the sender thread ----------------------------------------------------------

    def _run(self) -> None:
        try:
            while True:
                batch = self.queue.take(self.batch_size, self.flush_seconds)
                if not batch:
                    if self.queue.closed:
                        return
                    continue
                self.in_flight = len(batch)
                self._deliver(batch)
                self.in_flight = 0
        finally:
            self.shutdown()

    def _deliver(self, batch: list[Record]) -> None:
        backoff = FIRST_BACKOFF
        while True:
            try:
                self.send(batch)
            except RejectedError as exc:
                self._failed(exc)
                self.rejected += len(batch)
                return
            except (SendError, OSError, ValueError) as exc:
                self._failed(exc)
                if not self._pause(backoff):
                    self.rejected += len(batch)  # shutting down: give up on this batch
                    return
                backoff = min(self.max_backoff, backoff * 2)
                continue
            self.sent += len(batch)
            self.last_sent_at = time.time()
            return

    def _failed(self, exc: Exception) -> None:
        self.failed_attempts += 1
        self.last_error = describe(exc)
        self.last_error_at = time.time()

    def _pause(self, backoff: float) -> bool:
        """Sleep before a retry; False when the daemon is stopping and time is up."""
        delay = backoff * (0.5 + random.random() / 2)
        if self._stop_by is None:
            self._wake.wait(delay)  # close() cuts the wait short
        if self._stop_by is not None:
            left = self._stop_by - time.monotonic()
            if left <= 0:
                return False
            time.sleep(min(delay, left, 0.2))
        return self._stop_by is None or time.monotonic() < self._stop_by


def describe(exc: Exception) -> str:
    text = str(exc) or type(exc).__name__
    if isinstance(exc, OSError) and exc.strerror:
        text = exc.strerror
    return text.splitlines()[0][:300] if text else type(exc).__name__


def options(spec: ConnectorSpec, key: str) -> Mapping[str, str]:
    value = spec.get(key, {})
    return {str(k): str(v) for k, v in value.items()} if isinstance(value, Mapping) else {}
