"""JSON tool output: read the string values the way the agent will read them.

MCP servers and APIs hand back JSON whose strings carry escapes (``\\n``,
``\\u200b``, ``\\"``).  Scanning the raw text would glue words to escapes and see
every phrase as "quoted".  When the whole text parses as JSON, the scanner reads
the decoded string values instead, joined into one document, and maps each
finding back to the line where its string starts.
"""

from __future__ import annotations

import bisect
import json
from dataclasses import dataclass
from typing import Any

MAX_STRINGS = 50_000
_SEPARATOR = "\n\n"


@dataclass(frozen=True)
class JsonDocument:
    """Decoded string values joined with blank lines, plus where each one starts."""

    text: str
    starts: tuple[int, ...]  # UTF-8 byte offset of each value inside ``text``
    values: tuple[str, ...]


def parse(text: str) -> JsonDocument | None:
    """A :class:`JsonDocument` if ``text`` is one JSON object or array, else None."""
    head = text.lstrip()[:1]
    if head not in ("{", "["):
        return None
    try:
        obj = json.loads(text)
    except (ValueError, RecursionError):
        return None
    values: list[str] = []
    _collect(obj, values)
    starts: list[int] = []
    pos = 0
    for value in values:
        starts.append(pos)
        pos += len(value.encode("utf-8", "replace")) + len(_SEPARATOR)
    return JsonDocument(_SEPARATOR.join(values), tuple(starts), tuple(values))


def _collect(obj: Any, out: list[str]) -> None:
    stack = [obj]
    while stack and len(out) < MAX_STRINGS:
        item = stack.pop()
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, dict):
            stack.extend(reversed(list(item.values())))
        elif isinstance(item, list):
            stack.extend(reversed(item))


def source_line(doc: JsonDocument, raw: str, offset: int) -> int:
    """1-based line in ``raw`` where the string holding ``offset`` begins (best effort)."""
    index = max(0, bisect.bisect_right(doc.starts, offset) - 1)
    value = doc.values[index] if doc.values else ""
    for ascii_only in (False, True):
        probe = json.dumps(value[:40], ensure_ascii=ascii_only)[:-1]
        at = raw.find(probe)
        if at >= 0:
            return raw.count("\n", 0, at) + 1
    return 1
