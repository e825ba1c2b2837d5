"""Working-directory bookkeeping for `cd`, `pushd` and `popd`, on strings only."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

_CD_FLAGS = frozenset({"-P", "-L", "-e", "-@", "-LP", "-PL", "-Pe"})
_USER_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")
_USERS_OF_ROOT = {"/root": "/home", "/var/root": "/Users"}  # root's home is not beside theirs


def expand_tilde(path: str, home: str) -> str | None:
    """`~`, `~/x`, and `~user`, `~user/x`: another user's home is taken to be beside this
    one (`/home/user`, `/Users/user`), and root's is `/root` (`/var/root` on macOS).
    Wherever it really is, it is outside the project. None for a word bash leaves as
    it is (`~$x`); a path without a tilde is returned unchanged."""
    if not path.startswith("~"):
        return path
    name, slash, rest = path[1:].partition("/")
    if not name:
        return home + (slash + rest if slash else "")
    if not _USER_NAME.fullmatch(name):
        return None
    own = home.rstrip("/") or "/"
    base = _USERS_OF_ROOT.get(own) or posixpath.dirname(own)
    if name == posixpath.basename(own):
        found = home
    elif name == "root":
        found = "/var/root" if base == "/Users" else "/root"
    else:
        found = posixpath.join(base, name)
    return found + (slash + rest if slash else "")


def resolve_dir(base: str | None, target: str, home: str | None) -> str | None:
    """Where `cd target` from `base` lands; None when that cannot be known."""
    if "$" in target or "`" in target:
        if home is not None and (target == "$HOME" or target.startswith("$HOME/")):
            target = home + target[5:]
        else:
            return None
    if target.startswith("~"):
        if home is None:
            return None
        expanded = expand_tilde(target, home)
        if expanded is None:
            return None
        target = expanded
    if any(ch in target for ch in "*?["):
        return None
    if target.startswith("/"):
        return _norm(target)
    if base is None:
        return None
    return _norm(posixpath.join(base, target))


def _norm(path: str) -> str:
    normal = posixpath.normpath(path)
    return "/" + normal.lstrip("/") if normal.startswith("//") else normal


DirSnapshot = tuple["str | None", tuple["str | None", ...], "str | None"]


@dataclass(slots=True)
class DirState:
    """The shell's current directory as far as the command itself shows it."""

    cwd: str | None
    home: str | None
    # The pushd stack, innermost last; a tuple so snapshots share it.
    stack: tuple[str | None, ...] = ()
    previous: str | None = None

    def snapshot(self) -> DirSnapshot:
        return self.cwd, self.stack, self.previous

    def restore(self, snap: DirSnapshot) -> None:
        self.cwd, self.stack, self.previous = snap

    def apply(self, name: str, args: list[str]) -> None:
        """Update for `cd`/`pushd`/`popd` called with `args`."""
        operands = [a for a in args if a not in _CD_FLAGS]
        if operands and operands[0] == "--":
            operands = operands[1:]
        if name == "cd":
            self._cd(operands[0] if operands else "~")
        elif name == "pushd":
            self._pushd(operands)
        elif name == "popd":
            self._popd(operands)

    def _cd(self, target: str) -> None:
        if target == "-":
            self.cwd, self.previous = self.previous, self.cwd
            return
        self.previous = self.cwd
        self.cwd = resolve_dir(self.cwd, target, self.home)

    def _pushd(self, operands: list[str]) -> None:
        if not operands:
            if self.stack:
                self.cwd, self.stack = self.stack[-1], (*self.stack[:-1], self.cwd)
            return
        if operands[0][:1] in "+-" and operands[0][1:].isdigit():
            self.cwd = None
            return
        self.stack = (*self.stack, self.cwd)
        self._cd(operands[0])

    def _popd(self, operands: list[str]) -> None:
        if operands and operands[0][:1] in "+-":
            return  # removes a stack entry without changing directory
        self.previous = self.cwd
        if self.stack:
            self.cwd, self.stack = self.stack[-1], self.stack[:-1]
        else:
            self.cwd = None
