"""The SessionStart health check: silent when all is well, a systemMessage when it is not."""

from __future__ import annotations

import json
from typing import Any

import pytest

from e2e_support import HookEnv
from security_hooks.client import last_resort

pytestmark = pytest.mark.e2e


def session(env: HookEnv) -> dict[str, Any]:
    return {
        "session_id": "e2e",
        "cwd": str(env.project),
        "hook_event_name": "SessionStart",
        "source": "startup",
    }


def message(result: Any) -> str:
    assert result.returncode == 0, result.stderr
    return str(json.loads(result.stdout)["systemMessage"])


def test_a_healthy_session_start_says_nothing(hookenv: HookEnv) -> None:
    result = hookenv.hook("session", "start", session(hookenv))
    assert (result.returncode, result.stdout, result.stderr) == (0, b"", b"")
    assert hookenv.daemon_pid() is not None  # and the daemon is warm for the first tool call


def test_rules_that_fail_to_load_are_reported_at_session_start(hookenv: HookEnv) -> None:
    hookenv.config.mkdir(parents=True)
    (hookenv.config / "config.local.toml").write_text("[daemon]\nidle_timeout_minutes = 'x'\n")
    text = message(hookenv.hook("session", "start", session(hookenv)))
    assert text.startswith("security-hooks: rules failed to load") and "idle_timeout_minutes" in text
    assert "security-hook doctor" in text
    assert hookenv.daemon_pid() is not None  # it came from the daemon, which serves no rules


def test_a_failed_reload_is_reported_at_every_session_start(hookenv: HookEnv) -> None:
    assert hookenv.hook("session", "start", session(hookenv)).stdout == b""
    hookenv.config.mkdir(parents=True, exist_ok=True)
    (hookenv.config / "config.local.toml").write_text("[executables\n")
    pid = hookenv.daemon_pid()
    assert pid is not None
    hookenv.run("daemon", "status")  # keep it alive; the watcher reloads
    hookenv.wait_for(lambda: "invalid TOML" in (hookenv.state / "daemon.log").read_text(), 3, "reload")
    for _ in range(2):
        text = message(hookenv.hook("session", "start", session(hookenv)))
        assert "config.local.toml" in text and "the previous rules stay in force" in text


def test_when_the_daemon_cannot_start_the_answer_says_so_and_why(hookenv: HookEnv) -> None:
    shared = hookenv.root / "shared-run"
    shared.mkdir(mode=0o755)  # a runtime directory others can enter: the client will not use it
    shared.chmod(0o755)
    runtime = str(shared)
    text = message(hookenv.hook("session", "start", session(hookenv), SECURITY_HOOKS_RUNTIME_DIR=runtime))
    assert text.startswith(
        f"security-hooks: the daemon is not available ({runtime} is not private to this user)"
    )
    assert "decided in-process" in text and "security-hook doctor" in text
    assert hookenv.daemon_pid() is None
    bad = hookenv.pre("Write", {"file_path": str(hookenv.home / ".bashrc"), "content": "x"})
    denied = hookenv.hook("pre", "any", bad, SECURITY_HOOKS_RUNTIME_DIR=runtime)
    assert json.loads(denied.stdout)["hookSpecificOutput"]["permissionDecision"] == "deny"
    assert "systemMessage" not in json.loads(denied.stdout)  # only the health check warns
    fallback = [line for line in hookenv.log_lines() if line.get("via") == "in-process"]
    assert [line["event"] for line in fallback] == ["SessionStart", "PreToolUse"]


def test_when_nothing_can_evaluate_session_start_still_warns() -> None:
    code, out, err = last_resort("session", "ImportError: no module named re2")
    assert (code, err) == (0, b"")
    assert json.loads(out)["systemMessage"].startswith("security-hooks: the policy check failed (ImportError")
    code, out, err = last_resort("pre", "boom")
    assert (code, out) == (2, b"") and err.endswith(
        b"denied (fail closed). Run `security-hook doctor` to diagnose.\n"
    )
    assert last_resort("post", "boom") == (0, b"", b"")
