"""Installer tests run real hook commands, which start real daemons: stop them afterwards."""

from __future__ import annotations

import json
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from e2e_support import alive


def stop_daemon(runtime: Path) -> None:
    try:
        pid = int(json.loads((runtime / "daemon.json").read_text())["pid"])
        os.kill(pid, signal.SIGTERM)
    except (OSError, ValueError, KeyError):
        return
    deadline = time.monotonic() + 10
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.02)


@pytest.fixture(autouse=True)
def no_daemon_left_behind(tmp_path: Path) -> Iterator[None]:
    yield
    stop_daemon(tmp_path / "run" / "security-hooks")  # the runtime directory `isolated_home` sets
