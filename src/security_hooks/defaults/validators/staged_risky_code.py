"""StagedRiskyCode: a `git commit` that would commit code matching the risky-code
patterns (eval, shell=True, SQL built from strings, ...) or the users' own
`.claude/security-patterns.*` rules.

It reads the same changes as StagedSecrets. Matches with {findings} (`file:line rule`,
up to six) and {location} of the first.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from security_hooks.config.load import Config
from security_hooks.engine.families.base import Subject

if TYPE_CHECKING:
    from security_hooks.review.findings import PatternSource


class StagedRiskyCode:
    families = frozenset({"bash"})

    def __init__(self, config: Config) -> None:
        self.timeout = float(config.get("review.gate_timeout_seconds", 2))
        self.patterns: PatternSource | None = None

    def check(self, subject: Subject) -> Mapping[str, str] | None:
        # Imported on first use: the daemon's start-up is on the first hook call's path.
        from security_hooks.review.commit import finding_variables, gate_changes
        from security_hooks.review.findings import PatternSource, scan_added

        changes = gate_changes(subject, "commit", self.timeout)
        if changes is None:
            return None
        root, files = changes
        if self.patterns is None:
            self.patterns = PatternSource()
        scanner, _warnings = self.patterns.get(subject.event.project_dir, subject.event.home)
        return finding_variables(scan_added(files, root=root, secrets=None, patterns=scanner))
