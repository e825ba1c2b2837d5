"""End-to-end fixtures: the real launcher, real client processes, a real daemon."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from e2e_support import HookEnv, make_hookenv


@pytest.fixture
def hookenv(tmp_path: Path) -> Iterator[HookEnv]:
    env = make_hookenv(tmp_path)
    yield env
    env.stop_daemon()
