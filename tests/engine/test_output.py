"""Output shapes: exactly what Claude Code honours for each event."""

from __future__ import annotations

import json

import pytest

from security_hooks.engine.decision import Decision
from security_hooks.engine.output import TEXT_CAP, fail_closed, render

DENY = Decision("deny", rule="destructive-rm", location="bash.rules:3", nudge="Use trash-cli")
ASK = Decision("ask", rule="unknown-exe", location="bash.rules:9", nudge="unknown executable: foo")
WARN = Decision("warn", rule="risky", location="post.rules:1", nudge="eval( found")


def out(decision: Decision, event: str) -> dict[str, object]:
    response = render(decision, event)
    assert response.exit_code == 0 and response.stderr == b""
    return json.loads(response.stdout) if response.stdout else {}


def test_pre_deny() -> None:
    assert out(DENY, "PreToolUse") == {
        "hookSpecificOutput": {
            "hookEventName": "PreToolUse",
            "permissionDecision": "deny",
            "permissionDecisionReason": "Blocked by security-hooks rule destructive-rm: Use trash-cli",
            "additionalContext": "Use trash-cli",
        }
    }


def test_pre_ask() -> None:
    body = out(ASK, "PreToolUse")["hookSpecificOutput"]
    assert body["permissionDecision"] == "ask"  # type: ignore[index]
    assert body["hookEventName"] == "PreToolUse"  # type: ignore[index]


def test_pre_allow_is_silent_so_the_permission_flow_still_applies() -> None:
    assert render(Decision("allow"), "PreToolUse").stdout == b""


def test_pre_warn_adds_context_without_a_decision() -> None:
    body = out(WARN, "PreToolUse")["hookSpecificOutput"]
    assert "permissionDecision" not in body  # type: ignore[operator]
    assert "eval( found" in body["additionalContext"]  # type: ignore[index]


def test_post_block() -> None:
    assert out(DENY, "PostToolUse") == {
        "decision": "block",
        "reason": "Blocked by security-hooks rule destructive-rm: Use trash-cli",
        "hookSpecificOutput": {
            "hookEventName": "PostToolUse",
            "additionalContext": "Use trash-cli",
        },
    }


def test_post_ask_cannot_ask_after_the_fact_so_it_informs() -> None:
    body = out(ASK, "PostToolUse")
    assert "decision" not in body
    assert "unknown executable: foo" in body["hookSpecificOutput"]["additionalContext"]  # type: ignore[index]


def test_prompt_block_and_stop_block() -> None:
    assert out(DENY, "UserPromptSubmit")["decision"] == "block"
    assert out(ASK, "UserPromptSubmit")["decision"] == "block"
    assert out(DENY, "Stop")["decision"] == "block"


def test_stop_block_carries_the_nudge_once() -> None:
    body = out(DENY.with_context("also this"), "Stop")
    assert body["reason"] == "Blocked by security-hooks rule destructive-rm: Use trash-cli"
    assert body["hookSpecificOutput"] == {"hookEventName": "Stop", "additionalContext": "also this"}
    assert "hookSpecificOutput" not in out(DENY, "Stop")


def test_system_message_rides_along() -> None:
    body = out(Decision("allow").with_system_message("rules failed to load"), "PreToolUse")
    assert body == {"systemMessage": "rules failed to load"}


@pytest.mark.parametrize("event", ["PreToolUse", "PostToolUse", "UserPromptSubmit", "Stop"])
def test_long_texts_are_capped_below_claude_codes_limit(event: str) -> None:
    decision = Decision("deny", rule="r", nudge="x" * 50_000).with_context("y" * 50_000)
    for value in json.dumps(out(decision, event), ensure_ascii=False).split('"'):
        assert len(value) <= TEXT_CAP


def test_fail_closed_is_exit_2_with_one_line_on_stderr_and_nothing_on_stdout() -> None:
    response = fail_closed("daemon unreachable\nand more", "Run doctor.")
    assert response.exit_code == 2 and response.stdout == b""
    assert response.stderr.count(b"\n") == 1
    assert response.stderr.startswith(b"security-hooks: daemon unreachable and more; denied (fail closed).")
