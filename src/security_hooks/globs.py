"""Shell-style globs compiled to RE2, so a glob from a rule or a user file runs in linear time.

- `*` matches within one path segment, `?` one character, `[...]` a class;
- `**` matches any number of segments, including none (`**/x`, `a/**/b`, `a/**`);
- a glob without a `/` matches the file's base name, as in .gitignore.
"""

from __future__ import annotations

from typing import Any

import re2

_SPECIAL = set(".^$+{}()|\\")


def translate(glob: str) -> str:
    """The RE2 pattern (anchored at both ends) for one glob."""
    out: list[str] = []
    i = 0
    n = len(glob)
    while i < n:
        ch = glob[i]
        if glob.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif glob.startswith("**", i):
            out.append(".*")
            i += 2
        elif ch == "*":
            out.append("[^/]*")
            i += 1
        elif ch == "?":
            out.append("[^/]")
            i += 1
        elif ch == "[":
            end = glob.find("]", i + 2 if glob[i + 1 : i + 2] in ("!", "]") else i + 1)
            if end < 0:
                out.append("\\[")
                i += 1
                continue
            body = glob[i + 1 : end].replace("\\", "\\\\")
            if body.startswith("!"):
                body = "^" + body[1:]
            out.append(f"[{body}]")
            i = end + 1
        else:
            out.append("\\" + ch if ch in _SPECIAL or ch in "[]" else ch)
            i += 1
    return "^" + "".join(out) + "$"


class GlobSet:
    """Several globs; `match(path)` is true when any of them matches."""

    def __init__(self, globs: tuple[str, ...]) -> None:
        self.globs = globs
        options = re2.Options()
        options.log_errors = False
        full = [translate(g) for g in globs if "/" in g]
        base = [translate(g) for g in globs if "/" not in g]
        self._full: Any = re2.compile("|".join(full), options) if full else None
        self._base: Any = re2.compile("|".join(base), options) if base else None

    def match(self, path: str) -> bool:
        if self._full is not None and self._full.search(path):
            return True
        if self._base is not None:
            return self._base.search(path.rsplit("/", 1)[-1]) is not None
        return False
