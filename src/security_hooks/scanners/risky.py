"""Reminders about risky code in new content: the per-edit pattern layer.

Each rule is a deterministic match (an RE2 regex, literal substrings, or only
a path) that yields a short reminder for the model. Nothing here blocks; the
caller decides what to do with the findings.

A `PatternScanner` compiles its rules once: one anchored RE2 set over every
path glob picks the rules that apply to a path, and one RE2 set over every
content pattern picks the rules that match, in a single pass over the text.
Only those rules then search again, to find the line of their first match.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..globs import glob_to_regex, normalise_path
from ..regex import Pattern, PatternSet, Re2Error, compile_pattern, compile_set, escape
from ._text import encode, line_of_byte
from .risky_rules import BUILTIN_ORIGIN, BUILTIN_RULES, PatternRule

__all__ = [
    "BUILTIN_ORIGIN",
    "BUILTIN_RULES",
    "PatternFinding",
    "PatternRule",
    "PatternScanner",
    "content_pattern",
]


@dataclass(frozen=True)
class PatternFinding:
    rule: str
    reminder: str
    line: int
    origin: str


def content_pattern(rule: PatternRule) -> str | None:
    """The RE2 pattern for *rule*'s content test; None for a path-only rule.

    A rule with both a regex and substrings fires when either matches.
    """
    parts = []
    if rule.regex is not None:
        parts.append(f"(?:{rule.regex})")
    if rule.substrings:
        parts.append("|".join(escape(s) for s in rule.substrings))
    return "|".join(parts) if parts else None


@dataclass(frozen=True)
class _GlobRef:
    rule: int
    exclude: bool


class PatternScanner:
    """Immutable after construction; safe to share between threads."""

    __slots__ = ("_content", "_content_set", "_globs", "_glob_set", "_included", "_rules")

    def __init__(self, rules: Sequence[PatternRule]) -> None:
        self._rules = tuple(rules)
        self._content: tuple[Pattern | None, ...] = tuple(
            _compile_rule(rule) for rule in self._rules
        )
        content_rules = [i for i, pattern in enumerate(self._content) if pattern is not None]
        patterns = [content_pattern(self._rules[i]) or "" for i in content_rules]
        self._content_set = _SetIndex(patterns, content_rules)
        refs: list[_GlobRef] = []
        globs: list[str] = []
        for index, rule in enumerate(self._rules):
            for rule_globs, exclude in ((rule.paths, False), (rule.exclude_paths, True)):
                refs.extend(_GlobRef(index, exclude) for _ in rule_globs)
                globs.extend(glob_to_regex(glob) for glob in rule_globs)
        self._globs = tuple(refs)
        self._glob_set = compile_set(globs, anchored=True) if globs else None
        self._included = frozenset(i for i, rule in enumerate(self._rules) if not rule.paths)

    def _applicable(self, path: str) -> list[int]:
        """Indices of the rules whose globs admit *path*, in rule order."""
        included = set(self._included)
        excluded: set[int] = set()
        if self._glob_set is not None:
            for hit in self._glob_set.Match(encode(normalise_path(path))) or ():
                ref = self._globs[hit]
                (excluded if ref.exclude else included).add(ref.rule)
        return sorted(included - excluded)

    def scan(self, path: str, text: str) -> tuple[PatternFinding, ...]:
        """At most one finding per rule: the first line where it matches."""
        applicable = self._applicable(path)
        if not applicable:
            return ()
        data = encode(text)
        matched = self._content_set.matching(data, applicable, self._content)
        found: list[tuple[int, int]] = []
        for index in applicable:
            pattern = self._content[index]
            if pattern is None:
                found.append((1, index))
            elif index in matched:
                match = pattern.search(data)
                if match is not None:
                    found.append((line_of_byte(data, match.start()), index))
        found.sort()
        rules = self._rules
        return tuple(
            PatternFinding(rules[i].name, rules[i].reminder, line, rules[i].origin)
            for line, i in found
        )


def _compile_rule(rule: PatternRule) -> Pattern | None:
    pattern = content_pattern(rule)
    if pattern is None:
        return None
    try:
        return compile_pattern(pattern)
    except Re2Error as exc:
        raise ValueError(f"rule {rule.name!r} from {rule.origin}: {exc}") from None


class _SetIndex:
    """One RE2 set over the content patterns, mapped back to rule indices.

    If the combined set is too large for RE2's memory budget, fall back to
    searching each applicable rule on its own: slower, never wrong.
    """

    __slots__ = ("_rule_of", "_set")

    def __init__(self, patterns: list[str], rule_indices: list[int]) -> None:
        self._rule_of = tuple(rule_indices)
        self._set: PatternSet | None
        try:
            self._set = compile_set(patterns) if patterns else None
        except Re2Error:
            self._set = None

    def matching(
        self, data: bytes, applicable: list[int], content: tuple[Pattern | None, ...]
    ) -> set[int]:
        if self._set is not None:
            return {self._rule_of[hit] for hit in self._set.Match(data) or ()}
        return {
            i for i in applicable if (p := content[i]) is not None and p.search(data) is not None
        }
