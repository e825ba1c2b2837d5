"""Nudge interpolation: `{name}` becomes the variable's value; `{{` and `}}` are braces."""

from __future__ import annotations

import re
from collections.abc import Mapping

_TOKEN = re.compile(r"\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}")
VALUE_CAP = 300
# A value of several lines is a list a validator built (reminders, lint errors), one
# item per line; it may be longer. The rendered output has its own overall cap.
LIST_CAP = 4000


def interpolate(template: str, variables: Mapping[str, str]) -> str:
    def replace(match: re.Match[str]) -> str:
        token = match.group(0)
        if token == "{{":
            return "{"
        if token == "}}":
            return "}"
        value = variables.get(match.group(1))
        if value is None:
            return token
        limit = LIST_CAP if "\n" in value else VALUE_CAP
        return value if len(value) <= limit else value[: limit - 1] + "…"

    return _TOKEN.sub(replace, template)
