"""Redirections of one command: targets, here-documents, here-strings.

tree-sitter-bash hangs whatever follows a here-document's opening line
(`cat <<EOF | sh`, `bash <<EOF && ls`) inside the redirect node; those
statements come back as continuations for the walker to run afterwards.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tree_sitter import Node

from .grammar import ERRORS
from .model import Redirect
from .words import SPLIT, normalise_braces

if TYPE_CHECKING:
    from .walker import Walker

_LIST_OPERATORS = frozenset({"&&", "||", ";", "&", "|", "|&", ";;"})


@dataclass(slots=True)
class RenderedRedirects:
    redirects: list[Redirect] = field(default_factory=list)
    # Words the grammar wrongly filed as redirect targets (`git >/dev/null reset`).
    extra_words: list[str] = field(default_factory=list)
    # Body of the last here-document or here-string.
    stdin: str | None = None
    # Statements after a here-document's opening line: pipeline stages, then the rest.
    pipe_stages: list[Node] = field(default_factory=list)
    rest: list[Node] = field(default_factory=list)

    def walk_continuations(self, walker: Walker, after: tuple[int, int] | None = None) -> None:
        """Walk the statements that followed a here-document's opening line."""
        if self.pipe_stages:
            if after is None:
                after = (walker.new_pipeline(), 0)
            walker.walk_stages(self.pipe_stages, after[0], after[1] + 1)
        for node in self.rest:
            walker.statement(node)


# Shared by every command without redirects; never modified.
NO_REDIRECTS = RenderedRedirects()


def render_redirects(
    walker: Walker, nodes: list[Node], leading_fd: int | None = None
) -> RenderedRedirects:
    """Render redirect nodes in order.

    The grammar reads `0>&1` as a word `0` then `>&1`; a number that touches
    the next redirect is that redirect's descriptor (`leading_fd` for the
    first one).
    """
    out = RenderedRedirects()
    pending = leading_fd
    for index, node in enumerate(nodes):
        next_start = nodes[index + 1].start_byte if index + 1 < len(nodes) else -1
        kind = node.type
        if kind == "file_redirect":
            pending = _file_redirect(walker, node, out, pending, next_start)
            continue
        if kind == "herestring_redirect":
            _herestring(walker, node, out)
        elif kind == "heredoc_redirect":
            _heredoc(walker, node, out)
        pending = None
    return out


def touching_descriptor(word: Node, redirect: Node) -> int | None:
    """The descriptor a bare number written against `redirect` stands for."""
    if word.type != "number" or word.end_byte != redirect.start_byte:
        return None
    text = (word.text or b"").decode("utf-8", ERRORS)
    return int(text) if text.isdigit() and len(text) < 6 else None


def _descriptor(node: Node) -> int | None:
    text = (node.text or b"").decode("utf-8", ERRORS)
    return int(text) if text.isdigit() and len(text) < 6 else None


def _file_redirect(
    walker: Walker, node: Node, out: RenderedRedirects, fd: int | None, next_start: int
) -> int | None:
    """Render one file redirect; return the descriptor it hands to the next one."""
    op, target, handed = "", None, None
    for child in node.children:
        if not child.is_named:
            op = op or child.type
        elif child.type == "file_descriptor":
            fd = _descriptor(child)
        elif target is not None and child.end_byte == next_start and child.type == "number":
            handed = _descriptor(child)
        else:
            text, flags = walker.render(child)
            text = normalise_braces(text)
            if target is None:
                target = text.replace("\x00", " ") if flags & SPLIT else text
            elif flags & SPLIT:
                out.extra_words.extend(f for f in text.split("\x00") if f)
            else:
                out.extra_words.append(text)
    out.redirects.append(Redirect(op or ">", target or "", fd))
    return handed


def _herestring(walker: Walker, node: Node, out: RenderedRedirects) -> None:
    fd, text = None, ""
    for child in node.children:
        if child.type == "file_descriptor":
            fd = _descriptor(child)
        elif child.is_named:
            rendered, flags = walker.render(child)
            text = rendered.replace("\x00", " ") if flags & SPLIT else rendered
    out.redirects.append(Redirect("<<<", text, fd))
    out.stdin = text + "\n"


