"""Shared fixtures: an isolated home for every test, and rule sets built from strings."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import ruleset
from security_hooks.rules.ruleset import RuleSet

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every test gets its own HOME, config, state and runtime directories."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / ".local" / "state"))
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path / "run"))
    monkeypatch.setenv("SECURITY_HOOKS_MANAGED_DIR", str(tmp_path / "managed"))
    monkeypatch.delenv("SECURITY_HOOKS_CONFIG_DIR", raising=False)
    monkeypatch.delenv("CLAUDE_PROJECT_DIR", raising=False)
    # Test projects live inside this repository's checkout; git must not find it from them.
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    (tmp_path / "run").mkdir(mode=0o700)
    yield home


@pytest.fixture
def packaged_ruleset() -> RuleSet:
    return ruleset(packaged=True)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project directory, set as CLAUDE_PROJECT_DIR and the cwd."""
    path = tmp_path / "project"
    path.mkdir()
    monkeypatch.setenv("CLAUDE_PROJECT_DIR", str(path))
    monkeypatch.chdir(path)
    return path
