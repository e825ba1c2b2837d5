"""Assemble one simple command: assignments, words, redirects, then emit it.

Rendering a word walks the substitutions inside it first, so their segments
come before the command that uses their output, as they run before it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tree_sitter import Node

from .emit import Spawn, emit_command
from .frame import REDIRECT_TYPES
from .grammar import ERRORS, node_text
from .redirects import NO_REDIRECTS, render_redirects, touching_descriptor
from .words import (
    DYNAMIC,
    FIELD_SEP,
    QUOTED,
    SPLIT,
    UNRESOLVED,
    expand_braces,
    normalise_braces,
)

if TYPE_CHECKING:
    from .walker import Walker

# A command of plain words: nothing to unquote, expand, glob or redirect.
_PLAIN_WORD = r"[^\s'\"\\$`{}<>*?\[\];&|()#!]+"
_PLAIN_COMMAND = re.compile(f"{_PLAIN_WORD}(?:[ \t]+{_PLAIN_WORD})*")


def build_command(
    walker: Walker,
    node: Node,
    extra: list[Node],
    tail_words: list[str],
    source: Node | None = None,
) -> None:
    """Render the command at `node` (plus trailing redirects) and emit it.

    `source` is the node whose text the segment quotes, when not `node`.
    """
    if not extra and not tail_words and node.type == "command":
        text = (node.text or b"").decode("utf-8", ERRORS)
        if _PLAIN_COMMAND.fullmatch(text) and "=" not in text.split(None, 1)[0]:
            # Only plain words: the text itself is the argv (most pipeline stages).
            words = text.split()
            source_text = text if source is None else (source.text or b"").decode("utf-8", ERRORS)
            emit_command(walker, Spawn(words, [0] * len(words), source_text, [], NO_REDIRECTS, []))
            return
    log_start = len(walker.substitution_log)
    assign_nodes, word_nodes, redirect_nodes = _gather(node)
    assignments = [_assignment(walker, a) for a in assign_nodes]
    words, flags = render_words(walker, word_nodes)
    for word in tail_words:
        words.append(word)
        flags.append(0)
    if redirect_nodes or extra:
        redirects = redirect_nodes + extra
        leading_fd = None
        if word_nodes and word_nodes[-1].end_byte == redirects[0].start_byte:
            leading_fd = touching_descriptor(word_nodes[-1], redirects[0])
            if leading_fd is not None:
                words.pop()
                flags.pop()
        rendered = render_redirects(walker, redirects, leading_fd)
        for word in rendered.extra_words:
            words.append(word)
            flags.append(0)
    else:
        rendered = NO_REDIRECTS
    quoted_node = node if source is None else source
    spawn = Spawn(
        words,
        flags,
        (quoted_node.text or b"").decode("utf-8", ERRORS),
        [(name, value) for name, value, _ in assignments],
        rendered,
        walker.substitution_log[log_start:],
    )
    if not words and node.type == "variable_assignment":
        for name, value, value_flags in assignments:
            _remember(walker, name, value, value_flags)
    emit_command(walker, spawn)


def _gather(node: Node) -> tuple[list[Node], list[Node], list[Node]]:
    assignments: list[Node] = []
    words: list[Node] = []
    redirects: list[Node] = []
    if node.type == "variable_assignment":
        return [node], words, redirects
    for child in node.children:
        kind = child.type
        if kind == "variable_assignment":
            assignments.append(child)
        elif kind in REDIRECT_TYPES:
            redirects.append(child)
        elif kind == "command_name":
            words.extend(c for c in child.children if c.is_named)
        elif child.is_named and kind != "comment":
            words.append(child)
    return assignments, words, redirects


def _assignment(walker: Walker, node: Node) -> tuple[str, str, int]:
    name_node = node.child_by_field_name("name")
    value_node = node.child_by_field_name("value")
    name = node_text(name_node) if name_node is not None else ""
    if value_node is None:
        return name, "", 0
    text, flags = walker.render(value_node, quoted=True)
    return name, normalise_braces(text), flags


def _remember(walker: Walker, name: str, value: str, flags: int) -> None:
    if flags & UNRESOLVED or "[" in name:
        walker.variables.pop(name.split("[", 1)[0], None)
    else:
        walker.variables[name] = value


def render_words(walker: Walker, nodes: list[Node]) -> tuple[list[str], list[int]]:
    """Render word nodes into argv words, splitting fields and expanding braces."""
    words: list[str] = []
    flags: list[int] = []
    render = walker.render
    for node in nodes:
        text, word_flags = render(node)
        if word_flags & SPLIT:
            fields = [f for f in text.split(FIELD_SEP) if f]
            words.extend(normalise_braces(f) for f in fields)
            flags.extend([word_flags & ~SPLIT] * len(fields))
            continue
        if "{" in text and not word_flags & (QUOTED | DYNAMIC) and ("," in text or ".." in text):
            expanded = expand_braces(text)
            words.extend(expanded)
            flags.extend([word_flags] * len(expanded))
            continue
        words.append(normalise_braces(text) if word_flags & DYNAMIC else text)
        flags.append(word_flags)
    return words, flags


def build_declaration(walker: Walker, node: Node) -> None:
    """`export`, `declare`, `local`, `readonly`, `typeset`, `unset`."""
    log_start = len(walker.substitution_log)
    words: list[str] = []
    flags: list[int] = []
    assignments: list[tuple[str, str]] = []
    unset = node.type == "unset_command"
    for child in node.children:
        kind = child.type
        if not child.is_named:
            if kind in ("export", "declare", "local", "readonly", "typeset", "unset"):
                words.append(kind)
                flags.append(0)
            continue
        if kind == "variable_assignment":
            name, value, value_flags = _assignment(walker, child)
            assignments.append((name, value))
            _remember(walker, name, value, value_flags)
            words.append(f"{name}={value}")
            flags.append(value_flags & ~SPLIT)
        elif kind == "variable_name":
            words.append(node_text(child))
            flags.append(0)
            if unset:
                walker.variables.pop(words[-1], None)
        else:
            more, more_flags = render_words(walker, [child])
            words.extend(more)
            flags.extend(more_flags)
            if unset:
                for word in more:
                    walker.variables.pop(word, None)
    source = (node.text or b"").decode("utf-8", ERRORS)
    spawn = Spawn(words, flags, source, assignments, NO_REDIRECTS,
                  walker.substitution_log[log_start:])
    emit_command(walker, spawn)
