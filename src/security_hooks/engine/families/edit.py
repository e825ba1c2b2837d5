"""Write, Edit, MultiEdit and NotebookEdit: one family, one normalised view.

`file_path` is absolute with `~`, `..` and symlinks resolved before any rule sees it.
`content` is the text the edit adds: Write's content, Edit's new_string, every
MultiEdit new_string, or a notebook cell's new source.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ...config.load import Config
from ...rules.vocabulary import FamilySpec
from .. import paths
from ..event import Event
from .base import COMMON_VARIABLES, common_variables, fields

SPEC = FamilySpec(
    name="edit",
    default_field="file_path",
    fields=fields(
        ("file_path", False, "the target path, absolute, with ~, .. and symlinks resolved"),
        (
            "content",
            False,
            "the text the edit writes (Write content, Edit new_string, cell source)",
        ),
        ("tool", False, "the tool name"),
    ),
    variables=COMMON_VARIABLES | {"file_path"},
)


@dataclass(frozen=True)
class EditView:
    event: Event
    path: str  # resolved
    raw_path: str
    project_dir: str  # resolved
    content: str
    old_strings: tuple[str, ...] = field(default=())

    @property
    def units(self) -> Sequence[object]:
        return (None,)

    def values(self, field_name: str, unit: object) -> Sequence[str]:
        if field_name == "file_path":
            return (self.path,) if self.path else ()
        if field_name == "content":
            return (self.content,)
        if field_name == "tool":
            return (self.event.tool_name,)
        return ()

    def variables(self, unit: object) -> Mapping[str, str]:
        shown = paths.display(self.path, project_dir=self.project_dir, home=self.event.home)
        return {**common_variables(self.event), "file_path": shown}

    def base_command(self, unit: object) -> str | None:
        return None

    @property
    def in_project(self) -> bool:
        return paths.within(self.path, self.project_dir)


def edit_parts(event: Event) -> tuple[str, str, tuple[str, ...]]:
    """(raw path, new content, replaced strings) for any edit-like tool input."""
    raw_path = event.text("file_path") or event.text("notebook_path") or event.text("path")
    if event.tool_name == "NotebookEdit" or "new_source" in event.tool_input:
        return raw_path, event.text("new_source"), ()
    edits = event.tool_input.get("edits")
    if isinstance(edits, list):
        new = [e.get("new_string", "") for e in edits if isinstance(e, dict)]
        old = [e.get("old_string", "") for e in edits if isinstance(e, dict)]
        return (
            raw_path,
            "\n".join(s for s in new if isinstance(s, str)),
            tuple(s for s in old if isinstance(s, str)),
        )
    if "content" in event.tool_input:
        return raw_path, event.text("content"), ()
    return raw_path, event.text("new_string"), (event.text("old_string"),)


class EditFamily:
    spec = SPEC

    def prepare(self, event: Event, config: Config) -> EditView:
        raw_path, content, old = edit_parts(event)
        resolved = paths.resolve(raw_path, home=event.home, cwd=event.cwd) if raw_path else ""
        project = paths.real_dir(event.project_dir)
        return EditView(event, resolved, raw_path, project, content, old)


def apply_edit(before: str, event: Event) -> str | None:
    """The file's text after the edit, or None when an old_string is not in the file.
    A shell write that appends (`echo x >> f`, bridged with `append`) adds to the end."""
    edits = event.tool_input.get("edits")
    if "content" in event.tool_input and not isinstance(edits, list):
        if event.tool_name == "Bash" and event.tool_input.get("append") is True:
            return before + event.text("content")
        return event.text("content")
    steps = edits if isinstance(edits, list) else [event.tool_input]
    text = before
    for step in steps:
        if not isinstance(step, dict):
            continue
        old, new = step.get("old_string"), step.get("new_string")
        if not isinstance(old, str) or not isinstance(new, str):
            continue
        if old not in text:
            return None
        text = text.replace(old, new) if step.get("replace_all") else text.replace(old, new, 1)
    return text
