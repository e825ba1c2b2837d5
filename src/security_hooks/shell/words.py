"""Words: quote removal, escapes, expansions and the little we can resolve.

A word renders to its text after quote removal. Expansions that cannot be
known statically stay as written (`$X`, `$(...)`, `~`, globs), normalised so
that `${HOME}` reads `$HOME`. Variables given a literal value earlier in the
same command are substituted, and the word is still marked dynamic.
"""

from __future__ import annotations

import re

from tree_sitter import Node

from .grammar import ERRORS

# Flags carried by a rendered word.
DYNAMIC = 1  # contains an expansion or substitution
UNRESOLVED = 2  # some expansion could not be resolved
QUOTED = 4  # some part was quoted
SPLIT = 8  # text holds FIELD_SEP where unquoted expansion splits fields
GLOB = 16  # an unquoted part holds a glob character

# Marks field boundaries produced by unquoted expansions (IFS splitting).
FIELD_SEP = "\x00"
DEFAULT_IFS = " \t\n"


_UNQUOTED_ESCAPE = re.compile(r"\\(\n|.)", re.S)
_DQ_ESCAPE = re.compile(r'\\([$`"\\\n])')
_ANSI_ESCAPE = re.compile(
    r"\\(x[0-9A-Fa-f]{1,2}|u[0-9A-Fa-f]{1,4}|U[0-9A-Fa-f]{1,8}|[0-7]{1,3}|c.|.)", re.S
)
_BRACED_NAME = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*|[0-9#?@*$!-])\}(?![A-Za-z0-9_])")
_SIMPLE_ESCAPES = {
    "n": "\n",
    "t": "\t",
    "r": "\r",
    "a": "\a",
    "b": "\b",
    "e": "\x1b",
    "E": "\x1b",
    "f": "\f",
    "v": "\v",
    "\\": "\\",
    "'": "'",
    '"': '"',
    "?": "?",
}
_GLOB_UNESCAPED = re.compile(r"(?<!\\)[*?\[]")
_SUBST_TYPES = frozenset({"command_substitution", "process_substitution"})


def unescape_unquoted(text: str) -> str:
    if "\\" not in text:
        return text
    return _UNQUOTED_ESCAPE.sub(lambda m: "" if m.group(1) == "\n" else m.group(1), text)


def unescape_double_quoted(text: str) -> str:
    if "\\" not in text:
        return text
    return _DQ_ESCAPE.sub(lambda m: "" if m.group(1) == "\n" else m.group(1), text)


def _ansi_escape(match: re.Match[str]) -> str:
    seq = match.group(1)
    head = seq[0]
    if head in "xuU":
        # `\u` with no hex digit after it is left as it is, as bash leaves it
        return _safe_chr(int(seq[1:], 16)) if len(seq) > 1 else "\\" + seq
    if head in "01234567":
        return _safe_chr(int(seq, 8) & 0xFF)
    if head == "c" and len(seq) == 2:
        return _safe_chr(ord(seq[1]) & 0x1F)
    return _SIMPLE_ESCAPES.get(seq, "\\" + seq)


def _safe_chr(code: int) -> str:
    return chr(code) if 0 <= code <= 0x10FFFF else ""


def decode_ansi_c(body: str) -> str:
    """Decode the inside of `$'...'`. Bash's strings end at a NUL, so an escape that
    makes one (`\\0`, `\\x00`, `\\c@`) ends this quoted part: `$'-f\\0x'` is `-f`."""
    if "\\" not in body:
        return body
    return _ANSI_ESCAPE.sub(_ansi_escape, body).partition("\x00")[0]


# `${HOME:?}`, `${HOME:-x}`, `${HOME:=x}` and `${HOME%/}` are the home directory: an
# agent's shell always has HOME set, and it has no trailing slash to strip.
_HOME_FORMS = re.compile(r"\$\{HOME(?::?[-?=][^}]*|%%?/+)\}")


def normalise_braces(text: str) -> str:
    """`${HOME}` -> `$HOME` where that cannot change the meaning."""
    if "${" not in text:
        return text
    return _BRACED_NAME.sub(r"$\1", _HOME_FORMS.sub("$HOME", text))


def split_fields(value: str, ifs: str) -> str:
    """Mark where an unquoted expansion of `value` splits into fields."""
    if not ifs:
        return value
    out = []
    for ch in value:
        out.append(FIELD_SEP if ch in ifs else ch)
    return "".join(out)


class WordRenderer:
    """Renders word nodes; a base of the walker.

    Every substitution met is handed to `on_substitution(node, kind)`, which
    walks it (kind is "subst" or "procsub") and returns its output when that
    is statically known. `variables` holds the literal values known so far.
    """

    __slots__ = ()
    variables: dict[str, str]

    def on_substitution(self, node: Node, kind: str) -> str | None:
        raise NotImplementedError

    def render(self, node: Node, quoted: bool = False) -> tuple[str, int]:
        kind = node.type
        if kind == "word":
            text = (node.text or b"").decode("utf-8", ERRORS)
            flags = 0
            if not quoted and ("*" in text or "?" in text or "[" in text):
                flags = GLOB if _GLOB_UNESCAPED.search(text) else 0
            return (unescape_unquoted(text) if "\\" in text else text), flags
        if kind == "raw_string":
            text = (node.text or b"").decode("utf-8", ERRORS)
            return text[1:-1] if text.endswith("'") and len(text) > 1 else text[1:], QUOTED
        if kind in ("string", "translated_string"):
            return self._double_quoted(node)
        if kind == "ansi_c_string":
            text = (node.text or b"").decode("utf-8", ERRORS)
            body = text[2:-1] if text.endswith("'") and len(text) > 2 else text[2:]
            return decode_ansi_c(body), QUOTED
        if kind == "concatenation":
            return self._concatenation(node, quoted)
        if kind == "simple_expansion":
            return self._variable((node.text or b"").decode("utf-8", ERRORS)[1:], node, quoted)
        if kind == "expansion":
            return self._expansion(node, quoted)
        if kind in _SUBST_TYPES:
            return self._substitution(node)
        return self._opaque(node)

    # -- parts -----------------------------------------------------------

    def _double_quoted(self, node: Node) -> tuple[str, int]:
        raw = (node.text or b"").decode("utf-8", ERRORS)
        start = 2 if raw.startswith("$") else 1
        if "$" not in raw and "`" not in raw and "\\" not in raw:
            closed = raw.endswith('"') and len(raw) > start
            return (raw[start:-1] if closed else raw[start:]), QUOTED
        parts: list[str] = []
        flags = QUOTED
        for child in node.children:
            kind = child.type
            if not child.is_named:
                continue
            if kind == "string_content":
                parts.append(unescape_double_quoted((child.text or b"").decode("utf-8", ERRORS)))
                continue
            text, sub = self.render(child, quoted=True)
            parts.append(text)
            flags |= sub & ~(SPLIT | GLOB)
        return "".join(parts), flags

    def _concatenation(self, node: Node, quoted: bool) -> tuple[str, int]:
        parts: list[str] = []
        flags = 0
        for child in node.children:
            text, sub = self.render(child, quoted)
            parts.append(text)
            flags |= sub
        return "".join(parts), flags

    def _variable(self, name: str, node: Node, quoted: bool) -> tuple[str, int]:
        value = self.variables.get(name)
        if value is None:
            if name == "IFS" and not quoted:
                return FIELD_SEP, DYNAMIC | SPLIT
            # `${NAME}` keeps its braces here; normalise_braces drops them where safe.
            text = "${" + name + "}" if node.type == "expansion" else "$" + name
            return text, DYNAMIC | UNRESOLVED
        if quoted:
            return value, DYNAMIC
        return split_fields(value, self.variables.get("IFS", DEFAULT_IFS)), DYNAMIC | SPLIT

    def _expansion(self, node: Node, quoted: bool) -> tuple[str, int]:
        kids = node.children
        if len(kids) == 3 and kids[1].type in ("variable_name", "special_variable_name"):
            return self._variable((kids[1].text or b"").decode("utf-8", ERRORS), node, quoted)
        self.scan_substitutions(node)
        value = _evaluate_expansion(kids, self.variables)
        if value is None:
            return (node.text or b"").decode("utf-8", ERRORS), DYNAMIC | UNRESOLVED
        if quoted:
            return value, DYNAMIC
        return split_fields(value, self.variables.get("IFS", DEFAULT_IFS)), DYNAMIC | SPLIT

    def _substitution(self, node: Node) -> tuple[str, int]:
        kind = "procsub" if node.type == "process_substitution" else "subst"
        output = self.on_substitution(node, kind)
        if output is None:
            return (node.text or b"").decode("utf-8", ERRORS), DYNAMIC | UNRESOLVED
        return output, DYNAMIC

    def _opaque(self, node: Node) -> tuple[str, int]:
        """Arithmetic, arrays, brace ranges and odd nodes: keep the text."""
        text = (node.text or b"").decode("utf-8", ERRORS)
        if node.type in ("number", "brace_expression"):
            return text, 0
        self.scan_substitutions(node)
        dynamic = node.type == "arithmetic_expansion" or "$" in text or "`" in text
        return text, (DYNAMIC | UNRESOLVED) if dynamic else 0

    def scan_substitutions(self, node: Node) -> None:
        """Hand every substitution below `node` to `on_subst`."""
        if node.end_byte - node.start_byte > _SCAN_QUICKLY:
            text = node.text or b""
            if not any(opening in text for opening in _SUBST_OPENINGS):
                return  # a large body with no substitution in it: no need to visit every node
        stack = list(reversed(node.children))
        while stack:
            child = stack.pop()
            if child.type in _SUBST_TYPES:
                kind = "procsub" if child.type == "process_substitution" else "subst"
                self.on_substitution(child, kind)
            elif child.child_count:
                stack.extend(reversed(child.children))


_SCAN_QUICKLY = 4096
VARIABLE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")  # a shell variable's name, whole
_SUBST_OPENINGS = (b"$(", b"`", b"<(", b">(")


def _has_glob(text: str) -> bool:
    return _GLOB_UNESCAPED.search(text) is not None


def _evaluate_expansion(kids: list[Node], variables: dict[str, str]) -> str | None:
    """Value of `${...}` forms over a known variable, or None."""
    parts = [(k.text or b"").decode("utf-8", ERRORS) for k in kids[1:-1]]
    if len(parts) == 2 and parts[0] == "!" and VARIABLE_NAME.fullmatch(variables.get(parts[1], "")):
        named = variables[parts[1]]  # `${!v}` with v=HOME: HOME's value
        return variables.get(named, "${" + named + "}")
    if len(parts) == 2 and parts[0] == "#":
        value = variables.get(parts[1])
        return None if value is None else str(len(value))
    if not parts or parts[0] not in variables:
        return None
    value = variables[parts[0]]
    ops = parts[1:]
    if len(ops) in (2, 4) and ops[0] == ":" and all(_is_int(p) for p in ops[1::2]):
        start = int(ops[1])
        start = max(len(value) + start, 0) if start < 0 else start
        if len(ops) == 2:
            return value[start:]
        length = int(ops[3])
        return value[start : start + length] if length >= 0 else value[start:length]
    if 2 <= len(ops) <= 4 and ops[0] in ("/", "//") and not _has_glob(ops[1]):
        if len(ops) > 2 and ops[2] != "/":
            return None
        replacement = ops[3] if len(ops) == 4 else ""
        return value.replace(ops[1], replacement, -1 if ops[0] == "//" else 1)
    if len(ops) == 2 and ops[0] in ("#", "##") and not _has_glob(ops[1]):
        return value[len(ops[1]) :] if value.startswith(ops[1]) else value
    if len(ops) == 2 and ops[0] in ("%", "%%") and not _has_glob(ops[1]):
        return value[: -len(ops[1])] if ops[1] and value.endswith(ops[1]) else value
    if len(ops) == 2 and ops[0] in (":-", "-", ":=", "="):
        return value if value or ops[0] in ("-", "=") else ops[1]
    return None


def _is_int(text: str) -> bool:
    return text.lstrip("-").isdigit()


def expand_braces(word: str, limit: int = 64) -> list[str]:
    """Brace expansion of an unquoted literal word: `{a,b}` and `{1..3}`."""
    out = [word]
    for _ in range(8):
        nxt: list[str] = []
        changed = False
        for item in out:
            expanded = _expand_first_brace(item)
            if expanded is None:
                nxt.append(item)
            else:
                nxt.extend(expanded)
                changed = True
            if len(nxt) > limit:
                return [word]
        out = nxt
        if not changed:
            break
    return out


_BRACE = re.compile(r"\{([^{}\s]*)\}")
_RANGE = re.compile(r"^(-?\d+)\.\.(-?\d+)$|^([A-Za-z])\.\.([A-Za-z])$")


def _expand_first_brace(word: str) -> list[str] | None:
    for match in _BRACE.finditer(word):
        inner = match.group(1)
        head, tail = word[: match.start()], word[match.end() :]
        if "," in inner:
            return [head + alt + tail for alt in inner.split(",")]
        rng = _RANGE.match(inner)
        if rng is not None:
            return [head + item + tail for item in _range_items(rng)]
    return None


def _range_items(match: re.Match[str]) -> list[str]:
    if match.group(1) is not None:
        lo, hi = int(match.group(1)), int(match.group(2))
        step = 1 if hi >= lo else -1
        if abs(hi - lo) > 64:
            return [match.group(0)]
        return [str(i) for i in range(lo, hi + step, step)]
    lo_c, hi_c = ord(match.group(3)), ord(match.group(4))
    step = 1 if hi_c >= lo_c else -1
    return [chr(i) for i in range(lo_c, hi_c + step, step)]
