"""StagedSecrets: a `git commit` that would commit a credential.

It reads what the commit would publish: the staged diff, plus the tracked files'
changes with `-a`/`--all` or pathspecs, plus the paths of a `git add` earlier in the
same command line. Matches with {secret_kind}, {location} (`file:line`) and {more};
the secret itself is never put into a variable. Gives up (no match) when git cannot
answer within `review.gate_timeout_seconds`.
"""

from __future__ import annotations

from collections.abc import Mapping

from security_hooks.config.load import Config
from security_hooks.engine.families.base import Subject


class StagedSecrets:
    families = frozenset({"bash"})

    def __init__(self, config: Config) -> None:
        self.timeout = float(config.get("review.gate_timeout_seconds", 2))

    def check(self, subject: Subject) -> Mapping[str, str] | None:
        # Imported on first use: the daemon's start-up is on the first hook call's path.
        from security_hooks.review.commit import finding_variables, gate_changes
        from security_hooks.review.findings import scan_added
        from security_hooks.scanners.secrets import shared_scanner

        changes = gate_changes(subject, "commit", self.timeout)
        if changes is None:
            return None
        root, files = changes
        return finding_variables(scan_added(files, root=root, secrets=shared_scanner(), patterns=None))
