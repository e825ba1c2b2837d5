"""`analyze`: a command string in, a `ShellAnalysis` out, never an exception."""

from __future__ import annotations

import posixpath

from .effects import collect_paths, written_then_run
from .flows import variable_flows
from .frame import Frame
from .inline import inline_paths
from .model import ShellAnalysis
from .walker import Walker


def analyze(
    command: str, *, cwd: str | None = None, home: str | None = None, max_depth: int = 6
) -> ShellAnalysis:
    """Split `command` into the simple commands bash would run.

    `cwd` is the directory the command starts in (segments then carry
    absolute directories); without it directories are relative to the start,
    which is ".". `home` resolves `cd ~`. Code in strings is followed
    `max_depth` levels deep.
    """
    try:
        return _analyze(command, cwd, home, max_depth)
    except (RecursionError, MemoryError):
        return _failed(command, depth_exceeded=True)
    except Exception:  # noqa: BLE001 - the guard must answer; flags say we could not
        return _failed(command, depth_exceeded=False)


def _analyze(command: str, cwd: str | None, home: str | None, max_depth: int) -> ShellAnalysis:
    if not isinstance(command, str):
        # Defensive: callers may hand over raw bytes or None from a payload.
        if isinstance(command, (bytes, bytearray)):
            command = bytes(command).decode("utf-8", "surrogateescape")
        else:
            command = "" if command is None else str(command)
    start = posixpath.normpath(cwd) if cwd else "."
    walker = Walker(cwd=start, home=home, max_depth=max(0, max_depth))
    walker.walk_source(command, Frame(b""))
    segments = tuple(walker.segments)
    uses = [inline_paths(code) for code in walker.inline]
    reads, writes = collect_paths(segments, walker.inline, uses)
    run, downloaded = written_then_run(segments, writes, walker.executed)
    return ShellAnalysis(
        raw=command,
        segments=segments,
        pipelines=tuple(tuple(p) for p in walker.pipelines),
        inline_code=tuple(walker.inline),
        parse_ok=walker.parse_ok,
        depth_exceeded=walker.depth_exceeded,
        writes=writes,
        reads=reads,
        write_then_exec=run,
        flows=variable_flows(segments, walker.loop_bindings),
        download_then_exec=downloaded,
    )


def _failed(command: object, *, depth_exceeded: bool) -> ShellAnalysis:
    return ShellAnalysis(
        raw=command if isinstance(command, str) else "",
        segments=(),
        pipelines=(),
        inline_code=(),
        parse_ok=False,
        depth_exceeded=depth_exceeded,
        failed=not depth_exceeded,
    )
