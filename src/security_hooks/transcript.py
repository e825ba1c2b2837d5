"""Reading the tool calls out of a Claude Code session transcript (`transcript_path`).

A transcript is JSON Lines. The lines that matter are assistant messages whose
`message.content` holds blocks of `type: "tool_use"` with a `name` and an `input`
(the same shape the Agent SDK streams). Everything else (user turns, tool results,
summaries, system notes, lines of shapes this reader does not know) is counted and
skipped, never an error: the format grows new line types often.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

OTHER_LINES = "other line types"  # user turns, tool results, summaries: expected, not errors


@dataclass(frozen=True)
class ToolCall:
    line: int
    tool: str
    tool_input: Mapping[str, Any]
    tool_use_id: str = ""
    cwd: str = ""
    session: str = ""
    timestamp: str = ""


@dataclass
class TranscriptCounts:
    lines: int = 0
    tool_calls: int = 0
    skipped: Counter[str] = field(default_factory=Counter)  # why: count


def _message(entry: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """The assistant message in a line, in the transcript's or the SDK's shape."""
    message = entry.get("message")
    if isinstance(message, Mapping):
        if entry.get("type") == "assistant" or message.get("role") == "assistant":
            return message
        return None
    if entry.get("role") == "assistant" and "content" in entry:
        return entry  # a bare API message
    return None


def _calls(entry: Mapping[str, Any], number: int, counts: TranscriptCounts) -> Iterator[ToolCall]:
    message = _message(entry)
    if message is None:
        kind = entry.get("type")
        counts.skipped[OTHER_LINES if isinstance(kind, str) else "unknown line shape"] += 1
        return
    content = message.get("content")
    if isinstance(content, str):
        return
    if not isinstance(content, list):
        counts.skipped["assistant message without content blocks"] += 1
        return
    for block in content:
        if not isinstance(block, Mapping) or block.get("type") != "tool_use":
            continue
        name, tool_input = block.get("name"), block.get("input")
        if not isinstance(name, str) or not name or not isinstance(tool_input, Mapping):
            counts.skipped["malformed tool_use block"] += 1
            continue
        yield ToolCall(
            line=number,
            tool=name,
            tool_input=tool_input,
            tool_use_id=str(block.get("id") or ""),
            cwd=_text(entry, "cwd"),
            session=_text(entry, "sessionId") or _text(entry, "session_id"),
            timestamp=_text(entry, "timestamp"),
        )


def _text(entry: Mapping[str, Any], key: str) -> str:
    value = entry.get(key)
    return value if isinstance(value, str) else ""


def tool_calls(lines: Iterable[str | bytes], counts: TranscriptCounts) -> Iterator[ToolCall]:
    """Every tool call in order; `counts` tallies lines, calls and what was skipped."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        counts.lines += 1
        try:
            entry = json.loads(line)
        except (ValueError, RecursionError):
            counts.skipped["not JSON"] += 1
            continue
        if not isinstance(entry, Mapping):
            counts.skipped["unknown line shape"] += 1
            continue
        for call in _calls(entry, number, counts):
            counts.tool_calls += 1
            yield call
