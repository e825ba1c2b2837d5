"""`security-hook daemon status|start|stop|restart`."""

from __future__ import annotations

import json
import os
import time
from typing import Any

from .. import __version__
from ..client import can_connect, exchange, socket_dir, start_daemon, wait_gone
from ..eventlog.health import connector_lines, connector_problems
from ..protocol import encode_head
from .errors import FatalError


def _paths() -> tuple[bytes, bytes]:
    environ = {k.encode(): v.encode() for k, v in os.environ.items()}
    runtime = socket_dir(environ)
    return runtime, runtime + b"/sock"


def control(command: str, timeout: float = 5.0) -> tuple[int, bytes]:
    """Send a control command; raises FatalError when no daemon answers."""
    _, path = _paths()
    head = encode_head([(b"v", __version__.encode()), (b"phase", b"control")])
    try:
        kind, code, out, err = exchange(path, head + command.encode(), time.monotonic() + timeout)
    except (OSError, ValueError) as exc:
        raise FatalError(f"the daemon is not running ({type(exc).__name__})") from None
    if kind != "ok":
        raise FatalError(f"the daemon answered {kind}: {err.decode(errors='replace')}")
    return code, out


def status() -> dict[str, Any]:
    _, out = control("status")
    data: dict[str, Any] = json.loads(out)
    return data


def _print_status(data: dict[str, Any]) -> None:
    reload = data["last_reload"]
    when = time.strftime("%H:%M:%S", time.localtime(reload["at"])) if reload["at"] else "-"
    lines = [
        f"pid         {data['pid']} (version {data['version']})",
        f"uptime      {data['uptime_s']:.0f}s (exits after {data['idle_timeout_s']:.0f}s idle)",
        f"socket      {data['socket']}",
        f"rules       {data['rules']} (digest {data['rules_digest']})",
        f"last reload {'ok' if reload['ok'] else 'FAILED'} at {when}: {reload['summary']}",
        f"decisions   {', '.join(f'{k} {v}' for k, v in sorted(data['decisions'].items())) or 'none yet'}",
        f"log         {data['log']['path']} ({data['log']['written']} written)",
    ]
    for line in connector_lines(data):
        lines.append(f"connector   {line}")
    for problem in connector_problems(data):
        lines.append(f"problem     {problem}")
    for error in reload["errors"]:
        lines.append(f"  {error}")
    print("\n".join(lines))


def stop_running() -> bool:
    """Ask a running daemon to exit and wait until it has; False when none was running."""
    _, path = _paths()
    if not can_connect(path):
        return False
    control("stop")
    wait_gone(path, 15.0)
    if can_connect(path):
        raise FatalError("the daemon did not stop within 15 s")
    return True


def run_daemon(action: str, *, as_json: bool = False) -> int:
    runtime, path = _paths()
    if action == "status":
        data = status()
        print(json.dumps(data, indent=2)) if as_json else _print_status(data)
        return 0
    if action in ("stop", "restart") and stop_running():
        print("stopped")
    if action in ("start", "restart"):
        environ = {k.encode(): v.encode() for k, v in os.environ.items()}
        problem = start_daemon(runtime, path, environ)
        if problem:
            raise FatalError(problem)
        print(f"running (pid {status()['pid']})")
    return 0
