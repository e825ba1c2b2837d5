"""Agent (formerly Task): the instructions handed to a subagent."""

from __future__ import annotations

from ...config.load import Config
from ...rules.vocabulary import FamilySpec
from ..event import Event
from .base import COMMON_VARIABLES, EventView, common_variables, fields

SPEC = FamilySpec(
    name="agent",
    default_field="prompt",
    fields=fields(
        ("prompt", False, "the prompt and description given to the subagent"),
        ("subagent_type", False, "the subagent type"),
        ("tool", False, "the tool name"),
    ),
    variables=COMMON_VARIABLES | {"subagent_type"},
)


class AgentFamily:
    spec = SPEC

    def prepare(self, event: Event, config: Config) -> EventView:
        prompt = tuple(p for p in (event.text("prompt"), event.text("description")) if p)
        kind = event.text("subagent_type")
        return EventView(
            {"prompt": prompt, "subagent_type": (kind,), "tool": (event.tool_name,)},
            {**common_variables(event), "subagent_type": kind},
        )
