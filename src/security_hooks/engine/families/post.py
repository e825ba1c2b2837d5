"""PostToolUse for every tool: what the tool did and what it brought back."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ...config.load import Config
from ...rules.vocabulary import FamilySpec
from .. import paths
from ..event import Event
from .base import COMMON_VARIABLES, common_variables, fields, string_leaves
from .edit import edit_parts

SPEC = FamilySpec(
    name="post",
    default_field="output",
    fields=fields(
        ("output", False, "every string in tool_response (what the tool brought back)"),
        ("file_path", False, "the file the tool touched, resolved, when there is one"),
        ("command", False, "the Bash command that ran, when the tool is Bash"),
        ("content", False, "the text an edit wrote"),
        ("tool", False, "the tool name"),
    ),
    variables=COMMON_VARIABLES | {"file_path", "command"},
)

OUTPUT_LIMIT = 2000  # strings taken from tool_response


@dataclass(frozen=True)
class PostView:
    """One unit (the event). `memo` lets the validators of one evaluation share work
    (a linter run, an injection scan) instead of repeating it rule by rule."""

    event: Event
    path: str  # resolved; "" when the tool touched no file
    project_dir: str  # resolved
    content: str  # the text an edit wrote
    field_values: Mapping[str, tuple[str, ...]]
    nudge_variables: Mapping[str, str]
    memo: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def units(self) -> Sequence[object]:
        return (None,)

    def values(self, field_name: str, unit: object) -> Sequence[str]:
        return self.field_values.get(field_name, ())

    def variables(self, unit: object) -> Mapping[str, str]:
        return self.nudge_variables

    def base_command(self, unit: object) -> str | None:
        return None


class PostFamily:
    spec = SPEC

    def prepare(self, event: Event, config: Config) -> PostView:
        raw_path, content, _ = edit_parts(event)
        resolved = paths.resolve(raw_path, home=event.home, cwd=event.cwd) if raw_path else ""
        command = event.text("command")
        output = tuple(string_leaves(event.tool_response, limit=OUTPUT_LIMIT))
        project = paths.real_dir(event.project_dir)
        shown = paths.display(resolved, project_dir=project, home=event.home)
        return PostView(
            event,
            resolved,
            project,
            content,
            {
                "output": output,
                "file_path": (resolved,) if resolved else (),
                "command": (command,) if command else (),
                "content": (content,) if content else (),
                "tool": (event.tool_name,),
            },
            {**common_variables(event), "file_path": shown, "command": command[:200]},
        )
