"""What every hook family provides to the evaluator.

A family turns an Event into a Prepared view: the units rules are tested against
(bash: each simple command that would run; the others: the event itself), the text
values of each field, and the variables a nudge may interpolate.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from ...config.load import Config
from ...rules.vocabulary import FamilySpec, FieldSpec
from ..decision import Decision
from ..event import Event

# The whole rule set's verdict on another hook call (for example: would the bash rules
# deny this command?). The evaluator hands it to validators; it never does I/O itself.
Judge = Callable[[Event], Decision]

COMMON_VARIABLES = frozenset({"tool_name", "cwd", "project_dir"})


class Prepared(Protocol):
    @property
    def units(self) -> Sequence[object]: ...

    def values(self, field: str, unit: object) -> Sequence[str]: ...

    def variables(self, unit: object) -> Mapping[str, str]: ...

    def base_command(self, unit: object) -> str | None: ...


class Family(Protocol):
    spec: FamilySpec

    def prepare(self, event: Event, config: Config) -> Prepared: ...


@dataclass(frozen=True)
class Subject:
    """What conditions and validators see: the event, its prepared view and one unit."""

    event: Event
    family: str
    prepared: Any
    unit: object
    config: Config
    judge: Judge | None = None


def fields(*items: tuple[str, bool, str]) -> dict[str, FieldSpec]:
    return {name: FieldSpec(name, per_unit, doc) for name, per_unit, doc in items}


def common_variables(event: Event) -> dict[str, str]:
    return {"tool_name": event.tool_name, "cwd": event.cwd, "project_dir": event.project_dir}


@dataclass(frozen=True)
class EventView:
    """A Prepared with a single unit (the event) and fixed field values."""

    field_values: Mapping[str, tuple[str, ...]]
    nudge_variables: Mapping[str, str]

    @property
    def units(self) -> Sequence[object]:
        return (None,)

    def values(self, field: str, unit: object) -> Sequence[str]:
        return self.field_values.get(field, ())

    def variables(self, unit: object) -> Mapping[str, str]:
        return self.nudge_variables

    def base_command(self, unit: object) -> str | None:
        return None


def string_leaves(value: Any, *, limit: int = 2000, depth: int = 0) -> list[str]:
    """Every string in a JSON value (keys included), depth-first, bounded."""
    out: list[str] = []
    stack: list[tuple[Any, int]] = [(value, depth)]
    while stack and len(out) < limit:
        item, level = stack.pop()
        if isinstance(item, str):
            out.append(item)
        elif level > 64:
            continue
        elif isinstance(item, Mapping):
            for key, sub in item.items():
                out.append(str(key))
                stack.append((sub, level + 1))
        elif isinstance(item, (list, tuple)):
            stack.extend((sub, level + 1) for sub in item)
        elif item is not None and not isinstance(item, bool):
            out.append(str(item))
    return out
