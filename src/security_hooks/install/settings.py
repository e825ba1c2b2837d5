"""Claude Code's settings.json: read it strictly, put our hooks in or take them out, write it safely.

- Reading refuses, with one line, anything we do not understand: invalid JSON
  (comments, trailing data), duplicate keys, a top level that is not an object, or a
  `hooks` value of the wrong shape. We never "fix" someone's file.
- Merging touches only our own entries (see `entries.is_ours`). An entry of ours that
  is still right stays where it is; one that is out of date (old path, old matcher,
  old arguments) is replaced in place or removed, never duplicated.
- Writing happens only when something changed: a timestamped backup first, then a
  temp file, fsync and rename. The new text keeps every unchanged byte (`jsontext`).
"""

from __future__ import annotations

import copy
import json
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import entries, jsontext
from .entries import HOOKS, HookSpec, is_ours, same_matcher
from .files import atomic_write

Wanted = Sequence[tuple[HookSpec, dict[str, Any]]]


class SettingsError(Exception):
    """A settings file we will not touch; the message is one line naming the file."""


@dataclass(frozen=True)
class Settings:
    path: Path
    text: str | None  # None when the file does not exist or is blank
    data: dict[str, Any]

    @property
    def exists(self) -> bool:
        return self.text is not None


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise _Duplicate(key)
        seen[key] = value
    return seen


class _Duplicate(ValueError):
    pass


def parse_settings(path: Path, raw: bytes | None) -> Settings:
    if raw is None or not raw.strip():
        return Settings(path, None, {})
    try:
        text = raw.decode("utf-8")
        data = json.loads(text, object_pairs_hook=_no_duplicates)
    except UnicodeDecodeError as exc:
        raise SettingsError(f"{path}: not UTF-8 (byte {exc.start}); left unchanged") from None
    except _Duplicate as exc:
        raise SettingsError(f'{path}: the key "{exc}" appears twice; left unchanged') from None
    except json.JSONDecodeError as exc:
        raise SettingsError(
            f"{path}: not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno}); "
            "left unchanged, fix it and run again"
        ) from None
    except RecursionError:
        raise SettingsError(f"{path}: nested too deeply; left unchanged") from None
    if not isinstance(data, dict):
        raise SettingsError(f"{path}: the top level is a JSON {type(data).__name__}, not an object")
    _check_shape(path, data)
    return Settings(path, text, data)


def _check_shape(path: Path, data: Mapping[str, Any]) -> None:
    hooks = data.get("hooks")
    if hooks is None:
        return
    if not isinstance(hooks, dict):
        raise SettingsError(f'{path}: "hooks" is a JSON {_kind(hooks)}, not an object; left unchanged')
    for spec in HOOKS:
        groups = hooks.get(spec.event)
        if groups is not None and not isinstance(groups, list):
            raise SettingsError(
                f'{path}: "hooks.{spec.event}" is a JSON {_kind(groups)}, not an array; left unchanged'
            )


def _kind(value: Any) -> str:
    return {dict: "object", list: "array", str: "string", bool: "boolean"}.get(type(value), "number")


def read_settings(path: Path) -> Settings:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raw = None
    except OSError as exc:
        raise SettingsError(f"{path}: cannot read ({exc.strerror})") from None
    return parse_settings(path, raw)


# -- merging ---------------------------------------------------------------------------


def apply_hooks(data: Mapping[str, Any], wanted: Wanted) -> dict[str, Any]:
    """`data` with exactly our `wanted` entries (none: uninstall); everything else as it was."""
    new = copy.deepcopy(dict(data))
    hooks = new.get("hooks")
    if not isinstance(hooks, dict):
        if not wanted:
            return new
        hooks = new["hooks"] = {}
    by_event = {spec.event: (spec, handler) for spec, handler in wanted}
    placed: set[str] = set()
    for event in list(hooks):
        groups = hooks[event]
        if not isinstance(groups, list):
            continue
        want = by_event.get(event)
        kept, found, removed = _place(groups, want)
        if found:
            placed.add(event)
        if removed and not kept:
            del hooks[event]  # it held only our entries
        else:
            hooks[event] = kept
    for spec, handler in wanted:
        if spec.event not in placed:
            hooks.setdefault(spec.event, []).append(entries.group(spec, handler))
    if not hooks and isinstance(data.get("hooks"), dict) and data["hooks"]:
        del new["hooks"]  # it held only our entries
    return new


def _place(groups: list[Any], want: tuple[HookSpec, dict[str, Any]] | None) -> tuple[list[Any], bool, bool]:
    """Groups with our handlers updated in place or dropped; (groups, placed, removed any)."""
    out: list[Any] = []
    placed = removed = False
    for group in groups:
        if not isinstance(group, dict) or not isinstance(group.get("hooks"), list):
            out.append(group)  # not ours to judge
            continue
        handlers: list[Any] = []
        dropped = False
        for entry in group["hooks"]:
            if not is_ours(entry):
                handlers.append(entry)
            elif want is not None and not placed and same_matcher(group, want[0]):
                handlers.append(entry if entry == want[1] else want[1])
                placed = True
            else:
                dropped = removed = True
        if dropped and not handlers:
            continue
        out.append({**group, "hooks": handlers} if handlers != group["hooks"] else group)
    return out, placed, removed


def ours(data: Mapping[str, Any]) -> list[tuple[str, Mapping[str, Any], Mapping[str, Any]]]:
    """Every handler of ours: (event, its group, the handler)."""
    found: list[tuple[str, Mapping[str, Any], Mapping[str, Any]]] = []
    hooks = data.get("hooks")
    if not isinstance(hooks, dict):
        return []
    for event, groups in hooks.items():
        if not isinstance(groups, list):
            continue
        for group in groups:
            if isinstance(group, dict) and isinstance(group.get("hooks"), list):
                found += [(event, group, h) for h in group["hooks"] if is_ours(h)]
    return found


# -- writing ---------------------------------------------------------------------------


def render(settings: Settings, new: Mapping[str, Any]) -> bytes:
    if settings.text is None:
        return (json.dumps(new, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    return jsontext.render(jsontext.parse(settings.text), dict(new)).encode("utf-8")


def backup_path(path: Path, now: float) -> Path:
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(now))
    candidate = path.with_name(f"{path.name}.{stamp}.bak")
    counter = 1
    while candidate.exists():
        candidate = path.with_name(f"{path.name}.{stamp}-{counter}.bak")
        counter += 1
    return candidate


@dataclass(frozen=True)
class WriteResult:
    changed: bool
    backup: Path | None = None


def save(settings: Settings, new: Mapping[str, Any], *, mode: int, now: float | None = None) -> WriteResult:
    """Write `new` if it differs from what the file holds; back the old file up first."""
    if jsontext.same(settings.data, dict(new)) and (settings.exists or not new):
        return WriteResult(False)
    data = render(settings, new)
    backup = None
    path = settings.path
    try:
        if path.exists():
            backup = backup_path(path, time.time() if now is None else now)
            atomic_write(backup, path.read_bytes(), mode=0o600)
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, data, mode=mode)
    except OSError as exc:
        raise SettingsError(f"{path}: cannot write ({exc.strerror}); left unchanged") from None
    return WriteResult(True, backup)
