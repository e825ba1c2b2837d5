"""What config.toml may contain: each key's type, bounds and merge behaviour, in one table."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

_CREDENTIAL_HEADER = re.compile(r"(?i)authorization|token|secret|key|password|cookie")


@dataclass(frozen=True)
class KeySpec:
    kind: str  # "str", "number", "int", "bool", "str_list", "str_table", "table_list", "connectors"
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    item_keys: tuple[tuple[str, str], ...] = ()  # for table_list: (key, kind)
    doc: str = ""


_FAIL = ("deny", "ask", "allow")
# Claude Code's permission modes, as hook payloads name them.
PERMISSION_MODES = ("default", "plan", "acceptEdits", "auto", "dontAsk", "bypassPermissions")
# The linters `review.lint` knows; each has [lint.<name>] command, enabled, timeout_seconds.
LINTER_NAMES = ("ruff", "flake8", "eslint", "shellcheck", "go_vet", "clippy", "credo")

# Every leaf key. A table is valid when all its leaves are known; unknown keys warn.
SCHEMA: dict[str, KeySpec] = {
    "executables.allowed": KeySpec("str_list", doc="commands that never ask as unknown"),
    "secrets.env_vars": KeySpec("str_list", doc="environment variables that hold secrets"),
    "paths.sensitive": KeySpec("str_list", doc="files and directories holding credentials"),
    "paths.protected": KeySpec("str_list", doc="extra paths the agent may not write"),
    "paths.temp": KeySpec("str_list", doc="temporary directories the agent may write"),
    "daemon.idle_timeout_minutes": KeySpec("number", minimum=0.01),
    "daemon.log_format": KeySpec("str", choices=("jsonl",)),
    "daemon.max_payload_mb": KeySpec("number", minimum=1),
    "rules.disabled": KeySpec("str_list", doc="rule names to skip"),
    "mcp.servers": KeySpec("table_list", item_keys=(("name", "str"), ("tools", "str_list"))),
    "mcp.fetch_tools": KeySpec("str_list", doc="MCP tool name fragments that fetch URLs"),
    "tools.unknown": KeySpec("str", choices=_FAIL, doc="decision for tools no family handles"),
    "asks.deny_in_modes": KeySpec(
        "str_list", choices=PERMISSION_MODES, doc="permission modes in which an ask is a deny"
    ),
    "failure.PreToolUse": KeySpec("str", choices=_FAIL),
    "failure.PostToolUse": KeySpec("str", choices=_FAIL),
    "failure.UserPromptSubmit": KeySpec("str", choices=_FAIL),
    "failure.Stop": KeySpec("str", choices=_FAIL),
    "failure.other": KeySpec("str", choices=_FAIL),
    "review.enabled": KeySpec("bool", doc="the end-of-turn review (baseline on prompt, diff at Stop)"),
    "review.max_files": KeySpec("int", minimum=1, doc="changed files reviewed per turn"),
    "review.max_consecutive_blocks": KeySpec("int", minimum=1, doc="Stop blocks in a row"),
    "review.git_timeout_seconds": KeySpec("number", minimum=0.1, doc="each git call of the review"),
    "review.gate_timeout_seconds": KeySpec("number", minimum=0.1, doc="git calls of the commit gate"),
    "review.command": KeySpec("str", doc="model-backed reviewer command line (empty: off)"),
    "review.command_timeout_seconds": KeySpec("number", minimum=1),
    "review.command_max_runs_per_hour": KeySpec("int", minimum=0),
    "lint.enabled": KeySpec("bool", doc="linters after edits"),
    "lint.timeout_seconds": KeySpec("number", minimum=0.1, doc="default timeout of each linter"),
    **{f"lint.{name}.command": KeySpec("str") for name in LINTER_NAMES},
    **{f"lint.{name}.enabled": KeySpec("bool") for name in LINTER_NAMES},
    **{f"lint.{name}.timeout_seconds": KeySpec("number", minimum=0.1) for name in LINTER_NAMES},
    "injection.trusted_paths": KeySpec("str_list", doc="globs of files whose content is not scanned"),
    "injection.instruction_files": KeySpec(
        "str_list", doc="globs of files that instruct coding agents; what is written to them is scanned"
    ),
    "log.path": KeySpec("str"),
    "log.max_bytes": KeySpec("int", minimum=0),
    "log.keep": KeySpec("int", minimum=0),
    "log.input_max_bytes": KeySpec("int", minimum=64),
    "log.connectors": KeySpec("connectors", doc="where else each decision record goes"),
}

_VERDICTS = ("allow", "ask", "deny", "warn")
CONNECTOR_TYPES = ("stdout", "syslog", "webhook", "otlp")

# Keys every connector may have, then each type's own keys. `required` lists what must be set.
_CONNECTOR_COMMON: dict[str, KeySpec] = {
    "type": KeySpec("str", choices=CONNECTOR_TYPES),
    "name": KeySpec("str"),
    "decisions": KeySpec("str_list", choices=_VERDICTS),
    "events": KeySpec("str_list"),
    "queue_size": KeySpec("int", minimum=1),
}
_HTTP_KEYS: dict[str, KeySpec] = {
    "headers": KeySpec("str_table"),
    "token_env": KeySpec("str"),
    "token_header": KeySpec("str"),
    "token_prefix": KeySpec("str"),
    "batch_size": KeySpec("int", minimum=1),
    "flush_seconds": KeySpec("number", minimum=0.01),
    "timeout_seconds": KeySpec("number", minimum=0.1),
    "max_backoff_seconds": KeySpec("number", minimum=0.1),
}
CONNECTOR_KEYS: dict[str, dict[str, KeySpec]] = {
    "stdout": {},
    "syslog": {
        "transport": KeySpec("str", choices=("udp", "tcp", "unix")),
        "host": KeySpec("str"),
        "port": KeySpec("int", minimum=1),
        "path": KeySpec("str"),
        "facility": KeySpec(
            "str",
            choices=("user", "daemon", "auth", "authpriv", "security", "local0", "local1", "local2",
                     "local3", "local4", "local5", "local6", "local7"),
        ),
        "app_name": KeySpec("str"),
        "sd_id": KeySpec("str"),
        "max_message_bytes": KeySpec("int", minimum=480),
        "timeout_seconds": KeySpec("number", minimum=0.1),
    },
    "webhook": {"url": KeySpec("str"), **_HTTP_KEYS},
    "otlp": {"endpoint": KeySpec("str"), "resource": KeySpec("str_table"), **_HTTP_KEYS},
}
CONNECTOR_REQUIRED: dict[str, tuple[str, ...]] = {
    "stdout": (),
    "syslog": (),
    "webhook": ("url",),
    "otlp": ("endpoint",),
}

SECTIONS = frozenset(key.split(".", 1)[0] for key in SCHEMA)


def type_problem(spec: KeySpec, value: Any) -> str | None:
    """Describe why `value` does not fit `spec`, or None when it fits."""
    kind = spec.kind
    if kind == "str":
        if not isinstance(value, str):
            return f"expected a string, got {_kind_name(value)}"
        if spec.choices and value not in spec.choices:
            return f"expected one of {', '.join(spec.choices)}, got {value!r}"
        return None
    if kind in ("number", "int"):
        ok = isinstance(value, int) if kind == "int" else isinstance(value, (int, float))
        if not ok or isinstance(value, bool):
            want = "an integer" if kind == "int" else "a number"
            return f"expected {want}, got {_kind_name(value)}"
        if spec.minimum is not None and value < spec.minimum:
            return f"must be at least {spec.minimum}, got {value}"
        return None
    if kind == "bool":
        return None if isinstance(value, bool) else f"expected true or false, got {_kind_name(value)}"
    if kind == "str_list":
        return _str_list_problem(value, spec.choices)
    if kind == "str_table":
        return _str_table_problem(value)
    if kind == "connectors":
        return _connectors_problem(value)
    return _table_list_problem(spec, value)


def _str_list_problem(value: Any, choices: tuple[str, ...] = ()) -> str | None:
    if not isinstance(value, list):
        return f"expected a list of strings, got {_kind_name(value)}"
    for i, item in enumerate(value):
        if not isinstance(item, str):
            return f"item {i} should be a string, got {_kind_name(item)}"
        if choices and item not in choices:
            return f"item {i} should be one of {', '.join(choices)}, got {item!r}"
    return None


def _str_table_problem(value: Any) -> str | None:
    if not isinstance(value, dict):
        return f"expected a table of strings, got {_kind_name(value)}"
    for key, item in value.items():
        if not isinstance(item, str):
            return f"key {key!r} should be a string, got {_kind_name(item)}"
    return None


def _connectors_problem(value: Any) -> str | None:
    if not isinstance(value, list):
        return f"expected an array of tables ([[log.connectors]]), got {_kind_name(value)}"
    for i, item in enumerate(value):
        problem = connector_problem(item)
        if problem:
            return f"item {i} {problem}"
    return None


def connector_problem(item: Any) -> str | None:
    """Why one [[log.connectors]] table is invalid, or None."""
    if not isinstance(item, dict):
        return f"should be a table, got {_kind_name(item)}"
    kind = item.get("type")
    if kind not in CONNECTOR_KEYS:
        shown = "nothing" if kind is None else repr(kind)
        return f"key 'type': expected one of {', '.join(CONNECTOR_TYPES)}, got {shown}"
    allowed = {**_CONNECTOR_COMMON, **CONNECTOR_KEYS[kind]}
    for key, value in item.items():
        spec = allowed.get(key)
        if spec is None:
            return f"({kind}) has an unknown key {key!r}; known keys: {', '.join(sorted(allowed))}"
        problem = type_problem(spec, value)
        if problem:
            return f"({kind}) key {key!r}: {problem}"
    for key in CONNECTOR_REQUIRED[kind]:
        if key not in item:
            return f"({kind}) lacks the key {key!r}"
    for header in item.get("headers", {}):
        if _CREDENTIAL_HEADER.search(header):
            return f"({kind}) header {header!r} looks like a credential: set token_env instead"
    if kind == "syslog" and item.get("transport") == "unix" and "path" not in item:
        return "(syslog) lacks the key 'path' (the Unix socket, e.g. /dev/log)"
    return None


def _table_list_problem(spec: KeySpec, value: Any) -> str | None:
    if not isinstance(value, list):
        return f"expected an array of tables, got {_kind_name(value)}"
    for i, item in enumerate(value):
        if not isinstance(item, dict):
            return f"item {i} should be a table, got {_kind_name(item)}"
        for key, kind in spec.item_keys:
            if key not in item:
                return f"item {i} lacks the key {key!r}"
            problem = type_problem(KeySpec(kind), item[key])
            if problem:
                return f"item {i} key {key!r}: {problem}"
    return None


def _kind_name(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__
