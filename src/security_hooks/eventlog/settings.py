"""The `[log]` section of config.toml as frozen values: file, rotation, caps, connectors.

The config loader has already checked every key's type; this module only applies the
defaults and resolves the file path.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ..config.load import Config
from .record import DEFAULT_INPUT_MAX_BYTES

DEFAULT_MAX_BYTES = 50 << 20
DEFAULT_KEEP = 5


@dataclass(frozen=True)
class ConnectorSpec:
    """One `[[log.connectors]]` table."""

    kind: str
    name: str
    decisions: frozenset[str] = frozenset()  # empty: every decision
    events: frozenset[str] = frozenset()  # empty: every event
    options: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))

    def wants(self, record: Mapping[str, Any]) -> bool:
        if self.decisions and record.get("decision") not in self.decisions:
            return False
        return not self.events or record.get("event") in self.events

    def get(self, key: str, default: Any) -> Any:
        return self.options.get(key, default)


@dataclass(frozen=True)
class LogSettings:
    path: Path
    max_bytes: int = DEFAULT_MAX_BYTES  # 0: never rotate
    keep: int = DEFAULT_KEEP
    input_max_bytes: int = DEFAULT_INPUT_MAX_BYTES
    connectors: tuple[ConnectorSpec, ...] = ()


def connector_specs(raw: Any) -> tuple[ConnectorSpec, ...]:
    specs = []
    counts: dict[str, int] = {}
    for item in raw or ():
        kind = str(item["type"])
        counts[kind] = counts.get(kind, 0) + 1
        name = str(item.get("name") or (kind if counts[kind] == 1 else f"{kind}-{counts[kind]}"))
        options = {k: v for k, v in item.items() if k not in ("type", "name", "decisions", "events")}
        specs.append(
            ConnectorSpec(
                kind,
                name,
                frozenset(item.get("decisions", ())),
                frozenset(item.get("events", ())),
                MappingProxyType(options),
            )
        )
    return tuple(specs)


def log_settings(config: Config | None, default_path: Path, env: Mapping[str, str]) -> LogSettings:
    """Settings from a loaded config; plain defaults when no config could be loaded."""
    if config is None:
        return LogSettings(default_path)
    raw_path = config.get("log.path")
    path = default_path
    if isinstance(raw_path, str) and raw_path.strip():
        home = env.get("HOME") or os.path.expanduser("~")
        expanded = raw_path.strip()
        if expanded == "~" or expanded.startswith("~/"):
            expanded = home + expanded[1:]
        path = Path(expanded)
    return LogSettings(
        path=path,
        max_bytes=int(config.get("log.max_bytes", DEFAULT_MAX_BYTES)),
        keep=int(config.get("log.keep", DEFAULT_KEEP)),
        input_max_bytes=int(config.get("log.input_max_bytes", DEFAULT_INPUT_MAX_BYTES)),
        connectors=connector_specs(config.get("log.connectors", ())),
    )
