"""End-to-end fixtures: the real launcher, real client processes, a real daemon."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from e2e_support import HookEnv, make_hookenv


@pytest.fixture(params=["python", "shell", "perl"])
def hookenv(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[HookEnv]:
    """Every end-to-end test runs through each form of the hook command."""
    env = make_hookenv(tmp_path, request.param)
    yield env
    env.stop_daemon()
