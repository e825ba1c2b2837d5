"""`security-hook uninstall`: take our hooks out of settings, then offer to remove the rest.

Only entries whose command is ours go; every other hook and key stays as it was. The
launchers, the private virtualenv and the config directory are removed after a yes
(or with --yes). Standard library only: install.sh runs this from the checkout, so it
works when the virtualenv is already gone.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from pathlib import Path

from ..daemon.locations import locations
from ..install.files import read_bytes
from ..install.launcher import PERL_MARK, SHELL_MARK
from ..install.layout import Layout
from ..install.settings import SettingsError, apply_hooks, ours, read_settings, save
from .errors import FatalError

Ask = Callable[[str], str]


def is_our_launcher(path: Path) -> bool:
    head = (read_bytes(path) or b"")[:512]
    ours = (b"from security_hooks.", SHELL_MARK, PERL_MARK)
    return head.startswith(b"#!") and any(mark in head for mark in ours)


def confirm(question: str, *, assume_yes: bool, ask: Ask | None) -> bool:
    if assume_yes:
        return True
    if ask is None:
        print(f"{question} no (not asked: no terminal; pass --yes to remove)")
        return False
    return ask(f"{question} [y/N] ").strip().lower() in ("y", "yes")


def remove_hooks(layout: Layout) -> None:
    try:
        settings = read_settings(layout.settings)
        found = len(ours(settings.data))
        result = save(settings, apply_hooks(settings.data, []), mode=layout.settings_mode)
    except SettingsError as exc:
        raise FatalError(str(exc)) from None
    if result.changed:
        print(f"removed {found} hook entries from {layout.settings} (backup {result.backup})")
    else:
        print(f"no hook entries of ours in {layout.settings}")


def run_uninstall(layout: Layout, *, assume_yes: bool, ask: Ask | None = None) -> int:
    if ask is None and sys.stdin.isatty():
        ask = input
    remove_hooks(layout)
    launchers = (layout.hook_command, layout.python_client, layout.daemon_command)
    programs = [p for p in launchers if is_our_launcher(p)]
    installed = programs + ([layout.data_dir] if layout.data_dir.is_dir() else [])
    if installed:
        names = ", ".join(str(p) for p in installed)
        if confirm(f"remove {names}?", assume_yes=assume_yes, ask=ask):
            if not layout.system:
                _stop_daemon()
            for path in installed:
                shutil.rmtree(path) if path.is_dir() else path.unlink()
            print(f"removed {names}")
    if layout.config_dir.is_dir():
        question = f"remove {layout.config_dir}, with any rules and settings you keep there?"
        if confirm(question, assume_yes=assume_yes, ask=ask):
            shutil.rmtree(layout.config_dir)
            print(f"removed {layout.config_dir}")
    if not layout.system:
        print(f"kept the decision log and daemon log in {locations().state}")
    return 0


def _stop_daemon() -> None:
    from .daemon_command import stop_running

    try:
        stop_running()
    except FatalError as exc:
        print(f"could not stop the daemon: {exc}")
