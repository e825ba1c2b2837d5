"""InjectedCommand: untrusted content that carries prompt-injection markers *and*
asks to run a command the bash rules would deny.

The commands are taken from shell code blocks, inline code, `$ ` lines and "run: ..."
phrases of the tool's response, and each is judged by the whole rule set as if Claude
were about to run it with the Bash tool. Files and search roots matching
`[injection] trusted_paths` are not scanned. Matches with {source}, {injection},
{injected_command} (cut at 120 characters) and {blocked_by} (the bash rule).
"""

from __future__ import annotations

from collections.abc import Mapping

from security_hooks.config.load import Config
from security_hooks.engine.families.base import Subject
from security_hooks.engine.families.post import PostView
from security_hooks.globs import GlobSet


class InjectedCommand:
    families = frozenset({"post"})

    def __init__(self, config: Config) -> None:
        self.trusted = GlobSet(config.strings("injection.trusted_paths"))

    def check(self, subject: Subject) -> Mapping[str, str] | None:
        # Imported on first use: the daemon's start-up is on the first hook call's path.
        from security_hooks.review.untrusted import (
            candidate_commands,
            describe,
            injection_report,
            response_text,
            source_label,
            trusted,
        )

        view = subject.prepared
        judge = subject.judge
        if not isinstance(view, PostView) or judge is None or trusted(view, self.trusted):
            return None
        report = injection_report(view)
        if not report.findings:
            return None
        event = view.event
        for command in candidate_commands(response_text(event.tool_response)):
            decision = judge(event.as_bash(command))
            if decision.verdict == "deny":
                shown = command if len(command) <= 120 else command[:119] + "…"
                return {
                    "source": source_label(view),
                    "injection": describe(report.findings),
                    "injected_command": shown,
                    "blocked_by": decision.rule or "the bash rules",
                }
        return None
