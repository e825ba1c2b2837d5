"""The Claude Code plugin: manifest and hooks.json in step, the bootstrap's fast path, and
failing closed while the plugin's environment is not ready."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from security_hooks import __version__
from security_hooks.install.entries import HOOK_TIMEOUT, HOOKS, plugin_hooks
from security_hooks.install.launcher import launcher_script, write_launcher

REPO = Path(__file__).resolve().parents[2]
BOOTSTRAP = REPO / "hooks" / "security-hook"


def test_hooks_json_is_the_generated_entries() -> None:
    assert json.loads((REPO / "hooks" / "hooks.json").read_text()) == plugin_hooks()
    hooks = plugin_hooks()["hooks"]
    assert list(hooks) == [spec.event for spec in HOOKS]
    pre = hooks["PreToolUse"][0]
    assert pre["matcher"] == "*" and pre["hooks"][0]["command"] == "${CLAUDE_PLUGIN_ROOT}/hooks/security-hook"
    assert (
        pre["hooks"][0]["timeout"] == HOOK_TIMEOUT and hooks["SessionStart"][0]["hooks"][0]["timeout"] == 600
    )


def test_plugin_manifest_names_this_version_and_the_repository_is_its_marketplace() -> None:
    manifest = json.loads((REPO / ".claude-plugin" / "plugin.json").read_text())
    assert manifest["name"] == "security-hooks" and manifest["version"] == __version__
    marketplace = json.loads((REPO / ".claude-plugin" / "marketplace.json").read_text())
    assert marketplace["owner"]["name"]
    assert [(p["name"], p["source"]) for p in marketplace["plugins"]] == [("security-hooks", "./")]


def test_the_bootstrap_files_are_executable() -> None:
    assert os.access(BOOTSTRAP, os.X_OK)
    assert (REPO / "install.sh").stat().st_mode & 0o111


def plugin_env(data: Path, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "CLAUDE_PLUGIN_ROOT": str(REPO),
        "CLAUDE_PLUGIN_DATA": str(data),
        **extra,
    }


def bad_write() -> bytes:
    home = os.environ["HOME"]
    payload: dict[str, Any] = {
        "session_id": "plugin",
        "cwd": home,
        "hook_event_name": "PreToolUse",
        "tool_name": "Write",
        "tool_input": {"file_path": f"{home}/.bashrc", "content": "x"},
    }
    return json.dumps(payload).encode()


def run(args: list[str], env: dict[str, str], payload: bytes = b"{}") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([str(BOOTSTRAP), *args], input=payload, capture_output=True, env=env, timeout=60)


def test_a_ready_data_directory_goes_straight_to_the_client(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "bin").mkdir(parents=True)
    (data / "venv" / "bin").mkdir(parents=True)
    (data / "venv" / "bin" / "python").symlink_to(sys.executable)
    write_launcher(data / "bin" / "security-hook", launcher_script(sys.executable))
    (data / "ready").write_text(f"{REPO}\n")
    result = run(["pre", "any"], plugin_env(data), bad_write())
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["hookSpecificOutput"]["permissionDecision"] == "deny"


def test_while_setup_runs_tool_calls_are_denied_and_other_events_pass(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    lock = os.open(data / "setup.lock", os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(lock, fcntl.LOCK_EX)  # as if a setup were running
    try:
        result = run(["pre", "any"], plugin_env(data), bad_write())
        assert result.returncode == 2 and result.stdout == b""
        assert result.stderr == (
            b"security-hooks: it is being set up (first use or after an update); "
            b"try again in a minute; denied (fail closed).\n"
        )
        assert run(["post", "check"], plugin_env(data)).returncode == 0
    finally:
        os.close(lock)
    assert not (data / "setup.log").exists()  # nothing else started a setup


def test_a_failed_setup_is_named_until_the_next_session_retries(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "setup-failed").write_text("install.sh exited 1\n")
    result = run(["pre", "any"], plugin_env(data), bad_write())
    assert result.returncode == 2 and result.stderr.count(b"\n") == 1
    assert b"setting up failed (install.sh exited 1); see " in result.stderr


def test_a_stale_root_is_not_ready(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "bin").mkdir(parents=True)
    (data / "venv" / "bin").mkdir(parents=True)
    (data / "venv" / "bin" / "python").symlink_to(sys.executable)  # ready but for the root
    write_launcher(data / "bin" / "security-hook", launcher_script(sys.executable))
    (data / "ready").write_text("/old/plugin/root\n")
    (data / "setup-failed").write_text("older failure\n")
    result = run(["pre", "any"], plugin_env(data), bad_write())
    assert result.returncode == 2 and b"older failure" in result.stderr


def shell_tools(tmp_path: Path) -> Path:
    """A PATH directory with what hooks/security-hook needs besides python3."""
    tools = tmp_path / "tools"
    tools.mkdir()
    for name in ("sh", "cat", "dirname"):
        found = shutil.which(name)
        assert found is not None
        (tools / name).symlink_to(found)
    return tools


def test_without_python3_tool_calls_are_denied(tmp_path: Path) -> None:
    tools = shell_tools(tmp_path)
    env = plugin_env(tmp_path / "data", PATH=str(tools))
    result = subprocess.run(
        ["/bin/sh", str(BOOTSTRAP), "pre", "any"], input=bad_write(), capture_output=True, env=env
    )
    assert result.returncode == 2 and b"python3 was not found" in result.stderr
    session = subprocess.run(
        ["/bin/sh", str(BOOTSTRAP), "session", "start"], input=b"{}", capture_output=True, env=env
    )
    assert session.returncode == 0 and "python3 was not found" in json.loads(session.stdout)["systemMessage"]


def test_a_bootstrap_that_cannot_start_denies_tool_calls(tmp_path: Path) -> None:
    tools = shell_tools(tmp_path)
    (tools / "python3").write_text("#!/bin/sh\necho 'SyntaxError: future feature annotations' >&2\nexit 1\n")
    (tools / "python3").chmod(0o755)  # as a python3 too old to compile bootstrap.py
    env = plugin_env(tmp_path / "data", PATH=str(tools))
    result = subprocess.run(
        ["/bin/sh", str(BOOTSTRAP), "pre", "any"], input=bad_write(), capture_output=True, env=env
    )
    assert result.returncode == 2
    assert b"the plugin bootstrap failed (python3 exited 1); denied (fail closed)" in result.stderr
    post = subprocess.run(
        ["/bin/sh", str(BOOTSTRAP), "post", "check"], input=b"{}", capture_output=True, env=env
    )
    assert post.returncode == 1  # other events keep the bootstrap's own status


def test_without_plugin_data_tool_calls_are_denied() -> None:
    env = {k: v for k, v in os.environ.items() if k != "CLAUDE_PLUGIN_DATA"}
    result = run(["pre", "any"], env, bad_write())
    assert result.returncode == 2 and b"CLAUDE_PLUGIN_DATA is not set" in result.stderr


@pytest.mark.slow
def test_first_session_start_sets_up_then_tool_calls_are_decided(tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = plugin_env(data, SECURITY_HOOKS_RUNTIME_DIR=str(tmp_path / "plugin-run"))
    session = run(["session", "start"], env, json.dumps({"hook_event_name": "SessionStart"}).encode())
    try:
        log = (data / "setup.log").read_text() if (data / "setup.log").exists() else ""
        assert session.returncode == 0 and session.stdout == b"", (session.stderr, log[-2000:])
        assert (data / "ready").read_text().strip() == str(REPO)
        client = data / "bin" / "security-hook-client"  # beside the shell client, where socat is found
        client = client if client.exists() else data / "bin" / "security-hook"
        assert client.read_text().startswith(f"#!{data}/venv/bin/python")
        result = run(["pre", "any"], env, bad_write())
        assert json.loads(result.stdout)["hookSpecificOutput"]["permissionDecision"] == "deny"
    finally:
        subprocess.run([str(data / "bin" / "security-hook"), "daemon", "stop"], env=env, capture_output=True)
