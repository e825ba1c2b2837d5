"""Scanning the lines a change adds: secrets, risky-code patterns and users' pattern files.

One `Finding` per file, line and kind. A secret finding names the kind of credential
and where it is, never its value; a pattern finding carries its reminder so the
message can say what to do instead.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .diff import AddedFile

if TYPE_CHECKING:
    from ..scanners.risky import PatternScanner
    from ..scanners.secrets import SecretScanner

MAX_PER_FILE = 20
SECRET_ADVICE = (
    "remove the credential and read it from an environment variable or a secret manager; "
    "if it was a real one, the user must rotate it"
)


@dataclass(frozen=True)
class Finding:
    path: str  # relative to the repository root
    line: int
    kind: str  # the secret's label, the pattern rule's name, or the model's kind
    source: str  # "secret", "pattern" or "model"
    advice: str = ""  # what to do instead (the pattern's reminder, the model's message)
    commit: str = ""  # for findings in commits about to be pushed

    @property
    def secret(self) -> bool:
        return self.source == "secret"

    @property
    def where(self) -> str:
        place = f"{self.path}:{self.line}" if self.line else self.path
        return f"{place} (commit {self.commit[:10]})" if self.commit else place

    def summary(self) -> str:
        return f"{self.where} {self.kind}"


def scan_added(
    files: Iterable[AddedFile],
    *,
    root: str,
    secrets: SecretScanner | None,
    patterns: PatternScanner | None,
) -> list[Finding]:
    """Findings in every file's added lines, secrets first within a file, deduplicated."""
    found: dict[tuple[str, int, str, str], Finding] = {}
    for file in files:
        if file.binary or not file.lines:
            continue
        text = file.text
        per_file: list[Finding] = []
        if secrets is not None:
            for hit in secrets.scan(text, limit=MAX_PER_FILE):
                line = file.line_number(hit.line)
                per_file.append(Finding(file.path, line, hit.label, "secret", SECRET_ADVICE, file.commit))
        if patterns is not None:
            for match in patterns.scan(os.path.join(root, file.path), text):
                line = file.line_number(match.line)
                per_file.append(Finding(file.path, line, match.rule, "pattern", match.reminder, file.commit))
        for finding in per_file[:MAX_PER_FILE]:
            found.setdefault((finding.path, finding.line, finding.kind, finding.commit), finding)
    return list(found.values())


def advice_lines(findings: Sequence[Finding], limit: int = 8) -> list[str]:
    """One line of advice per kind of deterministic finding (secrets share one)."""
    seen: dict[str, str] = {}
    for finding in findings:
        if finding.source == "model":
            continue  # a model finding carries its own message
        key = "secrets" if finding.secret else finding.kind
        if key not in seen and finding.advice:
            seen[key] = finding.advice
    return [f"- {kind}: {advice}" for kind, advice in list(seen.items())[:limit]]


class PatternSource:
    """The per-edit pattern rules for a project: built-in rules plus the user's and the
    project's `.claude/security-patterns.{yaml,yml,json}` (additive only).

    Compiled scanners are cached per (project, home) and rebuilt when one of those
    files appears, changes or goes away. Thread-safe; holds at most `capacity` entries.
    """

    def __init__(self, capacity: int = 32) -> None:
        self.capacity = capacity
        self._lock = threading.Lock()
        self._cache: OrderedDict[tuple[str, str], tuple[object, PatternScanner, tuple[str, ...]]] = (
            OrderedDict()
        )

    def get(self, project_dir: str, home: str) -> tuple[PatternScanner, tuple[str, ...]]:
        """The scanner and the warnings from loading the users' files."""
        key = (project_dir, home)
        signature = _signature(project_dir, home)
        with self._lock:
            cached = self._cache.get(key)
            if cached is not None and cached[0] == signature:
                self._cache.move_to_end(key)
                return cached[1], cached[2]
        from ..scanners.risky import BUILTIN_RULES, PatternScanner  # loaded on first use
        from ..scanners.user_patterns import load_user_patterns

        loaded = load_user_patterns(project_dir or None, home)
        scanner = PatternScanner(BUILTIN_RULES + loaded.rules)
        with self._lock:
            self._cache[key] = (signature, scanner, loaded.warnings)
            self._cache.move_to_end(key)
            while len(self._cache) > self.capacity:
                self._cache.popitem(last=False)
        return scanner, loaded.warnings


def _signature(project_dir: str, home: str) -> tuple[tuple[str, int, int] | None, ...]:
    from ..scanners.user_patterns import FILE_NAMES

    out: list[tuple[str, int, int] | None] = []
    for root in (home, project_dir):
        for name in FILE_NAMES:
            path = os.path.join(root, ".claude", name) if root else ""
            try:
                info = os.stat(path)
            except (OSError, ValueError):
                out.append(None)
                continue
            out.append((path, info.st_mtime_ns, info.st_size))
    return tuple(out)
