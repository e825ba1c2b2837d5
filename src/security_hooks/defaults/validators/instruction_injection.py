"""InstructionInjection: text written to a file that instructs coding agents (CLAUDE.md,
AGENTS.md, `.claude/commands/`, `.cursorrules`, ... : `[injection] instruction_files`)
carries prompt-injection markers, or asks to run a command the bash rules deny.

Such a file is read at the start of every later session, and its content is trusted
when read (`[injection] trusted_paths`): instructions an injected agent plants there
outlive the session. High-severity markers only; the commands are taken from code
blocks, inline code and "run: ..." phrases, and judged by the whole rule set as if
Claude were about to run them. Matches with {injection}.
"""

from __future__ import annotations

from collections.abc import Mapping

from security_hooks.config.load import Config
from security_hooks.engine.families.base import Subject
from security_hooks.engine.families.edit import EditView
from security_hooks.globs import GlobSet


class InstructionInjection:
    families = frozenset({"edit"})

    def __init__(self, config: Config) -> None:
        self.files = GlobSet(config.strings("injection.instruction_files"))

    def check(self, subject: Subject) -> Mapping[str, str] | None:
        view = subject.prepared
        if not isinstance(view, EditView) or not view.content.strip() or not self.files.match(view.path):
            return None
        # Imported on first use: the daemon's start-up is on the first hook call's path.
        from security_hooks.review.untrusted import candidate_commands, describe, shared_injection_scanner

        findings = [f for f in shared_injection_scanner().scan(view.content) if f.severity == "high"]
        if findings:
            return {"injection": f"carries {describe(findings)}"}
        judge = subject.judge
        if judge is None:
            return None
        for command in candidate_commands(view.content):
            decision = judge(view.event.as_bash(command, cwd=view.project_dir))
            if decision.verdict == "deny":
                shown = command if len(command) <= 120 else command[:119] + "…"
                return {"injection": f"asks to run `{shown}`, which the bash rules deny ({decision.rule})"}
        return None
