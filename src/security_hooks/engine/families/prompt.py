"""UserPromptSubmit: the user's own prompt, before Claude sees it."""

from __future__ import annotations

from ...config.load import Config
from ...rules.vocabulary import FamilySpec
from ..event import Event
from .base import COMMON_VARIABLES, EventView, common_variables, fields

SPEC = FamilySpec(
    name="prompt",
    default_field="prompt",
    fields=fields(("prompt", False, "the prompt text")),
    variables=COMMON_VARIABLES,
)


class PromptFamily:
    spec = SPEC

    def prepare(self, event: Event, config: Config) -> EventView:
        prompt = event.payload.get("prompt")
        text = prompt if isinstance(prompt, str) else ""
        return EventView({"prompt": (text,)}, common_variables(event))
