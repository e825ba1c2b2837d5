"""The values `analyze` returns: frozen, hashable, built from tuples only."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple, TypedDict

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
# The contexts whose output becomes words of another command.
SUBSTITUTIONS = frozenset({"subst", "procsub"})


@dataclass(frozen=True, slots=True)
class Redirect:
    """One redirection. `op` is the operator without its descriptor number."""

    op: str
    target: str
    fd: int | None = None


@dataclass(frozen=True)
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
    """A file the command reads or writes; `via` names the mechanism. For a write whose
    text the command line shows (`cat > f <<EOF`, `echo x >> f`), `content` is that text
    and `append` says whether it is added to the end."""

    path: str
    via: str
    segment: int
    content: str | None = None
    append: bool = False


class Flow(NamedTuple):
    """The output of segment `source` reaches segment `receiver` through `variable`."""

    source: int
    receiver: int
    variable: str


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
    flows: tuple[Flow, ...] = ()
    download_then_exec: tuple[str, ...] = ()  # of write_then_exec, what a downloader wrote
    failed: bool = False  # the analysis itself broke: nothing above can be trusted to be whole


class SegmentFields(TypedDict):
    """Every field of a Segment, for `new_segment`."""

    argv: tuple[str, ...]
    name: str
    text: str
    source: str
    assignments: tuple[tuple[str, str], ...]
    redirects: tuple[Redirect, ...]
    wrappers: tuple[str, ...]
    privileged: bool
    dynamic: bool
    context: str
    depth: int
    cwd: str | None
    pipeline: int
    position: int
    background: bool
    stdin_text: str | None
    implicit_targets: tuple[str, ...]


# `analyze` builds thousands of segments per second. A frozen dataclass's own
# __init__ sets each field through object.__setattr__, which costs about four
# times what handing over a complete field dict does; `new_segment` builds
# the very same object (equal, hashable, still frozen) the cheap way. The
# TypedDict keeps the field names checked.


def new_segment(fields: SegmentFields) -> Segment:
    """`Segment(**fields)`, without the per-field cost of a frozen __init__."""
    segment = object.__new__(Segment)
    object.__setattr__(segment, "__dict__", fields)
    return segment

