"""The hook entries the installer registers, and how to tell ours from anyone else's.

Every entry is exec form (`command` plus `args`): no shell runs, so no shell profile
can print text ahead of our JSON. Each carries an explicit timeout in seconds, well
above the client's own worst case for that event (a cold start that gives up after
10 s, the exchange deadline in `client.PHASE_DEADLINES`, then an in-process decision):
a hook killed at its timeout is an allow.

Tool events use the catch-all matcher. The daemon routes by the payload's tool name,
so tools that did not exist when this was installed are still seen.

An entry is ours when its command's file name is `security-hook`, wherever it sits in
the file and whatever directory the command lives in.
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

MARKER = "security-hook"
HOOK_TIMEOUT = 30  # seconds
MIN_SAFE_TIMEOUT = 15  # the client's worst case plus a margin
MATCH_ALL = "*"


@dataclass(frozen=True)
class HookSpec:
    event: str
    matcher: str | None  # None: no matcher key (the event has none, or every source is wanted)
    args: tuple[str, ...]
    timeout: int = HOOK_TIMEOUT  # seconds


HOOKS: tuple[HookSpec, ...] = (
    HookSpec("PreToolUse", MATCH_ALL, ("pre", "any")),
    HookSpec("PostToolUse", MATCH_ALL, ("post", "check"), 45),
    HookSpec("UserPromptSubmit", None, ("prompt", "check")),
    HookSpec("Stop", None, ("stop", "review"), 120),
    HookSpec("SessionStart", None, ("session", "start")),
)


def handler(spec: HookSpec, command: str, timeout: int | None = None) -> dict[str, Any]:
    seconds = spec.timeout if timeout is None else timeout
    return {"type": "command", "command": command, "args": list(spec.args), "timeout": seconds}


def group(spec: HookSpec, hook: dict[str, Any]) -> dict[str, Any]:
    head: dict[str, Any] = {} if spec.matcher is None else {"matcher": spec.matcher}
    return {**head, "hooks": [hook]}


def command_name(entry: object) -> str | None:
    """The file name of a command handler's executable, or None for anything else."""
    if not isinstance(entry, Mapping) or entry.get("type", "command") != "command":
        return None
    command = entry.get("command")
    if not isinstance(command, str) or not command.strip():
        return None
    if "args" in entry or os.path.basename(command) == MARKER:
        return os.path.basename(command)
    try:  # shell form: the first word is the program
        words = shlex.split(command)
    except ValueError:
        words = command.split()
    return os.path.basename(words[0]) if words else None


def is_ours(entry: object) -> bool:
    return command_name(entry) == MARKER


def matches_all(matcher: object) -> bool:
    return matcher is None or matcher in ("", MATCH_ALL)


def same_matcher(group_entry: Mapping[str, Any], spec: HookSpec) -> bool:
    found = group_entry.get("matcher")
    if matches_all(found) and matches_all(spec.matcher):
        return True
    return found == spec.matcher


# The plugin sets itself up at its first session start (a minute); hooks/bootstrap.py
# stops trying after 540 s, so that it answers before this.
PLUGIN_COMMAND = "${CLAUDE_PLUGIN_ROOT}/hooks/security-hook"
PLUGIN_TIMEOUTS = {"SessionStart": 600}


def plugin_hooks() -> dict[str, Any]:
    """The plugin's hooks/hooks.json: the same entries, run through the plugin's bootstrap."""
    hooks = {
        spec.event: [group(spec, handler(spec, PLUGIN_COMMAND, PLUGIN_TIMEOUTS.get(spec.event)))]
        for spec in HOOKS
    }
    return {"description": "security-hooks: allow, ask or deny every tool call", "hooks": hooks}
