"""The Unix socket server: framing, peer checks and deadlines. It knows nothing of rules.

Each connection carries one request. The server reads the head and the payload (to
end of stream), checks that the peer is the same user, hands both to the handler and
writes back its bytes. A call the handler can answer on the spot (`respond_now`) is
answered from the read callback itself, with no task and no further turn of the loop.
"""

from __future__ import annotations

import asyncio
import collections
import os
import socket
import struct
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from ..protocol import MAX_HEAD, encode_error, parse_head
from .lifecycle import log

Handler = Callable[[dict[str, str], bytes], Awaitable[bytes]]
QuickHandler = Callable[[dict[str, str], bytes], bytes | None]  # None: the call needs `Handler`
BoundHead = Callable[[str], dict[str, str]]  # a client's bound address -> its request head
READ_TIMEOUT = 30.0
TIMING_WINDOW = 10_000


def peer_uid(sock: Any) -> int | None:
    """The uid of the process at the other end of a Unix socket, or None if unknown."""
    try:
        if hasattr(socket, "SO_PEERCRED"):
            size = struct.calcsize("3i")
            _pid, uid, _gid = struct.unpack(
                "3i", sock.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, size)
            )
            return int(uid)
        if sys.platform == "darwin":
            local_peercred = getattr(socket, "LOCAL_PEERCRED", 0x001)
            data = sock.getsockopt(0, local_peercred, struct.calcsize("iih16i"))
            return int(struct.unpack_from("i", data, 4)[0])
    except OSError:
        return None
    return None


class Server:
    def __init__(
        self,
        path: Path,
        handler: Handler,
        *,
        max_payload: Callable[[], int],
        bound_head: BoundHead | None = None,
        respond_now: QuickHandler | None = None,
    ) -> None:
        self.path = path
        self.handler = handler
        self.respond_now = respond_now
        self.max_payload = max_payload
        self.bound_head = bound_head
        self.uid = os.getuid()
        self.loop: asyncio.AbstractEventLoop | None = None  # set by start(); kept, as asking costs a syscall
        self.in_flight = 0
        self.refused = 0
        # Socket in (the whole request read) to socket out (the answer handed to the
        # kernel), in microseconds, for the last requests: `daemon status` reports it.
        self.timings: collections.deque[int] = collections.deque(maxlen=TIMING_WINDOW)
        self._server: asyncio.AbstractServer | None = None

    async def start(self) -> None:
        loop = self.loop = asyncio.get_running_loop()
        old_mask = os.umask(0o177)  # the socket is created 0600
        try:
            self._server = await loop.create_unix_server(
                lambda: Connection(self), path=str(self.path), backlog=512
            )
        finally:
            os.umask(old_mask)
        os.chmod(self.path, 0o600)

    def close(self) -> None:
        if self._server is not None:
            self._server.close()


