"""A hook payload, parsed once and frozen.

Claude Code's payloads grow new fields and new tool names often; unknown fields and
tools are data, never errors. Only a payload that is not a JSON object is refused.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

PHASE_EVENTS = {
    "pre": "PreToolUse",
    "post": "PostToolUse",
    "prompt": "UserPromptSubmit",
    "stop": "Stop",
    "session": "SessionStart",
}


class PayloadError(ValueError):
    """The payload cannot be understood; the message is one line for the user."""


@dataclass(frozen=True)
class Event:
    hook_event: str
    tool_name: str
    tool_input: Mapping[str, Any]
    cwd: str
    project_dir: str
    home: str
    session_id: str = ""
    tool_response: Any = None
    payload: Mapping[str, Any] = field(default_factory=dict)
    # Keys of the notes this session has already been given (see Decision.reports);
    # filled in by the review layers, empty when a call is judged on its own.
    seen: frozenset[str] = frozenset()

    def text(self, key: str) -> str:
        """A string field of tool_input, or '' when absent or not a string."""
        value = self.tool_input.get(key)
        return value if isinstance(value, str) else ""

    def as_bash(self, command: str, *, cwd: str | None = None) -> Event:
        """`command` as a Bash PreToolUse call in this call's session, judged on its own
        (no response, no notes already given): how a validator asks the whole rule set
        about a command it found in a file, a page or a script."""
        return replace(
            self,
            hook_event="PreToolUse",
            tool_name="Bash",
            tool_input={"command": command},
            cwd=cwd or self.cwd,
            tool_response=None,
            seen=frozenset(),
        )


def decode_payload(data: bytes) -> dict[str, Any]:
    if not data.strip():
        raise PayloadError("empty payload on stdin")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PayloadError(f"payload is not UTF-8 (byte {exc.start})") from None
    try:
        payload = json.loads(text)
    except json.JSONDecodeError as exc:
        raise PayloadError(f"payload is not valid JSON ({exc.msg} at line {exc.lineno})") from None
    except RecursionError:
        raise PayloadError("payload JSON is nested too deeply") from None
    if not isinstance(payload, dict):
        raise PayloadError(f"payload is a JSON {type(payload).__name__}, not an object")
    return payload


def event_from_payload(payload: Mapping[str, Any], *, phase: str, env: Mapping[str, str]) -> Event:
    """Build an Event; `env` is the hook process's environment (forwarded by the client)."""
    hook_event = payload.get("hook_event_name")
    if not isinstance(hook_event, str) or not hook_event:
        hook_event = PHASE_EVENTS.get(phase, "PreToolUse")
    tool_input = payload.get("tool_input")
    if tool_input is None:
        tool_input = {}
    if not isinstance(tool_input, dict):
        raise PayloadError("tool_input is not a JSON object")
    home = env.get("HOME") or os.path.expanduser("~")
    cwd = _string(payload.get("cwd")) or env.get("PWD") or home
    project_dir = env.get("CLAUDE_PROJECT_DIR") or cwd
    return Event(
        hook_event=hook_event,
        tool_name=_string(payload.get("tool_name")),
        tool_input=tool_input,
        cwd=os.path.normpath(os.path.join(home, os.path.expanduser(cwd))),
        project_dir=os.path.normpath(os.path.join(cwd, os.path.expanduser(project_dir))),
        home=home,
        session_id=_string(payload.get("session_id")),
        tool_response=payload.get("tool_response"),
        payload=payload,
    )


def _string(value: Any) -> str:
    return value if isinstance(value, str) else ""
