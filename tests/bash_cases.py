"""Evaluate Bash calls through the packaged rules for a fixed user and project.

Home is /home/dev and the project /home/dev/project, as in bench/corpus.py, so that
"outside the project" never lands in the temporary directory pytest works in. Nothing
here touches the file system.
"""

from __future__ import annotations

from security_hooks.engine.decision import Decision
from security_hooks.engine.evaluate import evaluate
from security_hooks.engine.event import event_from_payload
from security_hooks.engine.payloads import build_payload
from security_hooks.rules.ruleset import RuleSet

HOME = "/home/dev"
PROJECT = "/home/dev/project"


def bash(rules: RuleSet, command: str, *, cwd: str = PROJECT) -> Decision:
    payload = build_payload("Bash", command, file_path=None, event="PreToolUse", cwd=cwd)
    env = {"HOME": HOME, "CLAUDE_PROJECT_DIR": PROJECT}
    return evaluate(rules, event_from_payload(payload, phase="pre", env=env))


def outcome(rules: RuleSet, command: str, *, cwd: str = PROJECT) -> tuple[str, str | None]:
    decision = bash(rules, command, cwd=cwd)
    return decision.verdict, decision.rule


def ids(cases: list[tuple[str, str, str | None]]) -> list[str]:
    return [case[0].replace("\n", "\\n")[:70] for case in cases]
