"""RE2 helpers: options that keep big sets fast, and errors that say why a pattern failed.

RE2 guarantees linear time, so no user rule can stall the daemon. It rejects some
backtracking-only syntax; `explain_rejection` finds that syntax and its column so the
diagnostic can point at it.
"""

from __future__ import annotations

import re
from typing import Any

import re2

# At the 8 MiB default a large set falls back to a slow path; 64 MiB keeps it on the DFA.
SET_MAX_MEM = 64 << 20


def options(*, max_mem: int = 8 << 20) -> Any:
    opts = re2.Options()
    opts.max_mem = max_mem
    opts.log_errors = False
    return opts


_OPTIONS = options()


def compile_pattern(pattern: str) -> Any:
    """Compile one pattern with RE2, or raise ValueError((offset, reason))."""
    try:
        return re2.compile(pattern, _OPTIONS)
    except re2.error:
        raise ValueError(explain_rejection(pattern)) from None


def new_set() -> Any:
    return re2.Set.SearchSet(options(max_mem=SET_MAX_MEM))


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
        re.compile(pattern)
    except re.error as exc:
        return (exc.pos or 0), f"invalid pattern: {exc.msg}"
    except RecursionError:
        return 0, "invalid pattern: nested too deeply"
    return 0, "RE2 cannot compile this pattern (too large or unsupported syntax)"
