"""Path normalisation for rules: `~`, `..`, relative paths and symlinks all resolved.

`src/../../x` is outside the project however it is spelled, and a symlink inside the
project that points at `~/.ssh` is treated as `~/.ssh`.
"""

from __future__ import annotations

import os
import stat

from ..shell.dirs import expand_tilde


def expand(path: str, *, home: str, cwd: str) -> str:
    """Absolute and lexically normalised; `~`, `~user` and `$HOME` expanded; no
    filesystem access."""
    if path.startswith("~"):
        path = expand_tilde(path, home) or path
    else:
        for prefix in ("$HOME", "${HOME}"):
            if path == prefix or path.startswith(prefix + "/"):
                path = home + path[len(prefix) :]
                break
    return os.path.normpath(os.path.join(cwd, path))


def resolve(path: str, *, home: str, cwd: str) -> str:
    """Like `expand`, then with symlinks resolved for every part that exists."""
    expanded = expand(path, home=home, cwd=cwd)
    try:
        return realpath(expanded)
    except (OSError, ValueError):
        return expanded


def within(path: str, directory: str) -> bool:
    if not directory:
        return False
    directory = directory.rstrip("/") or "/"
    if directory == "/":
        return path.startswith("/")
    return path == directory or path.startswith(directory + "/")


def real_dir(path: str) -> str:
    try:
        return realpath(os.path.normpath(path))
    except (OSError, ValueError):
        return os.path.normpath(path)


_O_PATH = getattr(os, "O_PATH", 0)  # Linux: open a directory only to name it


def realpath(path: str) -> str:
    """`os.path.realpath` of an absolute, normalised path, in a few system calls on Linux.

    `os.path.realpath` looks at every part of the path in turn, in Python. Here the kernel
    resolves the nearest directory that exists (opened with O_PATH, then named through
    /proc/self/fd), and the parts below it, which do not exist, are added as they are: a
    part that does not exist is no symlink. A last part that is a symlink, a part that
    is a file or cannot be searched, or a system without O_PATH and /proc takes
    `os.path.realpath`.
    """
    if not _O_PATH or not path.startswith("/"):
        return os.path.realpath(path)
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        mode = None
    except OSError:
        return os.path.realpath(path)
    if mode is not None and stat.S_ISLNK(mode):
        return os.path.realpath(path)
    if mode is not None and stat.S_ISDIR(mode):
        return _kernel_dir(path) or os.path.realpath(path)
    head, _, name = path.rpartition("/")
    missing = [name]
    while True:
        try:
            directory = _kernel_dir(head or "/", missing_ok=True)
        except FileNotFoundError:
            if _exists(head):  # a dangling symlink on the way: the standard walk follows it
                return os.path.realpath(path)
            head, _, name = head.rpartition("/")
            missing.append(name)  # this directory does not exist either: go up
            continue
        if directory is None or not all(missing):
            return os.path.realpath(path)
        return "/".join([directory.rstrip("/"), *reversed(missing)])


def _exists(path: str) -> bool:
    try:
        os.lstat(path)
    except FileNotFoundError:
        return False
    except OSError:
        return True
    return True


def _kernel_dir(path: str, *, missing_ok: bool = False) -> str | None:
    """The real path of an existing directory as the kernel names it, or None. With
    `missing_ok`, a directory that does not exist raises FileNotFoundError instead."""
    try:
        fd = os.open(path, _O_PATH | os.O_DIRECTORY | os.O_CLOEXEC)
    except FileNotFoundError:
        if missing_ok:
            raise
        return None
    except OSError:
        return None
    try:
        named = os.readlink(f"/proc/self/fd/{fd}")
    except OSError:
        return None
    finally:
        os.close(fd)
    if not named.startswith("/") or named.endswith(" (deleted)"):
        return None
    return named


def display(path: str, *, project_dir: str, home: str) -> str:
    """Project-relative when inside the project, `~/…` when inside home."""
    if within(path, project_dir) and path != project_dir:
        return os.path.relpath(path, project_dir)
    if within(path, home) and home not in ("", "/"):
        return "~" + path[len(home.rstrip("/")) :]
    return path
