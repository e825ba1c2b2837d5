"""First use of the Claude Code plugin: set up its virtualenv, then hand over to the client.

hooks/security-hook runs this only while `$CLAUDE_PLUGIN_DATA` holds no installation
made from this plugin version (`$CLAUDE_PLUGIN_ROOT`, which changes on every update).
Setting up runs install.sh --plugin-data, which takes a minute:

- SessionStart waits for it (its timeout allows that), then runs the health check.
- A tool call that arrives first starts it in the background and is denied with
  exit 2 and a one-line reason: the guard is never silently off.
- Other events pass.

A failed setup is written down with its reason; tool calls are denied with that
reason, and the next session start tries again.

Standard library only: it runs on the system's python3 before any virtualenv exists.
"""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
import time

RETRY_AFTER = 600.0  # seconds before a tool call may start a failed setup again
SETUP_LIMIT = 540.0  # seconds; below the SessionStart timeout in hooks.json


def main(argv: list[str]) -> int:
    phase = argv[0] if argv else ""
    root = os.environ.get("CLAUDE_PLUGIN_ROOT") or os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    data = os.environ.get("CLAUDE_PLUGIN_DATA", "")
    if not data:
        return refuse(phase, "CLAUDE_PLUGIN_DATA is not set, so the guard has nowhere to live")
    os.makedirs(data, mode=0o700, exist_ok=True)
    if phase == "--setup":
        return 1 if setup(root, data) else 0
    if phase == "session":
        problem = setup(root, data)
        return refuse(phase, problem) if problem else handover(data, argv)
    if is_ready(root, data):
        return handover(data, argv)
    failed = recent_failure(data)
    if failed:
        return refuse(phase, f"setting up failed ({failed}); see {data}/setup.log")
    start_in_background(data)
    return refuse(phase, "it is being set up (first use or after an update); try again in a minute")


def is_ready(root: str, data: str) -> bool:
    try:
        with open(os.path.join(data, "ready"), encoding="utf-8") as handle:
            stamp = handle.read().strip()
    except OSError:
        return False
    programs = (os.path.join(data, "bin", "security-hook"), os.path.join(data, "venv", "bin", "python"))
    return stamp == root and all(os.access(p, os.X_OK) for p in programs)


def setup(root: str, data: str) -> str | None:
    """Install into `data` unless another process did; None on success, else why not."""
    lock = os.open(os.path.join(data, "setup.lock"), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)  # a setup already running: wait for it
        if is_ready(root, data):
            return None
        with open(os.path.join(data, "setup.log"), "wb") as log:
            try:
                done = subprocess.run(
                    ["bash", os.path.join(root, "install.sh"), "--plugin-data", data],
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    timeout=SETUP_LIMIT,
                )
                problem = None if done.returncode == 0 else f"install.sh exited {done.returncode}"
            except (OSError, subprocess.TimeoutExpired) as exc:
                problem = f"install.sh did not run to the end ({type(exc).__name__})"
        if problem:
            write(os.path.join(data, "setup-failed"), problem)
            return f"setting up failed ({problem}); see {data}/setup.log"
        write(os.path.join(data, "ready"), root)
        _remove(os.path.join(data, "setup-failed"))
        return None
    finally:
        os.close(lock)


def start_in_background(data: str) -> None:
    lock = os.open(os.path.join(data, "setup.lock"), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return  # already running
    finally:
        os.close(lock)
    null = subprocess.DEVNULL
    subprocess.Popen(
        [sys.executable, "-I", os.path.abspath(__file__), "--setup"],
        stdin=null,
        stdout=null,
        stderr=null,
        start_new_session=True,
    )


def recent_failure(data: str) -> str | None:
    path = os.path.join(data, "setup-failed")
    try:
        if time.time() - os.stat(path).st_mtime > RETRY_AFTER:
            return None
        with open(path, encoding="utf-8") as handle:
            return handle.read().strip() or "unknown reason"
    except OSError:
        return None


def handover(data: str, argv: list[str]) -> int:
    launcher = os.path.join(data, "bin", "security-hook")
    os.execv(launcher, [launcher, *argv])
    return 0  # not reached


def refuse(phase: str, reason: str) -> int:
    """Not ready: deny tool calls (exit 2), tell the user at session start, pass the rest."""
    try:
        sys.stdin.buffer.read()
    except OSError:
        pass
    message = f"security-hooks: {reason}"
    if phase == "pre":
        sys.stderr.write(f"{message}; denied (fail closed).\n")
        return 2
    if phase == "session":
        sys.stdout.write(
            json.dumps({"systemMessage": f"{message}. Tool calls are denied until it works."}) + "\n"
        )
    return 0


def write(path: str, text: str) -> None:
    temp = f"{path}.tmp-{os.getpid()}"
    with open(temp, "w", encoding="utf-8") as handle:
        handle.write(text + "\n")
    os.replace(temp, path)


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except Exception as exc:  # never an open gate: a crash here denies the tool call
        sys.exit(refuse(sys.argv[1] if len(sys.argv) > 1 else "", f"the plugin bootstrap failed ({exc})"))
