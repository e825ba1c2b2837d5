"""The decision log record: one JSON object per hook call, with a fixed schema.

The spec's fields come first (`ts`, `event`, `tool`, `input`, `rule`, `decision`,
`nudge`); the rest help fleets and audits. `input` is a one-line summary of the call
(the command, the path, the URL, ...), never a file's content; a summary longer than
`log.input_max_bytes` is replaced by the path (or a marker), and `input_bytes` and
`input_sha256` always describe the complete tool input. Secrets are removed later, by
`redact.Redactor`, before anything is written or sent.
"""

from __future__ import annotations

import hashlib
import json
import socket
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..engine.event import Event
from ..engine.hook import HookOutcome

SCHEMA_VERSION = 2
DEFAULT_INPUT_MAX_BYTES = 4096
_CANONICAL: dict[str, Any] = {
    "ensure_ascii": False, "sort_keys": True, "separators": (",", ":"), "default": str
}
# Text fields that may carry what the agent typed or read; the redactor scans these.
TEXT_FIELDS = ("input", "nudge", "note", "error", "fallback")


@dataclass(frozen=True)
class Identity:
    host: str
    user: str

    @staticmethod
    def current(env: Mapping[str, str]) -> Identity:
        return Identity(socket.gethostname(), env.get("USER") or env.get("LOGNAME") or "")


def timestamp(now: float | None = None) -> str:
    seconds = time.time() if now is None else now
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(seconds)) + f".{int(seconds % 1 * 1000):03d}Z"


def input_summary(event: Event | None) -> str:
    """What the call was about, in one string: the command, the path, the URL, ..."""
    if event is None:
        return ""
    if event.hook_event == "UserPromptSubmit":
        return str(event.payload.get("prompt", ""))
    return tool_input_summary(event.tool_input)


def tool_input_summary(inp: Mapping[str, Any]) -> str:
    """The one string that says what a tool input is about (also used by `replay`)."""

    def text(key: str) -> str:
        value = inp.get(key)
        return value if isinstance(value, str) else ""

    if "command" in inp:
        return text("command")
    if "file_path" in inp or "notebook_path" in inp:
        return text("file_path") or text("notebook_path")
    if "url" in inp:
        return text("url")
    if "pattern" in inp:
        return f"{text('pattern')} {text('path')}".strip()
    if "query" in inp:
        return text("query")
    if "prompt" in inp:
        return text("description") or text("prompt")
    if inp:
        return json.dumps(inp, ensure_ascii=False, default=str)
    return ""


def full_input(event: Event | None) -> bytes:
    """The complete tool input (or prompt) as canonical bytes, for its size and hash."""
    if event is None:
        return b""
    if event.hook_event == "UserPromptSubmit":
        return str(event.payload.get("prompt", "")).encode("utf-8", "replace")
    if not event.tool_input:
        return b""
    text = json.dumps(event.tool_input, **_CANONICAL)
    return text.encode("utf-8", "replace")


def capped_input(event: Event | None, input_max_bytes: int) -> tuple[str, int, str | None]:
    """(input, input_bytes, input_sha256): a summary over the cap becomes a path or a marker.

    Cutting a summary short could split a credential so that the redactor no longer
    recognises it; an over-long summary is therefore dropped whole, never truncated.
    """
    summary = input_summary(event)
    whole = full_input(event)
    digest = hashlib.sha256(whole).hexdigest() if whole else None
    if len(summary.encode("utf-8", "replace")) > input_max_bytes:
        path = _path_of(event)
        if path and len(path.encode("utf-8", "replace")) <= input_max_bytes:
            summary = path
        else:
            summary = f"[omitted: {len(whole)} bytes]"
    return summary, len(whole), digest


def _path_of(event: Event | None) -> str:
    if event is None:
        return ""
    return event.text("file_path") or event.text("notebook_path") or event.text("path")


def build_record(
    outcome: HookOutcome,
    identity: Identity,
    *,
    via: str = "daemon",
    now: float | None = None,
    input_max_bytes: int = DEFAULT_INPUT_MAX_BYTES,
) -> dict[str, Any]:
    """The record before redaction. Every key below is always present (see docs/logging.md);
    `note`, `error` and `fallback` appear only when they apply."""
    event = outcome.event
    decision = outcome.decision
    verdict = decision.verdict if decision else _failure_verdict(outcome)
    summary, size, digest = capped_input(event, input_max_bytes)
    record: dict[str, Any] = {
        "ts": timestamp(now),
        "event": outcome.hook_event,
        "tool": event.tool_name if event else None,
        "input": summary,
        "rule": decision.rule if decision else None,
        "decision": verdict,
        "nudge": decision.nudge if decision else outcome.error,
        "schema": SCHEMA_VERSION,
        "session": event.session_id if event else None,
        "cwd": event.cwd if event else None,
        "rule_location": decision.location if decision else None,
        "latency_us": outcome.elapsed_us,
        "host": identity.host,
        "user": identity.user,
        "via": via,
        "input_bytes": size,
        "input_sha256": digest,
        "redactions": 0,
    }
    if decision and decision.note:
        record["note"] = decision.note
    if outcome.error:
        record["error"] = outcome.error
    return record


def _failure_verdict(outcome: HookOutcome) -> str:
    if outcome.response.exit_code == 2:
        return "deny"
    return "ask" if b'"ask"' in outcome.response.stdout else "allow"


def encode(record: Mapping[str, Any]) -> bytes:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"), default=str).encode() + b"\n"
