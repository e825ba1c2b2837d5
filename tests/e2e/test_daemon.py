"""The daemon and the thin client, end to end: real processes, real sockets, real faults.

Every fault must end in the right decision or a fail-closed deny, with a log line for
every call.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import signal
import socket
import stat
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from e2e_support import HookEnv, alive
from security_hooks import __version__
from security_hooks.daemon.locations import locations
from security_hooks.protocol import encode_head, parse_response

pytestmark = pytest.mark.e2e


def bad_write(env: HookEnv) -> dict[str, Any]:
    return env.pre("Write", {"file_path": str(env.home / ".bashrc"), "content": "alias ls=rm"})


def good_write(env: HookEnv) -> dict[str, Any]:
    return env.pre("Write", {"file_path": str(env.project / "app.py"), "content": "print(1)\n"})


def assert_denied_by_rule(result: subprocess.CompletedProcess[bytes], rule: str) -> None:
    assert result.returncode == 0, result.stderr
    body = json.loads(result.stdout)["hookSpecificOutput"]
    assert body["hookEventName"] == "PreToolUse"
    assert body["permissionDecision"] == "deny"
    assert rule in body["permissionDecisionReason"]


def assert_allowed(result: subprocess.CompletedProcess[bytes]) -> None:
    assert (result.returncode, result.stdout) == (0, b""), result.stderr


def test_cold_start_then_warm_calls_decide_and_log(hookenv: HookEnv) -> None:
    assert hookenv.status() is None
    assert_denied_by_rule(hookenv.hook("pre", "edit", bad_write(hookenv)), "edit-shell-rc")
    pid = hookenv.daemon_pid()
    assert pid is not None and alive(pid)
    assert_allowed(hookenv.hook("pre", "edit", good_write(hookenv)))
    assert hookenv.daemon_pid() == pid  # the same daemon served the second call
    hookenv.stop_daemon()  # flushes the log
    lines = hookenv.log_lines()
    assert [line["decision"] for line in lines] == ["deny", "allow"]
    first = lines[0]
    for key in ("ts", "event", "tool", "input", "rule", "decision", "nudge"):
        assert key in first
    assert first["event"] == "PreToolUse" and first["tool"] == "Write"
    assert first["rule"] == "edit-shell-rc" and first["input"].endswith("/.bashrc")
    assert first["via"] == "daemon"


def test_an_ask_in_auto_mode_is_a_deny_and_the_log_says_why(hookenv: HookEnv) -> None:
    read = {"command": f"cat {hookenv.home}/.ssh/id_rsa"}
    asked = hookenv.hook("pre", "bash", hookenv.pre("Bash", read))
    assert json.loads(asked.stdout)["hookSpecificOutput"]["permissionDecision"] == "ask"
    denied = hookenv.hook("pre", "bash", hookenv.pre("Bash", read, permission_mode="auto"))
    assert_denied_by_rule(denied, "secret-file-read")
    assert "permission mode (auto)" in json.loads(denied.stdout)["hookSpecificOutput"]["permissionDecisionReason"]
    hookenv.stop_daemon()
    lines = hookenv.log_lines()
    assert [(line["decision"], line.get("note")) for line in lines] == [
        ("ask", None),
        ("deny", "asked, denied in permission mode auto"),
    ]


def test_socket_and_directory_permissions(hookenv: HookEnv) -> None:
    hookenv.hook("pre", "edit", good_write(hookenv))
    assert stat.S_IMODE(hookenv.runtime.stat().st_mode) == 0o700
    sock = hookenv.runtime / "sock"
    assert stat.S_ISSOCK(sock.stat().st_mode) and stat.S_IMODE(sock.stat().st_mode) == 0o600


def test_client_and_daemon_agree_on_the_default_socket_path() -> None:
    from security_hooks.client import socket_dir

    for env in (
        {"XDG_RUNTIME_DIR": "/run/user/1000", "HOME": "/h"},
        {"HOME": "/h"},
        {"HOME": "/h", "SECURITY_HOOKS_RUNTIME_DIR": "/x"},
    ):
        raw = {k.encode(): v.encode() for k, v in env.items()}
        assert socket_dir(raw).decode() == str(locations(env).runtime)


def test_kill_9_mid_session_restarts_the_daemon(hookenv: HookEnv) -> None:
    hookenv.hook("pre", "edit", good_write(hookenv))
    old = hookenv.daemon_pid()
    assert old is not None
    os.kill(old, signal.SIGKILL)
    hookenv.wait_for(lambda: not alive(old), what="daemon death")
    assert_denied_by_rule(hookenv.hook("pre", "edit", bad_write(hookenv)), "edit-shell-rc")
    new = hookenv.daemon_pid()
    assert new is not None and new != old and alive(new)


def test_hung_daemon_falls_back_in_process_and_still_logs(hookenv: HookEnv) -> None:
    hookenv.hook("pre", "edit", good_write(hookenv))
    pid = hookenv.daemon_pid()
    assert pid is not None
    os.kill(pid, signal.SIGSTOP)
    try:
        result = hookenv.hook("pre", "edit", bad_write(hookenv), SECURITY_HOOKS_CLIENT_TIMEOUT="0.5")
        assert_denied_by_rule(result, "edit-shell-rc")
        fallback = [line for line in hookenv.log_lines() if line.get("via") == "in-process"]
        assert len(fallback) == 1
        assert fallback[0]["decision"] == "deny" and "did not answer in time" in fallback[0]["fallback"]
    finally:
        os.kill(pid, signal.SIGCONT)


def test_an_in_process_decision_past_its_deadline_is_denied(hookenv: HookEnv) -> None:
    """With the daemon hung, the client decides in process; when that takes longer than
    the decision deadline (here 0.2 s, counted from the client's start, so it is already
    spent), even a harmless call is denied, before Claude Code's timeout would let it run."""
    hookenv.hook("pre", "edit", good_write(hookenv))
    pid = hookenv.daemon_pid()
    assert pid is not None
    os.kill(pid, signal.SIGSTOP)
    try:
        late = {"SECURITY_HOOKS_CLIENT_TIMEOUT": "0.3", "SECURITY_HOOKS_DECISION_DEADLINE": "0.2"}
        result = hookenv.hook("pre", "edit", good_write(hookenv), **late)
        assert result.returncode == 2 and result.stdout == b""
        assert b"no decision within 0.2 s" in result.stderr and b"fail closed" in result.stderr
        # Other events have no such deadline: their failure answer is no objection anyway.
        after = {**good_write(hookenv), "hook_event_name": "PostToolUse"}
        post = hookenv.hook("post", "check", after, **late)
        assert post.returncode == 0 and b"no decision" not in post.stderr
    finally:
        os.kill(pid, signal.SIGCONT)


