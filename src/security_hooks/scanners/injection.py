"""Prompt-injection detection for content that a tool brought back to the agent.

``InjectionScanner().scan(text)`` returns findings of five kinds:

``agent-instruction``
    Text that tries to steer the agent: overriding its instructions, giving it a
    new role, speaking to it directly and asking for actions, or hiding actions
    from the user.
``invisible-unicode``
    Unicode tag characters (decoded, and checked for hidden instructions), runs of
    zero-width characters, zero-width characters glued inside words, and bidi
    controls on lines without right-to-left text.
``encoded-command``
    base64, hex, ``\\x`` and ``%`` blobs that decode to a shell command, a script
    or an agent instruction.
``fake-framing``
    Counterfeit chat or tool framing: system tags, chat-template tokens, tool-call
    markup, ``"role": "system"`` messages in prose, ``Human:``/``Assistant:`` turns.
``exfil-instruction``
    Requests to send secrets, keys, environment variables or private files to a
    URL or address, and image beacons that carry a placeholder in their URL.

Signals are scored, not matched one by one: a weak signal alone ("run the
following command" in an install guide) does not fire, and wording typical of
documentation *about* prompt injection lowers the score.  Every regex is RE2, so
matching time is linear in the input.  Inputs longer than ``MAX_SCAN_CHARS`` are
scanned at their head and tail only, which ``scan_report`` says.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, replace

from . import _injection_json
from ._injection_engine import Engine
from ._injection_score import RawFinding, sanitize

KINDS = (
    "agent-instruction",
    "invisible-unicode",
    "encoded-command",
    "fake-framing",
    "exfil-instruction",
)
SEVERITIES = ("high", "medium")
HEAD_CHARS = 2 * 1024 * 1024
TAIL_CHARS = 1024 * 1024
MAX_SCAN_CHARS = HEAD_CHARS + TAIL_CHARS
MAX_DETAIL = 120


@dataclass(frozen=True)
class InjectionFinding:
    """One suspicious spot in the scanned text."""

    kind: str
    detail: str
    line: int
    severity: str


@dataclass(frozen=True)
class InjectionReport:
    """Findings plus how much of the input was actually read."""

    findings: tuple[InjectionFinding, ...]
    truncated: bool
    scanned_chars: int
    total_chars: int


class InjectionScanner:
    """Stateless after construction; safe to share between threads."""

    def __init__(self) -> None:
        self._engine = Engine()

    def scan(self, text: str, *, limit: int = 20) -> tuple[InjectionFinding, ...]:
        """Findings for ``text``, at most ``limit``, high severity kept first."""
        return self.scan_report(text, limit=limit).findings

    def scan_report(self, text: str, *, limit: int = 20) -> InjectionReport:
        if len(text) <= MAX_SCAN_CHARS:
            found = self._scan_part(text, 0)
            return InjectionReport(_select(found, limit), False, len(text), len(text))
        head = text[:HEAD_CHARS]
        tail_start = len(text) - TAIL_CHARS
        tail = text[tail_start:]
        found = self._scan_part(head, 0)
        found += self._scan_part(tail, text.count("\n", 0, tail_start))
        return InjectionReport(_select(found, limit), True, len(head) + len(tail), len(text))

    def _scan_part(self, text: str, line_offset: int) -> list[InjectionFinding]:
        doc = _injection_json.parse(text)
        if doc is not None:
            return self._scan_json(doc, text, line_offset)
        data = _utf8(text)
        return _findings(self._engine.scan(data), data, line_offset)

    def _scan_json(
        self, doc: _injection_json.JsonDocument, raw_text: str, line_offset: int
    ) -> list[InjectionFinding]:
        out = []
        seen: set[tuple[str, int]] = set()
        for raw in self._engine.scan(_utf8(doc.text)):
            index = bisect.bisect_right(doc.starts, raw.offset)
            if (raw.kind, index) in seen:
                continue  # one finding per kind and string value is enough
            seen.add((raw.kind, index))
            line = _injection_json.source_line(doc, raw_text, raw.offset) + line_offset
            out.append(InjectionFinding(raw.kind, raw.detail, line, raw.severity))
        return out


def _utf8(text: str) -> bytes:
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        # Lone surrogates cannot be encoded; '?' keeps offsets and lines intact.
        return text.encode("utf-8", "replace")


def _findings(raws: list[RawFinding], data: bytes, line_offset: int) -> list[InjectionFinding]:
    """Attach line numbers, counting newlines once from the top (linear, not quadratic)."""
    out = []
    line, pos = 1 + line_offset, 0
    for raw in sorted(raws, key=lambda r: r.offset):
        offset = max(0, min(raw.offset, len(data)))
        line += data.count(b"\n", pos, offset)
        pos = offset
        out.append(InjectionFinding(raw.kind, raw.detail, line, raw.severity))
    return out


def _select(found: list[InjectionFinding], limit: int) -> tuple[InjectionFinding, ...]:
    """Drop duplicates (kind, line), keep ``limit`` findings preferring high severity."""
    unique: dict[tuple[str, int], InjectionFinding] = {}
    for f in found:
        key = (f.kind, f.line)
        if key not in unique or (f.severity == "high" and unique[key].severity != "high"):
            unique[key] = f
    ranked = sorted(unique.values(), key=lambda f: (f.severity != "high", f.line, f.kind))
    kept = ranked[: max(0, limit)]
    kept.sort(key=lambda f: (f.line, KINDS.index(f.kind)))
    return tuple(replace(f, detail=sanitize(f.detail, MAX_DETAIL)) for f in kept)
