"""MCP tools: `mcp__<server>__<tool>` and plugin-bundled `mcp__plugin_<plugin>_<server>__<tool>`.

Servers and their tools are allowed in config (`[[mcp.servers]]`); a server entry may
name the plain server or the full `plugin_<plugin>_<server>` form.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ...config.load import Config
from ...rules.vocabulary import FamilySpec
from ..event import Event
from .base import COMMON_VARIABLES, EventView, common_variables, fields, string_leaves

SPEC = FamilySpec(
    name="mcp",
    default_field="tool",
    fields=fields(
        ("tool", False, "the full tool name, e.g. mcp__github__create_issue"),
        ("server", False, "the server part of the name"),
        ("params", False, "every string in the parameters, keys included, searched recursively"),
    ),
    variables=COMMON_VARIABLES | {"server_name", "mcp_tool"},
)

RESOURCE_TOOLS = frozenset({"ReadMcpResourceTool", "ListMcpResourcesTool"})


@dataclass(frozen=True)
class McpName:
    server: str
    tool: str

    def server_matches(self, configured: str) -> bool:
        if self.server == configured:
            return True
        return self.server.startswith("plugin_") and self.server.endswith("_" + configured)


def split_name(event: Event) -> McpName:
    if event.tool_name in RESOURCE_TOOLS:
        return McpName(event.text("server"), "*resources*")
    rest = event.tool_name[len("mcp__") :] if event.tool_name.startswith("mcp__") else ""
    server, _, tool = rest.partition("__")
    return McpName(server, tool)


def allowed_tools(name: McpName, servers: Mapping[str, frozenset[str]]) -> frozenset[str] | None:
    """The tools config allows for this server, or None when the server is not listed."""
    found: set[str] | None = None
    for configured, tools in servers.items():
        if name.server_matches(configured):
            found = (found or set()) | set(tools)
    return None if found is None else frozenset(found)


class McpFamily:
    spec = SPEC

    def prepare(self, event: Event, config: Config) -> EventView:
        name = split_name(event)
        return EventView(
            {
                "tool": (event.tool_name,),
                "server": (name.server,),
                "params": tuple(string_leaves(event.tool_input)),
            },
            {**common_variables(event), "server_name": name.server, "mcp_tool": name.tool},
        )
