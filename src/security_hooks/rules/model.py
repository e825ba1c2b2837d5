"""The parsed form of a .rules file: frozen declarations that remember where they came from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .diagnostics import Span

Tier = Literal["block", "suspicious", "warn"]
TIERS: tuple[Tier, ...] = ("block", "suspicious", "warn")


@dataclass(frozen=True)
class Pattern:
    """One regex, taken verbatim from the line it sits on."""

    text: str
    span: Span


@dataclass(frozen=True)
class Match:
    """`match` (one pattern) or `match_any` (several); `field` None means the family default."""

    field: str | None
    patterns: tuple[Pattern, ...]
    any_of: bool
    span: Span


@dataclass(frozen=True)
class NotIn:
    """`match_base_command_not_in <config key>`."""

    key: str
    span: Span


@dataclass(frozen=True)
class UseValidator:
    name: str
    span: Span


Matcher = Match | NotIn | UseValidator


@dataclass(frozen=True)
class Predicate:
    name: str
    args: tuple[str, ...]
    span: Span


@dataclass(frozen=True)
class Not:
    operand: Expr


@dataclass(frozen=True)
class All:
    operands: tuple[Expr, ...]


@dataclass(frozen=True)
class Any_:
    operands: tuple[Expr, ...]


Expr = Predicate | Not | All | Any_


@dataclass(frozen=True)
class Condition:
    negate: bool  # True for except_when
    expr: Expr
    span: Span


@dataclass(frozen=True)
class Nudge:
    text: str
    variables: tuple[str, ...]
    span: Span


@dataclass(frozen=True)
class RuleDecl:
    tier: Tier
    name: str
    span: Span
    matchers: tuple[Matcher, ...]
    nudge: Nudge
    conditions: tuple[Condition, ...]

    @property
    def location(self) -> str:
        return f"{self.span.source}:{self.span.line}"


@dataclass(frozen=True)
class ParsedFile:
    source: str
    rules: tuple[RuleDecl, ...]
    lines: tuple[str, ...]

    def line(self, number: int) -> str | None:
        if 1 <= number <= len(self.lines):
            return self.lines[number - 1]
        return None
