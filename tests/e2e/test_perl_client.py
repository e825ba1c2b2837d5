"""The perl client (the hook command where perl is found), end to end.

Its fast way (perl alone, no Python) must give the Python client's answers; everything
it does not expect must reach the Python client with the payload whole. The tests that
run through every form of the hook command are in test_daemon.py and its neighbours,
those the shell client shares in test_forwarders.py; these are the perl client's own
cases.
"""

from __future__ import annotations

import json
import os
import subprocess
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
    trip_the_python_client,
    warm,
)
from review_support import require_tool
from security_hooks.daemon.locations import locations
from security_hooks.install.launcher import perl_script, write_launcher
from security_hooks.protocol import RS

pytestmark = pytest.mark.e2e


@pytest.fixture
def perl(tmp_path: Path) -> Iterator[HookEnv]:
    env = make_hookenv(tmp_path, "perl")
    yield env
    env.stop_daemon()


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (("pre", "bash"), {"SECURITY_HOOKS_RUNTIME_DIR": "/tmp/" + "d" * 96}),  # too long a name for macOS
        (("pre", "bash"), {"PATH": f".:/tmp:{os.environ.get('PATH', '/usr/bin:/bin')}"}),  # taint: no noise
    ],
)
def test_odd_calls_go_to_the_python_client(
    perl: HookEnv, args: tuple[str, ...], env: dict[str, str]
) -> None:
    warm(perl)
    if "PATH" in env:  # not odd: the fast way, then a daemon that is gone
        perl.stop_daemon()
    real = trip_the_python_client(perl)
    payload = json.dumps(perl.pre("Bash", {"command": "rm -rf /"})).encode()
    tripped = perl.run(*args, payload=payload, **env)
    assert (tripped.returncode, tripped.stderr) == (1, b"python client used\n")
    client_of(perl).write_text(real)
    result = perl.run(*args, payload=payload, **env)
    assert decision(result) == "deny" and b"Insecure" not in result.stderr
    if "SECURITY_HOOKS_RUNTIME_DIR" in env:  # a daemon of its own: stop it too
        assert perl.run("daemon", "stop", **env).returncode == 0


def test_a_forwarded_value_with_a_newline_is_left_out_as_the_python_client_does(perl: HookEnv) -> None:
    warm(perl)
    trip_the_python_client(perl)
    result = perl.hook("pre", "bash", perl.pre("Bash", {"command": "ls"}), TMPDIR="/tmp\nphase=control")
    assert (result.returncode, result.stdout, result.stderr) == (0, b"", b"")


def test_a_hung_daemon_cannot_hold_a_large_payload_past_the_deadline(perl: HookEnv) -> None:
    """More than the socket holds: perl blocks writing until its deadline (0.5 s, kept in
    whole seconds), then the Python client gets the payload whole."""
    hung_daemon_decides_in_process(perl, "x = 1\n" * 500_000 + "alias ls=rm\n", "0.5")  # 3 MB


@pytest.mark.parametrize(
    "answer",
    [
        b"",  # the daemon closed without a word
        b"SH1 0 12\n{}",  # cut short
        b"SH1 256 0\n",  # no exit code
        b"SH1 1 0\n",  # an exit code hooks never get: Claude Code would go ahead
        b"SH1 1\n" + RS + RS + b".",  # the shell client's framing
        b"SH1 ERROR busy\n",
        b"HTTP/1.1 200 OK\r\n\r\n",
    ],
)
def test_a_garbled_answer_never_passes_as_a_decision(perl: HookEnv, answer: bytes) -> None:
    perl.runtime.mkdir(mode=0o700, exist_ok=True)
    fake = FakeDaemon(perl.runtime / "sock", answer)
    try:
        payload = perl.pre("Bash", {"command": "rm -rf /"})
        result = perl.hook("pre", "bash", payload, SECURITY_HOOKS_CLIENT_TIMEOUT="1")
    finally:
        fake.close()
    head, _, sent = fake.requests[0].partition(b"\n\n")
    fields = head.split(b"\n")
    assert fields[:5] == [b"SH1", b"v=0.1.0", b"phase=pre", b"family=bash", b"form=pl"]
    assert f"env.HOME={perl.home}".encode() in fields and json.loads(sent) == payload
    # The Python client got the payload whole: it asked the fake too, then decided in process.
    assert decision(result) == "deny"
    assert [line["via"] for line in perl.log_lines()] == ["in-process"]


def test_perl_options_in_the_environment_load_nothing(perl: HookEnv) -> None:
    """-t: PERL5OPT and PERL5LIB are ignored, so the environment cannot put code in the hook."""
    warm(perl)
    library = perl.root / "perl-lib"
    library.mkdir()
    marker = perl.root / "loaded"
    (library / "Planted.pm").write_text(f"open(my $f, '>', '{marker}'); print STDOUT '{{}}'; 1;\n")
    result = perl.hook(
        "pre", "bash", perl.pre("Bash", {"command": "rm -rf /"}), PERL5OPT="-MPlanted", PERL5LIB=str(library)
    )
    assert decision(result) == "deny" and not marker.exists()


@pytest.mark.parametrize(
    "env",
    [
        {"XDG_RUNTIME_DIR": "{root}/xdg"},
        {"SECURITY_HOOKS_RUNTIME_DIR": "{root}/override", "XDG_RUNTIME_DIR": "{root}/xdg"},
    ],
)
def test_the_perl_client_finds_the_daemons_socket(env: dict[str, str]) -> None:
    """The perl client computes the runtime directory on its own, as the daemon does."""
    with tempfile.TemporaryDirectory(prefix="pl-", dir="/tmp") as name:
        root = Path(name)
        env = {k: v.format(root=root) for k, v in env.items()}
        runtime = locations(env, platform="linux").runtime
        runtime.mkdir(parents=True)
        script = root / "security-hook"
        perl = require_tool("perl", "apt-get install -y perl")
        write_launcher(script, perl_script(root / "client", perl))
        fake = FakeDaemon(runtime / "sock", b"SH1 0 2\n{}")
        try:
            result = subprocess.run(
                [str(script), "pre", "bash"], input=b"{}", env={"PATH": "/usr/bin:/bin", **env}, timeout=30
            )
        finally:
            fake.close()
        assert result.returncode == 0 and len(fake.requests) == 1


def test_without_a_runtime_variable_the_perl_client_uses_the_users_tmp_directory(tmp_path: Path) -> None:
    text = perl_script(tmp_path / "client", "/usr/bin/perl")
    expected = str(locations({"HOME": "/h"}, platform="linux").runtime).replace(str(os.getuid()), "$<")
    assert f'$run = "{expected}";' in text
