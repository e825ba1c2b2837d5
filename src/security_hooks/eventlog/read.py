"""Reading the decision log back for the views: across rotated files (oldest first,
logrotate's `.gz` included), skipping and counting lines that are not records."""

from __future__ import annotations

import gzip
import json
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from .rotate import log_files

_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*([smhdw])")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


class DurationError(ValueError):
    pass


def parse_duration(text: str) -> float:
    """'90s', '15m', '1h', '7d', '2w' (or combined, '1h30m') in seconds."""
    cleaned = text.strip().lower()
    parts = _DURATION.findall(cleaned)
    if not parts or _DURATION.sub("", cleaned).strip():
        raise DurationError(f"cannot read the duration {text!r}: use e.g. 30m, 1h, 7d")
    return sum(float(number) * _UNIT_SECONDS[unit] for number, unit in parts)


def record_time(record: dict[str, Any]) -> float | None:
    try:
        return datetime.fromisoformat(str(record.get("ts")).replace("Z", "+00:00")).timestamp()
    except ValueError:
        return None


@dataclass
class ReadCounts:
    files: int = 0
    corrupt: int = 0
    unreadable: int = 0


def parse_line(line: str | bytes) -> dict[str, Any] | None:
    """A record, or None for a line that is not one (corrupt, cut short, foreign)."""
    try:
        value = json.loads(line)
    except ValueError:
        return None
    return value if isinstance(value, dict) and "decision" in value and "ts" in value else None


def _open(path: Path) -> IO[bytes]:
    if path.suffix == ".gz":
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return path.open("rb")


def read_records(path: Path, counts: ReadCounts, *, since: float | None = None) -> Iterator[dict[str, Any]]:
    cutoff = None if since is None else time.time() - since
    for file in log_files(path):
        try:
            handle = _open(file)
        except OSError:
            counts.unreadable += 1
            continue
        counts.files += 1
        with handle:
            try:
                for line in handle:
                    if not line.strip():
                        continue
                    record = parse_line(line)
                    if record is None:
                        counts.corrupt += 1
                        continue
                    if cutoff is not None and (record_time(record) or 0) < cutoff:
                        continue
                    yield record
            except (OSError, EOFError):
                counts.unreadable += 1