class Connection(asyncio.Protocol):
    """One request: the head up to its blank line, then the payload to end of stream.
    (Or, from a client bound to a name, the head from `bound_head` and the stream as the
    payload.)

    A protocol rather than a stream reader: bytes are kept as they arrive, with no flow
    control pausing the socket every 128 KiB and no task until the request is whole.
    The connection counts as in flight from accept until its answer is written (or the
    client is gone and the handler has finished), so a drain waits for its log line.
    """

    def __init__(self, server: Server) -> None:
        self.server = server
        self.transport: asyncio.Transport | None = None
        self.head = bytearray()
        self.fields: dict[str, str] | None = None
        self.chunks: list[bytes] = []
        self.size = 0
        self.limit = 0
        self.stalled: asyncio.TimerHandle | None = None
        self.answering = False  # the request is whole (or refused): no more reading
        self.open = True
        self.busy = False  # the handler is running
        self.counted = False  # in the server's in-flight count

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        self.server.in_flight += 1
        self.counted = True
        uid = peer_uid(transport.get_extra_info("socket"))
        if uid != self.server.uid:
            self.server.refused += 1
            self.answer(encode_error(f"connection refused: peer uid {uid} is not the daemon's user"))
            return
        self.limit = self.server.max_payload()
        peer = transport.get_extra_info("peername")
        if peer and isinstance(peer, str) and self.server.bound_head is not None:
            # A client that bound its end to a name left its head in a file beside it
            # (the shell client streaming its stdin); the stream is then the payload alone.
            try:
                self.fields = self.server.bound_head(peer)
            except ValueError as exc:
                self.answer(encode_error(str(exc)))
                return
            except Exception as exc:  # an answer the shell client hands over on, never silence
                self.answer(encode_error(f"the daemon failed ({type(exc).__name__})"))
                return
        # One timer for the whole read: a client that stalls has its connection aborted
        # and falls back on its own.
        self.stalled = self._loop().call_later(READ_TIMEOUT, transport.abort)

    def data_received(self, data: bytes) -> None:
        if self.answering:
            return
        if self.fields is None:
            searched = max(0, len(self.head) - 1)  # a blank line may straddle two sends
            self.head += data
            end = self.head.find(b"\n\n", searched)
            if end < 0 or end > MAX_HEAD:
                if end > MAX_HEAD or len(self.head) > MAX_HEAD:
                    self.answer(encode_error("malformed request head"))
                return
            try:
                self.fields = parse_head(bytes(self.head[:end]))
            except ValueError:
                self.answer(encode_error("malformed request head"))
                return
            data = bytes(self.head[end + 2 :])
            self.head = bytearray()
        self.size += len(data)
        if self.size <= self.limit:
            self.chunks.append(data)
        elif self.chunks:
            self.chunks = []  # keep reading so the client can finish sending

    def eof_received(self) -> bool:
        if self.answering:
            return True
        if self.fields is None:
            self.answer(encode_error("malformed request head"))
            return True
        received = time.perf_counter_ns()
        fields, payload = self.fields, b"".join(self.chunks)
        if self.size > self.limit:
            fields, payload = {**fields, "oversize": str(self.size)}, b""
        self.chunks = []
        self.answering = True
        self._cancel_timer()
        if self.server.respond_now is not None:
            try:
                answer = self.server.respond_now(fields, payload)
            except Exception as exc:  # the client falls back to deciding in process
                log(f"request failed: {type(exc).__name__}: {exc}")
                answer, received = encode_error(f"the daemon failed ({type(exc).__name__})"), 0
            if answer is not None:
                self.answer(answer, received)
                return True
        self.busy = True
        self._loop().create_task(self._handle(fields, payload, received))
        return True  # keep the write side open for the answer

    async def _handle(self, fields: dict[str, str], payload: bytes, received: int) -> None:
        try:
            response = await self.server.handler(fields, payload)
        except Exception as exc:  # the client falls back to deciding in process
            log(f"request failed: {type(exc).__name__}: {exc}")
            response, received = encode_error(f"the daemon failed ({type(exc).__name__})"), 0
        self.busy = False
        self.answer(response, received)

    def answer(self, response: bytes, received: int = 0) -> None:
        """Write the answer, end the stream at once and close."""
        self.answering = True
        self._cancel_timer()
        transport = self.transport
        if transport is not None and self.open and not transport.is_closing():
            transport.write(response)
            if received:
                self.server.timings.append((time.perf_counter_ns() - received) // 1000)
            # End of stream now, not when the transport closes a loop turn later (after
            # the log writer and other ready tasks): the client reads to EOF.
            transport.write_eof()
            transport.close()
        self._release()

    def connection_lost(self, exc: Exception | None) -> None:
        self.open = False
        self._cancel_timer()
        self.chunks = []
        if not self.busy:
            self._release()

    def _release(self) -> None:
        if self.counted and not self.busy:
            self.counted = False
            self.server.in_flight -= 1

    def _loop(self) -> asyncio.AbstractEventLoop:
        return self.server.loop or asyncio.get_running_loop()

    def _cancel_timer(self) -> None:
        if self.stalled is not None:
            self.stalled.cancel()
            self.stalled = None
