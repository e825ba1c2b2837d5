"""Copying the shipped rules and config into a config directory without losing anyone's edits.

A manifest (`.installed.json`) records the hash of every file as we last wrote it. On
the next install a file that still has that hash is an unchanged default and is
upgraded; a file with any other content was changed by its owner and stays as it is,
with the new default written beside it as `<name>.new`. A default we no longer ship
is removed only if nobody changed it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..config.locate import PACKAGED_DIR
from .files import read_bytes, write_if_changed

MANIFEST = ".installed.json"
LOCAL_CONFIG = "config.local.toml"
LOCAL_TEMPLATE = PACKAGED_DIR / "config.local.toml.template"
MANAGED_TEMPLATE = PACKAGED_DIR / "managed-config.toml.template"


@dataclass(frozen=True)
class DefaultFile:
    name: str  # relative to the config directory, with / separators
    data: bytes


@dataclass
class CopyReport:
    written: list[str] = field(default_factory=list)  # new or upgraded
    kept: list[str] = field(default_factory=list)  # changed by the user; a .new is beside it
    removed: list[str] = field(default_factory=list)  # defaults no longer shipped
    unchanged: int = 0


def user_defaults(packaged: Path = PACKAGED_DIR) -> list[DefaultFile]:
    """The shipped rules, validators and config.toml, named as the config directory holds them."""
    files = [DefaultFile(f"rules/{p.name}", p.read_bytes()) for p in sorted(packaged.glob("*.rules"))]
    validators = sorted((packaged / "validators").glob("*.py"))
    files += [DefaultFile(f"rules/validators/{p.name}", p.read_bytes()) for p in validators]
    files.append(DefaultFile("config.toml", (packaged / "config.toml").read_bytes()))
    return files


def managed_defaults() -> list[DefaultFile]:
    """An organisation's config.toml starts as a commented template; its rules are its own."""
    return [DefaultFile("config.toml", MANAGED_TEMPLATE.read_bytes())]


def digest(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def read_manifest(directory: Path) -> dict[str, str]:
    raw = read_bytes(directory / MANIFEST)
    try:
        files = json.loads(raw)["files"] if raw else {}
    except (ValueError, KeyError, TypeError):
        return {}
    return {str(k): str(v) for k, v in files.items()} if isinstance(files, dict) else {}


def install_defaults(
    directory: Path, files: Sequence[DefaultFile], *, file_mode: int = 0o644, dir_mode: int = 0o755
) -> CopyReport:
    report = CopyReport()
    manifest = read_manifest(directory)
    new_manifest: dict[str, str] = {}
    for item in files:
        (directory / item.name).parent.mkdir(mode=dir_mode, parents=True, exist_ok=True)
        target = directory / item.name
        current = read_bytes(target)
        recorded = manifest.get(item.name)
        if current is None or current == item.data or digest(current) == recorded:
            if write_if_changed(target, item.data, mode=file_mode):
                report.written.append(item.name)
            else:
                report.unchanged += 1
            new_manifest[item.name] = digest(item.data)
        else:
            write_if_changed(target.with_name(target.name + ".new"), item.data, mode=file_mode)
            report.kept.append(item.name)
            if recorded:
                new_manifest[item.name] = recorded  # still the default the user started from
    shipped = {item.name for item in files}
    for name, recorded in manifest.items():
        if name not in shipped and digest(read_bytes(directory / name) or b"") == recorded:
            (directory / name).unlink()
            report.removed.append(name)
    text = json.dumps({"files": new_manifest}, indent=2, sort_keys=True) + "\n"
    write_if_changed(directory / MANIFEST, text.encode(), mode=file_mode)
    return report


def create_if_absent(path: Path, data: bytes, *, mode: int = 0o644) -> bool:
    """Write a file the user owns from then on (config.local.toml); never touch an existing one."""
    if path.exists():
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_if_changed(path, data, mode=mode)
