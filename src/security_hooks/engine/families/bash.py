"""Bash: rules see each simple command the way bash would run it.

The command string is analysed once (`shell.analyze`): every command that would
execute, however it is wrapped, quoted, nested or substituted, becomes a unit.
Per-unit fields are tested against each of them; `raw` and `code` once per event.
Text that never runs (echo arguments, commit messages, data heredocs) is no unit.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ...config.load import Config
from ...rules.vocabulary import FamilySpec
from ...shell import InlineFinding, ShellAnalysis, analyze, scan_inline
from ...shell.model import PathUse, Segment
from ..event import Event
from .base import COMMON_VARIABLES, common_variables, fields

SPEC = FamilySpec(
    name="bash",
    default_field="command",
    fields=fields(
        ("command", True, "one command that would run, normalised: wrappers and quotes removed"),
        ("arg", True, "each argument of that command (argv[1:]), one at a time"),
        ("assignment", True, "each NAME=value assignment on that command (or exported by it)"),
        ("redirect", True, "each redirection target of that command"),
        ("source", True, "that command's text exactly as written"),
        ("raw", False, "the whole command string, verbatim"),
        ("code", False, "the source of each interpreter one-liner (python -c, node -e, ...)"),
    ),
    variables=COMMON_VARIABLES | {"command", "base_command", "segment"},
    has_base_command=True,
)

EXPORTERS = frozenset({"export", "declare", "typeset", "local", "readonly"})
COMMAND_CAP = 200


def assignments(segment: Segment) -> tuple[tuple[str, str], ...]:
    """Leading assignments plus NAME=value words of export-like builtins."""
    found = list(segment.assignments)
    if segment.name in EXPORTERS:
        for word in segment.argv[1:]:
            name, sep, value = word.partition("=")
            if sep and name.isidentifier():
                found.append((name, value))
    return tuple(dict.fromkeys(found))


@dataclass(frozen=True)
class BashView:
    event: Event
    analysis: ShellAnalysis
    # Facts several rules ask about one command (e.g. which commands read secrets),
    # computed once per evaluation by the predicates that need them.
    memo: dict[object, object] = field(default_factory=dict, compare=False, repr=False)
    _positions: dict[int, int] = field(default_factory=dict, compare=False, repr=False)
    _reads: dict[int, list[PathUse]] = field(default_factory=dict, compare=False, repr=False)

    @property
    def units(self) -> Sequence[object]:
        return self.analysis.segments or (None,)

    def values(self, field: str, unit: object) -> Sequence[str]:
        if field == "raw":
            return (self.analysis.raw,)
        if field == "code":
            return tuple(code.code for code in self.analysis.inline_code)
        if not isinstance(unit, Segment):
            # No command could be derived: only the raw text is there to test.
            return (
                (self.analysis.raw,) if field in ("command", "source") and self.analysis.raw.strip() else ()
            )
        if field == "command":
            return (unit.text,)
        if field == "arg":
            return unit.argv[1:]
        if field == "assignment":
            return tuple(f"{name}={value}" for name, value in assignments(unit))
        if field == "redirect":
            return tuple(r.target for r in unit.redirects)
        if field == "source":
            return (unit.source,)
        return ()

    def variables(self, unit: object) -> Mapping[str, str]:
        raw = self.analysis.raw
        shown = raw if len(raw) <= COMMAND_CAP else raw[: COMMAND_CAP - 1] + "…"
        out = {**common_variables(self.event), "command": shown}
        if isinstance(unit, Segment):
            out["base_command"] = unit.name or "(dynamic)"
            out["segment"] = unit.text[:COMMAND_CAP]
        else:
            out["base_command"] = raw.split(None, 1)[0] if raw.strip() else ""
            out["segment"] = shown
        return out

    def base_command(self, unit: object) -> str | None:
        """The command name; "" when it is built at run time; None for bare assignments."""
        if not isinstance(unit, Segment):
            return None
        if unit.dynamic and not unit.name:
            return ""
        return unit.name or None

    @functools.cached_property
    def inline_findings(self) -> tuple[InlineFinding, ...]:
        return tuple(f for code in self.analysis.inline_code for f in scan_inline(code))

    def segment_at(self, index: int) -> Segment | None:
        segments = self.analysis.segments
        return segments[index] if 0 <= index < len(segments) else None

    # Looked up by every rule for every command: indexed once per evaluation, so that a
    # command string of thousands of commands is not read again for each of them.

    def index_of(self, unit: object) -> int:
        """The position of `unit` among the segments, or -1."""
        if not self._positions and self.analysis.segments:
            self._positions.update((id(s), i) for i, s in enumerate(self.analysis.segments))
        return self._positions.get(id(unit), -1)

    def reads_of(self, index: int) -> Sequence[PathUse]:
        """The file reads of the command at `index`."""
        if not self._reads and self.analysis.reads:
            for use in self.analysis.reads:
                self._reads.setdefault(use.segment, []).append(use)
        return self._reads.get(index, ())

    def pipeline_of(self, index: int) -> Sequence[int]:
        """The positions of the commands in the same pipeline as the one at `index`."""
        segment = self.segment_at(index)
        if segment is None:
            return ()
        pipelines = self.analysis.pipelines
        return pipelines[segment.pipeline] if 0 <= segment.pipeline < len(pipelines) else (index,)


class BashFamily:
    spec = SPEC

    def prepare(self, event: Event, config: Config) -> BashView:
        command = event.text("command")
        return BashView(event, analyze(command, cwd=event.cwd, home=event.home))
