"""Encoding and position helpers shared by the scanners.

Scanners encode the text once and let RE2 report byte offsets. Converting
those to character offsets, lines and columns is done only for findings, so
the hot path never loops over lines in Python.
"""

from __future__ import annotations

from collections.abc import Sequence

# UTF-8 continuation bytes; every other byte starts a character.
_CONTINUATION = bytes(range(0x80, 0xC0))


def encode(text: str) -> bytes:
    """UTF-8 bytes of *text*; lone surrogates (valid in JSON strings) pass through."""
    return text.encode("utf-8", "surrogatepass")


def char_offsets(text: str, data: bytes, byte_offsets: Sequence[int]) -> dict[int, int]:
    """Map each byte offset into *data* (the encoding of *text*) to a str offset.

    ASCII text maps one to one. Otherwise the offsets are visited in order and
    the characters between consecutive offsets are counted as the bytes that
    start a character, which never fails even on a split sequence.
    """
    if text.isascii():
        return {offset: offset for offset in byte_offsets}
    mapping: dict[int, int] = {}
    previous_byte = 0
    previous_char = 0
    for offset in sorted(set(byte_offsets)):
        chunk = data[previous_byte:offset]
        previous_char += len(chunk.translate(None, _CONTINUATION))
        previous_byte = offset
        mapping[offset] = previous_char
    return mapping


def lines_and_columns(text: str, offsets: Sequence[int]) -> list[tuple[int, int]]:
    """1-based (line, column) of each str offset; *offsets* must be sorted.

    Newlines are counted only between consecutive offsets, so many findings
    in a long text still cost one pass.
    """
    result = []
    line = 1
    line_start = 0
    counted_to = 0
    for offset in offsets:
        newlines = text.count("\n", counted_to, offset)
        if newlines:
            line += newlines
            line_start = text.rfind("\n", counted_to, offset) + 1
        counted_to = offset
        result.append((line, offset - line_start + 1))
    return result


def line_of_byte(data: bytes, offset: int) -> int:
    """1-based line of the byte at *offset*."""
    return data.count(b"\n", 0, offset) + 1
