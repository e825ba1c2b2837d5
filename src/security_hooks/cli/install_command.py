"""`security-hook install`: what install.sh runs once the private virtualenv exists.

It writes the launchers (the hook command in its perl form where perl is found, else in
its shell form where socat is), copies the default config, registers our hooks in
settings.json (or the managed settings), then runs a known-bad and a known-good call
through the registered entry and prints what it did. Every step is idempotent: a
second run with nothing new to do changes no file.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import __version__
from ..install.defaults import (
    LOCAL_CONFIG,
    LOCAL_TEMPLATE,
    CopyReport,
    create_if_absent,
    install_defaults,
    managed_defaults,
    user_defaults,
)
from ..install.entries import HOOKS, handler
from ..install.files import write_if_changed
from ..install.launcher import find_perl, find_socat, hook_launchers, launcher_script
from ..install.layout import Layout
from ..install.probe import run_probes
from ..install.settings import Settings, SettingsError, WriteResult, apply_hooks, ours, read_settings, save
from .errors import FatalError
from .uninstall_command import is_our_launcher

SHEBANG_LIMIT = 255  # bytes the Linux kernel reads of a #! line (macOS reads more)


@dataclass(frozen=True)
class Forwarder:
    """What the hook command forwards with: perl, else socat (through a shell), else nothing
    (the hook command is the Python client)."""

    perl: str | None = None
    socat: str | None = None

    def summary(self, client: Path) -> str:
        if self.perl:
            return f"  fast client   perl ({self.perl}); it hands odd calls to {client}"
        if self.socat:
            return f"  fast client   shell and socat ({self.socat}); it hands odd calls to {client}"
        return "  fast client   none (no perl or socat found): the hook command is the Python client"


def chosen_forwarder() -> Forwarder:
    try:
        perl = find_perl(os.environ)
        socat = find_socat(os.environ)  # checked either way: a typo there must stop the install
    except ValueError as exc:
        raise FatalError(str(exc)) from None
    return Forwarder(perl=perl) if perl else Forwarder(socat=socat)


def write_launchers(layout: Layout, forwarder: Forwarder) -> list[str]:
    """The hook command, the Python client behind it and the daemon launcher; names written.

    With perl or socat, the hook command forwards and the Python client is its own file;
    without, the hook command is the Python client itself.
    """
    files = hook_launchers(
        layout.hook_command,
        layout.python_client,
        forwarder.socat,
        perl=forwarder.perl,
        system=layout.system,
    )
    files.append((layout.daemon_command, launcher_script(daemon=True)))
    for _, text in files:
        if len(text.split("\n", 1)[0].encode()) > SHEBANG_LIMIT:
            raise FatalError(f"the interpreter path {sys.executable} is too long for a #! line")
    if forwarder == Forwarder() and is_our_launcher(layout.python_client):
        layout.python_client.unlink()
    written = []
    for path, text in files:
        path.parent.mkdir(parents=True, exist_ok=True)
        if write_if_changed(path, text.encode(), mode=0o755):
            written.append(path.name)
    return written


def copy_config(layout: Layout) -> tuple[CopyReport, bool]:
    """Defaults into the config directory; (what was copied, whether config.local.toml was made)."""
    if layout.system:
        report = install_defaults(layout.config_dir, managed_defaults())
        (layout.config_dir / "rules" / "validators").mkdir(mode=0o755, parents=True, exist_ok=True)
        return report, False
    report = install_defaults(layout.config_dir, user_defaults())
    local = create_if_absent(layout.config_dir / LOCAL_CONFIG, LOCAL_TEMPLATE.read_bytes())
    return report, local


def plan_hooks(layout: Layout) -> tuple[Settings, dict[str, Any]]:
    """The settings file as it is and as it will be; refuses a file it cannot read."""
    try:
        settings = read_settings(layout.settings)
    except SettingsError as exc:
        raise FatalError(str(exc)) from None
    command = str(layout.hook_command)
    return settings, apply_hooks(settings.data, [(spec, handler(spec, command)) for spec in HOOKS])


def register_hooks(layout: Layout, settings: Settings, new: dict[str, Any]) -> WriteResult:
    if layout.system:
        layout.settings.parent.mkdir(mode=0o755, parents=True, exist_ok=True)
    try:
        return save(settings, new, mode=layout.settings_mode)
    except SettingsError as exc:
        raise FatalError(str(exc)) from None


def restart_daemon() -> bool:
    """Stop a running daemon, so the next hook call starts the code just installed."""
    from .daemon_command import stop_running

    try:
        return stop_running()
    except FatalError:
        return False


def try_registered(settings: Mapping[str, Any]) -> list[str]:
    """Run the probes through the PreToolUse entry as registered; one line per probe."""
    entry = next((h for event, _, h in ours(settings) if event == "PreToolUse"), None)
    if entry is None:
        return ["no PreToolUse entry of ours to try"]
    lines = []
    with tempfile.TemporaryDirectory(prefix="security-hook-install-") as workdir:
        for probe, run in run_probes(entry, os.environ, workdir):
            verdict = run.verdict()
            note = "" if verdict == probe.expected else f"  (expected {probe.expected})"
            lines.append(f"{probe.label:<16} -> {verdict}{note}")
    return lines


def run_install(layout: Layout, *, launchers_only: bool = False) -> int:
    forwarder = chosen_forwarder()
    if launchers_only:
        launchers = write_launchers(layout, forwarder)
        print(f"launchers in {layout.bin_dir}: {', '.join(launchers) or 'unchanged'}")
        return 0
    current, settings = plan_hooks(layout)  # first, so a file we refuse stops us before any write
    launchers = write_launchers(layout, forwarder)
    report, local = copy_config(layout)
    written = register_hooks(layout, current, settings)
    restarted = False if layout.system else restart_daemon()
    trials = try_registered(settings)
    summary = _summary(layout, forwarder, launchers, report, local, written, restarted, trials)
    print("\n".join(summary))
    return 0


def _summary(
    layout: Layout,
    forwarder: Forwarder,
    launchers: list[str],
    report: CopyReport,
    local: bool,
    written: WriteResult,
    restarted: bool,
    trials: list[str],
) -> list[str]:
    mode = "for the whole machine (managed settings)" if layout.system else "for this user"
    lines = [f"security-hooks {__version__} installed {mode}"]
    lines.append(f"  hook command  {layout.hook_command}  ({_changed(launchers, layout.hook_command.name)})")
    lines.append(
        f"  daemon        {layout.daemon_command}  ({_changed(launchers, layout.daemon_command.name)})"
    )
    lines.append(f"  python        {sys.executable} (client runs with -I -S)")
    lines.append(forwarder.summary(layout.python_client))
    copied = f"{len(report.written)} written, {report.unchanged} unchanged"
    if report.removed:
        copied += f", {len(report.removed)} old defaults removed"
    lines.append(f"  config        {layout.config_dir}  ({copied})")
    for name in report.kept:
        lines.append(f"    kept your {name}; the new default is beside it as {name}.new")
    if local:
        lines.append(f"    created {LOCAL_CONFIG}: put your own settings there")
    state = (
        f"updated, backup {written.backup}"
        if written.backup
        else ("created" if written.changed else "unchanged")
    )
    lines.append(f"  settings      {layout.settings}  ({state})")
    for spec in HOOKS:
        matcher = f" {spec.matcher}" if spec.matcher else ""
        lines.append(f"    {spec.event}{matcher} -> security-hook {' '.join(spec.args)}")
    if restarted:
        lines.append("  daemon        restarted (the next hook call starts the new one)")
    lines.append("  test through the registered command:")
    lines += [f"    {line}" for line in trials]
    if not layout.system and str(layout.bin_dir) not in os.environ.get("PATH", "").split(os.pathsep):
        lines.append(f"  note          {layout.bin_dir} is not on your PATH (the hooks use full paths)")
    lines.append("  check it all with: security-hook doctor")
    return lines


def _changed(written: list[str], name: str) -> str:
    return "written" if name in written else "unchanged"
