"""Invisible-character checks: Unicode tag characters, zero-width runs, bidi controls.

Works on UTF-8 bytes with RE2 patterns.  The patterns here are also registered in
the scanner's prefilter set, so these functions only run when the set saw a hit.
"""

from __future__ import annotations

from dataclasses import dataclass

import re2

# Tag characters U+E0000-U+E007F: invisible, and they map one-to-one onto ASCII.
TAG_RUN = r"[\x{E0000}-\x{E007F}]+"
# JSON-escaped tag characters, as an MCP server might ship them: \udb40\udcXX.
TAG_RUN_ESCAPED = r"(?i)(?:\\udb40\\udc[0-7][0-9a-f])+"
_ZW_CLASS = r"[\x{200B}-\x{200D}\x{2060}-\x{2064}\x{FEFF}\x{180E}]"
ZW_RUN = _ZW_CLASS + "{4,}"
ZW_CHAR = _ZW_CLASS
# Zero-width characters glued inside Latin words ("ig\u200bnore") hide words from filters.
ZW_IN_WORD = r"[A-Za-z]" + r"[\x{200B}-\x{200D}\x{2060}\x{FEFF}]+" + r"[A-Za-z]"
BIDI = r"[\x{202A}-\x{202E}\x{2066}-\x{2069}]"

_ZW_STRIP = dict.fromkeys(
    [0x200B, 0x200C, 0x200D, 0x2060, 0x2061, 0x2062, 0x2063, 0x2064, 0xFEFF, 0x180E]
)
_RTL_LETTER = re2.compile(
    r"[\p{Hebrew}\p{Arabic}\p{Syriac}\p{Thaana}\p{Nko}\p{Samaritan}\p{Mandaic}]"
)
_OVERRIDE = {0x202D, 0x202E}
_BLACK_FLAG = "\U0001f3f4".encode()
_FLAG_BODY = re2.compile(r"[\x{E0030}-\x{E0039}\x{E0061}-\x{E007A}]{1,12}\x{E007F}")


@dataclass(frozen=True)
class UnicodeHit:
    """One invisible-character finding before line numbers are attached."""

    offset: int
    detail: str
    severity: str
    hidden: str = ""  # decoded hidden text, when there is any


def tag_hits(data: bytes, pattern: re2._Regexp) -> list[UnicodeHit]:
    """Runs of tag characters, skipping emoji subdivision flags (U+1F3F4 + tags)."""
    hits = []
    for m in pattern.finditer(data):
        start, end = m.span()
        run = data[start:end]
        if data[max(0, start - 4) : start] == _BLACK_FLAG and _FLAG_BODY.fullmatch(run):
            continue
        hidden = "".join(chr(ord(c) - 0xE0000) for c in run.decode("utf-8", "replace"))
        hits.append(_tag_hit(start, hidden))
    return hits


def escaped_tag_hits(data: bytes, pattern: re2._Regexp) -> list[UnicodeHit]:
    """Tag characters written as JSON surrogate-pair escapes."""
    hits = []
    for m in pattern.finditer(data):
        raw = m.group().decode("ascii", "replace").lower().split("\\udc")[1:]
        hidden = "".join(chr(int(part[:2], 16)) for part in raw if len(part) >= 2)
        hits.append(_tag_hit(m.start(), hidden, escaped=True))
    return hits


def _tag_hit(offset: int, hidden: str, *, escaped: bool = False) -> UnicodeHit:
    what = "escaped tag characters" if escaped else "tag characters"
    return UnicodeHit(offset, f"{what} hiding {len(hidden)} characters of text", "high", hidden)


def zero_width_hits(data: bytes, pattern: re2._Regexp) -> list[UnicodeHit]:
    """Runs of four or more zero-width characters; long runs may encode text."""
    hits = []
    for m in pattern.finditer(data):
        chars = m.group().decode("utf-8", "replace")
        hidden = decode_binary(chars)
        if hidden:
            detail = f"zero-width run of {len(chars)} characters encoding hidden text"
        else:
            detail = f"zero-width run of {len(chars)} characters"
        severity = "high" if hidden or len(chars) >= 24 else "medium"
        hits.append(UnicodeHit(m.start(), detail, severity, hidden))
    return hits


def decode_binary(chars: str) -> str:
    """Try reading a zero-width run as bits (two distinct symbols, 8 bits a character)."""
    symbols = sorted(set(chars))
    if len(symbols) != 2 or len(chars) < 32:
        return ""
    for zero in symbols:
        bits = "".join("0" if c == zero else "1" for c in chars)
        text = "".join(chr(int(bits[i : i + 8], 2)) for i in range(0, len(bits) - 7, 8))
        printable = sum(1 for c in text if 32 <= ord(c) < 127)
        if text and printable >= 0.9 * len(text):
            return text
    return ""


def zw_in_word_count(data: bytes, pattern: re2._Regexp) -> tuple[int, int]:
    """How many zero-width characters sit inside Latin words, and where the first is."""
    first = -1
    count = 0
    for m in pattern.finditer(data):
        if first < 0:
            first = m.start()
        count += 1
    return count, first


def strip_zero_width(text: str) -> str:
    return text.translate(_ZW_STRIP)


def bidi_hits(data: bytes, pattern: re2._Regexp, cap: int = 200) -> list[UnicodeHit]:
    """Bidi controls on lines that carry no right-to-left letters (one hit per line)."""
    hits: list[UnicodeHit] = []
    seen_lines: set[int] = set()
    for m in pattern.finditer(data):
        if len(hits) >= cap:
            break
        line_start = data.rfind(b"\n", 0, m.start()) + 1
        if line_start in seen_lines:
            continue
        seen_lines.add(line_start)
        line_end = data.find(b"\n", m.end())
        line = data[line_start : len(data) if line_end < 0 else line_end]
        if _RTL_LETTER.search(line):
            continue
        text = line.decode("utf-8", "replace")
        overrides = sum(1 for c in text if ord(c) in _OVERRIDE)
        if overrides:
            hits.append(UnicodeHit(m.start(), "bidi override character reorders text", "high"))
        else:
            hits.append(
                UnicodeHit(m.start(), "bidi isolate/embedding control on a line without "
                           "right-to-left text", "medium")
            )
    return hits
