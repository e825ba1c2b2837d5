"""Config loading as pure steps: TOML layers, merge, validation, then a frozen Config.

Merge semantics, for each key (the spec's, written down once):
- tables merge key by key;
- lists append (items already present are not repeated), so a local file adds
  executables or sensitive paths without restating the defaults;
- scalars overwrite;
- `rules.disabled` is a list like any other; the rule collector subtracts it.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from ..rules.diagnostics import Diagnostic, Span, error, warning
from .schema import SCHEMA, SECTIONS, type_problem

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


@dataclass(frozen=True)
class ConfigLayer:
    """One TOML file's text and the name to report it by."""

    source: str
    text: str
    managed: bool = False


@dataclass(frozen=True)
class Config:
    data: Mapping[str, Any]
    sources: tuple[str, ...] = ()
    # Dotted key -> value: rules read the same few keys on every call.
    _found: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def get(self, key: str, default: Any = None) -> Any:
        try:
            node = self._found[key]
        except KeyError:
            node = self._lookup(key)
            if len(self._found) < _MAX_REMEMBERED:  # keys built from a payload cannot grow it
                self._found[key] = node
        return default if node is _MISSING else node

    def _lookup(self, key: str) -> Any:
        node: Any = self.data
        for part in key.split("."):
            if not isinstance(node, Mapping) or part not in node:
                return _MISSING
            node = node[part]
        return node

    def has(self, key: str) -> bool:
        return self.get(key, _MISSING) is not _MISSING

    def strings(self, key: str) -> tuple[str, ...]:
        value = self.get(key, ())
        return tuple(v for v in value if isinstance(v, str)) if isinstance(value, tuple) else ()

    @property
    def disabled_rules(self) -> frozenset[str]:
        return frozenset(self.strings("rules.disabled"))

    @property
    def idle_timeout_seconds(self) -> float:
        return float(self.get("daemon.idle_timeout_minutes", 30)) * 60.0

    @property
    def mcp_servers(self) -> Mapping[str, frozenset[str]]:
        servers: dict[str, set[str]] = {}
        for item in self.get("mcp.servers", ()):
            servers.setdefault(item["name"], set()).update(item["tools"])
        return MappingProxyType({name: frozenset(tools) for name, tools in servers.items()})

    def failure_decision(self, event: str) -> str:
        default = "deny" if event == "PreToolUse" else "allow"
        value = self.get(f"failure.{event}", self.get("failure.other", default))
        return str(value)


_MISSING = object()
_MAX_REMEMBERED = 1024


@dataclass(frozen=True)
class ConfigResult:
    config: Config | None
    diagnostics: tuple[Diagnostic, ...] = field(default=())

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.is_error)


def _parse(layer: ConfigLayer) -> tuple[dict[str, Any] | None, list[Diagnostic]]:
    try:
        return tomllib.loads(layer.text), []
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        found = _TOML_POSITION.search(message)
        span = None
        line_text = None
        if found:
            line, col = int(found.group(1)), int(found.group(2))
            span = Span(layer.source, line, col)
            lines = layer.text.split("\n")
            line_text = lines[line - 1] if 0 < line <= len(lines) else None
            message = message[: found.start()].strip()
        else:
            message = f"{layer.source}: {message}"
        return None, [error("C001", f"invalid TOML: {message}", span, line_text)]


def _locate(layer: ConfigLayer, key: str) -> tuple[Span | None, str | None]:
    """Best-effort line of `key` in the layer's text, for pointing at a bad value."""
    leaf = key.rsplit(".", 1)[-1]
    pattern = re.compile(r'^\s*"?' + re.escape(leaf) + r'"?\s*=')
    for number, line in enumerate(layer.text.split("\n"), start=1):
        if pattern.match(line):
            return Span(layer.source, number, len(line) - len(line.lstrip()) + 1, len(leaf)), line
    return None, None


def _locate_section(layer: ConfigLayer, section: str) -> tuple[Span | None, str | None]:
    pattern = re.compile(r"^\s*\[+\s*" + re.escape(section) + r"[\].]")
    for number, line in enumerate(layer.text.split("\n"), start=1):
        if pattern.match(line):
            return Span(layer.source, number, 1, len(line.strip())), line
    return None, None


def _merge(base: dict[str, Any], overlay: Mapping[str, Any]) -> None:
    for key, value in overlay.items():
        current = base.get(key)
        if isinstance(current, dict) and isinstance(value, Mapping):
            _merge(current, value)
        elif isinstance(current, list) and isinstance(value, list):
            current.extend(item for item in value if item not in current)
        else:
            base[key] = _copy(value)


def _copy(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


def _validate_layer(layer: ConfigLayer, data: Mapping[str, Any]) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for section in data:
        if section not in SECTIONS:
            span, line = _locate_section(layer, section)
            where = "" if span else f"{layer.source}: "
            found.append(warning("W408", f"{where}unknown config section {section!r}", span, line))
    for key, value in _leaves(data):
        spec = SCHEMA.get(key)
        if spec is None:
            if key.split(".", 1)[0] in SECTIONS and not any(k.startswith(key + ".") for k in SCHEMA):
                span, line = _locate(layer, key)
                where = "" if span else f"{layer.source}: "
                found.append(warning("W408", f"{where}unknown config key {key!r}", span, line))
            continue
        problem = type_problem(spec, value)
        if problem:
            span, line = _locate(layer, key)
            if span is None and spec.kind == "connectors":  # [[log.connectors]] tables
                span, line = _locate_section(layer, key)
            where = "" if span else f"{layer.source}: "
            found.append(error("C002", f"{where}{key}: {problem}", span, line))
    return found


def _leaves(data: Mapping[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    for key, value in data.items():
        path = f"{prefix}{key}"
        if isinstance(value, Mapping) and path not in SCHEMA:
            out.extend(_leaves(value, path + "."))
        else:
            out.append((path, value))
    return out


def _freeze(value: Any) -> Any:
    if isinstance(value, Mapping):
        return MappingProxyType({k: _freeze(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    return value


def build_config(layers: Sequence[ConfigLayer]) -> ConfigResult:
    """Parse, validate and merge the layers in order (later layers win)."""
    diagnostics: list[Diagnostic] = []
    merged: dict[str, Any] = {}
    for layer in layers:
        data, problems = _parse(layer)
        diagnostics.extend(problems)
        if data is None:
            continue
        diagnostics.extend(_validate_layer(layer, data))
        _merge(merged, data)
    if any(d.is_error for d in diagnostics):
        return ConfigResult(None, tuple(diagnostics))
    config = Config(_freeze(merged), tuple(layer.source for layer in layers))
    return ConfigResult(config, tuple(diagnostics))
