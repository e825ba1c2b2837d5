"""The decision log record: one JSON object per hook call, with a fixed schema.

The spec's fields come first (`ts`, `event`, `tool`, `input`, `rule`, `decision`,
`nudge`); the rest help fleets and audits.
"""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..engine.event import Event
from ..engine.hook import HookOutcome

SCHEMA_VERSION = 1
INPUT_CAP = 2000


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


def input_summary(event: Event | None, cap: int = INPUT_CAP) -> str:
    """What the call was about, in one string: the command, the path, the URL, ..."""
    if event is None:
        return ""
    inp = event.tool_input
    if event.hook_event == "UserPromptSubmit":
        text = str(event.payload.get("prompt", ""))
    elif "command" in inp:
        text = event.text("command")
    elif "file_path" in inp or "notebook_path" in inp:
        text = event.text("file_path") or event.text("notebook_path")
    elif "url" in inp:
        text = event.text("url")
    elif "pattern" in inp:
        text = f"{event.text('pattern')} {event.text('path')}".strip()
    elif "query" in inp:
        text = event.text("query")
    elif "prompt" in inp:
        text = event.text("description") or event.text("prompt")
    elif inp:
        text = json.dumps(inp, ensure_ascii=False, default=str)
    else:
        text = ""
    return text if len(text) <= cap else text[: cap - 1] + "…"


def build_record(
    outcome: HookOutcome, identity: Identity, *, via: str = "daemon", now: float | None = None
) -> dict[str, Any]:
    event = outcome.event
    decision = outcome.decision
    verdict = decision.verdict if decision else _failure_verdict(outcome)
    record: dict[str, Any] = {
        "ts": timestamp(now),
        "event": outcome.hook_event,
        "tool": event.tool_name if event else None,
        "input": input_summary(event),
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
