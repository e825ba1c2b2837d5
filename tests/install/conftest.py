"""Installer tests run real hook commands, which start real daemons: stop them afterwards."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from e2e_support import stop_daemon_in


@pytest.fixture(autouse=True)
def no_daemon_left_behind(tmp_path: Path) -> Iterator[None]:
    yield
    stop_daemon_in(tmp_path / "run" / "security-hooks")  # the runtime directory `isolated_home` sets
