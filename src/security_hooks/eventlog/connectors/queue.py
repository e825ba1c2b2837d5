"""A bounded, thread-safe queue that never blocks its producer: when full, the oldest
record goes and is counted."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Mapping
from typing import Any

Record = Mapping[str, Any]


class DropOldestQueue:
    def __init__(self, capacity: int) -> None:
        self.capacity = max(1, capacity)
        self.dropped = 0
        self._items: deque[Record] = deque()
        self._ready = threading.Condition(threading.Lock())
        self._closed = False

    def put(self, record: Record) -> None:
        with self._ready:
            if len(self._items) >= self.capacity:
                self._items.popleft()
                self.dropped += 1
            self._items.append(record)
            self._ready.notify()

    def __len__(self) -> int:
        return len(self._items)

    def close(self) -> None:
        with self._ready:
            self._closed = True
            self._ready.notify_all()

    @property
    def closed(self) -> bool:
        return self._closed

    def take(self, limit: int, linger: float) -> list[Record]:
        """Up to `limit` records. Waits for the first one (until closed), then lingers up
        to `linger` seconds for the batch to fill."""
        with self._ready:
            while not self._items and not self._closed:
                self._ready.wait(1.0)
            deadline = time.monotonic() + linger
            while len(self._items) < limit and not self._closed:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._ready.wait(left)
            count = min(limit, len(self._items))
            return [self._items.popleft() for _ in range(count)]
