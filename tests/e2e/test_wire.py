"""The daemon's socket framing, end to end: a real daemon and raw sockets.

Requests that arrive in pieces are still decided; malformed ones get a one-line error;
a client that leaves half-way leaves nothing behind.
"""

from __future__ import annotations

import json
import os
import socket
import time
from typing import Any

import pytest

from e2e_support import HookEnv
from security_hooks import __version__
from security_hooks.protocol import MAX_HEAD, RS, encode_head, parse_response

pytestmark = pytest.mark.e2e


def running_socket(hookenv: HookEnv) -> str:
    started = hookenv.run("daemon", "start")
    assert started.returncode == 0, started.stderr
    return str(hookenv.runtime / "sock")


def exchange(path: str, pieces: list[bytes], *, pause: float = 0.0) -> bytes:
    """Send the pieces one send at a time, end the request, and read the answer whole."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(10)
        sock.connect(path)
        for piece in pieces:
            try:
                sock.sendall(piece)
            except (BrokenPipeError, ConnectionResetError):
                break  # the daemon answered early and stopped reading
            time.sleep(pause)
        try:
            sock.shutdown(socket.SHUT_WR)
        except OSError:
            pass
        chunks = []
        while chunk := sock.recv(1 << 16):
            chunks.append(chunk)
    return b"".join(chunks)


def bash_request(hookenv: HookEnv, command: str) -> bytes:
    payload = hookenv.pre("Bash", {"command": command})
    head = encode_head([(b"v", __version__.encode()), (b"phase", b"pre"), (b"family", b"any")])
    return head + json.dumps(payload).encode()


def decision(answer: bytes) -> dict[str, Any]:
    kind, code, out, err = parse_response(answer)
    assert (kind, code) == ("ok", 0), err
    return json.loads(out)["hookSpecificOutput"]  # type: ignore[no-any-return]


def status(hookenv: HookEnv) -> dict[str, Any]:
    return json.loads(hookenv.run("daemon", "status", "--json").stdout)  # type: ignore[no-any-return]


def test_a_request_sent_a_byte_at_a_time_is_decided(hookenv: HookEnv) -> None:
    path = running_socket(hookenv)
    request = bash_request(hookenv, "rm -rf /")
    answer = exchange(path, [request[i : i + 1] for i in range(len(request))])
    assert decision(answer)["permissionDecision"] == "deny"


def test_a_payload_in_slow_pieces_is_decided(hookenv: HookEnv) -> None:
    path = running_socket(hookenv)
    request = bash_request(hookenv, "git push --force origin main")
    cut = request.index(b"\n\n") + 1  # the head's blank line split across two sends
    answer = exchange(path, [request[:cut], request[cut : cut + 20], request[cut + 20 :]], pause=0.05)
    assert decision(answer)["permissionDecision"] == "deny"


@pytest.mark.parametrize(
    "request_bytes",
    [
        pytest.param(b"GET / HTTP/1.0\r\n\r\n", id="not our protocol"),
        pytest.param(b"SH1\nno equals sign\n\n{}", id="a field without a value"),
        pytest.param(b"SH1\nv=1", id="end of stream inside the head"),
        pytest.param(b"", id="nothing at all"),
    ],
)
def test_a_malformed_request_gets_a_one_line_error(hookenv: HookEnv, request_bytes: bytes) -> None:
    path = running_socket(hookenv)
    answer = exchange(path, [request_bytes])
    assert answer == b"SH1 ERROR malformed request head\n"
    assert status(hookenv)["in_flight"] == 1  # only the status request itself


def test_a_head_that_never_ends_is_cut_off(hookenv: HookEnv) -> None:
    path = running_socket(hookenv)
    endless = b"SH1\n" + b"k=" + b"v" * (MAX_HEAD + 1024)
    answer = exchange(path, [endless[i : i + 8192] for i in range(0, len(endless), 8192)])
    assert answer == b"SH1 ERROR malformed request head\n"


def test_a_head_longer_than_allowed_is_refused_even_when_it_ends(hookenv: HookEnv) -> None:
    path = running_socket(hookenv)
    long_head = b"SH1\n" + b"k=" + b"v" * (MAX_HEAD + 16) + b"\n\n{}"
    assert exchange(path, [long_head]) == b"SH1 ERROR malformed request head\n"


def test_a_client_that_leaves_half_way_leaves_nothing_behind(hookenv: HookEnv) -> None:
    path = running_socket(hookenv)
    request = bash_request(hookenv, "ls -la")
    for cut in (3, request.index(b"\n\n"), len(request) - 5):
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.connect(path)
            sock.sendall(request[:cut])
    hookenv.wait_for(lambda: status(hookenv)["in_flight"] == 1, what="the abandoned requests to be released")
    assert decision(exchange(path, [bash_request(hookenv, "rm -rf ~")]))["permissionDecision"] == "deny"


# -- the shell client's requests: a head that names a spool file --------------------


def shell_request(spool: str) -> bytes:
    fields = [(b"v", __version__.encode()), (b"phase", b"pre"), (b"family", b"bash"), (b"form", b"sh")]
    return encode_head([*fields, (b"spool", spool.encode())])


def shell_answer(answer: bytes) -> tuple[int, bytes, bytes]:
    head, _, rest = answer.partition(b"\n")
    assert head.startswith(b"SH1 ") and rest.endswith(RS + b"."), answer
    out, _, err = rest[:-2].partition(RS)
    return int(head[4:]), out, err


def test_a_spooled_payload_is_decided_and_its_file_removed(hookenv: HookEnv) -> None:
    path = running_socket(hookenv)
    spool = hookenv.runtime / "spool" / "4242"
    spool.write_bytes(json.dumps(hookenv.pre("Bash", {"command": "rm -rf /"})).encode())
    code, out, err = shell_answer(exchange(path, [shell_request("4242")]))
    assert code == 0 and err == b"" and json.loads(out)["hookSpecificOutput"]["permissionDecision"] == "deny"
    assert not spool.exists()


@pytest.mark.parametrize("name", ["../daemon.json", "/etc/passwd", "12a", "", "1" * 21, "١٢"])
def test_a_spool_name_can_only_be_digits(hookenv: HookEnv, name: str) -> None:
    path = running_socket(hookenv)
    kind, _, _, detail = parse_response(exchange(path, [shell_request(name)]))
    assert (kind, detail) == ("error", b"malformed spool name")


def test_a_spool_that_is_a_link_or_a_fifo_is_refused_at_once(hookenv: HookEnv) -> None:
    path = running_socket(hookenv)
    target = hookenv.root / "secret.json"
    target.write_text("{}")
    (hookenv.runtime / "spool" / "1").symlink_to(target)
    os.mkfifo(hookenv.runtime / "spool" / "2")  # opening it for reading would block the loop
    for name, problem in (("1", b"cannot open the spool file"), ("2", b"not a regular file")):
        kind, _, _, detail = parse_response(exchange(path, [shell_request(name)]))
        assert kind == "error" and problem in detail
    assert decision(exchange(path, [bash_request(hookenv, "rm -rf /")]))["permissionDecision"] == "deny"


def test_a_spool_over_the_limit_is_denied_unread(hookenv: HookEnv) -> None:
    (hookenv.config).mkdir(parents=True, exist_ok=True)
    (hookenv.config / "config.local.toml").write_text("[daemon]\nmax_payload_mb = 1\n")
    path = running_socket(hookenv)
    (hookenv.runtime / "spool" / "7").write_bytes(b"{" + b" " * (2 << 20) + b"}")
    code, out, err = shell_answer(exchange(path, [shell_request("7")]))
    assert code == 2 and out == b"" and b"exceeds the 1 MB limit" in err


def test_a_new_payload_limit_applies_once_the_config_reloads(hookenv: HookEnv) -> None:
    path = running_socket(hookenv)
    big = bash_request(hookenv, "ls " + "x" * (2 << 20))
    assert parse_response(exchange(path, [big]))[:2] == ("ok", 0)  # decided under the default 64 MB
    reloads = status(hookenv)["reloads"]
    hookenv.config.mkdir(parents=True, exist_ok=True)
    (hookenv.config / "config.local.toml").write_text("[daemon]\nmax_payload_mb = 1\n")
    hookenv.wait_for(lambda: status(hookenv)["reloads"] > reloads, timeout=3, what="reload")
    code, out, err = parse_response(exchange(path, [big]))[1:]
    assert code == 2 and out == b"" and b"exceeds the 1 MB limit" in err
