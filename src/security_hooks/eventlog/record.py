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
from collections.abc import Callable, Mapping
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


def input_digest(event: Event | None) -> tuple[int, str | None]:
    """(size, SHA-256) of the complete tool input as canonical compact JSON (the prompt
    for UserPromptSubmit), or (0, None) when there is none.

    Long strings are escaped and hashed a slice at a time: one `json.dumps` over a 10 MB
    file's content holds the interpreter for tens of milliseconds, and the decisions of
    every other call wait for it. Escaping is per code point, so the slices join to
    exactly the bytes of the whole.
    """
    if event is None:
        return 0, None
    digest = hashlib.sha256()
    size = 0

    def feed(text: str) -> None:
        nonlocal size
        data = text.encode("utf-8", "replace")
        digest.update(data)
        size += len(data)

    if event.hook_event == "UserPromptSubmit":
        prompt = str(event.payload.get("prompt", ""))
        for start in range(0, len(prompt), _SLICE):
            feed(prompt[start : start + _SLICE])
    elif event.tool_input:
        inp = event.tool_input
        if any(isinstance(v, str) and len(v) > _SLICE for v in inp.values()):
            _canonical_into(inp, feed)
        else:  # the common case: one call
            feed(json.dumps(inp, **_CANONICAL))
    return (size, digest.hexdigest()) if size else (0, None)


_SLICE = 1 << 16  # characters escaped per call


def _canonical_into(inp: Mapping[str, Any], feed: Callable[[str], None]) -> None:
    """Feed `json.dumps(inp, **_CANONICAL)` in pieces: the top level by hand, the values
    whole except long strings."""
    feed("{")
    for index, key in enumerate(sorted(inp)):
        feed(("," if index else "") + json.dumps(key, **_CANONICAL) + ":")
        value = inp[key]
        if isinstance(value, str) and len(value) > _SLICE:
            feed('"')
            for start in range(0, len(value), _SLICE):
                feed(json.dumps(value[start : start + _SLICE], **_CANONICAL)[1:-1])
            feed('"')
        else:
            feed(json.dumps(value, **_CANONICAL))
    feed("}")


def capped_input(event: Event | None, input_max_bytes: int) -> tuple[str, int, str | None]:
    """(input, input_bytes, input_sha256): a summary over the cap becomes a path or a marker.

    Cutting a summary short could split a credential so that the redactor no longer
    recognises it; an over-long summary is therefore dropped whole, never truncated.
    """
    summary = input_summary(event)
    size, digest = input_digest(event)
    if len(summary.encode("utf-8", "replace")) > input_max_bytes:
        path = _path_of(event)
        if path and len(path.encode("utf-8", "replace")) <= input_max_bytes:
            summary = path
        else:
            summary = f"[omitted: {size} bytes]"
    return summary, size, digest


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
