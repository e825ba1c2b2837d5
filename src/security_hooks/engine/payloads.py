"""Hook payloads built from a few words, for `test`, `eval` shorthand and `replay`."""

from __future__ import annotations

import json
from typing import Any

EDIT_TOOLS = frozenset({"Write", "Edit", "MultiEdit", "NotebookEdit"})


def tool_input_for(tool: str, text: str, file_path: str | None) -> dict[str, Any]:
    """The tool_input Claude Code would send for `tool` given one piece of text."""
    if tool in ("Bash", "PowerShell"):
        return {"command": text}
    if tool == "Write":
        return {"file_path": file_path or "", "content": text}
    if tool == "Edit":
        return {"file_path": file_path or "", "old_string": "", "new_string": text}
    if tool == "NotebookEdit":
        return {"notebook_path": file_path or "", "new_source": text}
    if tool == "Read":
        return {"file_path": file_path or text}
    if tool in ("Grep", "Glob"):
        return {"pattern": text, "path": file_path} if file_path else {"pattern": text}
    if tool == "WebFetch":
        return {"url": text, "prompt": ""}
    if tool == "WebSearch":
        return {"query": text}
    if tool in ("Agent", "Task"):
        return {"prompt": text, "description": "", "subagent_type": "general-purpose"}
    try:
        value = json.loads(text) if text.strip() else {}
    except json.JSONDecodeError:
        return {"input": text}
    return value if isinstance(value, dict) else {"input": value}


def build_payload(
    tool: str, text: str, *, file_path: str | None, event: str, cwd: str, session: str = "cli"
) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "session_id": session,
        "cwd": cwd,
        "hook_event_name": event,
        "permission_mode": "default",
    }
    if event == "UserPromptSubmit":
        payload["prompt"] = text
        return payload
    payload["tool_name"] = tool
    payload["tool_input"] = tool_input_for(tool, text, file_path)
    if event in ("PostToolUse", "PostToolUseFailure"):
        payload["tool_response"] = {}
    return payload
