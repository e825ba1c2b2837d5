"""Find credentials in text: cloud keys, API tokens, private keys, JWTs, database URLs.

One RE2 set runs over the whole text in a single pass and reports which
detectors matched anywhere. Only those detectors then run on their own to find
positions, and each candidate goes through its plausibility check (entropy,
placeholder and interpolation rejection; see `secret_rules`). Text without
secrets therefore costs one linear DFA pass.

Findings carry a kind and a position, never the matched text, so they are safe
to log and to show to the model.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass

from ..regex import Match, Pattern, PatternSet, compile_pattern, compile_set
from ._text import char_offsets, encode, lines_and_columns
from .secret_rules import DETECTORS, Detector


@dataclass(frozen=True)
class SecretFinding:
    """Where a secret is, never what it is."""

    kind: str
    label: str
    line: int
    column: int
    start: int
    end: int


@dataclass(frozen=True)
class _Compiled:
    detector: Detector
    pattern: Pattern
    group_names: tuple[tuple[str, int], ...]
    secret_group: int


def _compile(detector: Detector) -> _Compiled:
    pattern = compile_pattern(detector.pattern)
    names = tuple(sorted(pattern.groupindex.items()))
    return _Compiled(detector, pattern, names, pattern.groupindex["secret"])


def _groups(compiled: _Compiled, match: Match) -> dict[str, str]:
    groups: dict[str, str] = {}
    for name, index in compiled.group_names:
        value = match.group(index)
        groups[name] = "" if value is None else value.decode("utf-8", "replace")
    return groups


class SecretScanner:
    """Compiled once, immutable afterwards; safe to share between threads."""

    __slots__ = ("_detectors", "_set")

    def __init__(self) -> None:
        self._detectors = tuple(_compile(detector) for detector in DETECTORS)
        self._set: PatternSet = compile_set([detector.pattern for detector in DETECTORS])

    def _spans(self, data: bytes) -> Iterator[tuple[int, int, int]]:
        """Validated (detector index, byte start, byte end) spans, detector by detector."""
        for index in sorted(self._set.Match(data) or ()):
            compiled = self._detectors[index]
            for match in compiled.pattern.finditer(data):
                if compiled.detector.check(_groups(compiled, match)):
                    group = compiled.secret_group
                    yield index, match.start(group), match.end(group)

    def contains_secret(self, text: str) -> bool:
        """True as soon as one plausible secret is found."""
        return next(self._spans(encode(text)), None) is not None

    def _located(self, text: str, limit: int) -> list[tuple[int, int, int]]:
        """The first *limit* (str start, str end, detector index), by position."""
        data = encode(text)
        found: list[tuple[int, int, int]] = []
        per_detector: dict[int, int] = {}
        for index, start, end in self._spans(data):
            # Each detector needs at most `limit` spans for the first `limit` overall.
            seen = per_detector.get(index, 0)
            if seen < limit:
                per_detector[index] = seen + 1
                found.append((start, -end, index))
        found.sort()
        del found[limit:]
        offsets = char_offsets(text, data, [o for start, end, _ in found for o in (start, -end)])
        return [(offsets[start], offsets[-end], index) for start, end, index in found]

    def scan(self, text: str, *, limit: int = 100) -> tuple[SecretFinding, ...]:
        """Up to *limit* findings, ordered by position."""
        if limit <= 0:
            return ()
        located = self._located(text, limit)
        positions = lines_and_columns(text, [start for start, _, _ in located])
        findings = []
        for (start, end, index), (line, column) in zip(located, positions, strict=True):
            detector = self._detectors[index].detector
            findings.append(SecretFinding(detector.kind, detector.label, line, column, start, end))
        return tuple(findings)

    def redact(self, text: str) -> str:
        """*text* with every finding replaced by ``[REDACTED:<kind>]``.

        Overlapping findings (a token inside a URL password) are merged and
        labelled with the kind of the one that starts first.
        """
        pieces: list[str] = []
        cursor = 0
        for start, end, index in self._located(text, len(text) + 1):
            if end <= cursor:
                continue
            if start >= cursor:
                pieces.append(text[cursor:start])
                pieces.append(f"[REDACTED:{self._detectors[index].detector.kind}]")
            cursor = end
        pieces.append(text[cursor:])
        return "".join(pieces)


@functools.cache
def shared_scanner() -> SecretScanner:
    """The process's scanner: compiled once on first use, immutable, shared by every caller."""
    return SecretScanner()