def _heredoc(walker: Walker, node: Node, out: RenderedRedirects) -> None:
    op, fd, delimiter, quoted = "<<", None, "", False
    body: Node | None = None
    start: Node | None = None
    end: Node | None = None
    stray: list[Node] = []
    for child in node.children:
        kind = child.type
        if kind in ("<<", "<<-"):
            op = kind
        elif kind == "file_descriptor":
            fd = _descriptor(child)
        elif kind == "heredoc_start":
            start = child
            raw = (child.text or b"").decode("utf-8", ERRORS)
            quoted = any(c in raw for c in "'\"\\")
            delimiter = raw.replace("'", "").replace('"', "").replace("\\", "")
        elif kind == "heredoc_body":
            body = child
        elif kind == "heredoc_end":
            end = child
        elif start is not None and child.start_point[0] > start.start_point[0] and kind == "word":
            stray.append(child)  # a body line the grammar took for words (`\rm -rf ~`)
        elif kind in ("file_redirect", "herestring_redirect"):
            nested = render_redirects(walker, [child])
            out.redirects.extend(nested.redirects)
            out.extra_words.extend(nested.extra_words)
        elif kind == "pipeline":
            _pipe_continuation(child, out)
        elif child.is_named and kind != "comment":
            out.rest.append(child)
    text = (body.text or b"").decode("utf-8", ERRORS) if body is not None else ""
    if start is not None and end is not None:
        text = _body_from_source(walker.frame.doc, start, end, text, bool(stray))
    if op == "<<-":
        text = "\n".join(line.lstrip("\t") for line in text.split("\n"))
    if body is not None and not quoted:
        walker.scan_substitutions(body)
    out.redirects.append(Redirect(op, delimiter, fd))
    out.stdin = text


_DELIMITER_LINE = re.compile(r"^\s*[A-Za-z_][A-Za-z0-9_]*\s*$", re.MULTILINE)


def _body_from_source(doc: bytes, start: Node, end: Node, parsed: str, stray: bool) -> str:
    """The here-document's body as bash reads it: the lines between its opening line and
    its delimiter. The grammar splits some bodies, taking a line that starts with a
    backslash (`\\rm -rf ~`) for words of the command or of the next pipeline stage; bash
    still runs it. Another here-document's body and delimiter before ours (`a <<A <<B`)
    are not ours, so the parsed body stands when such a line comes first."""
    line_end = doc.find(b"\n", start.end_byte)
    if line_end < 0 or line_end >= end.start_byte:
        return parsed
    whole = doc[line_end + 1 : end.start_byte].decode("utf-8", ERRORS)
    if whole == parsed or not whole.endswith(parsed):
        return whole if stray or not parsed.strip() else parsed
    before = whole[: len(whole) - len(parsed)]
    return parsed if _DELIMITER_LINE.search(before) else whole


def _pipe_continuation(node: Node, out: RenderedRedirects) -> None:
    """`| a | b && c` after a here-document: stages a, b; then c."""
    for child in node.children:
        if not child.is_named or child.type in _LIST_OPERATORS:
            continue
        if child.type == "pipeline":
            out.pipe_stages.extend(c for c in child.children if c.is_named)
        elif child.type == "list":
            _split_list(child, out)
        else:
            out.pipe_stages.append(child)


def _split_list(node: Node, out: RenderedRedirects) -> None:
    """The list's leftmost pipeline continues ours; the rest runs after it."""
    members = [c for c in node.children if c.is_named]
    if not members:
        return
    head = members[0]
    if head.type == "pipeline":
        out.pipe_stages.extend(c for c in head.children if c.is_named)
    elif head.type == "list":
        _split_list(head, out)
    else:
        out.pipe_stages.append(head)
    out.rest.extend(members[1:])


def dropped_words(doc: bytes, body: Node, redirects: list[Node]) -> list[str]:
    """Words the grammar drops before a here-document (`git commit -F - <<EOF`)."""
    if not redirects:
        return []
    gap = doc[body.end_byte : redirects[0].start_byte]
    if not gap.strip():
        return []
    return gap.replace(b"\\\n", b" ").decode("utf-8", ERRORS).split()
