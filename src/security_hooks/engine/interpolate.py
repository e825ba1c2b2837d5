"""Nudge interpolation: `{name}` becomes the variable's value; `{{` and `}}` are braces."""

from __future__ import annotations

import re
from collections.abc import Mapping

_TOKEN = re.compile(r"\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}")
VALUE_CAP = 300


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
        return value if len(value) <= VALUE_CAP else value[: VALUE_CAP - 1] + "…"

    return _TOKEN.sub(replace, template)
