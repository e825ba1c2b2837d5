"""The Unix socket server: framing, peer checks and deadlines. It knows nothing of rules.

Each connection carries one request. The server reads the head and the payload (to
end of stream), checks that the peer is the same user, hands both to the handler and
writes back its bytes.
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

Handler = Callable[[dict[str, str], bytes], Awaitable[bytes]]
READ_TIMEOUT = 30.0
CHUNK = 1 << 20
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
    def __init__(self, path: Path, handler: Handler, *, max_payload: Callable[[], int]) -> None:
        self.path = path
        self.handler = handler
        self.max_payload = max_payload
        self.in_flight = 0
        self.refused = 0
        # Socket in (the whole request read) to socket out (the answer handed to the
        # kernel), in microseconds, for the last requests: `daemon status` reports it.
        self.timings: collections.deque[int] = collections.deque(maxlen=TIMING_WINDOW)
        self._server: asyncio.AbstractServer | None = None

    async def start(self) -> None:
        old_mask = os.umask(0o177)  # the socket is created 0600
        try:
            self._server = await asyncio.start_unix_server(
                self._connection, path=str(self.path), limit=MAX_HEAD + 2, backlog=512
            )
        finally:
            os.umask(old_mask)
        os.chmod(self.path, 0o600)

    def close(self) -> None:
        if self._server is not None:
            self._server.close()

    async def _connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.in_flight += 1
        try:
            response, received = await self._respond(reader, writer)
            writer.write(response)
            # End of stream now, not when the transport closes a loop turn later (after
            # the log writer and other ready tasks): the client reads to EOF.
            if writer.can_write_eof():
                writer.write_eof()
            if received is not None:
                self.timings.append((time.perf_counter_ns() - received) // 1000)
            await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.TimeoutError):
            pass  # the client went away or stalled; it falls back on its own
        finally:
            self.in_flight -= 1
            writer.close()

    async def _respond(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> tuple[bytes, int | None]:
        """The answer, and when the whole request had been read (None if it never was)."""
        uid = peer_uid(writer.get_extra_info("socket"))
        if uid != os.getuid():
            self.refused += 1
            return encode_error(f"connection refused: peer uid {uid} is not the daemon's user"), None
        # One timer for the whole read (cheaper than a wait_for task per await): a client
        # that stalls has its connection aborted and falls back on its own.
        stalled = asyncio.get_running_loop().call_later(READ_TIMEOUT, writer.transport.abort)
        try:
            head = await reader.readuntil(b"\n\n")
            fields = parse_head(head[:-2])
            payload, size = await self._read_payload(reader)
        except (asyncio.LimitOverrunError, ValueError):
            return encode_error("malformed request head"), None
        finally:
            stalled.cancel()
        received = time.perf_counter_ns()
        if payload is None:
            return await self.handler({**fields, "oversize": str(size)}, b""), received
        return await self.handler(fields, payload), received

    async def _read_payload(self, reader: asyncio.StreamReader) -> tuple[bytes | None, int]:
        """The payload to end of stream (None when larger than allowed) and its size."""
        limit = self.max_payload()
        chunks: list[bytes] = []
        size = 0
        while True:
            chunk = await reader.read(CHUNK)
            if not chunk:
                return (b"".join(chunks) if size <= limit else None), size
            size += len(chunk)
            if size <= limit:
                chunks.append(chunk)
            else:
                chunks.clear()  # keep reading so the client can finish sending
