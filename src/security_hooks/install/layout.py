"""Where an installation puts things, for one user or for the whole machine.

User mode: launchers in `~/.local/bin/`, the private virtualenv in
`~/.local/share/security-hooks/venv/`, config in `~/.config/security-hooks/`, hooks in
`~/.claude/settings.json`.

System mode (root): launchers in `/usr/local/bin/`, the virtualenv in
`/opt/security-hooks/venv/`, organisation config and rules in `/etc/security-hooks/`,
hooks in Claude Code's managed settings. Every system path sits under `root`, so tests
and image builds can install into a directory.

Standard library only: uninstall runs from the checkout when the virtualenv is gone.
The config directories are computed here as in `config/locate.py` (a test keeps the
two in step) for the same reason.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

MANAGED_SETTINGS = {
    "darwin": Path("Library/Application Support/ClaudeCode/managed-settings.json"),
    "linux": Path("etc/claude-code/managed-settings.json"),
}


@dataclass(frozen=True)
class Layout:
    system: bool
    bin_dir: Path
    config_dir: Path
    settings: Path
    data_dir: Path  # holds the private virtualenv

    @property
    def venv(self) -> Path:
        return self.data_dir / "venv"

    @property
    def hook_command(self) -> Path:
        return self.bin_dir / "security-hook"

    @property
    def python_client(self) -> Path:
        """The Python client, where the hook command is the shell client that execs it."""
        return self.bin_dir / "security-hook-client"

    @property
    def daemon_command(self) -> Path:
        return self.bin_dir / "security-hookd"

    @property
    def settings_mode(self) -> int:
        """A new managed settings file must be readable by every user; a user's is private."""
        return 0o644 if self.system else 0o600


def _home(env: Mapping[str, str]) -> Path:
    return Path(env.get("HOME") or Path.home())


def user_config_dir(env: Mapping[str, str]) -> Path:
    explicit = env.get("SECURITY_HOOKS_CONFIG_DIR")
    if explicit:
        return Path(explicit)
    return Path(env.get("XDG_CONFIG_HOME") or _home(env) / ".config") / "security-hooks"


def user_settings(env: Mapping[str, str]) -> Path:
    return _home(env) / ".claude" / "settings.json"


def managed_settings(root: Path = Path("/"), platform: str = sys.platform) -> Path:
    return root / MANAGED_SETTINGS.get(platform, MANAGED_SETTINGS["linux"])


def user_layout(
    env: Mapping[str, str] | None = None, *, bin_dir: Path | None = None, settings: Path | None = None
) -> Layout:
    env = os.environ if env is None else env
    home = _home(env)
    data = Path(env.get("XDG_DATA_HOME") or home / ".local" / "share") / "security-hooks"
    return Layout(
        system=False,
        bin_dir=bin_dir or home / ".local" / "bin",
        config_dir=user_config_dir(env),
        settings=settings or user_settings(env),
        data_dir=data,
    )


def system_layout(
    root: Path = Path("/"),
    *,
    platform: str = sys.platform,
    bin_dir: Path | None = None,
    settings: Path | None = None,
) -> Layout:
    return Layout(
        system=True,
        bin_dir=bin_dir or root / "usr" / "local" / "bin",
        config_dir=root / "etc" / "security-hooks",
        settings=settings or managed_settings(root, platform),
        data_dir=root / "opt" / "security-hooks",
    )
