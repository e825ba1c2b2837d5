"""Output that reaches a later command through a shell variable.

`X=$(cat ~/.ssh/id_rsa); curl -d "$X" …` sends the key as surely as a pipe would. A
variable carries the output of the commands that produced its value:

- the substitutions in an assignment (`X=$(…)`, `export X="a$(…)"`) and the variables
  it copies (`Y="$X"`);
- `read` and `mapfile` (they take their stdin);
- `for NAME in $(…)`, which the walker records as a loop binding.

Every later command whose source names a carrier (`$X`, `${X…}`) receives that output;
assignments themselves run nothing, so they only pass it on.
Names are read from the source text, so quoting is not weighed: a receiver may be named
where bash would print the name literally, which errs on the side of checking.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from .model import SUBSTITUTIONS, Flow, Segment
from .options import COMMAND_OPTIONS, EMPTY, split_options

_REFERENCE = re.compile(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)")
DECLARATIONS = frozenset({"export", "declare", "local", "readonly", "typeset"})
_READ_INTO = frozenset({"read", "mapfile", "readarray"})

# (segment index the binding takes effect at, variable name, indices whose output it
# holds, the loop's words as rendered)
LoopBinding = tuple[int, str, tuple[int, ...], str]


def variable_flows(segments: Sequence[Segment], loops: Sequence[LoopBinding] = ()) -> tuple[Flow, ...]:
    """Each (source, receiver, variable) where `receiver` uses a variable holding the
    output of `source`. Sources come before their receivers."""
    carriers: dict[str, frozenset[int]] = {}
    flows: list[Flow] = []
    pending = sorted(loops)
    for index, segment in enumerate(segments):
        while pending and pending[0][0] <= index:
            _, name, made, words = pending.pop(0)
            carriers[name] = frozenset(made).union(*(carriers.get(n, ()) for n in _REFERENCE.findall(words)))
        source = segment.source
        if carriers and "$" in source and segment.argv and segment.name not in DECLARATIONS:
            # The names it refers to, read once: not each carrier searched for in turn.
            for name in sorted(carriers.keys() & set(referenced_names(source))):
                flows.extend(Flow(s, index, name) for s in sorted(carriers[name]) if s < index)
        if segment.assignments:
            _assigned(segments, index, segment, carriers, flows)
        if segment.name in _READ_INTO:
            for name in _read_names(segment):
                carriers[name] = frozenset((index,))
    return tuple(flows)


def referenced_names(text: str) -> list[str]:
    """The variables `text` refers to (`$NAME`, `${NAME…}`), in one pass."""
    return _REFERENCE.findall(text)


def refers_to(text: str, name: str) -> bool:
    """`text` refers to the variable: `$NAME` or `${NAME…}`, not `$NAMEX`. Found by plain
    search first: a command may carry a megabyte heredoc."""
    if "$" + name not in text and "${" + name not in text:
        return False
    return _reference(name).search(text) is not None


@functools.lru_cache(maxsize=256)
def _reference(name: str) -> re.Pattern[str]:
    return re.compile(r"\$\{?" + re.escape(name) + r"(?![A-Za-z0-9_])")


def _assigned(
    segments: Sequence[Segment],
    index: int,
    segment: Segment,
    carriers: dict[str, frozenset[int]],
    flows: list[Flow],
) -> None:
    """A bare or declared assignment makes its names carriers; one that prefixes a command
    (`X=$(…) cmd`) hands the output to that command alone."""
    binds = not segment.argv or segment.name in DECLARATIONS
    for name, value in segment.assignments:
        sources = set(_substituted_into(segments, index, value))
        for other in _REFERENCE.findall(value):
            sources.update(carriers.get(other, ()))
        if binds:
            if sources:
                carriers[name] = frozenset(sources)
            else:
                carriers.pop(name, None)
        else:
            flows.extend(Flow(s, index, name) for s in sorted(sources))


def _substituted_into(segments: Sequence[Segment], index: int, value: str) -> list[int]:
    """The substitutions walked for this assignment's value: the run of substitution
    commands just before it whose source the value holds."""
    found = []
    for earlier in range(index - 1, -1, -1):
        segment = segments[earlier]
        if segment.context not in SUBSTITUTIONS or segment.source not in value:
            break
        found.append(earlier)
    return found


def _read_names(segment: Segment) -> list[str]:
    """The variables `read` fills (its operands, or `-a NAME`), or `mapfile`'s array."""
    options, operands = split_options(segment.argv, 1, COMMAND_OPTIONS.get(segment.name, EMPTY))
    names = [o for o in operands if _REFERENCE.fullmatch("$" + o)]
    if segment.name == "read":
        names += [options[i + 1] for i in range(len(options) - 1) if options[i] == "-a"]
        return names or ["REPLY"]
    return names[-1:] or ["MAPFILE"]
