"""The values `analyze` returns: frozen, hashable, built from tuples only."""

from __future__ import annotations

from dataclasses import dataclass

# How a segment is reached. Rules may test `segment.context` against these.
CONTEXTS = frozenset(
    {
        "top",  # written directly in the command
        "subst",  # $(...), backticks, or a substitution inside $(( ))
        "procsub",  # <(...) and >(...)
        "shell-c",  # the string of `bash -c`, `sh -c`, `su -c`, `env -S`, ...
        "eval",  # the joined arguments of `eval`
        "heredoc",  # code fed to a shell's stdin: heredoc, here-string, echo piped in
        "xargs",  # the command `xargs` runs
        "find-exec",  # the command of `find -exec/-execdir/-ok/-okdir`
        "parallel",  # the command GNU parallel runs
        "watch",  # the command `watch` runs
        "trap",  # the handler string of `trap`
        "interpreter",  # a shell string handed to os.system & co. inside inline code
        "source",  # code given to `source`/`.` through stdin or a process substitution
    }
)


@dataclass(frozen=True, slots=True)
class Redirect:
    """One redirection. `op` is the operator without its descriptor number."""

    op: str
    target: str
    fd: int | None = None


@dataclass(frozen=True, slots=True)
class Segment:
    """One simple command that would execute."""

    argv: tuple[str, ...]
    name: str
    text: str
    source: str
    assignments: tuple[tuple[str, str], ...] = ()
    redirects: tuple[Redirect, ...] = ()
    wrappers: tuple[str, ...] = ()
    privileged: bool = False
    dynamic: bool = False
    context: str = "top"
    depth: int = 0
    cwd: str | None = None
    pipeline: int = 0
    position: int = 0
    background: bool = False
    stdin_text: str | None = None
    implicit_targets: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class InlineCode:
    """Source code handed to an interpreter on its command line or stdin."""

    language: str
    code: str
    segment: int


@dataclass(frozen=True, slots=True)
class PathUse:
    """A file the command reads or writes; `via` names the mechanism."""

    path: str
    via: str
    segment: int


@dataclass(frozen=True, slots=True)
class ShellAnalysis:
    raw: str
    segments: tuple[Segment, ...]
    pipelines: tuple[tuple[int, ...], ...]
    inline_code: tuple[InlineCode, ...]
    parse_ok: bool
    depth_exceeded: bool
    writes: tuple[PathUse, ...] = ()
    reads: tuple[PathUse, ...] = ()
    write_then_exec: tuple[str, ...] = ()
