"""The daemon's socket framing, end to end: a real daemon and raw sockets.

Requests that arrive in pieces are still decided; malformed ones get a one-line error;
a client that leaves half-way leaves nothing behind.
"""

from __future__ import annotations

import json
import socket
import time
from typing import Any

import pytest

from e2e_support import HookEnv
from security_hooks import __version__
from security_hooks.protocol import MAX_HEAD, encode_head, parse_response

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
