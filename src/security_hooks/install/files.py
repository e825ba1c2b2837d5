"""Writing files the installer owns: atomically, and only when the content changes."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


def atomic_write(path: Path, data: bytes, *, mode: int) -> None:
    """Write beside the target, fsync, then rename over it: readers see old or new, never half.

    An existing file keeps its permission bits and, when we are root, its owner. A
    symlink is written through, so a settings file kept in a dotfiles repository stays
    a link.
    """
    path = Path(os.path.realpath(path))
    owner: tuple[int, int] | None = None
    try:
        info = path.stat()
        mode = info.st_mode & 0o7777
        owner = (info.st_uid, info.st_gid)
    except FileNotFoundError:
        pass
    temp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, mode)
        if owner is not None and os.geteuid() == 0:
            os.chown(temp, *owner)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    fsync_dir(path.parent)


def fsync_dir(directory: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_if_changed(path: Path, data: bytes, *, mode: int) -> bool:
    """Atomically write `data` unless the file already holds exactly it; True if written."""
    try:
        if path.read_bytes() == data and (path.stat().st_mode & 0o7777) == mode:
            return False
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, data, mode=mode)
    if (path.stat().st_mode & 0o7777) != mode:
        os.chmod(path, mode)
    return True


def read_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