def test_deleted_socket_file_is_recovered(hookenv: HookEnv) -> None:
    hookenv.hook("pre", "edit", good_write(hookenv))
    old = hookenv.daemon_pid()
    (hookenv.runtime / "sock").unlink()
    assert_denied_by_rule(hookenv.hook("pre", "edit", bad_write(hookenv)), "edit-shell-rc")
    new = hookenv.daemon_pid()
    assert new is not None and new != old
    hookenv.wait_for(lambda: old is None or not alive(old), what="old daemon exit")


def test_stale_pid_file_and_stale_socket_are_ignored(hookenv: HookEnv) -> None:
    hookenv.runtime.mkdir(mode=0o700, exist_ok=True)
    (hookenv.runtime / "daemon.json").write_text(json.dumps({"pid": 999_999, "version": "0"}))
    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stale.bind(str(hookenv.runtime / "sock"))
    stale.close()  # a socket file nobody listens on
    assert_denied_by_rule(hookenv.hook("pre", "edit", bad_write(hookenv)), "edit-shell-rc")
    assert hookenv.daemon_pid() not in (None, 999_999)


def test_fifty_parallel_cold_starts_start_exactly_one_daemon(hookenv: HookEnv) -> None:
    def call(i: int) -> subprocess.CompletedProcess[bytes]:
        return hookenv.hook("pre", "edit", bad_write(hookenv) if i % 2 else good_write(hookenv))

    with ThreadPoolExecutor(max_workers=50) as pool:
        results = list(pool.map(call, range(50)))
    for i, result in enumerate(results):
        if i % 2:
            assert_denied_by_rule(result, "edit-shell-rc")
        else:
            assert_allowed(result)
    daemon_log = (hookenv.state / "daemon.log").read_text()
    assert daemon_log.count("listening on") == 1
    hookenv.stop_daemon()
    assert len(hookenv.log_lines()) == 50


