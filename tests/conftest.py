"""Shared fixtures: an isolated home for every test, and rule sets built from strings."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import ruleset
from security_hooks.rules.ruleset import RuleSet

REPO = Path(__file__).resolve().parent.parent


TEMP_ROOTS = ("/tmp", "/var/tmp", "/private/tmp", "/private/var/folders")


def pytest_configure(config: pytest.Config) -> None:
    """Keep the tests' fake homes and projects out of temporary directories.

    The rules treat files under /tmp as scratch space, so a checkout (and with it the
    default `.pytest-tmp`) that lives under /tmp would make every "outside the project"
    path look temporary. Such a checkout gets its test directories under
    ~/.cache/security-hooks-tests/ instead.
    """
    base = str(Path(config.option.basetemp or ".pytest-tmp").resolve())
    roots = TEMP_ROOTS + tuple(filter(None, [os.environ.get("TMPDIR")]))
    if any(base == root or base.startswith(root.rstrip("/") + "/") for root in roots):
        digest = hashlib.sha256(base.encode()).hexdigest()[:12]
        parent = Path.home() / ".cache" / "security-hooks-tests"
        parent.mkdir(parents=True, exist_ok=True)
        config.option.basetemp = str(parent / digest)


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
def project(isolated_home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project directory in the home directory, as CLAUDE_PROJECT_DIR and the cwd."""
    path = isolated_home / "project"
    path.mkdir()
    monkeypatch.setenv("CLAUDE_PROJECT_DIR", str(path))
    monkeypatch.chdir(path)
    return path
