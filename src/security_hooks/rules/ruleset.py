"""The compiled, immutable rule set the engine evaluates.

A RuleSet never changes after it is built. Hot reload builds a new one beside it and
swaps one reference; requests in flight keep the set they started with.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..config.load import Config
from .model import Nudge, Tier
from .vocabulary import Check, Validator


@dataclass(frozen=True)
class RegexClause:
    field: str
    ids: frozenset[int]  # pattern ids within the field's set
    any_of: bool

    def holds(self, matched: frozenset[int]) -> bool:
        if self.any_of:
            return not self.ids.isdisjoint(matched)
        return self.ids <= matched


@dataclass(frozen=True)
class CompiledRule:
    index: int
    name: str
    tier: Tier
    location: str  # file:line
    nudge: Nudge
    regexes: tuple[RegexClause, ...]
    not_in: tuple[frozenset[str], ...]  # base command must be in none of these
    conditions: tuple[Check, ...]
    validators: tuple[Validator, ...]
    managed: bool = False


@dataclass(frozen=True)
class FieldSet:
    """One RE2 set over every pattern a family's rules aim at one field."""

    field: str
    regex_set: Any
    owners: tuple[tuple[int, ...], ...]  # pattern id -> rule indices
    per_unit: bool

    def match(self, text: str) -> frozenset[int]:
        found = self.regex_set.Match(text)
        return frozenset(found) if found else frozenset()


@dataclass(frozen=True)
class FamilyRules:
    family: str
    rules: tuple[CompiledRule, ...]
    field_sets: Mapping[str, FieldSet]
    always: frozenset[int]  # rules without regex clauses: always candidates

    def candidates(self, pattern_hits: Mapping[str, frozenset[int]]) -> list[int]:
        """Rule indices whose regexes might hold, in file order (the set is the prefilter)."""
        found = set(self.always)
        for field_name, ids in pattern_hits.items():
            owners = self.field_sets[field_name].owners
            for pattern_id in ids:
                found.update(owners[pattern_id])
        return sorted(found)


@dataclass(frozen=True)
class RuleSet:
    families: Mapping[str, FamilyRules]
    config: Config
    sources: tuple[str, ...]
    digest: str

    @property
    def rule_count(self) -> int:
        return sum(len(f.rules) for f in self.families.values())

    def rule(self, name: str) -> CompiledRule | None:
        for family in self.families.values():
            for rule in family.rules:
                if rule.name == name:
                    return rule
        return None
