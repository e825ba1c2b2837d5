"""`security-hook eval [FILE]`: JSON Lines of payloads in, one decision per line out.

A line is a full hook payload, or the shorthand {"command": "..."} for a Bash
PreToolUse. Output keeps input order. A line that cannot be read still gets an answer:
the failure decision for its event, with an `error` field.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from typing import IO, Any

from ..engine.evaluate import evaluate
from ..engine.event import PayloadError, event_from_payload
from ..engine.payloads import build_payload
from ..rules.ruleset import RuleSet
from .common import call_env, effective_ruleset
from .errors import FatalError


def _lines(path: str | None) -> Iterator[str]:
    if path is None:
        yield from sys.stdin
        return
    try:
        handle: IO[str] = open(path, encoding="utf-8")
    except OSError as exc:
        raise FatalError(f"cannot read {path}: {exc.strerror}") from None
    with handle:
        yield from handle


def decide_line(line: str, ruleset: RuleSet, cwd: str, env: dict[str, str]) -> dict[str, Any]:
    try:
        item = json.loads(line)
        if not isinstance(item, dict):
            raise PayloadError("line is not a JSON object")
        if "tool_name" not in item and "hook_event_name" not in item:
            command = item.get("command")
            if not isinstance(command, str):
                raise PayloadError("shorthand lines need a string 'command'")
            item = build_payload("Bash", command, file_path=None, event="PreToolUse", cwd=cwd)
        event = event_from_payload(item, phase="pre", env=env)
    except (ValueError, PayloadError) as exc:
        verdict = ruleset.config.failure_decision("PreToolUse")
        return {"decision": verdict, "rule": None, "error": str(exc)}
    decision = evaluate(ruleset, event)
    out: dict[str, Any] = {"decision": decision.verdict, "rule": decision.rule}
    if decision.rule:
        out["location"] = decision.location
        out["nudge"] = decision.nudge
    return out


def run_eval(path: str | None, *, cwd: str | None, project_dir: str | None) -> int:
    ruleset = effective_ruleset()
    where, env = call_env(cwd=cwd, project_dir=project_dir)
    write = sys.stdout.write
    for line in _lines(path):
        if not line.strip():
            continue
        write(json.dumps(decide_line(line, ruleset, where, env), ensure_ascii=False) + "\n")
    sys.stdout.flush()
    return 0
