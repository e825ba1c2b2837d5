"""Encoded payloads: base64 / hex / escape blobs that decode to commands or instructions."""

from __future__ import annotations

import binascii
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import unquote_to_bytes

import re2

B64_BLOB = r"[A-Za-z0-9+/_-]{16,}={0,2}"
B64_WRAPPED = r"(?:[A-Za-z0-9+/]{40,}=*\r?\n)+[A-Za-z0-9+/]{4,}={0,2}"
HEX_BLOB = r"\b(?:[0-9a-fA-F]{2}){12,}\b"
X_ESCAPES = r"(?:\\x[0-9a-fA-F]{2}){6,}"
PCT_ESCAPES = r"(?:%[0-9a-fA-F]{2}){6,}"

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


@dataclass(frozen=True)
class Decoded:
    """A blob that decoded to readable text."""

    offset: int
    encoding: str
    text: bytes


class CommandMatcher:
    """RE2 set over the command patterns, used on decoded text only."""

    def __init__(self, options: re2.Options) -> None:
        self._set = re2.Set.SearchSet(options)
        self._labels: list[str] = []
        for pattern, label in _COMMANDS:
            self._set.Add("(?i)" + pattern)
            self._labels.append(label)
        self._set.Compile()

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
    """Cheap shape test: mixed case, and not a path or a long identifier."""
    if blob.count(b"/") > len(blob) // 8 or b"//" in blob:
        return False
    upper = sum(1 for b in blob if 65 <= b <= 90)
    lower = sum(1 for b in blob if 97 <= b <= 122)
    return upper >= 2 and lower >= 2


def decode_spans(
    data: bytes, spans: Iterable[tuple[int, int]], kind: str
) -> Iterator[Decoded]:
    """Yield the readable decodings of the blobs at ``spans``."""
    for start, end in spans:
        raw = _decode(kind, data[start:end])
        text = _readable(raw) if raw else b""
        if text:
            yield Decoded(start, kind, text)


def _decode(kind: str, blob: bytes) -> bytes:
    if kind == "base64":
        return _b64(blob) if _looks_base64(blob) else b""
    if kind == "hex":
        return binascii.unhexlify(blob) if len(blob) % 2 == 0 else b""
    if kind == "\\x escapes":
        return binascii.unhexlify(blob.replace(b"\\x", b""))
    if kind == "percent escapes":
        return unquote_to_bytes(blob)
    return b""
