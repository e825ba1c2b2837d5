"""Assemble one simple command: assignments, words, redirects, then emit it.

Rendering a word walks the substitutions inside it first, so their segments
come before the command that uses their output, as they run before it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tree_sitter import Node

from .emit import Spawn, emit_command, emit_plain, unremarkable
from .frame import REDIRECT_TYPES
from .grammar import ERRORS, node_text
from .redirects import NO_REDIRECTS, RenderedRedirects, render_redirects, touching_descriptor
from .words import (
    DYNAMIC,
    FIELD_SEP,
    QUOTED,
    SPLIT,
    UNRESOLVED,
    VARIABLE_NAME,
    expand_braces,
    normalise_braces,
)

if TYPE_CHECKING:
    from .walker import Walker

# Most commands are plain words, single-quoted text, and double-quoted text
# with nothing to expand. Their argv is their text with the quotes removed,
# which is far cheaper than visiting each word node. Anything else (an
# expansion, escape, glob, brace, redirect, comment or operator) takes the
# general path. A test checks both paths agree on the corpora.
_PLAIN_PART = r"[^\s'\"\\$`{}<>*?\[\];&|()#!]|'[^']*'|\"[^\"$`\\]*\""
_PLAIN_WORD = f"(?:{_PLAIN_PART})+"
_PLAIN_COMMAND = re.compile(f"{_PLAIN_WORD}(?:[ \t]+{_PLAIN_WORD})*")
_PLAIN_TOKEN = re.compile(_PLAIN_WORD)
# Characters that never need a second look; a cheap first test. Only space and tab
# separate words: other whitespace (`\xa0`) is left to the parser, which keeps it
# inside the word as bash does.
_UNREMARKABLE = re.compile(r"[^\w \t./:@%+,=^~-]")
_QUOTED_PART = re.compile(r"'([^']*)'|\"([^\"]*)\"")


_NAMEREF_MAKERS = frozenset({"declare", "typeset", "local"})  # `export -n` unexports instead


def plain_words(text: str) -> list[str] | None:
    """The argv of a command whose `text` is only plain or simply quoted words, else None."""
    if "\\\n" in text:
        return None  # a line continuation may join two words into one (`r\<newline>m`)
    if _UNREMARKABLE.search(text) is None:
        words = text.split()
        return None if not words or "=" in words[0] else words
    if ("'" not in text and '"' not in text) or not _PLAIN_COMMAND.fullmatch(text):
        return None
    tokens = _PLAIN_TOKEN.findall(text)
    if "=" in tokens[0]:
        return None  # perhaps an assignment
    return [_QUOTED_PART.sub(_unquote, token) if "'" in token or '"' in token else token
            for token in tokens]


def _unquote(match: re.Match[str]) -> str:
    single = match.group(1)
    return single if single is not None else match.group(2)


def emit_literal(walker: Walker, words: list[str], source: str) -> None:
    """Emit a command whose words are all literal."""
    if unremarkable(walker, words):
        emit_plain(walker, words, source)
    else:
        emit_command(walker, Spawn(words, [0] * len(words), source, [], NO_REDIRECTS, []))


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
    plain = None
    if node.type == "command":
        own_text = (node.text or b"").decode("utf-8", ERRORS)
        plain = plain_words(own_text)
        if plain is not None and extra and node.end_byte == extra[0].start_byte:
            plain = None  # `cmd 2>x` may hide a descriptor in the last word
    if plain is not None and not extra and not tail_words:
        text = own_text if source is None else (source.text or b"").decode("utf-8", ERRORS)
        emit_literal(walker, plain, text)
        return
    log_start = len(walker.substitution_log)
    if plain is None:
        assignments, words, flags, redirect_nodes, last_word = _render_parts(walker, node)
    else:
        assignments, redirect_nodes, last_word = [], [], None
        words, flags = plain, [0] * len(plain)
    for word in tail_words:
        words.append(word)
        flags.append(0)
    rendered = NO_REDIRECTS
    if redirect_nodes or extra:
        rendered = _redirects(walker, redirect_nodes + extra, last_word, words, flags)
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


def _redirects(
    walker: Walker, nodes: list[Node], last_word: Node | None, words: list[str], flags: list[int]
) -> RenderedRedirects:
    """Render the redirects; fix up the words the grammar misfiled around them."""
    leading_fd = None
    if last_word is not None and last_word.end_byte == nodes[0].start_byte:
        leading_fd = touching_descriptor(last_word, nodes[0])
        if leading_fd is not None:  # `cmd 0>&1`: that `0` was never an argument
            words.pop()
            flags.pop()
    rendered = render_redirects(walker, nodes, leading_fd)
    for word in rendered.extra_words:
        words.append(word)
        flags.append(0)
    return rendered


Assignment = tuple[str, str, int]


def _render_parts(
    walker: Walker, node: Node
) -> tuple[list[Assignment], list[str], list[int], list[Node], Node | None]:
    """Assignments and words rendered in order, the redirect nodes, and the last word node."""
    assignments: list[Assignment] = []
    words: list[str] = []
    flags: list[int] = []
    redirects: list[Node] = []
    last_word: Node | None = None
    if node.type == "variable_assignment":
        return [_assignment(walker, node)], words, flags, redirects, None
    for child in node.children:
        kind = child.type
        if kind == "variable_assignment":
            assignments.append(_assignment(walker, child))
            continue
        if kind in REDIRECT_TYPES:
            redirects.append(child)
            continue
        if kind == "command_name":
            if not child.named_child_count:
                continue
            child = child.named_children[0]
        elif not child.is_named or kind == "comment":
            continue
        if last_word is not None and words and _continues(walker.frame.doc, last_word, child):
            text, word_flags = walker.render(child)  # `r\<newline>m` is bash's `rm`
            words[-1] += text
            flags[-1] |= word_flags
        else:
            _add_word(walker.render(child), words, flags)
        last_word = child
    return assignments, words, flags, redirects, last_word


def _continues(doc: bytes, before: Node, after: Node) -> bool:
    """Only a backslash-newline lies between two words: bash reads them as one."""
    return after.start_byte - before.end_byte == 2 and doc[before.end_byte : after.start_byte] == b"\\\n"


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
        _add_word(render(node), words, flags)
    return words, flags


def _add_word(rendered: tuple[str, int], words: list[str], flags: list[int]) -> None:
    """Append one rendered word: fields split, braces expanded, `${NAME}` normalised."""
    text, word_flags = rendered
    if not word_flags:
        if "{" in text and ("," in text or ".." in text):
            expanded = expand_braces(text)
            words.extend(expanded)
            flags.extend([0] * len(expanded))
        else:
            words.append(text)
            flags.append(0)
        return
    if word_flags & SPLIT:
        fields = [f for f in text.split(FIELD_SEP) if f]
        words.extend(normalise_braces(f) for f in fields)
        flags.extend([word_flags & ~SPLIT] * len(fields))
    elif "{" in text and not word_flags & (QUOTED | DYNAMIC) and ("," in text or ".." in text):
        expanded = expand_braces(text)
        words.extend(expanded)
        flags.extend([word_flags] * len(expanded))
    else:
        words.append(normalise_braces(text) if word_flags & DYNAMIC else text)
        flags.append(word_flags)


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
            if VARIABLE_NAME.fullmatch(value) and words[0] in _NAMEREF_MAKERS and any(
                w[:1] == "-" and "n" in w[1:] for w in words[1:]
            ):
                # `declare -n r=HOME`: r names HOME; `$r` is HOME's value
                value = walker.variables.get(value, "${" + value + "}")
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
