"""What the perl and shell clients (the hook commands that forward without Python) must
both do, end to end, in each of their ways: the shell client streaming (this socat has
-r) and with cat, and the perl client.

Their fast way must give the Python client's answers byte for byte; anything it does
not expect must reach the Python client with the payload whole; a Python client that
cannot start must not turn into "allow". Each client's own cases are in
test_shell_client.py and test_perl_client.py.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from e2e_support import HookEnv, make_hookenv
from forwarder_support import (
    break_python,
    client_of,
    decision,
    form_of,
    hung_daemon_decides_in_process,
    set_version,
    spooled,
    trip_the_python_client,
    warm,
)

pytestmark = pytest.mark.e2e


@pytest.fixture(params=["shell", "shell-spool", "perl"])
def forwarder(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[HookEnv]:
    env = make_hookenv(tmp_path, request.param)
    if request.param == "shell":
        assert "\nstream=yes " in env.launcher.read_text(), "this socat has no -r: streaming is untested"
    yield env
    env.stop_daemon()


CASES = [
    ("Bash", {"command": "rm -rf /"}, "deny"),
    ("Bash", {"command": "ls -la"}, "allow"),
    ("Bash", {"command": "git push --force origin main"}, "deny"),
    ("Bash", {"command": "echo 'percent %s %d, a record separator \x1e and a quote \\' in data'"}, "allow"),
    ("Bash", {"command": "cat <<'EOF' > notes.txt\nline one\n\nline three\nEOF"}, "allow"),
]


@pytest.mark.parametrize(("tool", "tool_input", "expected"), CASES)
def test_the_fast_way_decides_without_python(
    forwarder: HookEnv, tool: str, tool_input: dict[str, Any], expected: str
) -> None:
    warm(forwarder)
    trip_the_python_client(forwarder)
    result = forwarder.hook("pre", "bash", forwarder.pre(tool, tool_input))
    assert b"python client used" not in result.stderr
    assert decision(result) == expected
    assert spooled(forwarder) == []  # the daemon removed the shell client's spool file
    forwarder.wait_for(lambda: len(forwarder.log_lines()) == 2, what="the log line")
    logged = forwarder.log_lines()[-1]
    assert (logged["decision"], logged["via"]) == (expected, "daemon")


def test_fast_answers_are_byte_for_byte_the_python_clients(forwarder: HookEnv) -> None:
    warm(forwarder)
    payloads = [
        ("pre", "edit", forwarder.pre("Write", {"file_path": str(forwarder.home / ".bashrc"), "content": "x"})),
        ("pre", "bash", b"{not json"),  # exit 2, the reason on stderr
        ("pre", "bash", b"\xff\xfe\x00garbage"),
        ("pre", "bash", b""),
        ("post", "check", b"{}"),
        ("prompt", "check", json.dumps({"hook_event_name": "UserPromptSubmit", "prompt": "hi"}).encode()),
        ("session", "any", json.dumps({"hook_event_name": "SessionStart", "session_id": "s"}).encode()),
    ]
    for phase, family, payload in payloads:
        real = trip_the_python_client(forwarder)  # the fast answer must come without it
        fast = forwarder.hook(phase, family, payload)
        assert b"python client used" not in fast.stderr, (phase, family)
        client_of(forwarder).write_text(real)
        slow = subprocess.run(
            [str(client_of(forwarder)), phase, family],
            input=payload if isinstance(payload, bytes) else json.dumps(payload).encode(),
            capture_output=True,
            env=forwarder.env,
            cwd=forwarder.project,
            timeout=60,
        )
        assert (fast.returncode, fast.stdout, fast.stderr) == (slow.returncode, slow.stdout, slow.stderr)
    assert spooled(forwarder) == []


def test_a_large_payload_takes_the_fast_way(forwarder: HookEnv) -> None:
    warm(forwarder)
    trip_the_python_client(forwarder)
    content = "x = 1\n" * (3 << 20)  # 18 MB
    result = forwarder.hook(
        "pre", "edit", forwarder.pre("Write", {"file_path": str(forwarder.home / ".bashrc"), "content": content})
    )
    assert decision(result) == "deny" and spooled(forwarder) == []


@pytest.mark.parametrize(
    "args",
    [
        ("pre", "bash", "--in-process"),  # a third argument
        ("pre", "Bash;x"),  # a family that is not a plain word
    ],
)
def test_odd_calls_go_to_the_python_client(forwarder: HookEnv, args: tuple[str, ...]) -> None:
    warm(forwarder)
    real = trip_the_python_client(forwarder)
    payload = json.dumps(forwarder.pre("Bash", {"command": "rm -rf /"})).encode()
    tripped = forwarder.run(*args, payload=payload)
    assert (tripped.returncode, tripped.stderr) == (1, b"python client used\n")
    client_of(forwarder).write_text(real)
    assert decision(forwarder.run(*args, payload=payload)) == "deny"


def test_a_client_of_another_version_hands_over_and_the_daemon_keeps_running(forwarder: HookEnv) -> None:
    warm(forwarder)
    pid = forwarder.daemon_pid()
    set_version(forwarder, "0.0.9")
    for _ in range(3):
        assert decision(forwarder.hook("pre", "bash", forwarder.pre("Bash", {"command": "rm -rf /"}))) == "deny"
    assert forwarder.daemon_pid() == pid
    assert spooled(forwarder) == []  # the Python client removed each spool file it read
    log = (forwarder.state / "daemon.log").read_text()
    assert log.count(f"the {form_of(forwarder)} hook command is from version '0.0.9'") == 1
    forwarder.wait_for(lambda: len(forwarder.log_lines()) >= 4, what="the log lines")
    assert len(forwarder.log_lines()) == 4  # one line per call, none twice


def test_a_hung_daemon_hands_the_whole_payload_over(forwarder: HookEnv) -> None:
    hung_daemon_decides_in_process(forwarder, "alias ls=rm", "0.3")


@pytest.mark.parametrize("broken", ["client removed", "interpreter removed"])
def test_a_python_client_that_cannot_start_fails_closed(forwarder: HookEnv, broken: str) -> None:
    if broken == "client removed":
        client_of(forwarder).unlink()
    else:
        break_python(forwarder)
    payload = json.dumps(forwarder.pre("Bash", {"command": "ls"})).encode()
    pre = forwarder.run("pre", "bash", payload=payload)  # no daemon yet: the call is handed over
    assert pre.returncode == 2 and pre.stdout == b""
    assert b"is missing; denied (fail closed)" in pre.stderr and pre.stderr.count(b"\n") == 1
    session = forwarder.run("session", "start", payload=b"{}")
    assert session.returncode == 0
    assert "every tool call is denied" in json.loads(session.stdout)["systemMessage"]
    post = forwarder.run("post", "check", payload=b"{}")
    assert (post.returncode, post.stdout) == (0, b"")
    cli = forwarder.run("daemon", "status")
    assert cli.returncode == 1 and b"Run install.sh again" in cli.stderr
