"""Path normalisation for rules: `~`, `..`, relative paths and symlinks all resolved.

`src/../../x` is outside the project however it is spelled, and a symlink inside the
project that points at `~/.ssh` is treated as `~/.ssh`.
"""

from __future__ import annotations

import os


def expand(path: str, *, home: str, cwd: str) -> str:
    """Absolute and lexically normalised; `~` and `$HOME` expanded; no filesystem access."""
    for prefix in ("~", "$HOME", "${HOME}"):
        if path == prefix or path.startswith(prefix + "/"):
            path = home + path[len(prefix) :]
            break
    return os.path.normpath(os.path.join(cwd, path))


def resolve(path: str, *, home: str, cwd: str) -> str:
    """Like `expand`, then with symlinks resolved for every part that exists."""
    try:
        return os.path.realpath(expand(path, home=home, cwd=cwd))
    except (OSError, ValueError):
        return expand(path, home=home, cwd=cwd)


def within(path: str, directory: str) -> bool:
    if not directory:
        return False
    directory = directory.rstrip("/") or "/"
    if directory == "/":
        return path.startswith("/")
    return path == directory or path.startswith(directory + "/")


def real_dir(path: str) -> str:
    try:
        return os.path.realpath(path)
    except (OSError, ValueError):
        return os.path.normpath(path)


def display(path: str, *, project_dir: str, home: str) -> str:
    """Project-relative when inside the project, `~/…` when inside home."""
    if within(path, project_dir) and path != project_dir:
        return os.path.relpath(path, project_dir)
    if within(path, home) and home not in ("", "/"):
        return "~" + path[len(home.rstrip("/")) :]
    return path
