"""Thin typed layer over google-re2, shared by the rules compiler and the scanners.

Every pattern the scanners run goes through here, so all of them get the
same RE2 options: errors are returned to the caller instead of being logged to
stderr, and sets get a DFA budget large enough to stay fast (at RE2's 8 MiB
default, sets with counted repetitions thrash their state cache).

The scanners match against UTF-8 ``bytes`` (encoded once per scan), so the
offsets RE2 reports are byte offsets; `_text` converts them when needed.
"""

from __future__ import annotations

# Python's `re` appears only in explain_rejection, to word the error for a pattern RE2
# already refused; no pattern is ever matched with it.
import re as python_re
from collections.abc import Iterator, Sequence
from typing import Protocol, cast

import re2

SET_MAX_MEM = 64 << 20
PATTERN_MAX_MEM = 8 << 20


class Re2Error(ValueError):
    """A pattern RE2 refuses, with a one-line reason that never echoes the pattern."""


class Match(Protocol):
    def start(self, group: int = 0) -> int: ...
    def end(self, group: int = 0) -> int: ...
    def group(self, group: int = 0) -> bytes | None: ...


class Pattern(Protocol):
    @property
    def groupindex(self) -> dict[str, int]: ...
    def search(self, text: bytes, pos: int | None = None) -> Match | None: ...
    def finditer(self, text: bytes) -> Iterator[Match]: ...
    def fullmatch(self, text: bytes) -> Match | None: ...


class PatternSet(Protocol):
    def Match(self, text: bytes | memoryview) -> list[int] | None: ...  # noqa: N802 (RE2's name)


def _options(max_mem: int) -> object:
    opts = re2.Options()
    opts.max_mem = max_mem
    opts.log_errors = False
    return cast(object, opts)


def error_reason(exc: Exception) -> str:
    """RE2's error category without the pattern fragment it quotes after ':'."""
    raw = exc.args[0] if exc.args else ""
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
    head = text.split(":", 1)[0].strip()
    return head or "rejected by RE2"


def escape(literal: str) -> str:
    """*literal* as an RE2 pattern that matches exactly it.

    Same output as ``re2.escape`` (RE2's QuoteMeta), without its UTF-8 encode
    step, so text with lone surrogates fails later with a clear `Re2Error`.
    """
    out = []
    for char in literal:
        if not char.isascii() or char.isalnum() or char == "_":
            out.append(char)
        elif char == "\0":
            out.append("\\x00")
        else:
            out.append("\\" + char)
    return "".join(out)


def compile_pattern(pattern: str, *, max_mem: int = PATTERN_MAX_MEM) -> Pattern:
    """Compile one RE2 pattern or raise `Re2Error` with a pattern-free reason."""
    try:
        return cast(Pattern, re2.compile(pattern, _options(max_mem)))
    except re2.error as exc:
        raise Re2Error(error_reason(exc)) from None
    except UnicodeEncodeError:
        raise Re2Error("not valid Unicode text") from None


def compile_set(patterns: Sequence[str], *, anchored: bool = False) -> PatternSet:
    """One RE2 set over *patterns*; `Match` reports the indices that matched.

    ``anchored`` makes every pattern match the whole input (used for globs).
    """
    opts = _options(SET_MAX_MEM)
    pattern_set = re2.Set.FullMatchSet(opts) if anchored else re2.Set.SearchSet(opts)
    for index, pattern in enumerate(patterns):
        try:
            pattern_set.Add(pattern)
        except (re2.error, UnicodeEncodeError):
            # The wrapper's message quotes the pattern; report only its index.
            raise Re2Error(f"pattern {index} rejected by the set") from None
    try:
        pattern_set.Compile()
    except re2.error:
        raise Re2Error("pattern set too large to compile") from None
    return cast(PatternSet, pattern_set)


_UNSUPPORTED = (
    ("(?=", "lookahead assertions are not supported by RE2"),
    ("(?!", "negative lookahead assertions are not supported by RE2"),
    ("(?<=", "lookbehind assertions are not supported by RE2"),
    ("(?<!", "negative lookbehind assertions are not supported by RE2"),
    ("(?>", "atomic groups are not supported by RE2"),
    ("(?P=", "named backreferences are not supported by RE2"),
    ("(?|", "branch reset groups are not supported by RE2"),
    ("(?#", "inline comments are not supported by RE2"),
)


def explain_rejection(pattern: str) -> tuple[int, str]:
    """Return (0-based offset, reason) for a pattern RE2 refused."""
    i = 0
    in_class = False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\" and i + 1 < len(pattern):
            nxt = pattern[i + 1]
            if not in_class and nxt in "123456789":
                return i, f"backreferences (\\{nxt}) are not supported by RE2"
            if not in_class and nxt in "ZGK":
                hint = "; use \\z for end of text" if nxt == "Z" else ""
                return i, f"\\{nxt} is not supported by RE2{hint}"
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            if pattern[i + 1 : i + 2] == "]":
                i += 1
        elif ch == "(":
            for prefix, reason in _UNSUPPORTED:
                if pattern.startswith(prefix, i):
                    return i, reason
        elif ch in "*+?}" and pattern[i + 1 : i + 2] == "+":
            return i + 1, "possessive quantifiers are not supported by RE2"
        i += 1
    return _python_reason(pattern)


def _python_reason(pattern: str) -> tuple[int, str]:
    # Only to word the message; the pattern is never used with Python's engine.
    try:
        python_re.compile(pattern)
    except python_re.error as exc:
        return (exc.pos or 0), f"invalid pattern: {exc.msg}"
    except RecursionError:
        return 0, "invalid pattern: nested too deeply"
    return 0, "RE2 cannot compile this pattern (too large or unsupported syntax)"
