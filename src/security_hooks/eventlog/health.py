"""Connector health in words, from the daemon's status JSON.

`security-hook daemon status` prints these lines and `security-hook doctor` can call
`connector_problems(status)` to report a dead endpoint once, rather than on every
hook call.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

BACKLOG_WARNING = 0.8  # a queue this full is about to drop records


def _when(moment: Any) -> str:
    return time.strftime("%H:%M:%S", time.localtime(float(moment))) if moment else "-"


def connector_problems(status: Mapping[str, Any]) -> list[str]:
    """One line per unhealthy connector: failing now, dropping records, or backed up."""
    problems = []
    for item in status.get("connectors") or ():
        label = f"log connector {item.get('name')!r} ({item.get('type')} -> {item.get('target')})"
        error_at = item.get("last_error_at") or 0
        sent_at = item.get("last_sent_at") or 0
        dropped = int(item.get("dropped") or 0)
        depth, size = int(item.get("queue_depth") or 0), int(item.get("queue_size") or 0)
        found = []
        if item.get("last_error") and error_at >= sent_at:
            found.append(f"failing since {_when(error_at)}: {item['last_error']}")
        if dropped:
            found.append(f"{dropped} record(s) dropped")
        if size and depth >= BACKLOG_WARNING * size:
            found.append(f"queue {depth}/{size} full")
        if found:
            problems.append(f"{label}: {'; '.join(found)}")
    log = status.get("log") or {}
    if log.get("problem"):
        problems.append(str(log["problem"]))
    return problems


def connector_lines(status: Mapping[str, Any]) -> list[str]:
    """A short line per connector for `daemon status`."""
    lines = []
    for item in status.get("connectors") or ():
        state = "FAILING" if item.get("last_error") and (item.get("last_error_at") or 0) >= (
            item.get("last_sent_at") or 0
        ) else "ok"
        lines.append(
            f"{item.get('name')} ({item.get('type')} -> {item.get('target')}): {state}, "
            f"{item.get('sent', 0)} sent, {item.get('dropped', 0)} dropped, "
            f"queue {item.get('queue_depth', 0)}/{item.get('queue_size', 0)}"
        )
    return lines
