"""The shell client (the hook command where socat is found and perl is not), end to end.

Its fast way (shell, cat and socat, no Python) must give the Python client's answers;
everything it does not expect must reach the Python client with the payload whole.
The tests that run through every hook command are in test_daemon.py and its
neighbours, those the perl client shares in test_forwarders.py; these are the shell
client's own cases.
"""

from __future__ import annotations

import json
import os
import shlex
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from e2e_support import HookEnv, make_hookenv
from forwarder_support import (
    FakeDaemon,
    client_of,
    decision,
    hung_daemon_decides_in_process,
    spooled,
    trip_the_python_client,
    warm,
)
from review_support import fake_program, require_tool
from security_hooks.daemon.locations import locations
from security_hooks.install.launcher import shell_script
from security_hooks.protocol import RS

pytestmark = pytest.mark.e2e



@pytest.fixture(params=["shell", "shell-spool"])
def shell(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[HookEnv]:
    """The shell client in both its ways: streaming (this socat has -r) and with cat."""
    env = make_hookenv(tmp_path, request.param)
    if request.param == "shell":
        assert streams(env), "this socat has no -r: the streaming way is untested here"
    yield env
    env.stop_daemon()


@pytest.fixture
def streaming(tmp_path: Path) -> Iterator[HookEnv]:
    """The streaming way alone, for its own cases."""
    env = make_hookenv(tmp_path, "shell")
    assert streams(env), "this socat has no -r: the streaming way is untested here"
    yield env
    env.stop_daemon()


def streams(env: HookEnv) -> bool:
    return "\nstream=yes " in env.launcher.read_text()


def test_the_script_is_clean_posix_shell(shell: HookEnv) -> None:
    checker = require_tool("shellcheck", "apt-get install -y shellcheck")
    checked = subprocess.run([checker, "-s", "sh", str(shell.launcher)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout


def test_bash_as_sh_takes_the_fast_way_too(shell: HookEnv) -> None:
    """macOS's /bin/sh is bash in POSIX mode."""
    warm(shell)
    trip_the_python_client(shell)
    payload = json.dumps(shell.pre("Bash", {"command": "rm -rf /"})).encode()
    bash = require_tool("bash", "apt-get install -y bash")
    result = subprocess.run(
        [bash, "--posix", str(shell.launcher), "pre", "bash"],
        input=payload,
        capture_output=True,
        env=shell.env,
        cwd=shell.project,
        timeout=60,
    )
    assert decision(result) == "deny" and spooled(shell) == []


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (("pre", "bash"), {"TMPDIR": "/tmp\nphase=control"}),  # a value that would break the head
        (("pre", "bash"), {"SECURITY_HOOKS_RUNTIME_DIR": "/tmp/odd,dir"}),  # socat syntax in the path
    ],
)
def test_odd_calls_go_to_the_python_client(
    shell: HookEnv, args: tuple[str, ...], env: dict[str, str]
) -> None:
    warm(shell)
    real = trip_the_python_client(shell)
    payload = json.dumps(shell.pre("Bash", {"command": "rm -rf /"})).encode()
    tripped = shell.run(*args, payload=payload, **env)
    assert tripped.returncode == 1 and b"python client used" in tripped.stderr
    client_of(shell).write_text(real)
    result = shell.run(*args, payload=payload, **env)
    assert decision(result) == "deny"
    if "SECURITY_HOOKS_RUNTIME_DIR" in env:  # a daemon of its own: stop it too
        assert shell.run("daemon", "stop", **env).returncode == 0


def test_a_hung_daemon_cannot_hold_a_streamed_payload_past_the_deadline(streaming: HookEnv) -> None:
    """More than the socket holds: socat blocks writing, and -T ends it at the deadline.
    The Python client then gets socat's copy and the rest of stdin, in order."""
    hung_daemon_decides_in_process(streaming, "x = 1\n" * 500_000 + "alias ls=rm\n", "0.5")  # 3 MB


def test_a_name_a_killed_socat_left_bound_costs_one_slow_call(streaming: HookEnv) -> None:
    """socat killed mid-call leaves its bound socket name, and the next call of that pid
    cannot bind it: that call is handed over, decides right, and clears the name."""
    warm(streaming)
    spool = streaming.runtime / "spool"
    wrapper = streaming.root / "planted.sh"  # exec keeps the pid, so the name is its own
    plant = "import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])"
    wrapper.write_text(
        f'{shlex.quote(sys.executable)} -c "{plant}" "{spool}/$$.sock"\nexec {streaming.launcher} "$@"\n'
    )
    payload = json.dumps(streaming.pre("Bash", {"command": "rm -rf /"})).encode()

    def planted_call() -> subprocess.CompletedProcess[bytes]:
        argv = ["/bin/sh", str(wrapper), "pre", "bash"]
        return subprocess.run(argv, input=payload, capture_output=True, env=streaming.env, timeout=60)

    assert decision(planted_call()) == "deny"
    assert spooled(streaming) == []  # the Python client cleared the name and its own files
    trip_the_python_client(streaming)
    result = planted_call()
    assert b"python client used" in result.stderr  # the name was planted again: handed over
    again = streaming.hook("pre", "bash", streaming.pre("Bash", {"command": "rm -rf /"}))
    assert decision(again) == "deny"  # a clear pid: the fast way, without the Python client


def test_a_runtime_directory_too_long_for_a_bound_name_takes_the_cat_way(streaming: HookEnv) -> None:
    """The daemon's socket name fits, the one socat would bind beside the spool does not
    (104 bytes at most on macOS): the call still takes the fast way, through cat."""
    with tempfile.TemporaryDirectory(prefix="sh-", dir="/tmp") as name:
        runtime = Path(name) / ("r" * (93 - len(name) - 1))
        assert len(str(runtime)) == 93
        env = {"SECURITY_HOOKS_RUNTIME_DIR": str(runtime)}
        first = streaming.hook("pre", "bash", streaming.pre("Bash", {"command": "ls"}), **env)
        assert first.returncode == 0, first.stderr
        real = trip_the_python_client(streaming)
        try:
            result = streaming.hook("pre", "bash", streaming.pre("Bash", {"command": "rm -rf /"}), **env)
            assert b"python client used" not in result.stderr
            assert decision(result) == "deny"
            assert os.listdir(runtime / "spool") == []
        finally:
            client_of(streaming).write_text(real)
            assert streaming.run("daemon", "stop", **env).returncode == 0


@pytest.mark.parametrize(
    ("head", "error"),
    [
        (None, "cannot open the spool file"),
        (b"not a head", "malformed request head"),
        (b"SH1\nno equals sign\n\n", "malformed request head"),
    ],
)
def test_a_bound_client_without_a_good_head_is_refused(
    streaming: HookEnv, head: bytes | None, error: str
) -> None:
    warm(streaming)
    spool = streaming.runtime / "spool"
    if head is not None:
        (spool / "4242.head").write_bytes(head)
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
        client.bind(str(spool / "4242.sock"))
        client.connect(str(streaming.runtime / "sock"))
        client.shutdown(socket.SHUT_WR)  # (bytes the daemon never reads would reset the answer)
        answer = b"".join(iter(lambda: client.recv(65536), b""))
    os.unlink(spool / "4242.sock")
    assert answer.startswith(b"SH1 ERROR ") and error.encode() in answer
    assert spooled(streaming) == []  # a head is removed once read, good or not


def test_a_client_bound_outside_the_spool_directory_is_refused(streaming: HookEnv) -> None:
    warm(streaming)
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
        client.bind(str(streaming.root / "4242.sock"))
        client.connect(str(streaming.runtime / "sock"))
        client.shutdown(socket.SHUT_WR)
        answer = b"".join(iter(lambda: client.recv(65536), b""))
    assert answer.startswith(b"SH1 ERROR unexpected client address")


def test_without_cat_the_payload_reaches_the_python_client_untouched(shell: HookEnv) -> None:
    warm(shell)
    bare = shell.root / "bare-bin"  # a PATH with no cat on it
    bare.mkdir()
    result = shell.hook("pre", "bash", shell.pre("Bash", {"command": "rm -rf /"}), PATH=str(bare))
    assert decision(result) == "deny"
    assert spooled(shell) == []  # the file the redirection made is gone too


def test_without_socat_the_shell_client_hands_over(shell: HookEnv) -> None:
    warm(shell)
    shell.launcher.write_text(shell.launcher.read_text().replace("socat=", "socat=/nonexistent", 1))
    assert decision(shell.hook("pre", "bash", shell.pre("Bash", {"command": "rm -rf /"}))) == "deny"


@pytest.mark.parametrize(
    "answer",
    [
        b"",  # the daemon closed without a word
        b"SH1 0\n",  # cut short
        b"SH1 0\n{}" + RS,  # cut short after stdout
        b"SH1 1\n" + RS + RS + b".",  # an exit code hooks never get
        b"SH1 0 12\n{}",  # the Python client's framing
        b"SH1 ERROR busy\n",
        b"HTTP/1.1 200 OK\r\n\r\n",
    ],
)
def test_a_garbled_answer_never_passes_as_a_decision(shell: HookEnv, answer: bytes) -> None:
    shell.runtime.mkdir(mode=0o700, exist_ok=True)
    (shell.runtime / "spool").mkdir(mode=0o700)
    fake = FakeDaemon(shell.runtime / "sock", answer)
    try:
        payload = shell.pre("Bash", {"command": "rm -rf /"})
        result = shell.hook("pre", "bash", payload, SECURITY_HOOKS_CLIENT_TIMEOUT="1")
    finally:
        fake.close()
    if streams(shell):  # the stream is the payload; the head waited in a file
        assert json.loads(fake.requests[0]) == payload
    else:
        head = fake.requests[0].split(b"\n")
        assert head[0] == b"SH1" and b"form=sh" in head and b"phase=pre" in head
    # The Python client got the payload whole: it asked the fake too, then decided in process.
    assert len(fake.requests) == 2 and fake.requests[1].endswith(json.dumps(payload).encode())
    assert decision(result) == "deny"
    assert [line["via"] for line in shell.log_lines()] == ["in-process"]
    assert spooled(shell) == []


@pytest.mark.parametrize(
    ("platform", "env"),
    [
        ("linux", {"XDG_RUNTIME_DIR": "{root}/xdg"}),
        ("linux", {"SECURITY_HOOKS_RUNTIME_DIR": "{root}/override", "XDG_RUNTIME_DIR": "{root}/xdg"}),
        ("darwin", {"HOME": "{root}/home", "XDG_RUNTIME_DIR": "{root}/xdg"}),
        ("darwin", {"HOME": "{root}/home", "SECURITY_HOOKS_RUNTIME_DIR": "{root}/override"}),
    ],
)
@pytest.mark.parametrize("stream", [True, False])
def test_the_shell_client_finds_the_daemons_socket(platform: str, env: dict[str, str], stream: bool) -> None:
    """The shell client computes the runtime directory on its own, as the daemon does."""
    # A short root: a socket path may not exceed about 100 bytes, and the macOS
    # directory name is long.
    with tempfile.TemporaryDirectory(prefix="sh-", dir="/tmp") as name:
        root = Path(name)
        env = {k: v.format(root=root) for k, v in env.items()}
        runtime = locations(env, platform=platform).runtime
        (runtime / "spool").mkdir(parents=True)
        calls = root / "calls"
        socat = fake_program(root / "bin", "socat", f'echo "socat $*" >> {calls}\n')
        client = fake_program(root / "bin", "client", f"echo client >> {calls}\ncat >/dev/null\nexit 0\n")
        script = root / "security-hook"
        script.write_text(shell_script(client, str(socat), system=False, platform=platform, stream=stream))
        script.chmod(0o755)
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as listener:
            listener.bind(str(runtime / "sock"))
            subprocess.run(
                [str(script), "pre", "bash"],
                input=b"{}",
                env={"PATH": "/usr/bin:/bin", **env},
                timeout=30,
                check=True,
            )
        # The fake socat answered nothing, so the call was then handed to the client.
        socat_call, handed_over = calls.read_text().splitlines()
        assert f" UNIX-CONNECT:{runtime}/sock" in socat_call and handed_over == "client"
        if stream:
            assert f"UNIX-CONNECT:{runtime}/sock,bind={runtime}/spool/" in socat_call


def test_without_a_runtime_variable_the_shell_client_uses_the_users_tmp_directory(tmp_path: Path) -> None:
    text = shell_script(tmp_path / "client", "/usr/bin/socat", system=False, platform="linux")
    assert f"run=${{run:-{locations({'HOME': '/h'}, platform='linux').runtime}}}" in text
