"""The explicit registry of hook families and how a tool call is routed to one.

Claude Code's tool names drift between versions (Task became Agent, MultiEdit went
away, PowerShell arrived), so routing is by name first and then by shape: an unknown
tool whose input carries a `command` is judged as a shell command, one with a `url`
as a web fetch. Tools that can do nothing harmful are listed so they stay silent;
anything else is an unknown tool and gets the configured default.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..event import Event
from .agent import AgentFamily
from .base import Family
from .bash import BashFamily
from .edit import EditFamily
from .mcp import RESOURCE_TOOLS, McpFamily
from .post import PostFamily
from .powershell import PowerShellFamily
from .prompt import PromptFamily
from .read import ReadFamily
from .web import WebFamily

FAMILIES: Mapping[str, Family] = {
    family.spec.name: family
    for family in (
        BashFamily(),
        EditFamily(),
        McpFamily(),
        PostFamily(),
        ReadFamily(),
        WebFamily(),
        AgentFamily(),
        PromptFamily(),
        PowerShellFamily(),
    )
}

TOOL_FAMILIES: Mapping[str, str] = {
    "Bash": "bash",
    "PowerShell": "powershell",
    "Write": "edit",
    "Edit": "edit",
    "MultiEdit": "edit",
    "NotebookEdit": "edit",
    "Read": "read",
    "Grep": "read",
    "Glob": "read",
    "LS": "read",
    "NotebookRead": "read",
    "WebFetch": "web",
    "WebSearch": "web",
    "Agent": "agent",
    "Task": "agent",
    **{name: "mcp" for name in RESOURCE_TOOLS},
}

# Built-in tools that cannot write, run, read files or reach the network by themselves.
INERT_TOOLS = frozenset(
    {
        "TodoWrite",
        "TaskCreate",
        "TaskUpdate",
        "TaskList",
        "TaskGet",
        "TaskStop",
        "TaskOutput",
        "AskUserQuestion",
        "ExitPlanMode",
        "EnterPlanMode",
        "ToolSearch",
        "ListAgents",
        "CronList",
        "LSP",
        "PushNotification",
        "ScheduleWakeup",
        "WaitForMcpServers",
        "ReportFindings",
        "Skill",
        "SendMessage",
        "Artifact",
    }
)

POST_EVENTS = frozenset({"PostToolUse", "PostToolUseFailure"})


@dataclass(frozen=True)
class Route:
    family: str | None
    note: str | None = None  # why: shown in the log for unusual routes


def route(event: Event) -> Route:
    if event.hook_event in POST_EVENTS:
        return Route("post")
    if event.hook_event == "UserPromptSubmit":
        return Route("prompt")
    if event.hook_event != "PreToolUse":
        return Route(None)
    name = event.tool_name
    if name in TOOL_FAMILIES:
        return Route(TOOL_FAMILIES[name])
    if name.startswith("mcp__"):
        return Route("mcp")
    if name in INERT_TOOLS:
        return Route(None)
    if isinstance(event.tool_input.get("command"), str):
        return Route("bash", f"unknown tool {name!r} judged as a shell command")
    if isinstance(event.tool_input.get("url"), str):
        return Route("web", f"unknown tool {name!r} judged as a web fetch")
    return Route(None, f"unknown tool {name!r}")
