"""PowerShell (Windows): its syntax is not bash, so rules match the raw command text."""

from __future__ import annotations

from ...config.load import Config
from ...rules.vocabulary import FamilySpec
from ..event import Event
from .base import COMMON_VARIABLES, EventView, common_variables, fields

SPEC = FamilySpec(
    name="powershell",
    default_field="command",
    fields=fields(("command", False, "the PowerShell command, verbatim")),
    variables=COMMON_VARIABLES | {"command"},
)


class PowerShellFamily:
    spec = SPEC

    def prepare(self, event: Event, config: Config) -> EventView:
        command = event.text("command")
        return EventView({"command": (command,)}, {**common_variables(event), "command": command[:200]})
