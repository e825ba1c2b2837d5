"""Per-position walking context and the syntax-node helpers the walker shares."""

from __future__ import annotations

from typing import Any, NamedTuple

from tree_sitter import Node

from .model import Redirect

REDIRECT_TYPES = frozenset({"file_redirect", "heredoc_redirect", "herestring_redirect"})


class Frame(NamedTuple):
    """How the statements being walked are reached.

    `doc` is the source the current tree was parsed from: node offsets index
    into it. `pipe` is (pipeline index, position) inside a pipeline stage.
    """

    doc: bytes
    context: str = "top"
    depth: int = 0
    privileged: bool = False
    background: bool = False
    pipe: tuple[int, int] | None = None
    redirects: tuple[Redirect, ...] = ()
    implicit_targets: tuple[str, ...] = ()

    def but(self, **changes: Any) -> Frame:
        return self._replace(**changes)

    def at(self, pipe: tuple[int, int] | None) -> Frame:
        """This frame inside pipeline stage `pipe` (the hot path: no _replace)."""
        return Frame(self.doc, self.context, self.depth, self.privileged, self.background, pipe,
                     self.redirects, self.implicit_targets)


def rightmost_command(node: Node) -> Node | None:
    """The simple command a trailing redirect of a list or pipeline belongs to."""
    current: Node | None = node
    for _ in range(10_000):
        if current is None:
            return None
        kind = current.type
        if kind == "command":
            return current
        if kind in ("list", "pipeline", "negated_command"):
            current = current.named_children[-1] if current.named_child_count else None
        elif kind == "redirected_statement":
            current = current.child_by_field_name("body")
        else:
            return None
    return None


def named_statements(node: Node) -> list[Node]:
    return [child for child in node.children if child.is_named and child.type != "comment"]
