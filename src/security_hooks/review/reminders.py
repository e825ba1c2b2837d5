"""Risky-code reminders after an edit: the per-edit pattern layer, once per pattern per
file per session.

The text an edit wrote (Write content, Edit new_string, a notebook cell) is matched
against the built-in patterns plus the users' `.claude/security-patterns.*` files.
Each reminder is keyed `remind|<rule>|<file>`; a key the session has already seen
(`Event.seen`) is not repeated. Problems in the users' pattern files (a regex RE2
cannot compile, a malformed file) are mentioned once per session too.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from ..engine.families.post import PostView
from .findings import PatternSource


@dataclass(frozen=True)
class Reminders:
    text: str  # one "- rule: reminder" line each
    keys: tuple[str, ...]  # to remember for the rest of the session


def reminders_for(view: PostView, patterns: PatternSource) -> Reminders | None:
    """The reminders this edit earns that the session has not had yet; None when none."""
    if not view.path:
        return None
    scanner, warnings = patterns.get(view.project_dir, view.event.home)
    seen = view.event.seen
    lines: list[str] = []
    keys: list[str] = []
    with_line = view.event.tool_name == "Write"  # elsewhere lines are relative to a fragment
    for finding in scanner.scan(view.path, view.content):
        key = f"remind|{finding.rule}|{view.path}"
        if key in seen or key in keys:
            continue
        keys.append(key)
        where = f" (line {finding.line})" if with_line else ""
        lines.append(f"- {finding.rule}{where}: {finding.reminder}")
    for warning in warnings:
        key = "patterns-warning|" + hashlib.sha256(warning.encode("utf-8", "replace")).hexdigest()[:16]
        if key not in seen and key not in keys:
            keys.append(key)
            lines.append(f"- (pattern file problem) {warning}")
    if not lines:
        return None
    return Reminders("\n".join(lines), tuple(keys))
