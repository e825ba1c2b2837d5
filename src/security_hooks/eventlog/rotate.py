"""Size-based rotation (`hook.log` → `hook.log.1` → ... → `hook.log.<keep>`) and finding
the rotated files again for the views, oldest first (logrotate's `.gz` included)."""

from __future__ import annotations

import os
import re
from pathlib import Path


def rotated(path: Path, index: int) -> Path:
    return path.with_name(f"{path.name}.{index}")


def rotate(path: Path, keep: int) -> None:
    """Shift the kept files up by one; the oldest beyond `keep` is overwritten."""
    if keep <= 0:
        path.unlink(missing_ok=True)
        return
    for index in range(keep - 1, 0, -1):
        source = rotated(path, index)
        if source.exists():
            os.replace(source, rotated(path, index + 1))
    if path.exists():
        os.replace(path, rotated(path, 1))


def log_files(path: Path) -> list[Path]:
    """The live file and its rotated predecessors, oldest first."""
    pattern = re.compile(re.escape(path.name) + r"\.(\d+)(\.gz)?")
    numbered: list[tuple[int, Path]] = []
    try:
        for entry in path.parent.iterdir():
            found = pattern.fullmatch(entry.name)
            if found:
                numbered.append((int(found.group(1)), entry))
    except OSError:
        return []
    files = [entry for _, entry in sorted(numbered, key=lambda item: -item[0])]
    if path.exists():
        files.append(path)
    return files
