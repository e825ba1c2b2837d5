"""Shared by the benchmarks: an isolated user, the fast launcher, and the peer tool."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import TracebackType

from security_hooks.config.locate import PACKAGED_DIR
from security_hooks.install.launcher import (
    find_perl,
    find_socat,
    hook_launchers,
    shell_script,
    write_launcher,
)

BENCH_DIR = Path(__file__).resolve().parent
CACHE = BENCH_DIR / ".cache"
PEER_PACKAGE = "cc-safety-net@2.4.5"


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


class Sandbox:
    """A throw-away HOME with its own config, runtime and state directories."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="sh-bench-"))
        self.home = self.root / "home"
        self.project = self.home / "project"
        self.runtime = self.root / "run"
        self.project.mkdir(parents=True)
        self.python = sys.executable
        # As install writes them: the hook command (the perl client where perl is found,
        # else the shell client where socat is) and the Python client, which is the hook
        # command itself without either.
        self.perl = find_perl(os.environ)
        self.socat = find_socat(os.environ)
        self.launcher = self.root / "security-hook"
        forwards = self.perl is not None or self.socat is not None
        self.client = self.root / "security-hook-client" if forwards else self.launcher
        launchers = hook_launchers(self.launcher, self.client, self.socat, perl=self.perl, python=self.python)
        for path, text in launchers:
            write_launcher(path, text)
        # Where perl took the shell client's place, the shell client too, to time them side by side.
        self.shell: Path | None = None
        if self.perl is not None and self.socat is not None:
            self.shell = self.root / "security-hook-shell"
            shell = shell_script(self.client, self.socat, system=False, python=self.python)
            write_launcher(self.shell, shell)
        self.packaged = PACKAGED_DIR
        self.cache = CACHE
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(self.home),
            "XDG_CONFIG_HOME": str(self.home / ".config"),
            "XDG_STATE_HOME": str(self.home / ".local" / "state"),
            "SECURITY_HOOKS_RUNTIME_DIR": str(self.runtime),
            "SECURITY_HOOKS_MANAGED_DIR": str(self.root / "managed"),
            "CLAUDE_PROJECT_DIR": str(self.project),
            "LANG": "C.UTF-8",
        }

    @property
    def socket(self) -> str:
        return str(self.runtime / "sock")

    @property
    def state(self) -> Path:
        return self.home / ".local" / "state" / "security-hooks"

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop_daemon()
        shutil.rmtree(self.root, ignore_errors=True)

    def daemon_pid(self) -> int | None:
        try:
            return int(json.loads((self.runtime / "daemon.json").read_text())["pid"])
        except (OSError, ValueError, KeyError):
            return None

    def stop_daemon(self) -> None:
        pid = self.daemon_pid()
        if pid is None:
            return
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and (self.runtime / "sock").exists():
            time.sleep(0.005)
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.005)

    def add_user_rules(self, name: str, text: str) -> None:
        rules = self.home / ".config" / "security-hooks" / "rules"
        rules.mkdir(parents=True, exist_ok=True)
        (rules / name).write_text(text)

    def start_daemon(self) -> None:
        subprocess.run([str(self.launcher), "daemon", "start"], env=self.env, check=True, capture_output=True)


def peer_hook_command(cache: Path = CACHE) -> list[str] | None:
    """cc-safety-net's hook command, installed with npm into the bench cache; None if npm fails."""
    script = cache / "node_modules" / "cc-safety-net" / "dist" / "bin" / "cc-safety-net.js"
    node = shutil.which("node")
    if node is None:
        return None
    if not script.exists():
        npm = shutil.which("npm")
        if npm is None:
            return None
        cache.mkdir(parents=True, exist_ok=True)
        try:
            subprocess.run(
                [npm, "install", "--prefix", str(cache), "--no-audit", "--no-fund", "--silent", PEER_PACKAGE],
                check=True,
                capture_output=True,
                timeout=300,
            )
        except (subprocess.SubprocessError, OSError):
            return None
    return [node, str(script), "hook", "-cc"] if script.exists() else None


def report(results: list[tuple[str, bool, str]], width: int = 45) -> int:
    """Print one PASS/FAIL line per target; the exit status is 1 when any is missed."""
    print()
    for name, ok, value in results:
        print(f"{'PASS' if ok else 'FAIL'}  {name:{width}} {value}")
    return 0 if all(ok for _, ok, _ in results) else 1
