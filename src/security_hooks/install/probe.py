"""Running a registered hook entry the way Claude Code runs it, and reading its verdict.

Exec form (`args` present): `command` is spawned directly with `args`, after the
`${CLAUDE_...}` placeholders are substituted; a bare name is looked up on PATH. Shell
form: the command string runs through `sh -c`. The payload goes on stdin, the session's
directory is the working directory, and the entry's `timeout` (seconds) is enforced.

The verdict follows Claude Code's reading of the answer: exit 2 blocks, exit 0 with a
JSON decision decides, exit 0 with nothing is no objection, and anything else (a
crash, a timeout, a missing binary, garbled JSON) lets the call through.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..engine.payloads import build_payload

PLACEHOLDERS = ("CLAUDE_PROJECT_DIR", "CLAUDE_PLUGIN_ROOT", "CLAUDE_PLUGIN_DATA")
DEFAULT_TIMEOUT = 600.0  # Claude Code's own default for command hooks


@dataclass(frozen=True)
class HookRun:
    argv: tuple[str, ...]
    exit_code: int | None  # None: it could not start or was killed at the timeout
    stdout: bytes = b""
    stderr: bytes = b""
    elapsed_ms: float = 0.0
    problem: str | None = None

    def output(self) -> dict[str, Any] | None:
        """The JSON object on stdout, if Claude Code would read one."""
        text = self.stdout.decode("utf-8", "replace").lstrip()
        if not text.startswith("{"):
            return None
        try:
            value = json.loads(text)
        except ValueError:
            return None
        return value if isinstance(value, dict) else None

    def verdict(self) -> str:
        """deny, ask, allow, or `fails open` when Claude Code would ignore the answer."""
        if self.exit_code == 2:
            return "deny"
        if self.exit_code != 0:
            return "fails open"  # a crash or a timeout; stdout is not read, whatever it says
        out = self.output()
        if out is None and self.stdout.strip().startswith(b"{"):
            return "fails open"  # JSON Claude Code cannot parse is ignored
        decision = ((out or {}).get("hookSpecificOutput") or {}).get("permissionDecision")
        return str(decision) if decision in ("deny", "ask", "allow", "defer") else "allow"

    def reason(self) -> str:
        if self.problem:
            return self.problem
        out = self.output() or {}
        specific = out.get("hookSpecificOutput") or {}
        text = specific.get("permissionDecisionReason") or out.get("systemMessage") or ""
        if not text:
            text = self.stderr.decode("utf-8", "replace").strip()
        return " ".join(str(text).split())


def hook_argv(entry: Mapping[str, Any], env: Mapping[str, str]) -> list[str]:
    command = str(entry.get("command", ""))
    args = entry.get("args")
    if not isinstance(args, list):
        return ["/bin/sh", "-c", command]
    argv = [_substitute(command, env), *(_substitute(str(a), env) for a in args)]
    if "/" not in argv[0]:
        argv[0] = shutil.which(argv[0], path=env.get("PATH")) or argv[0]
    return argv


def _substitute(text: str, env: Mapping[str, str]) -> str:
    for name in PLACEHOLDERS:
        if name in env:
            text = text.replace("${" + name + "}", env[name])
    return text


def timeout_of(entry: Mapping[str, Any]) -> float:
    value = entry.get("timeout")
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0:
        return float(value)
    return DEFAULT_TIMEOUT


def run_entry(
    entry: Mapping[str, Any],
    payload: bytes,
    *,
    env: Mapping[str, str],
    cwd: str,
    timeout: float | None = None,
) -> HookRun:
    argv = tuple(hook_argv(entry, env))
    limit = timeout if timeout is not None else timeout_of(entry)
    started = time.perf_counter()
    try:
        done = subprocess.run(argv, input=payload, capture_output=True, env=dict(env), cwd=cwd, timeout=limit)
    except subprocess.TimeoutExpired:
        return HookRun(argv, None, elapsed_ms=limit * 1000, problem=f"killed at its {limit:g} s timeout")
    except OSError as exc:
        return HookRun(argv, None, problem=f"cannot run {argv[0]}: {exc.strerror}")
    elapsed = (time.perf_counter() - started) * 1000
    return HookRun(argv, done.returncode, done.stdout, done.stderr, elapsed)


# -- the calls every installation is checked with ----------------------------------------


@dataclass(frozen=True)
class Probe:
    label: str
    payload: dict[str, Any]
    expected: str  # deny or allow


def probes(home: str, workdir: str) -> list[Probe]:
    """Known-bad calls that must be denied and known-good ones that must pass."""

    def call(tool: str, text: str, file_path: str | None = None) -> dict[str, Any]:
        payload = build_payload(tool, text, file_path=file_path, event="PreToolUse", cwd=workdir)
        payload["session_id"] = "security-hook-doctor"
        return payload

    bashrc = os.path.join(home, ".bashrc")
    return [
        Probe("Write ~/.bashrc", call("Write", "alias ls='rm -rf ~'\n", bashrc), "deny"),
        Probe("Bash rm -rf /", call("Bash", "rm -rf /"), "deny"),
        Probe("Bash ls", call("Bash", "ls"), "allow"),
        Probe(
            "Write hello.py", call("Write", "print('hello')\n", os.path.join(workdir, "hello.py")), "allow"
        ),
    ]


def run_probes(entry: Mapping[str, Any], env: Mapping[str, str], workdir: str) -> list[tuple[Probe, HookRun]]:
    """Every probe through `entry`, run as for a session whose project is `workdir`."""
    env = {**env, "CLAUDE_PROJECT_DIR": workdir}
    home = env.get("HOME") or os.path.expanduser("~")
    return [
        (probe, run_entry(entry, json.dumps(probe.payload).encode(), env=env, cwd=workdir))
        for probe in probes(home, workdir)
    ]


def session_payload(workdir: str) -> dict[str, Any]:
    return {
        "session_id": "security-hook-doctor",
        "cwd": workdir,
        "hook_event_name": "SessionStart",
        "source": "startup",
    }
