"""End-to-end support: an isolated user with the real launcher, client and daemon."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from review_support import require_tool
from security_hooks.install.launcher import hook_launchers, write_launcher


@dataclass
class HookEnv:
    """An isolated user: home, config, runtime and state directories, and a launcher."""

    root: Path
    home: Path
    project: Path
    runtime: Path
    state: Path
    config: Path
    launcher: Path
    env: dict[str, str] = field(default_factory=dict)

    def run(
        self, *args: str, payload: bytes | str = b"", timeout: float = 60, **env: str
    ) -> subprocess.CompletedProcess[bytes]:
        data = payload.encode() if isinstance(payload, str) else payload
        return subprocess.run(
            [str(self.launcher), *args],
            input=data,
            capture_output=True,
            timeout=timeout,
            env={**self.env, **env},
            cwd=self.project,
        )

    def hook(
        self, phase: str, family: str, payload: dict[str, Any] | bytes, **env: str
    ) -> subprocess.CompletedProcess[bytes]:
        data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        return self.run(phase, family, payload=data, **env)

    def pre(self, tool: str, tool_input: dict[str, Any], **extra: Any) -> dict[str, Any]:
        return {
            "session_id": "e2e",
            "cwd": str(self.project),
            "hook_event_name": "PreToolUse",
            "tool_name": tool,
            "tool_input": tool_input,
            "permission_mode": "default",
            **extra,
        }

    def status(self) -> dict[str, Any] | None:
        try:
            return json.loads((self.runtime / "daemon.json").read_text())  # type: ignore[no-any-return]
        except (OSError, ValueError):
            return None

    def daemon_pid(self) -> int | None:
        status = self.status()
        return int(status["pid"]) if status else None

    def log_lines(self) -> list[dict[str, Any]]:
        path = self.state / "hook.log"
        if not path.exists():
            return []
        return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]

    def wait_for(self, predicate: Any, timeout: float = 5.0, what: str = "condition") -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate():
                return
            time.sleep(0.02)
        raise AssertionError(f"timed out waiting for {what}")

    def stop_daemon(self) -> None:
        pid = self.daemon_pid()
        if pid is None:
            return
        try:
            os.kill(pid, signal.SIGCONT)
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        try:
            self.wait_for(lambda: not alive(pid), 10, "daemon exit")
        except AssertionError:
            os.kill(pid, signal.SIGKILL)


def stop_daemon_in(runtime: Path) -> None:
    """Stop the daemon whose runtime directory is `runtime`, if one runs there."""
    try:
        pid = int(json.loads((runtime / "daemon.json").read_text())["pid"])
        os.kill(pid, signal.SIGTERM)
    except (OSError, ValueError, KeyError):
        return
    deadline = time.monotonic() + 10
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.02)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie is not alive
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().split(") ", 1)[1][0] != "Z"
    except OSError:
        return True


def make_hookenv(tmp_path: Path, form: str = "python") -> HookEnv:
    """An isolated user whose hook command is the Python client; with form="perl" the perl
    client that hands over to it; with form="shell" the shell client (through the real
    socat) that does, in the way this socat allows (streaming where it has -r), or with
    form="shell-spool" in the way with cat."""
    home = tmp_path / "home"
    project = tmp_path / "project"
    runtime = tmp_path / "run"
    state = home / ".local" / "state" / "security-hooks"
    for d in (home, project):
        d.mkdir(exist_ok=True)
    launcher = tmp_path / "security-hook"
    socat = require_tool("socat", "apt-get install -y socat") if form.startswith("shell") else None
    stream = False if form == "shell-spool" else None
    perl = require_tool("perl", "apt-get install -y perl") if form == "perl" else None
    client = tmp_path / "security-hook-client"
    for path, text in hook_launchers(launcher, client, socat, perl=perl, python=sys.executable, stream=stream):
        write_launcher(path, text)
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_STATE_HOME": str(home / ".local" / "state"),
        "SECURITY_HOOKS_RUNTIME_DIR": str(runtime),
        "SECURITY_HOOKS_MANAGED_DIR": str(tmp_path / "managed"),
        "CLAUDE_PROJECT_DIR": str(project),
        "LANG": "C.UTF-8",
        "GIT_CEILING_DIRECTORIES": str(tmp_path),  # never find this repository's own checkout
    }
    hook_env = HookEnv(
        tmp_path, home, project, runtime, state, home / ".config" / "security-hooks", launcher, env
    )
    return hook_env
