"""Render a Decision as the exact output Claude Code honours for each hook event.

A schema mistake is a silent fail-open in Claude Code, so the shapes live here, once:
- PreToolUse: `hookSpecificOutput.permissionDecision` deny/ask, or nothing at all when
  no rule objected (silence keeps the user's own permission flow; "allow" would skip it).
- PostToolUse, UserPromptSubmit, Stop: top-level `decision: "block"` with `reason`.
- Context for Claude goes in `hookSpecificOutput.additionalContext`; notes for the user
  in `systemMessage`. Each text is capped below Claude Code's 10,000-character limit.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from .decision import Decision

TEXT_CAP = 9000
PRODUCT = "security-hooks"

_CONTEXT_EVENTS = frozenset(
    {
        "PreToolUse",
        "PostToolUse",
        "PostToolUseFailure",
        "UserPromptSubmit",
        "SessionStart",
        "Stop",
        "SubagentStop",
        "SubagentStart",
        "PostToolBatch",
        "Setup",
    }
)
_BLOCKING_EVENTS = frozenset(
    {
        "PostToolUse",
        "UserPromptSubmit",
        "Stop",
        "SubagentStop",
        "PostToolBatch",
        "UserPromptExpansion",
        "ConfigChange",
        "PreCompact",
        "TaskCreated",
    }
)


# Stop's reason is the instruction Claude continues with; repeating it as context
# would only double a long review in the transcript.
_REASON_ONLY = frozenset({"Stop", "SubagentStop"})


@dataclass(frozen=True)
class HookResponse:
    exit_code: int
    stdout: bytes = b""
    stderr: bytes = b""


def cap(text: str, limit: int = TEXT_CAP) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def reason_text(decision: Decision) -> str:
    rule = decision.rule or "policy"
    nudge = decision.nudge or ""
    if decision.verdict == "deny":
        head = f"Blocked by {PRODUCT} rule {rule}"
    elif decision.verdict == "ask":
        head = f"{PRODUCT} flags this as suspicious ({rule})"
    else:
        head = f"{PRODUCT} note ({rule})"
    return cap(f"{head}: {nudge}" if nudge else head)


def render(decision: Decision, hook_event: str) -> HookResponse:
    out = _body(decision, hook_event)
    if decision.system_message:
        out["systemMessage"] = cap(decision.system_message)
    if not out:
        return HookResponse(0)
    data = json.dumps(out, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return HookResponse(0, data + b"\n")


def _body(decision: Decision, hook_event: str) -> dict[str, Any]:
    context = _context(decision)
    if hook_event == "PreToolUse":
        specific: dict[str, Any] = {"hookEventName": hook_event}
        if decision.verdict in ("deny", "ask"):
            specific["permissionDecision"] = decision.verdict
            specific["permissionDecisionReason"] = reason_text(decision)
        if context:
            specific["additionalContext"] = context
        return {"hookSpecificOutput": specific} if len(specific) > 1 else {}
    out: dict[str, Any] = {}
    blocks = decision.verdict == "deny" or (decision.verdict == "ask" and hook_event == "UserPromptSubmit")
    if blocks and hook_event in _BLOCKING_EVENTS:
        out["decision"] = "block"
        out["reason"] = reason_text(decision)
        if hook_event in _REASON_ONLY:
            context = cap("\n".join(decision.context))  # the reason already carries the nudge
    elif decision.verdict in ("deny", "ask"):
        context = cap("\n".join(x for x in (reason_text(decision), context) if x))
    if context and hook_event in _CONTEXT_EVENTS:
        out["hookSpecificOutput"] = {"hookEventName": hook_event, "additionalContext": context}
    return out


def _context(decision: Decision) -> str:
    parts = list(decision.context)
    if decision.verdict in ("deny", "ask", "warn") and decision.nudge:
        parts.insert(0, decision.nudge if decision.verdict != "warn" else reason_text(decision))
    return cap("\n".join(dict.fromkeys(p for p in parts if p)))


def fail_closed(reason: str, hint: str) -> HookResponse:
    """The answer when nothing could be evaluated: exit 2 blocks on every Claude Code version."""
    line = f"{PRODUCT}: {reason}; denied (fail closed). {hint}".replace("\n", " ")
    return HookResponse(2, b"", cap(line).encode("utf-8", "replace") + b"\n")
