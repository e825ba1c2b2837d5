"""Condition predicates for `only_when` / `except_when`, shared by every family.

Each entry names the families it applies to, its argument count and a builder that
turns arguments into a check over a Subject. Bash-specific predicates live in
`predicates_bash.py`; both tables are merged by the vocabulary.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable

from ..config.load import Config
from ..config.locate import default_dirs
from ..globs import GlobSet
from ..rules.vocabulary import Check, PredicateSpec
from . import paths
from .families.base import Subject
from .families.mcp import allowed_tools, split_name

PATH_FAMILIES = frozenset({"edit", "read", "post"})

PredicateTable = dict[str, PredicateSpec]


Builder = Callable[[tuple[str, ...], Config], Check]


def _spec(
    name: str,
    doc: str,
    families: frozenset[str] | None = None,
    args: tuple[int, int | None] = (0, 0),
) -> Callable[[Builder], Builder]:
    """Register a predicate builder in COMMON under `name`."""

    def register(build: Builder) -> Builder:
        COMMON[name] = PredicateSpec(name, families, args[0], args[1], build, doc)
        return build

    return register


COMMON: PredicateTable = {}


# -- any family ---------------------------------------------------------------------


@_spec("tool", "the tool name is one of the arguments (a trailing * matches a prefix)", args=(1, None))
def _tool(args: tuple[str, ...], config: Config) -> Check:
    exact = frozenset(a for a in args if not a.endswith("*"))
    prefixes = tuple(a[:-1] for a in args if a.endswith("*"))
    return lambda s: s.event.tool_name in exact or s.event.tool_name.startswith(prefixes)


@_spec("event", "the hook event is one of the arguments", args=(1, None))
def _event(args: tuple[str, ...], config: Config) -> Check:
    names = frozenset(args)
    return lambda s: s.event.hook_event in names


@_spec("permission_mode", "the session's permission mode is one of the arguments", args=(1, None))
def _permission_mode(args: tuple[str, ...], config: Config) -> Check:
    modes = frozenset(args)
    return lambda s: s.event.payload.get("permission_mode") in modes


@_spec("subagent", "the call comes from inside a subagent")
def _subagent(args: tuple[str, ...], config: Config) -> Check:
    return lambda s: bool(s.event.payload.get("agent_id"))


@_spec("cwd_in_project", "the session's working directory is inside the project")
def _cwd_in_project(args: tuple[str, ...], config: Config) -> Check:
    return lambda s: paths.within(s.event.cwd, s.event.project_dir)


# -- paths (edit, read, post) -------------------------------------------------------


def _path(subject: Subject) -> str:
    values = subject.prepared.values("file_path", subject.unit)
    return values[0] if values else ""


def _project(subject: Subject) -> str:
    return getattr(subject.prepared, "project_dir", "") or paths.real_dir(subject.event.project_dir)


@_spec("path_in_project", "the file is inside the project directory", PATH_FAMILIES)
def _path_in_project(args: tuple[str, ...], config: Config) -> Check:
    return lambda s: bool(_path(s)) and paths.within(_path(s), _project(s))


@_spec("path_outside_project", "the file is outside the project directory", PATH_FAMILIES)
def _path_outside_project(args: tuple[str, ...], config: Config) -> Check:
    return lambda s: bool(_path(s)) and not paths.within(_path(s), _project(s))


def expand_dir(entry: str, subject: Subject) -> str:
    """`~`, `$HOME`, `$PROJECT` and `$TMPDIR` expanded in a directory named by a rule or config."""
    event = subject.event
    return _expand_one(entry, event.home, event.cwd, _project(subject), os.environ.get("TMPDIR") or "/tmp")


def _expand_one(entry: str, home: str, cwd: str, project: str, tmpdir: str) -> str:
    if entry.startswith("$PROJECT"):
        entry = project + entry[len("$PROJECT") :]
    elif entry.startswith("$TMPDIR"):
        entry = tmpdir + entry[len("$TMPDIR") :]
    return paths.expand(entry, home=home, cwd=cwd)


@functools.lru_cache(maxsize=256)
def _directories(
    entries: tuple[str, ...], home: str, cwd: str, project: str, tmpdir: str
) -> tuple[frozenset[str], tuple[str, ...]]:
    """The directories, expanded: themselves, and the prefix of everything inside them.
    Cached: the same lists are expanded for every call of every session."""
    exact: set[str] = set()
    inside: list[str] = []
    for entry in entries:
        directory = _expand_one(entry, home, cwd, project, tmpdir).rstrip("/")
        exact.add(directory or "/")
        inside.append(directory + "/")
    return frozenset(exact), tuple(inside)


def _under(entries: tuple[str, ...], subject: Subject) -> bool:
    return _in_directories(_path(subject), entries, subject)


def _in_directories(path: str, entries: tuple[str, ...], subject: Subject) -> bool:
    """The path is one of the directories (expanded as `expand_dir` does), or inside one."""
    if not path:
        return False
    event = subject.event
    tmpdir = os.environ.get("TMPDIR") or "/tmp"
    exact, inside = _directories(entries, event.home, event.cwd, _project(subject), tmpdir)
    return path in exact or path.startswith(inside)


@_spec("path_under", "the file is inside one of the directories given", PATH_FAMILIES, (1, None))
def _path_under(args: tuple[str, ...], config: Config) -> Check:
    return lambda s: _under(args, s)


@_spec(
    "path_in_list",
    "the file is one of, or inside one of, the paths in a config list (e.g. paths.sensitive)",
    PATH_FAMILIES,
    (1, 1),
)
def _path_in_list(args: tuple[str, ...], config: Config) -> Check:
    if not config.has(args[0]):
        raise ValueError(f"unknown config key {args[0]!r}")
    entries = config.strings(args[0])
    return lambda s: _under(entries, s)


@_spec(
    "path_glob",
    "the file matches one of the globs (** spans directories)",
    PATH_FAMILIES,
    (1, None),
)
def _path_glob(args: tuple[str, ...], config: Config) -> Check:
    plain = GlobSet(tuple(a for a in args if not a.startswith(("~", "$"))))
    homed = tuple(a for a in args if a.startswith(("~", "$")))
    by_home: dict[tuple[str, str], GlobSet] = {}  # globs naming ~ or $PROJECT, per expansion

    def check(subject: Subject) -> bool:
        path = _path(subject)
        if not path:
            return False
        if plain.globs and plain.match(path):
            return True
        if not homed:
            return False
        key = (subject.event.home, _project(subject))
        if key not in by_home:
            if len(by_home) > 64:
                by_home.clear()
            by_home[key] = GlobSet(tuple(expand_dir(a, subject) for a in homed))
        return by_home[key].match(path)

    return check


@_spec("path_temp", "the file is inside a temporary directory (config paths.temp)", PATH_FAMILIES)
def _path_temp(args: tuple[str, ...], config: Config) -> Check:
    entries = config.strings("paths.temp")

    def check(subject: Subject) -> bool:
        path = _path(subject)
        if not path:
            return False
        event = subject.event
        tmpdir = os.environ.get("TMPDIR") or "/tmp"
        _exact, inside = _directories(entries, event.home, event.cwd, _project(subject), tmpdir)
        return path.startswith(inside)  # inside one, not the directory itself

    return check


@_spec("path_exists", "the file already exists", PATH_FAMILIES)
def _path_exists(args: tuple[str, ...], config: Config) -> Check:
    return lambda s: bool(_path(s)) and os.path.lexists(_path(s))


# -- MCP ------------------------------------------------------------------------------

_MCP = frozenset({"mcp"})


@_spec("mcp_server_allowed", "the MCP server is listed in [[mcp.servers]]", _MCP)
def _mcp_server_allowed(args: tuple[str, ...], config: Config) -> Check:
    servers = config.mcp_servers
    return lambda s: allowed_tools(split_name(s.event), servers) is not None


@_spec("mcp_tool_allowed", 'the MCP tool is listed for its server ("*" allows all)', _MCP)
def _mcp_tool_allowed(args: tuple[str, ...], config: Config) -> Check:
    servers = config.mcp_servers

    def check(subject: Subject) -> bool:
        name = split_name(subject.event)
        tools = allowed_tools(name, servers)
        if tools is None:
            return False
        return "*" in tools or name.tool in tools or name.tool == "*resources*"

    return check


@_spec("mcp_fetch_like", "the MCP tool name says it fetches or browses (mcp.fetch_tools)", _MCP)
def _mcp_fetch_like(args: tuple[str, ...], config: Config) -> Check:
    words = tuple(w.lower() for w in config.strings("mcp.fetch_tools"))
    return lambda s: any(w in split_name(s.event).tool.lower() for w in words)


# -- the guard's own files ------------------------------------------------------------

CLAUDE_SETTINGS = GlobSet(
    (
        "**/.claude/settings*.json",
        "/etc/claude-code/**",
        "/Library/Application Support/ClaudeCode/**",
        "**/managed-settings*.json",
    )
)
LAUNCHERS = frozenset({"security-hook", "security-hookd"})


def guard_dirs(config: Config) -> tuple[str, ...]:
    """Directories holding the guard's config, rules, validators and installed code."""
    dirs = default_dirs()
    found = [str(dirs.user)]
    if dirs.managed is not None:
        found.append(str(dirs.managed))
    if sys.prefix != sys.base_prefix:  # the private virtualenv the guard is installed in
        found.append(sys.prefix)
    return tuple(paths.real_dir(d) for d in found)


def is_guard_file(path: str, subject: Subject, dirs: tuple[str, ...], extra: tuple[str, ...]) -> bool:
    if not path:
        return False
    if CLAUDE_SETTINGS.match(path) or path.rsplit("/", 1)[-1] in LAUNCHERS:
        return True
    if any(paths.within(path, d) for d in dirs):
        return True
    return bool(extra) and _in_directories(path, extra, subject)


@_spec(
    "guard_file",
    "the file is Claude Code's settings, or the guard's own config, rules or code",
    PATH_FAMILIES,
)
def _guard_file(args: tuple[str, ...], config: Config) -> Check:
    dirs = guard_dirs(config)
    extra = config.strings("paths.protected")
    return lambda s: is_guard_file(_path(s), s, dirs, extra)
