"""What the compiler needs to know from the engine: families, fields, predicates, validators.

The rules package stays ignorant of hook events; the engine hands it this vocabulary.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from ..config.load import Config

# A compiled condition or validator check receives the engine's subject (opaque here).
Check = Callable[[Any], bool]


@dataclass(frozen=True)
class FieldSpec:
    name: str
    per_unit: bool  # tested once per unit (bash: per simple command) rather than once per event
    doc: str


@dataclass(frozen=True)
class FamilySpec:
    name: str
    default_field: str
    fields: Mapping[str, FieldSpec]
    variables: frozenset[str]  # nudge interpolation variables
    has_base_command: bool = False


@dataclass(frozen=True)
class PredicateSpec:
    name: str
    families: frozenset[str] | None  # None: every family
    min_args: int
    max_args: int | None
    build: Callable[[tuple[str, ...], Config], Check]  # may raise ValueError(reason)
    doc: str


class Validator(Protocol):
    """A validator instance: `check` returns nudge variables when it matches, else None."""

    families: frozenset[str]

    def check(self, subject: Any) -> Mapping[str, str] | None: ...


class Vocabulary(Protocol):
    def family(self, name: str) -> FamilySpec | None: ...

    def predicate(self, name: str) -> PredicateSpec | None: ...

    def predicate_names(self) -> tuple[str, ...]: ...

    def validator(self, name: str, config: Config) -> Validator | None:
        """Instantiate a validator by name; None when no such validator exists.

        Raises ValueError(reason) when the validator exists but fails to load.
        """
        ...
