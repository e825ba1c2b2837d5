"""Turn raw pattern hits into findings: clustering, scoring and context checks.

A *cluster* is a run of hits no more than a few hundred bytes apart.  Within a
cluster each scoring group counts once, with its strongest hit, so repeating a weak
phrase never adds up to a finding.  Context lowers the score: wording typical of
text *about* prompt injection near the hit, a quoted example, or a chat-template
token that sits inside source code.
"""

from __future__ import annotations

import bisect
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from ._injection_rules import Rule

AGENT_GROUPS = ("override", "takeover", "conceal", "address", "action")
THRESHOLD = 3
_CLUSTER_GAP = 250
_CLUSTER_SPAN = 600
_META_REACH = 300
_EXCERPT = 60


@dataclass(frozen=True)
class Hit:
    rule: Rule
    start: int
    end: int


@dataclass(frozen=True)
class RawFinding:
    kind: str
    detail: str
    offset: int
    severity: str


@dataclass(frozen=True)
class Context:
    """Per-document facts the scorer consults."""

    data: bytes
    topic: Sequence[int]  # starts of "prompt injection"/"attacker" wording, sorted
    example: Sequence[int]  # starts of "for example"/"such as" wording, sorted
    fences: Sequence[int]  # starts of ``` / ~~~ fence lines, sorted

    def near(self, offsets: Sequence[int], start: int, end: int) -> bool:
        i = bisect.bisect_left(offsets, start - _META_REACH)
        return i < len(offsets) and offsets[i] <= end + _META_REACH

    def in_fence(self, offset: int) -> bool:
        return bisect.bisect_left(self.fences, offset) % 2 == 1

    def line_before(self, offset: int) -> bytes:
        start = self.data.rfind(b"\n", max(0, offset - 400), offset) + 1
        return self.data[max(start, offset - 400) : offset]

    def quoted(self, hit: Hit) -> bool:
        """Is the hit inside quotes or an inline code span on its own line?"""
        before = self.line_before(hit.start)
        if before.count(b'"') % 2 == 1 or before.count(b"`") % 2 == 1:
            return True
        if before.endswith((b"'", b"`", b"\xe2\x80\x9c", b"\xc2\xab")):
            return True
        return before.count("\u201c".encode()) > before.count("\u201d".encode())

    def code_like(self, hit: Hit) -> bool:
        """Does the hit sit in source code, a code block or a string literal?"""
        if self.in_fence(hit.start) or self.quoted(hit):
            return True
        before = self.line_before(hit.start).strip()
        if not before:
            return False
        if before.startswith((b"{", b"[", b"(", b"+", b">>>", b"...")):
            return True
        if not before.endswith((b"{", b"[", b"(")):
            return False
        # An opening bracket after an assignment, a call, a return or a dict key.
        head = before.rstrip(b"{[ ")
        return head == b"" or head.endswith(
            (b"=", b"(", b",", b"+", b"return", b"yield", b"\":", b"':")
        )


def sanitize(text: str, limit: int = _EXCERPT) -> str:
    """Printable, single-line, quote-safe, short."""
    out = []
    for ch in text:
        cat = unicodedata.category(ch)
        if cat[0] == "C" or cat in ("Zl", "Zp") or ch.isspace():
            out.append(" ")
        else:
            out.append("'" if ch == '"' else ch)
    clean = " ".join("".join(out).split())
    if len(clean) > limit:
        clean = clean[: limit - 1].rstrip() + "\u2026"
    return clean


def excerpt(data: bytes, hit: Hit) -> str:
    return sanitize(data[hit.start : hit.end].decode("utf-8", "replace"))


def clusters(hits: Sequence[Hit]) -> list[list[Hit]]:
    out: list[list[Hit]] = []
    current: list[Hit] = []
    end = -1
    for hit in sorted(hits, key=lambda h: h.start):
        if current and (
            hit.start - end > _CLUSTER_GAP or hit.start - current[0].start > _CLUSTER_SPAN
        ):
            out.append(current)
            current = []
        if not current:
            end = hit.end
        current.append(hit)
        end = max(end, hit.end)
    if current:
        out.append(current)
    return out


def _best(cluster: Sequence[Hit]) -> dict[str, Hit]:
    best: dict[str, Hit] = {}
    for hit in cluster:
        group = hit.rule.group
        if group not in best or hit.rule.weight > best[group].rule.weight:
            best[group] = hit
    return best


def _penalty(ctx: Context, cluster: Sequence[Hit], lead: Hit, *, prose: bool) -> int:
    """How much context says "this is a mention, not a use".

    ``prose`` is true for phrases (where quotation marks signal a mention) and false
    for commands, which are quoted or back-ticked as a matter of course.
    """
    start = cluster[0].start
    end = max(h.end for h in cluster)
    topic = ctx.near(ctx.topic, start, end)
    quoted = ctx.quoted(lead)
    if topic and quoted:
        return 3
    if topic or (quoted and ctx.near(ctx.example, start, end)):
        return 2
    # A quoted phrase is more often a mention than a use.
    return 1 if quoted and prose else 0


def score_cluster(ctx: Context, cluster: Sequence[Hit]) -> list[RawFinding]:
    best = _best(cluster)
    agent = [best[g] for g in AGENT_GROUPS if g in best]
    agent_raw = sum(h.rule.weight for h in agent)
    exfil = [best[g] for g in ("exfil-strong", "exfil-weak") if g in best]
    frames = [h for g, h in best.items() if g.startswith("frame-")]
    findings: list[RawFinding] = []
    strong_agent = any(h.rule.group in ("override", "conceal") for h in agent)
    if agent:
        lead = max(agent, key=lambda h: h.rule.weight)
        if agent_raw - _penalty(ctx, cluster, lead, prose=True) >= THRESHOLD:
            severity = "high" if strong_agent else "medium"
            detail = f'instruction aimed at the agent: "{excerpt(ctx.data, lead)}"'
            findings.append(RawFinding("agent-instruction", detail, lead.start, severity))
    companion = 1 if agent_raw >= 2 or exfil else 0
    if exfil:
        lead = exfil[0]
        total = lead.rule.weight + (1 if agent_raw >= 2 else 0)
        if total - _penalty(ctx, cluster, lead, prose=False) >= THRESHOLD:
            detail = f'{lead.rule.label}: "{excerpt(ctx.data, lead)}"'
            findings.append(RawFinding("exfil-instruction", detail, lead.start, "high"))
    if frames:
        findings.extend(_score_frames(ctx, cluster, frames, companion, strong_agent or bool(exfil)))
    return findings


def _score_frames(
    ctx: Context, cluster: Sequence[Hit], frames: Sequence[Hit], companion: int, strong: bool
) -> list[RawFinding]:
    total = sum(h.rule.weight for h in frames) + companion
    lead = max(frames, key=lambda h: h.rule.weight)
    penalty = 0
    if all(ctx.code_like(h) for h in frames):
        penalty = 2
    elif ctx.near(ctx.topic, cluster[0].start, cluster[-1].end):
        penalty = 2
    if total - penalty < THRESHOLD:
        return []
    detail = f'{lead.rule.label}: "{excerpt(ctx.data, lead)}"'
    return [RawFinding("fake-framing", detail, lead.start, "high" if strong else "medium")]
