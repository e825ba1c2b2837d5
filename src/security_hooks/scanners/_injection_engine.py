"""The matching engine: one RE2 set as prefilter, then per-rule passes where it hit.

The set is matched chunk by chunk (chunks overlap, so a match shorter than the
overlap is always seen whole by some chunk).  Index 0 of the set is an empty
pattern that matches everywhere: if a chunk's result lacks it, RE2's DFA gave up
(out of memory), and every pattern is run on that chunk instead of trusting an
empty answer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import re2

from ..regex import compile_set
from . import _injection_encoded as enc
from . import _injection_unicode as uni
from ._injection_frames import EXFIL_RULES, FRAME_EXFIL_TRIGGERS, FRAME_RULES, NEGATION
from ._injection_rules import AGENT_RULES, META_RULES, Rule
from ._injection_score import Context, Hit, RawFinding, clusters, sanitize, score_cluster
from ._injection_triggers import AGENT_TRIGGERS

CHUNK = 16 * 1024
OVERLAP = 512
MAX_HITS_PER_RULE = 400
MAX_BLOBS = 2000
MAX_DEPTH = 2

_SPACED = r"(?i)(?:\b[a-z](?:[ .*_-]{1,4}|\s{2,4})){5,}[a-z]\b"
_FENCE = r"(?m)^[ \t]*(?:```|~~~)"
_SPECIALS: tuple[tuple[str, str], ...] = (
    ("tags", uni.TAG_RUN),
    ("tags-escaped", uni.TAG_RUN_ESCAPED),
    ("zw", uni.ZW_RUN),
    ("zw-in-word", uni.ZW_IN_WORD),
    ("bidi", uni.BIDI),
    ("spaced", _SPACED),
    ("fence", _FENCE),
)
# Counted repetitions ({4,}, {16,}) multiply DFA states when combined with the word
# rules, so the set holds uncounted triggers; the full patterns then do the counting.
_SPECIAL_TRIGGERS = {
    "tags-escaped": r"(?i)\\udb40\\udc",
    "zw": uni.ZW_CHAR,
    "zw-in-word": uni.ZW_CHAR,
    "spaced": r"(?i)\b[a-z](?:[ .*_-]|\s)+[a-z](?:[ .*_-]|\s)+[a-z](?:[ .*_-]|\s)+[a-z]\b",
}
_WEAK_GROUPS = ("action", "meta")
_RESCAN_MAX = 4096
MAX_UNICODE_HITS = 200
_NEAR = 700
_TEXT_KINDS = ("agent-instruction", "exfil-instruction", "fake-framing")


@dataclass(frozen=True)
class _Entry:
    tag: str
    regex: Any
    rule: Rule | None = None


Ranges = dict[int, list[tuple[int, int]]]


class Engine:
    """Compiled patterns plus the passes that use them; immutable after construction."""

    def __init__(self) -> None:
        triggers: dict[str, int] = {"": 0}
        users: list[list[int]] = [[]]
        entries: list[_Entry] = [_Entry("sentinel", None)]

        needs: list[tuple[int, ...]] = [()]

        def add(entry: _Entry, trigger: str | tuple[str, ...]) -> None:
            required = (trigger,) if isinstance(trigger, str) else trigger
            for t in required:
                if t not in triggers:
                    triggers[t] = len(users)
                    users.append([])
            ids = tuple(triggers[t] for t in required)
            users[ids[0]].append(len(entries))
            needs.append(ids)
            entries.append(entry)

        trigger_of = {**AGENT_TRIGGERS, **FRAME_EXFIL_TRIGGERS}
        for rule in (*AGENT_RULES, *META_RULES, *FRAME_RULES, *EXFIL_RULES):
            trigger = trigger_of.get(rule.name, rule.pattern)
            add(_Entry("rule", re2.compile(rule.pattern), rule), trigger)
        for tag, pattern in _SPECIALS:
            add(_Entry(tag, re2.compile(pattern)), _SPECIAL_TRIGGERS.get(tag, pattern))
        self._set = compile_set(list(triggers))  # dict order is trigger-id order
        self._users = tuple(tuple(u) for u in users)
        self._needs = tuple(needs)
        self._entries = tuple(entries)
        self._by_tag = {e.tag: i for i, e in enumerate(entries) if e.tag != "rule"}
        self._negation = re2.compile(NEGATION)
        self._data_element = re2.compile(r"(?i)[^<\s]{1,40}</system>")
        self._data_open = re2.compile(r"(?i)<system>[^<\s]{1,40}\z")
        self._commands = enc.CommandMatcher()
        self._blobs = re2.compile(enc.BLOB)

    # ------------------------------------------------------------------ prefilter
    def _prefilter(self, data: bytes) -> Ranges:
        view = memoryview(data)
        ranges: Ranges = {}
        everything = range(1, len(self._users))
        for a in range(0, len(data), CHUNK):
            lo, hi = max(0, a - OVERLAP), min(len(data), a + CHUNK)
            found = set(self._set.Match(view[lo:hi]) or ())
            if 0 not in found:  # the DFA gave up on this chunk: trust nothing, run all
                found = set(everything)
            for index in self._entries_for(found):
                spans = ranges.setdefault(index, [])
                if spans and spans[-1][1] >= lo:
                    spans[-1] = (spans[-1][0], hi)
                else:
                    spans.append((lo, hi))
        return ranges

    def _entries_for(self, found: set[int]) -> list[int]:
        """Entries whose triggers (all of them, when a rule needs several) were found."""
        out = []
        for t in found:
            for e in self._users[t]:
                if all(n in found for n in self._needs[e]):
                    out.append(e)
        return out

    def _spans(self, index: int, data: bytes, ranges: Ranges, cap: int) -> list[tuple[int, int]]:
        regex = self._entries[index].regex
        out: list[tuple[int, int]] = []
        seen_end = -1
        for lo, hi in ranges.get(index, ()):
            for m in regex.finditer(data, max(0, lo - OVERLAP), min(len(data), hi + OVERLAP)):
                if m.start() >= seen_end:
                    out.append(m.span())
                    seen_end = m.end()
                if len(out) >= cap:
                    return out
        return out

    # ------------------------------------------------------------------ passes
    def scan(self, data: bytes, depth: int = 0) -> list[RawFinding]:
        if not data:
            return []
        ranges = self._prefilter(data)
        findings = self._text_findings(data, ranges)
        if depth == 0:
            findings += self._unicode_findings(data, ranges)
        if depth < MAX_DEPTH:
            findings += self._rescans(data, ranges)
        if depth < MAX_DEPTH:
            findings += self._encoded_findings(data, depth)
        return findings

    def _text_findings(self, data: bytes, ranges: Ranges) -> list[RawFinding]:
        """Anchor rules first; weak rules (actions, meta wording) only near anchors.

        A weak rule can never reach the threshold alone, so running it far from any
        anchor would only cost time.
        """
        rules = [i for i in sorted(ranges) if self._entries[i].rule is not None]
        weak = [i for i in rules if self._rule(i).group in _WEAK_GROUPS]
        hits = self._hits(data, ranges, [i for i in rules if i not in weak])
        if not hits:
            return []
        near = _merge(((max(0, h.start - _NEAR), h.end + _NEAR) for h in hits), 0)
        near_ranges = {i: _intersect(ranges[i], near) for i in weak}
        extra = self._hits(data, near_ranges, weak)
        topic = sorted(h.start for h in extra if h.rule.name == "meta-topic")
        example = sorted(h.start for h in extra if h.rule.name == "meta-example")
        hits += [h for h in extra if h.rule.group != "meta"]
        fences = [s for s, _ in self._spans(self._by_tag["fence"], data, ranges, 10_000)]
        ctx = Context(data, topic, example, fences)
        findings: list[RawFinding] = []
        for cluster in clusters(hits):
            findings += score_cluster(ctx, cluster)
        return findings

    def _rule(self, index: int) -> Rule:
        rule = self._entries[index].rule
        assert rule is not None
        return rule

    def _hits(self, data: bytes, ranges: Ranges, indices: Iterable[int]) -> list[Hit]:
        hits = []
        for index in indices:
            rule = self._rule(index)
            for start, end in self._spans(index, data, ranges, MAX_HITS_PER_RULE):
                if self._keep(rule, data, start, end):
                    hits.append(Hit(rule, start, end))
        return hits

    def _keep(self, rule: Rule, data: bytes, start: int, end: int) -> bool:
        if rule.group.startswith("frame-") and data[end : end + 1] == b"(":
            return False  # markdown link text such as [System Prompt](https://...)
        if rule.name == "frame-system-tag":
            # <system>GitHub</system> in a Maven POM is data, not a message.
            tag = data[start:end].lower()
            if tag == b"<system>":
                return not self._data_element.match(data, end, min(len(data), end + 60))
            if tag == b"</system>":
                return not self._data_open.search(data[max(0, start - 60) : start])
        if rule.group.startswith("exfil") and rule.name.startswith("exfil-send"):
            sentence = max(data.rfind(b".", max(0, start - 60), start), start - 60, 0)
            return not self._negation.search(data, sentence, start + 12)
        return True

    def _unicode_findings(self, data: bytes, ranges: Ranges) -> list[RawFinding]:
        hits: list[uni.UnicodeHit] = []
        run = self._runner(data, ranges)
        hits += run("tags", lambda d, r: uni.tag_hits(d, r))
        hits += run("tags-escaped", lambda d, r: uni.escaped_tag_hits(d, r))
        hits += run("zw", lambda d, r: uni.zero_width_hits(d, r))
        hits += run("bidi", lambda d, r: uni.bidi_hits(d, r))
        out = [self._hidden_finding(h) for h in hits[:MAX_UNICODE_HITS]]
        index = self._by_tag["zw-in-word"]
        count, first = (0, -1)
        if index in ranges:
            count, first = uni.zw_in_word_count(data, self._entries[index].regex)
        if count >= 2:
            detail = f"zero-width characters inside words ({count} places)"
            out.append(RawFinding("invisible-unicode", detail, first, "medium"))
        return out

    def _runner(
        self, data: bytes, ranges: Ranges
    ) -> Callable[[str, Callable[[bytes, Any], list[Any]]], list[Any]]:
        def run(tag: str, fn: Callable[[bytes, Any], list[Any]]) -> list[Any]:
            index = self._by_tag[tag]
            if index not in ranges:
                return []
            return fn(data, self._entries[index].regex)

        return run

    def _hidden_finding(self, hit: uni.UnicodeHit) -> RawFinding:
        detail, severity = hit.detail, hit.severity
        if hit.hidden:
            inner = self._instruction_in(hit.hidden[:_RESCAN_MAX].encode("utf-8", "replace"))
            if inner:
                detail = f'{detail}; hidden text is an instruction: "{sanitize(hit.hidden, 50)}"'
                severity = "high"
        return RawFinding("invisible-unicode", detail, hit.offset, severity)

    def _instruction_in(self, text: bytes) -> RawFinding | None:
        for finding in self.scan(text, MAX_DEPTH):
            if finding.kind in _TEXT_KINDS:
                return finding
        return None

    # ------------------------------------------------------------------ obfuscation
    def _rescans(self, data: bytes, ranges: Ranges) -> list[RawFinding]:
        out: list[RawFinding] = []
        for tag, note in (("zw-in-word", "zero-width characters"), ("spaced", "spaced letters")):
            index = self._by_tag[tag]
            if index not in ranges:
                continue
            for start, end in _merge(self._spans(index, data, ranges, 50), 300):
                lo, hi = max(0, start - 300), min(len(data), end + 300, start + _RESCAN_MAX)
                window = data[lo:hi].decode("utf-8", "replace")
                clean = uni.strip_zero_width(window) if tag == "zw-in-word" else _unspace(window)
                for f in self.scan(clean.encode("utf-8"), MAX_DEPTH):
                    if f.kind in _TEXT_KINDS:
                        detail = f"{f.detail} (hidden with {note})"
                        out.append(RawFinding(f.kind, detail, start, "high"))
        return out

    # ------------------------------------------------------------------ encodings
    def _encoded_findings(self, data: bytes, depth: int) -> list[RawFinding]:
        """Blob candidates come from one dedicated pattern, not from the set (see above)."""
        out: list[RawFinding] = []
        for decoded in enc.find_decoded(data, self._blobs, MAX_BLOBS):
            finding = self._judge_decoded(decoded, depth)
            if finding is not None:
                out.append(finding)
        return out

    def _judge_decoded(self, decoded: enc.Decoded, depth: int) -> RawFinding | None:
        label = self._commands.label(decoded.text)
        if label:
            detail = f"{decoded.encoding} decoding to a shell command or script: {label}"
            return RawFinding("encoded-command", detail, decoded.offset, "high")
        for inner in self.scan(decoded.text, depth + 1):
            if inner.kind in _TEXT_KINDS:
                detail = f"{decoded.encoding} decoding to an agent instruction"
                return RawFinding("encoded-command", detail, decoded.offset, "high")
            if inner.kind == "encoded-command":
                detail = f"{decoded.encoding} wrapping another encoded command"
                return RawFinding("encoded-command", detail, decoded.offset, "high")
        return None


def _intersect(
    spans: list[tuple[int, int]], windows: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Parts of ``spans`` that fall inside ``windows`` (both sorted, non-overlapping)."""
    out = []
    for lo, hi in spans:
        for a, b in windows:
            if b > lo and a < hi:
                out.append((max(lo, a), min(hi, b)))
    return out


def _merge(spans: Iterable[tuple[int, int]], gap: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in spans:
        if out and start - out[-1][1] <= gap:
            out[-1] = (out[-1][0], max(end, out[-1][1]))
        else:
            out.append((start, end))
    return out


_SPACED_RE = re2.compile(_SPACED)
_GAP_RE = re2.compile(r"[ .*_-]{2,}|\s{2,}")
_SEP_RE = re2.compile(r"[ .*_-]")


def _unspace(window: str) -> str:
    """Collapse 'i g n o r e   a l l' into 'ignore all' inside spaced-out runs."""

    def collapse(m: Any) -> str:
        words = [_SEP_RE.sub("", part) for part in _GAP_RE.split(m.group())]
        return " ".join(w for w in words if w)

    return str(_SPACED_RE.sub(collapse, window))
