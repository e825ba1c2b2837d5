"""What a path argument points at: root, home, system, project, temp, ...

Pure string logic. `..` is resolved lexically and symlinks are not followed;
the file system is never touched.
"""

from __future__ import annotations

import enum
import posixpath
import re

from .dirs import expand_tilde
from .model import Segment
from .options import COMMAND_OPTIONS, EMPTY, split_options


class TargetKind(enum.Enum):
    ROOT = "root"
    HOME = "home"
    SYSTEM = "system"
    DEVICE = "device"
    OUTSIDE = "outside"
    PROJECT = "project"
    TEMP = "temp"
    UNKNOWN = "unknown"


_SYSTEM_DIRS = (
    "/etc", "/usr", "/bin", "/sbin", "/boot", "/var", "/opt", "/sys", "/proc",
    "/System", "/Library", "/Applications", "/private/etc", "/private/var",
)
_TEMP_DIRS = ("/tmp", "/var/tmp", "/private/tmp", "/private/var/tmp")
_GLOB = re.compile(r"[*?\[]")
_VARIABLE = re.compile(r"\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))")


def _inside(path: str, parent: str) -> bool:
    return path == parent or path.startswith(parent.rstrip("/") + "/")


def _normalise(path: str) -> str:
    normal = posixpath.normpath(path)
    return "/" + normal.lstrip("/") if normal.startswith("//") else normal


_PWD_PARENT = "${PWD%/*}"


def expand_known(arg: str, home: str, pwd: str | None = None) -> str | None:
    """Replace `~`, `$HOME`, `$TMPDIR` and (where the directory is known) `$PWD` (`~+`)
    and its parent `${PWD%/*}`; None if another expansion remains."""
    if arg == "~+" or arg.startswith("~+/"):  # bash's `~+` is $PWD
        if pwd is None:
            return None
        arg = pwd + arg[2:]
    elif arg.startswith("~"):
        expanded = expand_tilde(arg, home)
        if expanded is None:
            return None
        arg = expanded
    if "`" in arg or "$(" in arg:
        return None
    if "$" not in arg:
        return arg
    if _PWD_PARENT in arg:
        parent = pwd.rstrip("/").rsplit("/", 1)[0] if pwd is not None and pwd.startswith("/") else ""
        if not parent:
            return None  # unknown, or `/x` whose `${PWD%/*}` is empty
        arg = arg.replace(_PWD_PARENT, parent)

    def substitute(match: re.Match[str]) -> str:
        name = match.group(1) or match.group(2)
        if name == "HOME":
            return home
        if name == "TMPDIR":
            return "/tmp"
        if name == "PWD" and pwd is not None:
            return pwd
        return "\x00"

    expanded = _VARIABLE.sub(substitute, arg)
    if "\x00" in expanded or "$" in expanded:
        return None
    return expanded


def classify_path(
    arg: str, *, cwd: str | None, home: str, project_dir: str | None
) -> TargetKind:
    """Classify one path argument of a command run in `cwd`.

    A relative `cwd` is taken relative to `project_dir`. A glob is judged by
    the directory it expands in: `*` in the project is PROJECT, `/*` is ROOT.
    """
    home = _normalise(home) if home else "/nonexistent-home"
    project = _normalise(project_dir) if project_dir else None
    expanded = expand_known(arg, home, _base_dir(cwd, project))
    if expanded is None or not expanded:
        return TargetKind.UNKNOWN
    tmpdir_child = arg.startswith(("$TMPDIR/", "${TMPDIR}/"))
    if not expanded.startswith("/"):
        base = _base_dir(cwd, project)
        if base is None:
            return TargetKind.UNKNOWN
        expanded = posixpath.join(base, expanded)
    path = _normalise(expanded)
    glob = _GLOB.search(path)
    if glob is not None:
        directory = path[: glob.start()].rsplit("/", 1)[0] or "/"
        return _classify_contents(_normalise(directory), home, project)
    if tmpdir_child and path != "/tmp" and _inside(path, "/tmp"):
        return TargetKind.TEMP  # `$TMPDIR/../etc` climbs out of it
    return _classify_absolute(path, home, project)


def _base_dir(cwd: str | None, project: str | None) -> str | None:
    if cwd is None:
        return None
    if cwd.startswith("/"):
        return cwd
    if cwd.startswith("~") or "$" in cwd or project is None:
        return None
    return posixpath.join(project, cwd)


def _classify_contents(directory: str, home: str, project: str | None) -> TargetKind:
    """What a glob matching the entries of `directory` reaches."""
    if directory == "/":
        return TargetKind.ROOT
    if directory in _TEMP_DIRS:
        return TargetKind.TEMP
    return _classify_absolute(directory, home, project)


def _classify_absolute(path: str, home: str, project: str | None) -> TargetKind:
    if path == "/":
        return TargetKind.ROOT
    if path == home:
        return TargetKind.HOME
    if path in _TEMP_DIRS:
        return TargetKind.SYSTEM
    if project is not None and project != "/" and _inside(path, project):
        return TargetKind.PROJECT
    if _inside(path, "/dev"):
        return TargetKind.DEVICE
    if any(_inside(path, temp) for temp in _TEMP_DIRS):
        return TargetKind.TEMP
    if _inside(path, home):
        return TargetKind.OUTSIDE
    top = "/" + path.split("/", 2)[1]
    if top.startswith("/lib") or any(_inside(path, system) for system in _SYSTEM_DIRS):
        return TargetKind.SYSTEM
    return TargetKind.OUTSIDE


def operands(segment: Segment) -> tuple[str, ...]:
    """Non-option arguments of the segment's command.

    `--` ends options. For commands in the option table, option arguments
    (`head -n 5`, `cp -t DIR`) are skipped; elsewhere every word starting
    with `-` counts as a flag. For `find` the operands are its roots.
    """
    if not segment.argv:
        return ()
    if segment.name == "find":
        return _find_roots(segment.argv)
    opts = COMMAND_OPTIONS.get(segment.name, EMPTY)
    _, found = split_options(segment.argv, 1, opts)
    return tuple(found)


def _find_roots(argv: tuple[str, ...]) -> tuple[str, ...]:
    roots: list[str] = []
    i = 1
    while i < len(argv) and argv[i] in ("-H", "-L", "-P"):
        i += 1
    while i < len(argv) and not argv[i].startswith("-") and argv[i] not in ("(", "!", ","):
        roots.append(argv[i])
        i += 1
    return tuple(roots) or (".",)
