"""Path globs translated to RE2, for globs that come from untrusted files.

`fnmatch` compiles to Python's backtracking ``re``; a glob from a cloned
repository must not get that far. The translation here produces an RE2
pattern for the whole path:

* ``*`` matches within one path segment, ``?`` one character of a segment;
* ``**`` as a whole segment matches any number of segments, including none
  (``**/x``, ``a/**/x``, ``a/**``); ``**`` inside a segment acts like ``*``;
* ``[abc]``, ``[a-z]``, ``[!abc]`` / ``[^abc]`` are character classes (a negated
  class never matches ``/``); an unclosed ``[`` is a literal;
* ``\\`` escapes the next character; everything else is literal.

Paths are compared with ``/`` separators; `normalise_path` turns Windows
separators into ``/`` first.

`GlobSet` is what rule conditions use: a glob with no ``/`` matches the base name
(``.env.example`` matches it in any directory, as in .gitignore); any other glob
must match the whole absolute path.
"""

from __future__ import annotations

from .regex import PatternSet, compile_pattern, compile_set, escape


def normalise_path(path: str) -> str:
    return path.replace("\\", "/")


def _literal(char: str) -> str:
    return escape(char)


def _class(glob: str, start: int) -> tuple[str, int] | None:
    """Translate the class opening at ``glob[start] == '['``; None if it is unclosed."""
    index = start + 1
    negate = index < len(glob) and glob[index] in "!^"
    if negate:
        index += 1
    members: list[str] = []
    first = True
    while index < len(glob) and (glob[index] != "]" or first):
        char = glob[index]
        if char == "-" and members and index + 1 < len(glob) and glob[index + 1] != "]":
            members.append("-")
        else:
            members.append(_literal(char))
        first = False
        index += 1
    if index >= len(glob):
        return None
    body = "".join(members)
    return (f"[^/{body}]" if negate else f"[{body}]", index + 1)


def _double_star(glob: str, index: int, out: list[str]) -> int:
    """Handle ``**`` at *index*; returns the index after what it consumed."""
    at_segment_start = index == 0 or glob[index - 1] == "/"
    after = index + 2
    if at_segment_start and glob.startswith("/", after):
        out.append("(?s:.*/)?")
        return after + 1
    if at_segment_start and after == len(glob):
        if out and out[-1] == "/":
            out[-1] = "(?s:/.*)?"
        else:
            out.append("(?s:.*)")
        return after
    out.append("[^/]*")
    return after


def glob_to_regex(glob: str) -> str:
    """An RE2 pattern that matches a whole path exactly when *glob* does."""
    out: list[str] = []
    index = 0
    while index < len(glob):
        char = glob[index]
        if glob.startswith("**", index):
            index = _double_star(glob, index, out)
            continue
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[" and (translated := _class(glob, index)) is not None:
            out.append(translated[0])
            index = translated[1]
            continue
        elif char == "\\" and index + 1 < len(glob):
            index += 1
            out.append(_literal(glob[index]))
        elif char == "/":
            out.append("/")
        else:
            out.append(_literal(char))
        index += 1
    return "".join(out)


def glob_matches(glob: str, path: str) -> bool:
    """Convenience for one-off checks; scanners batch their globs in one RE2 set."""
    return compile_pattern(glob_to_regex(glob)).fullmatch(normalise_path(path).encode()) is not None


class GlobSet:
    """Several globs; `match(path)` is true when any of them matches."""

    def __init__(self, globs: tuple[str, ...]) -> None:
        self.globs = globs
        full = [glob_to_regex(g) for g in globs if "/" in g]
        base = [glob_to_regex(g) for g in globs if "/" not in g]
        self._full: PatternSet | None = compile_set(full, anchored=True) if full else None
        self._base: PatternSet | None = compile_set(base, anchored=True) if base else None

    def match(self, path: str) -> bool:
        path = normalise_path(path)
        if self._full is not None and self._full.Match(path.encode("utf-8", "surrogateescape")):
            return True
        if self._base is not None:
            name = path.rsplit("/", 1)[-1]
            return bool(self._base.Match(name.encode("utf-8", "surrogateescape")))
        return False
