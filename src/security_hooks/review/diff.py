"""The lines a change adds, read from git's patch output (`-U0`), with their line numbers.

Hunks are followed by their counts (`@@ -a,b +c,d @@`), not by the look of a line, so
an added line that happens to start with `+++` or `diff --git` is still content. Binary
files are marked and carry no lines. Commits in `git log -p` output are separated by a
line that starts with a NUL byte (`--format=%x00commit %H`), which no patch line can.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from ..regex import compile_pattern

COMMIT_MARK = b"\x00commit "
MAX_LINES_PER_FILE = 50_000
_HUNK = compile_pattern(r"^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")
_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "a": "\a", "b": "\b", "f": "\f", "r": "\r", "v": "\v"}


@dataclass(frozen=True)
class AddedFile:
    """One file's added lines; `numbers[i]` is the line number of `lines[i]` after the change."""

    path: str  # relative to the repository root, after the change
    lines: tuple[str, ...] = ()
    numbers: tuple[int, ...] = ()
    binary: bool = False
    commit: str = ""  # set when read from `git log -p`
    truncated: bool = False  # more than MAX_LINES_PER_FILE lines were added

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def line_number(self, line_in_text: int) -> int:
        """The file's line number for line `line_in_text` (1-based) of `text`."""
        index = min(max(line_in_text, 1), len(self.numbers)) - 1
        return self.numbers[index] if self.numbers else 0


@dataclass
class _Building:
    path: str = ""
    commit: str = ""
    binary: bool = False
    lines: list[str] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)
    truncated: bool = False

    def done(self) -> AddedFile | None:
        if not self.path or (not self.lines and not self.binary):
            return None
        return AddedFile(
            self.path, tuple(self.lines), tuple(self.numbers), self.binary, self.commit, self.truncated
        )


def parse_patch(data: bytes) -> list[AddedFile]:
    """Every file with added lines (or a binary change) in `data`, in patch order."""
    parser = _Parser()
    for raw in _lines(data):
        if parser.in_hunk() and parser.hunk_line(raw):
            continue
        parser.header_line(raw)
    parser.finish()
    return parser.files


class _Parser:
    def __init__(self) -> None:
        self.files: list[AddedFile] = []
        self.current: _Building | None = None
        self.commit = ""
        self.old_left = self.new_left = 0  # lines still expected in the current hunk
        self.number = 0  # line number of the next line on the new side

    def in_hunk(self) -> bool:
        return self.old_left > 0 or self.new_left > 0

    def hunk_line(self, raw: bytes) -> bool:
        """Consume a line of the current hunk; False when it is not one (malformed hunk)."""
        tag = raw[:1]
        if tag == b"+":
            self.new_left -= 1
            if self.current is not None:
                _add(self.current, raw[1:], self.number)
            self.number += 1
        elif tag == b"-":
            self.old_left -= 1
        elif tag == b" ":
            self.old_left -= 1
            self.new_left -= 1
            self.number += 1
        elif tag != b"\\":  # "\ No newline at end of file" belongs to the hunk
            self.old_left = self.new_left = 0
            return False
        return True

    def header_line(self, raw: bytes) -> None:
        if raw.startswith(COMMIT_MARK):
            self.commit = raw[len(COMMIT_MARK) :].decode("ascii", "replace").strip()
            return
        if raw.startswith(b"diff --git "):
            self.finish()
            self.current = _Building(path=_header_path(raw[len(b"diff --git ") :]), commit=self.commit)
            return
        current = self.current
        if current is None:
            return
        if raw.startswith(b"+++ "):
            target = raw[4:].rstrip(b"\t")  # git adds a tab after names with spaces
            current.path = "" if target == b"/dev/null" else _strip_prefix(_unquote(target))
        elif raw.startswith((b"rename to ", b"copy to ")):
            current.path = _unquote(raw.split(b" to ", 1)[1])
        elif raw.startswith((b"Binary files ", b"GIT binary patch")):
            current.binary = True
        elif raw.startswith(b"deleted file mode"):
            current.path = ""
        else:
            hunk = _HUNK.search(raw) if raw.startswith(b"@@ ") else None
            if hunk:
                old, new, start = hunk.group(1), hunk.group(3), hunk.group(2)
                self.old_left = int(old) if old is not None else 1
                self.new_left = int(new) if new is not None else 1
                self.number = int(start or b"0")

    def finish(self) -> None:
        if self.current is not None:
            done = self.current.done()
            if done is not None:
                self.files.append(done)
        self.current = None


def _lines(data: bytes) -> Iterator[bytes]:
    for line in data.split(b"\n"):
        yield line[:-1] if line.endswith(b"\r") else line


def _add(current: _Building, content: bytes, number: int) -> None:
    if len(current.lines) >= MAX_LINES_PER_FILE:
        current.truncated = True
        return
    current.lines.append(content.decode("utf-8", "replace"))
    current.numbers.append(number)


def _header_path(rest: bytes) -> str:
    """The path from `a/P b/P` when both sides agree (binary files have no `+++` line)."""
    if rest.startswith(b'"'):
        parts = rest.split(b'" ', 1)
        return _strip_prefix(_unquote(parts[1])) if len(parts) == 2 else ""
    half = (len(rest) - 1) // 2
    left, right = rest[:half], rest[half + 1 :]
    if left[2:] == right[2:] and left.startswith(b"a/") and right.startswith(b"b/"):
        return right[2:].decode("utf-8", "replace")
    return ""


def _strip_prefix(path: str) -> str:
    return path[2:] if path.startswith(("a/", "b/")) else path


def _unquote(raw: bytes) -> str:
    """A path as git prints it: plain, or C-quoted with octal escapes for special bytes."""
    text = raw.decode("utf-8", "surrogateescape")
    if not (len(text) >= 2 and text.startswith('"') and text.endswith('"')):
        return raw.decode("utf-8", "replace")
    out = bytearray()
    body = text[1:-1]
    i = 0
    while i < len(body):
        char = body[i]
        if char == "\\" and i + 1 < len(body):
            nxt = body[i + 1]
            if nxt in "01234567" and i + 3 < len(body):
                out.append(int(body[i + 1 : i + 4], 8) & 0xFF)
                i += 4
                continue
            out += _ESCAPES.get(nxt, nxt).encode()
            i += 2
            continue
        out += char.encode("utf-8", "surrogateescape")
        i += 1
    return out.decode("utf-8", "replace")
