"""UntrustedContent: what a tool brought back (a web page, a file, command output, a
subagent's or an MCP tool's result) carries prompt-injection markers.

Markers: instructions aimed at the agent, invisible Unicode, encoded commands, fake
system or tool-call framing, requests to send secrets elsewhere. Files and search
roots matching `[injection] trusted_paths` are not scanned. Matches with {source}
(what was read) and {injection} (what was found, with lines).
"""

from __future__ import annotations

from collections.abc import Mapping

from security_hooks.config.load import Config
from security_hooks.engine.families.base import Subject
from security_hooks.engine.families.post import PostView
from security_hooks.globs import GlobSet


class UntrustedContent:
    families = frozenset({"post"})

    def __init__(self, config: Config) -> None:
        self.trusted = GlobSet(config.strings("injection.trusted_paths"))

    def check(self, subject: Subject) -> Mapping[str, str] | None:
        # Imported on first use: the daemon's start-up is on the first hook call's path.
        from security_hooks.review.untrusted import describe, injection_report, source_label, trusted

        view = subject.prepared
        if not isinstance(view, PostView) or trusted(view, self.trusted):
            return None
        report = injection_report(view)
        if not report.findings:
            return None
        return {"source": source_label(view), "injection": describe(report.findings)}
