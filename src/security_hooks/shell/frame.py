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

    # The hot transitions are spelled out: NamedTuple._replace costs several
    # times a direct construction.

    def at(self, pipe: tuple[int, int] | None) -> Frame:
        """This frame inside pipeline stage `pipe`."""
        return Frame(self.doc, self.context, self.depth, self.privileged, self.background, pipe,
                     self.redirects, self.implicit_targets)

    def reading(self, doc: bytes) -> Frame:
        """This frame walking a tree parsed from `doc`."""
        return Frame(doc, self.context, self.depth, self.privileged, self.background, self.pipe,
                     self.redirects, self.implicit_targets)

    def substitution(self, kind: str) -> Frame:
        """A `$(...)` or `<(...)` inside this frame: a fresh pipeline, no inherited redirects."""
        return Frame(self.doc, kind, self.depth, self.privileged, self.background, None, (),
                     self.implicit_targets)

    def nested(
        self,
        context: str,
        privileged: bool,
        implicit_targets: tuple[str, ...],
        background: bool,
    ) -> Frame:
        """Code in a string, one level deeper."""
        return Frame(self.doc, context, self.depth + 1, privileged, background, None, (),
                     implicit_targets)


class Origin(NamedTuple):
    """What code in a string inherits from the command that runs it."""

    cwd: str | None
    privileged: bool
    implicit_targets: tuple[str, ...]
    background: bool


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
