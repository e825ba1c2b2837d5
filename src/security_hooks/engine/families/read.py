"""Read, Grep and Glob: what the agent is about to look at."""

from __future__ import annotations

import os

from ...config.load import Config
from ...rules.vocabulary import FamilySpec
from .. import paths
from ..event import Event
from .base import COMMON_VARIABLES, EventView, common_variables, fields

SPEC = FamilySpec(
    name="read",
    default_field="file_path",
    fields=fields(
        ("file_path", False, "the path read (Read), or the search root joined with its glob"),
        ("pattern", False, "the Grep regex or the Glob pattern"),
        ("tool", False, "the tool name"),
    ),
    variables=COMMON_VARIABLES | {"file_path"},
)


class ReadFamily:
    spec = SPEC

    def prepare(self, event: Event, config: Config) -> EventView:
        root = event.text("file_path") or event.text("path") or event.cwd
        resolved = paths.resolve(root, home=event.home, cwd=event.cwd)
        values = [resolved]
        pattern = event.text("pattern")
        for extra in (event.text("glob"), pattern if event.tool_name == "Glob" else ""):
            if extra:
                values.append(os.path.join(resolved, extra))
        shown = paths.display(resolved, project_dir=event.project_dir, home=event.home)
        return EventView(
            {"file_path": tuple(values), "pattern": (pattern,), "tool": (event.tool_name,)},
            {**common_variables(event), "file_path": shown},
        )
