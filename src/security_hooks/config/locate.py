"""Where config, rules and validators live, and reading them into memory.

Three directories, in order of authority:
- managed: `/etc/security-hooks/` (set by an organisation; its rules always run first
  and cannot be disabled by users; while it exists, the packaged rules are managed too
  and user rule files add to them instead of replacing them);
- user: `$XDG_CONFIG_HOME/security-hooks/` (default `~/.config/security-hooks/`);
- packaged: `security_hooks/defaults/` inside the installed package.

A user file replaces the packaged file of the same name; a file absent from the user
directory falls back to the packaged one. This is the only module that opens them.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .load import ConfigLayer

PACKAGED_DIR = Path(__file__).resolve().parent.parent / "defaults"
RULE_FAMILIES = ("bash", "edit", "mcp", "post", "read", "web", "agent", "prompt", "powershell")
MAX_FILE_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True)
class Dirs:
    user: Path
    managed: Path | None
    packaged: Path = PACKAGED_DIR

    @property
    def watch(self) -> tuple[Path, ...]:
        """Directories whose changes trigger a reload (watched recursively, so atomic saves
        in rules/ and rules/validators/ are seen too)."""
        return (self.user,) if self.managed is None else (self.user, self.managed)


def default_dirs(env: Mapping[str, str] | None = None) -> Dirs:
    env = os.environ if env is None else env
    home = Path(env.get("HOME") or Path.home())
    user = env.get("SECURITY_HOOKS_CONFIG_DIR")
    if not user:
        base = env.get("XDG_CONFIG_HOME") or str(home / ".config")
        user = str(Path(base) / "security-hooks")
    managed = env.get("SECURITY_HOOKS_MANAGED_DIR", "/etc/security-hooks")
    return Dirs(Path(user), Path(managed) if managed else None)


def display(path: Path) -> str:
    """A short name for messages: package-relative or with the home directory as ~."""
    try:
        return "security_hooks/defaults/" + str(path.relative_to(PACKAGED_DIR))
    except ValueError:
        pass
    home = str(Path.home())
    text = str(path)
    if home not in ("", "/") and text.startswith(home + os.sep):
        return "~" + text[len(home) :]
    return text


class SourceError(Exception):
    """A file exists but cannot be read; names the file."""


def read_text(path: Path) -> str:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise SourceError(f"{display(path)}: larger than {MAX_FILE_BYTES} bytes; not loaded")
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise SourceError(f"{display(path)}: not UTF-8 text ({exc.reason})") from None
    except OSError as exc:
        raise SourceError(f"{display(path)}: cannot read ({exc.strerror})") from None


def config_layers(dirs: Dirs) -> list[ConfigLayer]:
    """The base config (user or packaged), the user's local overrides, then managed config."""
    user_main = dirs.user / "config.toml"
    base = user_main if user_main.is_file() else dirs.packaged / "config.toml"
    layers = [ConfigLayer(display(base), read_text(base))]
    local = dirs.user / "config.local.toml"
    if local.is_file():
        layers.append(ConfigLayer(display(local), read_text(local)))
    if dirs.managed is not None:
        managed = dirs.managed / "config.toml"
        if managed.is_file():
            layers.append(ConfigLayer(display(managed), read_text(managed), managed=True))
    return layers


@dataclass(frozen=True)
class RuleSource:
    family: str
    source: str
    text: str
    managed: bool = False


def rule_sources(dirs: Dirs) -> list[RuleSource]:
    """The rule files to load, in evaluation order.

    Unmanaged: each family's user file, or the packaged one when the user has none.
    Managed (the managed directory exists): the organisation's files first, then every
    packaged file, both marked managed so `rules.disabled` cannot reach them; user files
    only add rules (a user copy identical to the packaged file is skipped).
    """
    user_rules = {s.family: s for s in _dir_rules(dirs.user / "rules", managed=False)}
    if dirs.managed is not None and dirs.managed.is_dir():
        sources = _dir_rules(dirs.managed / "rules", managed=True)
        packaged = _dir_rules(dirs.packaged, managed=True)
        shipped = {s.family: s.text for s in packaged}
        extra = [s for s in user_rules.values() if shipped.get(s.family) != s.text]
        return sources + packaged + sorted(extra, key=lambda s: _family_order(s.family))
    packaged_rules = {s.family: s for s in _dir_rules(dirs.packaged, managed=False)}
    families = sorted(set(user_rules) | set(packaged_rules), key=_family_order)
    return [user_rules.get(family) or packaged_rules[family] for family in families]


def _family_order(family: str) -> tuple[int, str]:
    known = family in RULE_FAMILIES
    return (RULE_FAMILIES.index(family) if known else len(RULE_FAMILIES), family)


def _dir_rules(directory: Path, *, managed: bool) -> list[RuleSource]:
    if not directory.is_dir():
        return []
    found = []
    for path in sorted(directory.glob("*.rules")):
        found.append(RuleSource(path.stem, display(path), read_text(path), managed))
    return found


def validator_dirs(dirs: Dirs) -> tuple[Path, ...]:
    """Where validators may be loaded from, in order of precedence. Never a project path."""
    found = []
    if dirs.managed is not None:
        found.append(dirs.managed / "rules" / "validators")
    found += [dirs.user / "rules" / "validators", dirs.packaged / "validators"]
    return tuple(found)
