"""PostToolUse for every tool: what the tool did and what it brought back."""

from __future__ import annotations

from ...config.load import Config
from ...rules.vocabulary import FamilySpec
from .. import paths
from ..event import Event
from .base import COMMON_VARIABLES, EventView, common_variables, fields, string_leaves
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


class PostFamily:
    spec = SPEC

    def prepare(self, event: Event, config: Config) -> EventView:
        raw_path, content, _ = edit_parts(event)
        resolved = paths.resolve(raw_path, home=event.home, cwd=event.cwd) if raw_path else ""
        command = event.text("command")
        output = tuple(string_leaves(event.tool_response, limit=OUTPUT_LIMIT))
        shown = paths.display(resolved, project_dir=event.project_dir, home=event.home)
        return EventView(
            {
                "output": output,
                "file_path": (resolved,) if resolved else (),
                "command": (command,) if command else (),
                "content": (content,) if content else (),
                "tool": (event.tool_name,),
            },
            {**common_variables(event), "file_path": shown, "command": command[:200]},
        )