def write_rules(env: HookEnv, name: str, text: str) -> None:
    rules = env.config / "rules"
    rules.mkdir(parents=True, exist_ok=True)
    temp = rules / f".{name}.tmp"
    temp.write_text(text)
    temp.replace(rules / name)  # an atomic save, as editors do it


def test_hot_reload_within_a_second_and_broken_rules_keep_the_old_ones(hookenv: HookEnv) -> None:
    target = {"file_path": str(hookenv.project / "notes.txt"), "content": "x"}
    assert_allowed(hookenv.hook("pre", "edit", hookenv.pre("Write", target)))
    write_rules(hookenv, "edit.rules", 'block "no-notes"\n  match notes\\.txt$\n  nudge "not notes"\n')
    hookenv.wait_for(
        lambda: b"no-notes" in hookenv.hook("pre", "edit", hookenv.pre("Write", target)).stdout,
        timeout=3,
        what="reload",
    )
    write_rules(hookenv, "edit.rules", 'block "broken"\n  match (?=lookahead)\n  nudge "x"\n')
    hookenv.wait_for(
        lambda: "failed to load" in (hookenv.state / "daemon.log").read_text(), 3, "failed reload"
    )
    first = hookenv.hook("pre", "edit", hookenv.pre("Write", target))
    body = json.loads(first.stdout)
    assert body["hookSpecificOutput"]["permissionDecision"] == "deny"  # the old rule still serves
    assert "rules failed to load" in body["systemMessage"]
    assert "edit.rules:2:9" in (hookenv.state / "daemon.log").read_text()
    second = json.loads(hookenv.hook("pre", "edit", hookenv.pre("Write", target)).stdout)
    assert "systemMessage" not in second  # the notice is given once


def test_broken_config_keeps_serving_and_sighup_reloads(hookenv: HookEnv) -> None:
    assert_denied_by_rule(hookenv.hook("pre", "edit", bad_write(hookenv)), "edit-shell-rc")
    hookenv.config.mkdir(parents=True, exist_ok=True)
    (hookenv.config / "config.local.toml").write_text("[executables\nallowed = 3\n")
    pid = hookenv.daemon_pid()
    assert pid is not None
    os.kill(pid, signal.SIGHUP)
    hookenv.wait_for(lambda: "invalid TOML" in (hookenv.state / "daemon.log").read_text(), 3, "reload")
    result = hookenv.hook("pre", "edit", bad_write(hookenv))
    assert_denied_by_rule(result, "edit-shell-rc")
    assert "config.local.toml" in json.loads(result.stdout)["systemMessage"]


def test_broken_config_before_the_daemon_starts_fails_closed_with_a_reason(hookenv: HookEnv) -> None:
    hookenv.config.mkdir(parents=True)
    (hookenv.config / "config.local.toml").write_text("[daemon]\nidle_timeout_minutes = 'x'\n")
    result = hookenv.hook("pre", "edit", good_write(hookenv))
    assert result.returncode == 2 and result.stdout == b""
    assert b"idle_timeout_minutes" in result.stderr and b"fail closed" in result.stderr
    post = hookenv.hook("post", "check", {**good_write(hookenv), "hook_event_name": "PostToolUse"})
    assert post.returncode == 0  # PostToolUse fails open by default


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        (b"", b"empty payload"),
        (b"{not json", b"not valid JSON"),
        (b"\xff\xfe\x00garbage", b"not UTF-8"),
        (b"[1, 2, 3]", b"JSON list, not an object"),
    ],
)
def test_bad_payloads_are_denied_with_one_line(hookenv: HookEnv, payload: bytes, reason: bytes) -> None:
    result = hookenv.hook("pre", "bash", payload)
    assert result.returncode == 2 and result.stdout == b""
    assert reason in result.stderr and result.stderr.count(b"\n") == 1


def test_fifty_megabyte_payload_is_decided(hookenv: HookEnv) -> None:
    big = hookenv.pre("Write", {"file_path": str(hookenv.home / ".bashrc"), "content": "x" * (50 << 20)})
    assert_denied_by_rule(hookenv.hook("pre", "edit", big), "edit-shell-rc")
    too_big = hookenv.pre("Write", {"file_path": str(hookenv.project / "a"), "content": "x" * (70 << 20)})
    result = hookenv.hook("pre", "edit", too_big)
    assert result.returncode == 2 and b"exceeds the 64 MB limit" in result.stderr


