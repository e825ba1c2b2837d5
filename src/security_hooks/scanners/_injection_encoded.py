"""Encoded payloads: base64 / hex / escape blobs that decode to commands or instructions."""

from __future__ import annotations

import binascii
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import unquote_to_bytes

import re2

from ..regex import compile_set

# One pass finds every candidate: base64 (and hex, a subset of its alphabet) runs,
# \x escapes and %-escapes.  Line-wrapped base64 is re-joined afterwards.
BLOB = r"[A-Za-z0-9+/]{16,}={0,2}|(?:\\x[0-9a-fA-F]{2}){6,}|(?:%[0-9a-fA-F]{2}){6,}"
_WRAP_MIN = 40

# Decoded bytes that count as a command or script, with the label shown to the user.
_COMMANDS: tuple[tuple[str, str], ...] = (
    (r"\b(?:curl|wget|iwr|irm|fetch)\b[^\n]{0,200}?\|\s*(?:sudo\s+)?(?:ba|z|da|k)?sh\b",
     "download piped to a shell (curl \u2026 | sh)"),
    (r"\brm\s+-[a-z]*(?:r[a-z]*f|f[a-z]*r)|\brm\s+-[rR]\b", "recursive delete (rm -rf)"),
    (r"\bbash\s+-i\b|/dev/(?:tcp|udp)/", "reverse shell (bash -i, /dev/tcp)"),
    (r"\b(?:nc|ncat|netcat)\b[^\n]{0,60}?\s-[ec]\s|\bmkfifo\b", "netcat shell (nc -e)"),
    (r"\b(?:powershell|pwsh)(?:\.exe)?\b[^\n]{0,80}?\s-(?:e|ec|enc|encodedcommand)\b|"
     r"\b(?:iex|invoke-expression)\b|\bdownload(?:string|file)\b",
     "PowerShell download/execute"),
    (r"\b(?:eval|exec)\s*\(|\batob\s*\(", "code evaluation (eval/exec)"),
    (r"\bimport\s+(?:os|subprocess|socket|pty)\b|\bos\.system\s*\(|\bsubprocess\.\w+\s*\(|"
     r"__import__\s*\(", "Python system access (import os)"),
    (r"child_process|\bdocument\.cookie\b", "script with system or cookie access"),
    (r"/bin/(?:ba)?sh\b|\b(?:ba)?sh\s+-c\b|\bchmod\s+\+x\b|\bbase64\s+(?:-d|--decode)\b|"
     r"\bsudo\s+\w|#!/", "shell script"),
    (r"\b(?:curl|wget)\s+(?:-\S+\s+)*https?://", "network download (curl/wget)"),
)
_PRINTABLE = bytes(range(32, 127)) + b"\t\n\r"
_UPPER = bytes(range(65, 91))
_LOWER = bytes(range(97, 123))
_HEX = b"0123456789abcdefABCDEF"


@dataclass(frozen=True)
class Decoded:
    """A blob that decoded to readable text."""

    offset: int
    encoding: str
    text: bytes


class CommandMatcher:
    """RE2 set over the command patterns, used on decoded text only."""

    def __init__(self) -> None:
        self._set = compile_set(["(?i)" + pattern for pattern, _ in _COMMANDS])
        self._labels = [label for _, label in _COMMANDS]

    def label(self, text: bytes) -> str:
        found = self._set.Match(text)
        if not found:
            return ""
        label: str = self._labels[min(found)]
        return label


def _readable(raw: bytes) -> bytes:
    """Return ``raw`` (or its UTF-16LE reading) if it is mostly printable ASCII, else b""."""
    if len(raw) >= 8 and raw[1::2].count(0) >= 0.8 * (len(raw) // 2):
        raw = raw[0::2]
    if len(raw) < 8:
        return b""
    bad = len(raw.translate(None, _PRINTABLE))
    return raw if bad <= 0.1 * len(raw) else b""


def _b64(blob: bytes) -> bytes:
    blob = blob.rstrip(b"=").replace(b"\n", b"").replace(b"\r", b"")
    if b"-" in blob or b"_" in blob:
        if b"+" in blob or b"/" in blob:
            return b""
        blob = blob.replace(b"-", b"+").replace(b"_", b"/")
    blob = blob[: len(blob) - len(blob) % 4] if len(blob) % 4 == 1 else blob
    blob += b"=" * (-len(blob) % 4)
    try:
        return binascii.a2b_base64(blob)
    except (binascii.Error, ValueError):
        return b""


def _looks_base64(blob: bytes) -> bool:
    """Cheap shape test that rejects paths and CamelCase identifiers."""
    if blob.count(b"/") > len(blob) // 8 or b"//" in blob:
        return False
    size = len(blob.rstrip(b"="))
    upper = size - len(blob.translate(None, _UPPER))
    lower = size - len(blob.translate(None, _LOWER))
    if upper + lower == size and not blob.endswith(b"="):
        # Letters only: base64 of text mixes cases about evenly, identifiers do not.
        return upper >= size // 4 and lower >= size // 4
    return upper >= 2 and lower >= 2


def find_decoded(data: bytes, pattern: re2._Regexp, cap: int) -> Iterator[Decoded]:
    """Yield readable decodings of the blob candidates in ``data`` (at most ``cap``)."""
    group: list[tuple[int, int]] = []
    for n, m in enumerate(pattern.finditer(data)):
        if n >= cap:
            break
        start, end = m.span()
        if group and start == group[-1][1] + 1 and data[start - 1] == 10 and (
            end - start >= _WRAP_MIN or group[-1][1] - group[-1][0] >= _WRAP_MIN
        ):
            group.append((start, end))  # next line of line-wrapped base64
            continue
        if group:
            yield from _flush(data, group)
        group = [(start, end)] if _candidate(data, start, end) else []
    if group:
        yield from _flush(data, group)


def _candidate(data: bytes, start: int, end: int) -> bool:
    """Fast first look: letters-only runs must be long and mixed-case to be worth decoding."""
    blob = data[start:end]
    if not blob.isalpha():
        return True
    size = end - start
    upper = size - len(blob.translate(None, _UPPER))
    return size >= 20 and size // 4 <= upper <= size - size // 4


def _flush(data: bytes, spans: list[tuple[int, int]]) -> Iterator[Decoded]:
    blob = b"".join(data[a:b] for a, b in spans)
    for kind, raw in _decodings(blob):
        text = _readable(raw) if raw else b""
        if text:
            yield Decoded(spans[0][0], kind, text)
            return


def _decodings(blob: bytes) -> Iterator[tuple[str, bytes]]:
    if blob.startswith(b"\\x"):
        yield "\\x escapes", binascii.unhexlify(blob.replace(b"\\x", b""))
    elif blob.startswith(b"%"):
        yield "percent escapes", unquote_to_bytes(blob)
    else:
        if len(blob) >= 24 and len(blob) % 2 == 0 and not blob.strip(_HEX):
            yield "hex", binascii.unhexlify(blob)
        if _looks_base64(blob):
            yield "base64", _b64(blob)
