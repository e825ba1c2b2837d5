"""The socket server's two ways to answer, over a real Unix socket: on the spot from the
read callback (`respond_now`), or through the handler's task when that declines."""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path

from security_hooks.daemon.server import Server
from security_hooks.protocol import encode_head, encode_response, parse_response


def _request(path: Path, phase: bytes, payload: bytes) -> tuple[str, int, bytes, bytes]:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.connect(str(path))
        sock.sendall(encode_head([(b"v", b"1"), (b"phase", phase)]) + payload)
        sock.shutdown(socket.SHUT_WR)
        chunks = []
        while chunk := sock.recv(1 << 16):
            chunks.append(chunk)
    return parse_response(b"".join(chunks))


def _serve(tmp_path: Path, calls: list[tuple[str, str]]) -> list[tuple[str, int, bytes, bytes]]:
    """Three requests: one answered on the spot, one handed to the handler, one whose
    quick answer fails. `calls` records which way each went."""

    def respond_now(fields: dict[str, str], payload: bytes) -> bytes | None:
        calls.append(("now", fields["phase"]))
        if fields["phase"] == "boom":
            raise RuntimeError("quick path broke")
        if fields["phase"] == "later":
            return None
        return encode_response(0, b"now:" + payload, b"")

    async def handler(fields: dict[str, str], payload: bytes) -> bytes:
        calls.append(("handler", fields["phase"]))
        await asyncio.sleep(0)
        return encode_response(2, b"", b"handled:" + payload)

    async def scenario() -> list[tuple[str, int, bytes, bytes]]:
        server = Server(tmp_path / "sock", handler, max_payload=lambda: 1 << 20, respond_now=respond_now)
        await server.start()
        loop = asyncio.get_running_loop()
        try:
            answers = []
            for phase in (b"pre", b"later", b"boom"):
                answers.append(await loop.run_in_executor(None, _request, tmp_path / "sock", phase, b"x"))
            assert server.in_flight == 0
            assert len(server.timings) == 2  # the failed call is not timed as a decision
            return answers
        finally:
            server.close()

    return asyncio.run(scenario())


def test_a_call_is_answered_on_the_spot_or_by_the_handler_and_a_failure_is_an_error_frame(
    tmp_path: Path,
) -> None:
    calls: list[tuple[str, str]] = []
    now, later, boom = _serve(tmp_path, calls)
    assert now == ("ok", 0, b"now:x", b"")
    assert later == ("ok", 2, b"", b"handled:x")
    assert boom[0] == "error" and b"RuntimeError" in boom[2] + boom[3]
    assert calls == [("now", "pre"), ("now", "later"), ("handler", "later"), ("now", "boom")]
