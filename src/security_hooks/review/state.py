"""Per-session memory of the review layers, kept in small files under the state directory.

What a session remembers: the working-tree baseline of its current turn, how many
times in a row its Stop was blocked, and the keys of the once-per-session notes it was
given (reminders, missing linters). One file per session, named by a hash of the
session id, written atomically (temp file, then rename) under one lock, so the daemon
and the in-process fallback read and write the same state, parallel hook calls do not
lose each other's updates, and a daemon restart loses nothing.

Bounded: at most `MAX_SEEN` keys per session (oldest forgotten first), and sessions
idle for `SESSION_TTL` seconds or beyond the newest `MAX_SESSIONS` are deleted when a
new session file is created. The rolling log of model-review runs is global (one file),
because the rate cap is about cost, not about one session.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

SCHEMA = 1
MAX_SEEN = 2000
MAX_SESSIONS = 500
SESSION_TTL = 7 * 24 * 3600.0
MAX_RUNS_KEPT = 1000
RUNS_FILE = "model-runs.json"
MAX_FILE_BYTES = 1 << 20


@dataclass(frozen=True)
class Baseline:
    """The working tree when the turn began, as a git tree object in the repository at `root`."""

    root: str
    tree: str
    at: float


@dataclass(frozen=True)
class SessionState:
    baseline: Baseline | None = None
    stop_blocks: int = 0  # consecutive Stop blocks in the current chain
    seen: tuple[str, ...] = ()  # keys of once-per-session notes already given

    def remember(self, keys: tuple[str, ...]) -> SessionState:
        known = set(self.seen)
        new = tuple(dict.fromkeys(k for k in keys if k not in known))
        if not new:
            return self
        return replace(self, seen=(self.seen + new)[-MAX_SEEN:])

    def to_json(self) -> dict[str, Any]:
        base = self.baseline
        return {
            "schema": SCHEMA,
            "baseline": None if base is None else {"root": base.root, "tree": base.tree, "at": base.at},
            "stop_blocks": self.stop_blocks,
            "seen": list(self.seen),
        }

    @staticmethod
    def from_json(data: Any) -> SessionState:
        """Whatever is unreadable is forgotten rather than trusted."""
        if not isinstance(data, dict) or data.get("schema") != SCHEMA:
            return SessionState()
        base = data.get("baseline")
        baseline = None
        if isinstance(base, dict) and all(isinstance(base.get(k), str) for k in ("root", "tree")):
            at = base.get("at")
            when = float(at) if isinstance(at, (int, float)) else 0.0
            baseline = Baseline(base["root"], base["tree"], when)
        blocks = data.get("stop_blocks")
        seen = data.get("seen")
        return SessionState(
            baseline,
            blocks if isinstance(blocks, int) and blocks >= 0 else 0,
            tuple(k for k in seen if isinstance(k, str))[-MAX_SEEN:] if isinstance(seen, list) else (),
        )


class SessionStore:
    """Sessions' review state in `directory` (created 0700 on first write)."""

    def __init__(
        self,
        directory: Path,
        *,
        clock: Callable[[], float] = time.time,
        max_sessions: int = MAX_SESSIONS,
        ttl: float = SESSION_TTL,
    ) -> None:
        self.directory = directory
        self.clock = clock
        self.max_sessions = max_sessions
        self.ttl = ttl

    def path_for(self, session_id: str) -> Path:
        digest = hashlib.sha256(session_id.encode("utf-8", "surrogatepass")).hexdigest()[:32]
        return self.directory / f"s-{digest}.json"

    def get(self, session_id: str) -> SessionState:
        return SessionState.from_json(_read_json(self.path_for(session_id)))

    def update(self, session_id: str, change: Callable[[SessionState], SessionState]) -> SessionState:
        """Read, change and write one session's state, atomically with respect to other callers."""
        path = self.path_for(session_id)
        with self._locked():
            before = SessionState.from_json(_read_json(path))
            after = change(before)
            if after != before or not path.exists():
                created = not path.exists()
                _write_json(path, after.to_json())
                now = self.clock()
                os.utime(path, (now, now))  # pruning goes by last use, on the store's clock
                if created:
                    self._prune()
            return after

    def take_run_slot(self, *, limit: int, window: float) -> tuple[bool, int]:
        """Record one model-review run unless `limit` runs happened in the last `window`
        seconds; (allowed, runs in the window before this one)."""
        path = self.directory / RUNS_FILE
        now = self.clock()
        with self._locked():
            data = _read_json(path)
            runs = [t for t in data if isinstance(t, (int, float))] if isinstance(data, list) else []
            recent = [t for t in runs if now - window < t <= now]
            if len(recent) >= limit:
                return False, len(recent)
            _write_json(path, (recent + [now])[-MAX_RUNS_KEPT:])
            return True, len(recent)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(self.directory / ".lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)  # closing releases the lock

    def _prune(self) -> None:
        now = self.clock()
        sessions: list[tuple[float, Path]] = []
        for path in self.directory.glob("s-*.json"):
            try:
                sessions.append((path.stat().st_mtime, path))
            except OSError:
                continue
        sessions.sort(reverse=True)
        for rank, (mtime, path) in enumerate(sessions):
            if rank >= self.max_sessions or now - mtime > self.ttl:
                with contextlib.suppress(OSError):
                    path.unlink()


def _read_json(path: Path) -> Any:
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError:
        return None
    if len(data) > MAX_FILE_BYTES:
        return None
    try:
        return json.loads(data)
    except (ValueError, RecursionError):
        return None


def _write_json(path: Path, value: Any) -> None:
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(value, handle, separators=(",", ":"))
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
