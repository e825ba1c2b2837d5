"""`security-hook replay TRANSCRIPT.jsonl`: what today's rules would say about a past
session's tool calls, without a daemon and at `eval` speed.

Each tool call becomes the PreToolUse payload Claude Code would have sent, in the
session's own working directory, and goes through `evaluate`. Calls that would now be
denied or asked are listed (every call with --all), then a summary table. Inputs shown
are summarised and redacted like the decision log's.
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from dataclasses import dataclass
from typing import Any

from ..engine.decision import Decision
from ..engine.evaluate import evaluate
from ..engine.event import PayloadError, event_from_payload
from ..eventlog.record import tool_input_summary
from ..eventlog.redact import Redactor
from ..rules.ruleset import RuleSet
from ..scanners.secrets import shared_scanner
from ..transcript import OTHER_LINES, ToolCall, TranscriptCounts, tool_calls
from .common import effective_ruleset
from .errors import FatalError
from .log_command import short

NOTABLE = ("deny", "ask")


@dataclass(frozen=True)
class Replayed:
    call: ToolCall
    decision: Decision
    shown_input: str
    error: str | None = None


def replay_call(ruleset: RuleSet, call: ToolCall, project_dir: str, env: dict[str, str]) -> Decision:
    payload = {
        "session_id": call.session,
        "cwd": call.cwd or project_dir,
        "hook_event_name": "PreToolUse",
        "permission_mode": "default",
        "tool_name": call.tool,
        "tool_input": dict(call.tool_input),
        "tool_use_id": call.tool_use_id,
    }
    event = event_from_payload(payload, phase="pre", env={**env, "CLAUDE_PROJECT_DIR": project_dir})
    return evaluate(ruleset, event)


def replay(lines: Any, ruleset: RuleSet, redactor: Redactor) -> tuple[list[Replayed], TranscriptCounts]:
    counts = TranscriptCounts()
    env = dict(os.environ)
    project_dir = ""
    results = []
    for call in tool_calls(lines, counts):
        project_dir = project_dir or call.cwd or os.getcwd()  # a session starts in its project
        # Redact before cutting: a cut can leave part of a credential that no longer matches.
        shown = short(redactor.text(tool_input_summary(call.tool_input))[0], 160)
        try:
            decision = replay_call(ruleset, call, project_dir, env)
            results.append(Replayed(call, decision, shown))
        except (PayloadError, ValueError) as exc:
            failed = Decision(ruleset.config.failure_decision("PreToolUse"))  # type: ignore[arg-type]
            results.append(Replayed(call, failed, shown, str(exc)))
    return results, counts


def _summary(results: list[Replayed]) -> tuple[Counter[str], dict[str, Counter[str]]]:
    decisions: Counter[str] = Counter(r.decision.verdict for r in results)
    rules: dict[str, Counter[str]] = {}
    for r in results:
        if r.decision.rule and r.decision.verdict in NOTABLE:
            rules.setdefault(r.decision.rule, Counter())[r.decision.verdict] += 1
    return decisions, rules


def _as_json(path: str, results: list[Replayed], counts: TranscriptCounts) -> str:
    decisions, rules = _summary(results)
    calls = [
        {
            "line": r.call.line,
            "tool_use_id": r.call.tool_use_id,
            "tool": r.call.tool,
            "input": r.shown_input,
            "decision": r.decision.verdict,
            "rule": r.decision.rule,
            "location": r.decision.location,
            "nudge": r.decision.nudge,
            **({"error": r.error} if r.error else {}),
        }
        for r in results
    ]
    summary = {
        "lines": counts.lines,
        "tool_calls": counts.tool_calls,
        "skipped": dict(counts.skipped),
        "decisions": dict(decisions),
        "rules": {rule: dict(c) for rule, c in sorted(rules.items())},
    }
    return json.dumps({"transcript": path, "calls": calls, "summary": summary}, indent=2, ensure_ascii=False)


def _as_text(path: str, results: list[Replayed], counts: TranscriptCounts, show_all: bool) -> str:
    decisions, rules = _summary(results)
    shown = [r for r in results if show_all or r.decision.verdict in NOTABLE]
    out = []
    if shown:
        width = min(32, max(4, *(len(r.call.tool) for r in shown)))
        out.append(f"{'line':>6}  {'tool':<{width}}  {'decision':<8}  {'rule':<26}  input")
        for r in shown:
            rule = r.decision.rule or ("(error)" if r.error else "-")
            verdict, text = r.decision.verdict, short(r.shown_input, 60)
            out.append(f"{r.call.line:>6}  {r.call.tool:<{width}}  {verdict:<8}  {rule:<26}  {text}")
        out.append("")
    other = counts.skipped.get(OTHER_LINES, 0)
    calls, lines = counts.tool_calls, counts.lines
    out.append(f"{path}: {calls} tool call(s) in {lines} line(s), {other} without tool calls")
    for why, count in sorted(counts.skipped.items()):
        if why != OTHER_LINES:
            out.append(f"  skipped {count} line(s): {why}")
    out.append(f"{'decision':<10} {'calls':>6}")
    for verdict in ("deny", "ask", "warn", "allow"):
        out.append(f"{verdict:<10} {decisions.get(verdict, 0):>6}")
    if rules:
        out.append(f"{'rule':<32} {'deny':>5} {'ask':>5}")
        for rule, c in sorted(rules.items(), key=lambda item: (-sum(item[1].values()), item[0])):
            out.append(f"{rule:<32} {c.get('deny', 0):>5} {c.get('ask', 0):>5}")
    return "\n".join(out)


def run_replay(path: str, *, show_all: bool, as_json: bool) -> int:
    ruleset = effective_ruleset()
    redactor = Redactor(shared_scanner())
    try:
        with open(path, "rb") as handle:
            results, counts = replay(handle, ruleset, redactor)
    except OSError as exc:
        raise FatalError(f"cannot read {path}: {exc.strerror}") from None
    text = _as_json(path, results, counts) if as_json else _as_text(path, results, counts, show_all)
    sys.stdout.write(text + "\n")
    return 0
