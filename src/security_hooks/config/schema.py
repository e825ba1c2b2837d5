"""What config.toml may contain: each key's type, bounds and merge behaviour, in one table."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class KeySpec:
    kind: str  # "str", "number", "int", "bool", "str_list", "table_list"
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    item_keys: tuple[tuple[str, str], ...] = ()  # for table_list: (key, kind)
    doc: str = ""


_FAIL = ("deny", "ask", "allow")
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
    "log.path": KeySpec("str"),
    "log.max_bytes": KeySpec("int", minimum=0),
    "log.keep": KeySpec("int", minimum=0),
    "log.input_max_bytes": KeySpec("int", minimum=64),
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
        return _str_list_problem(value)
    return _table_list_problem(spec, value)


def _str_list_problem(value: Any) -> str | None:
    if not isinstance(value, list):
        return f"expected a list of strings, got {_kind_name(value)}"
    for i, item in enumerate(value):
        if not isinstance(item, str):
            return f"item {i} should be a string, got {_kind_name(item)}"
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