def test_unwritable_log_never_stops_decisions(hookenv: HookEnv) -> None:
    hookenv.state.mkdir(parents=True)
    (hookenv.state / "hook.log").mkdir()  # a directory where the log file should be
    assert_denied_by_rule(hookenv.hook("pre", "edit", bad_write(hookenv)), "edit-shell-rc")
    assert_allowed(hookenv.hook("pre", "edit", good_write(hookenv)))
    status = json.loads(hookenv.run("daemon", "status", "--json").stdout)
    assert "cannot write the decision log" in status["log"]["problem"]
    assert status["decisions"] == {"deny": 1, "allow": 1}
    assert (hookenv.state / "daemon.log").read_text().count("cannot write the decision log") == 1


def test_version_mismatch_restarts_the_daemon(hookenv: HookEnv) -> None:
    hookenv.hook("pre", "edit", good_write(hookenv))
    old = hookenv.daemon_pid()
    assert old is not None
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.connect(str(hookenv.runtime / "sock"))
    sock.sendall(encode_head([(b"v", b"0.0.0-old"), (b"phase", b"pre")]) + b"{}")
    sock.shutdown(socket.SHUT_WR)
    kind, _, _, detail = parse_response(sock.recv(4096))
    sock.close()
    assert (kind, detail) == ("version", __version__.encode())
    hookenv.wait_for(lambda: not alive(old), what="old daemon exit")
    assert_denied_by_rule(hookenv.hook("pre", "edit", bad_write(hookenv)), "edit-shell-rc")
    assert hookenv.daemon_pid() != old


def test_idle_timeout_and_sigterm_clean_up(hookenv: HookEnv) -> None:
    hookenv.config.mkdir(parents=True)
    (hookenv.config / "config.local.toml").write_text("[daemon]\nidle_timeout_minutes = 0.01\n")
    hookenv.hook("pre", "edit", good_write(hookenv))
    pid = hookenv.daemon_pid()
    assert pid is not None
    hookenv.wait_for(lambda: not alive(pid), timeout=5, what="idle exit")
    assert not (hookenv.runtime / "sock").exists() and hookenv.status() is None
    assert len(hookenv.log_lines()) == 1


def test_sigterm_drains_and_flushes(hookenv: HookEnv) -> None:
    for _ in range(5):
        hookenv.hook("pre", "edit", good_write(hookenv))
    pid = hookenv.daemon_pid()
    assert pid is not None
    os.kill(pid, signal.SIGTERM)
    hookenv.wait_for(lambda: not alive(pid), what="exit")
    assert len(hookenv.log_lines()) == 5
    assert not (hookenv.runtime / "sock").exists()


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to connect as a second user")
def test_a_second_users_connection_is_refused(hookenv: HookEnv) -> None:
    # The socket lives under /tmp here, so the other user can reach it wherever the
    # checkout (and with it the test's own directories) happens to be.
    scratch = Path(tempfile.mkdtemp(prefix="sh-e2e-", dir="/tmp"))
    runtime = scratch / "run"
    user = dataclasses.replace(
        hookenv, runtime=runtime, env={**hookenv.env, "SECURITY_HOOKS_RUNTIME_DIR": str(runtime)}
    )
    try:
        user.hook("pre", "edit", good_write(user))
        for directory in (scratch, runtime):
            os.chmod(directory, 0o755)  # let the other user reach the socket file itself
        os.chmod(runtime / "sock", 0o777)  # only the peer-uid check stands in the way now
        probe = (
            "import socket,sys\n"
            "s=socket.socket(socket.AF_UNIX);s.connect(sys.argv[1]);print(s.recv(999).decode())"
        )
        result = subprocess.run(
            ["python3", "-c", probe, str(runtime / "sock")],
            capture_output=True,
            text=True,
            user=65534,
            group=65534,
            timeout=10,
            env={"PATH": os.environ["PATH"]},
        )
        assert result.stdout.startswith("SH1 ERROR connection refused: peer uid 65534"), result.stderr
        status = json.loads(user.run("daemon", "status", "--json").stdout)
        assert status["refused_connections"] == 1
    finally:
        user.stop_daemon()
        shutil.rmtree(scratch, ignore_errors=True)
