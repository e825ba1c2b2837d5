"""The tree-sitter-bash parser, created on first use (one per thread) and kept."""

from __future__ import annotations

import threading

import tree_sitter_bash
from tree_sitter import Language, Node, Parser, Tree

# The parser is infrastructure, not state: caching it avoids reloading the
# grammar on every call. A tree-sitter Parser must not be shared by threads
# parsing at the same time, so each thread gets its own.
_CACHE = threading.local()


def _parser() -> Parser:
    parser: Parser | None = getattr(_CACHE, "parser", None)
    if parser is None:
        parser = Parser(Language(tree_sitter_bash.language()))
        _CACHE.parser = parser
    return parser


# Decoding never fails: bytes that are not UTF-8 become lone surrogates.
ERRORS = "surrogateescape"


def encode(text: str) -> bytes:
    """UTF-8 bytes of `text`; lone surrogates survive (exactly when they came from bytes)."""
    try:
        return text.encode()
    except UnicodeEncodeError:
        try:
            return text.encode("utf-8", "surrogateescape")
        except UnicodeEncodeError:
            return text.encode("utf-8", "surrogatepass")


def decode(data: bytes) -> str:
    return data.decode("utf-8", ERRORS)


def parse(text: str) -> Tree:
    """Parse `text` as bash.

    A trailing newline is always present: without it the grammar enters
    error recovery at end of input after three or more pipeline stages,
    which costs ten times the parse itself.
    """
    data = encode(text)
    if not data.endswith(b"\n"):
        data += b"\n"
    return _parser().parse(data)


def node_text(node: Node) -> str:
    data = node.text
    return decode(data) if data is not None else ""
