"""PushedSecrets: a `git push` that would publish a credential in one of its commits.

The commits pushed are those reachable from what is pushed (HEAD, the refspecs'
sources, every branch with --all) and from no remote-tracking branch: `@{u}..HEAD`
with an upstream, every unpublished commit without one. Matches with {secret_kind},
{location} (`file:line (commit <sha>)`) and {more}. Gives up (no match) when git
cannot answer within `review.gate_timeout_seconds`.
"""

from __future__ import annotations

from collections.abc import Mapping

from security_hooks.config.load import Config
from security_hooks.engine.families.base import Subject


class PushedSecrets:
    families = frozenset({"bash"})

    def __init__(self, config: Config) -> None:
        self.timeout = float(config.get("review.gate_timeout_seconds", 2))

    def check(self, subject: Subject) -> Mapping[str, str] | None:
        # Imported on first use: the daemon's start-up is on the first hook call's path.
        from security_hooks.review.commit import finding_variables, gate_changes
        from security_hooks.review.findings import scan_added
        from security_hooks.scanners.secrets import shared_scanner

        changes = gate_changes(subject, "push", self.timeout)
        if changes is None:
            return None
        root, files = changes
        return finding_variables(scan_added(files, root=root, secrets=shared_scanner(), patterns=None))
