"""Sustained load with a stalled log endpoint: connectors must never slow a decision.

    python bench/sustained.py [--seconds 60] [--clients 32] [--rate 500] [--stall 10]

In an isolated HOME, a real daemon is configured with a webhook connector pointed at a
local HTTP receiver. 32 socket clients send hook payloads (allowed and denied calls)
for the whole run, together 500 calls/s by default (`--rate 0`: each client sends its
next call as soon as the last is answered, which measures saturation, where latency is
queueing); halfway through, the receiver stops answering for 10 s (a dead SIEM), then
recovers.

Reported and checked:
- decision latency p99 in the first and the second half of the run: the second half,
  which holds the stall, must stay within 20% of the first;
- every decision answered is a line in the local JSONL log (nothing lost);
- what the webhook received, and what its bounded queue dropped during the stall.

With --seconds below 60 the stall shrinks with it (a sixth of the run) unless --stall
is given. Exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import json
import socket
import sys
import threading
import time
from collections.abc import Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from _support import Sandbox, percentile, report
from latency import bash_payload, raw_request


class StallingReceiver:
    """Counts the records POSTed to it; between `stall_from` and `stall_until` it holds
    every request without answering."""

    def __init__(self) -> None:
        self.records = 0
        self.requests = 0
        self.stall_from = float("inf")
        self.stall_until = 0.0
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - the http.server API
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                while receiver.stall_from <= time.monotonic() < receiver.stall_until:
                    time.sleep(0.05)
                with receiver.lock:
                    receiver.requests += 1
                    receiver.records += len(json.loads(body))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/ingest"

    def __enter__(self) -> StallingReceiver:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stall_until = 0.0
        self.server.shutdown()
        self.server.server_close()


def payloads(box: Sandbox) -> list[bytes]:
    project = str(box.project)

    def call(tool: str, tool_input: dict[str, Any]) -> bytes:
        return json.dumps(
            {
                "session_id": "sustained",
                "cwd": project,
                "hook_event_name": "PreToolUse",
                "permission_mode": "default",
                "tool_name": tool,
                "tool_input": tool_input,
            }
        ).encode()

    return [
        bash_payload("git status", project),
        call("Write", {"file_path": f"{project}/src/app.py", "content": "print('hello')\n" * 20}),
        call("Read", {"file_path": f"{project}/README.md"}),
        call("Write", {"file_path": str(box.home / ".bashrc"), "content": "alias ls=rm\n"}),
        call("WebFetch", {"url": "https://docs.python.org/3/library/asyncio.html", "prompt": "summarise"}),
        call("Read", {"file_path": f"{project}/.env"}),
    ]


def load(
    box: Sandbox, clients: int, seconds: float, started: float, rate: float
) -> tuple[list[tuple[float, float]], int]:
    """(start offset, latency in us) of every answered request, and the failures.

    With `rate` > 0 each client paces its calls so that all of them together make
    `rate` calls per second (a busy fleet, below saturation); with 0 every client
    sends its next call as soon as the last is answered (saturation)."""
    bodies = payloads(box)
    results: list[list[tuple[float, float]]] = [[] for _ in range(clients)]
    failures = [0] * clients
    stop = started + seconds
    interval = clients / rate if rate > 0 else 0.0

    def worker(index: int) -> None:
        count = index
        due = started + interval * index / clients
        while (now := time.monotonic()) < stop:
            if interval:
                if now < due:
                    time.sleep(due - now)
                    now = time.monotonic()
                due += interval
            try:
                latency, _ = raw_request(box.socket, "pre", bodies[count % len(bodies)])
            except (OSError, AssertionError):
                failures[index] += 1
                continue
            results[index].append((now - started, latency))
            count += 1

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [item for series in results for item in series], sum(failures)


def daemon_status(box: Sandbox) -> dict[str, Any]:
    from security_hooks import __version__
    from security_hooks.protocol import encode_head, parse_response

    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(10)
    sock.connect(box.socket)
    sock.sendall(encode_head([(b"v", __version__.encode()), (b"phase", b"control")]) + b"status")
    sock.shutdown(socket.SHUT_WR)
    chunks = []
    while chunk := sock.recv(1 << 16):
        chunks.append(chunk)
    sock.close()
    _, _, out, _ = parse_response(b"".join(chunks))
    data: dict[str, Any] = json.loads(out)
    return data


def log_lines(box: Sandbox) -> tuple[int, int]:
    """(records, lines that are not records) across the log and any rotated files."""
    good = bad = 0
    for path in sorted(box.state.glob("hook.log*")):
        for line in path.read_bytes().splitlines():
            try:
                json.loads(line)["decision"]
                good += 1
            except (ValueError, KeyError, TypeError):
                bad += 1
    return good, bad


def timeline(answered: list[tuple[float, float]], seconds: float, window: tuple[float, float]) -> str:
    """p99 per tenth of the run, in ms; windows that overlap the stall are starred."""
    step = seconds / 10
    cells = []
    for i in range(10):
        lo, hi = i * step, (i + 1) * step
        values = [lat for offset, lat in answered if lo <= offset < hi]
        stalled = lo < window[1] and hi > window[0]
        cells.append(f"{percentile(values, 99) / 1000:.2f}{'*' if stalled else ''}")
    return f"p99 (ms) per {step:.0f} s, * = stall: " + " ".join(cells)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--rate", type=float, default=500, help="calls/s, all clients together; 0: flat out")
    parser.add_argument("--stall", type=float, help="stall in seconds (default 10, at most 1/6 of the run)")
    args = parser.parse_args(argv)
    stall = args.stall if args.stall is not None else min(10.0, args.seconds / 6)
    results: list[tuple[str, bool, str]] = []
    with Sandbox() as box, StallingReceiver() as receiver:
        config = box.home / ".config" / "security-hooks"
        config.mkdir(parents=True, exist_ok=True)
        (config / "config.local.toml").write_text(
            "[log]\nmax_bytes = 0\n\n"
            f'[[log.connectors]]\ntype = "webhook"\nname = "siem"\nurl = "{receiver.url}"\n'
            "batch_size = 200\nflush_seconds = 0.5\ntimeout_seconds = 2\nmax_backoff_seconds = 2\n"
        )
        box.start_daemon()
        for body in payloads(box):  # warm up
            raw_request(box.socket, "pre", body)
        warm = 6
        started = time.monotonic()
        receiver.stall_from = started + args.seconds / 2
        receiver.stall_until = receiver.stall_from + stall
        pace = f"{args.rate:,.0f} calls/s in all" if args.rate > 0 else "flat out"
        print(f"{args.clients} clients, {pace}, {args.seconds:.0f} s; webhook stalls {stall:.0f} s at half")
        answered, failures = load(box, args.clients, args.seconds, started, args.rate)
        status = daemon_status(box)
        time.sleep(min(3.0, 0.5 + stall / 4))  # let the connector catch up after the stall
        siem = daemon_status(box)["connectors"][0]
        box.stop_daemon()
        half = args.seconds / 2
        first = [lat for offset, lat in answered if offset < half]
        second = [lat for offset, lat in answered if offset >= half]
        p99_first, p99_second = percentile(first, 99), percentile(second, 99)
        in_stall = [lat for offset, lat in answered if half <= offset < half + stall]
        rate = len(answered) / args.seconds
        print(f"decisions: {len(answered):,} ({rate:,.0f}/s), failed requests: {failures}")
        for name, series in (("first half", first), ("second half", second), ("during stall", in_stall)):
            p50, p99 = percentile(series, 50), percentile(series, 99)
            print(f"{name:<12} p50 {p50:7.0f} us  p99 {p99:7.0f} us  ({len(series):,} calls)")
        print(timeline(answered, args.seconds, (half, half + stall)))
        records, corrupt = log_lines(box)
        expected = len(answered) + warm
        print(f"local log: {records:,} records for {expected:,} decisions ({corrupt} corrupt lines)")
        print(
            f"webhook: {receiver.records:,} records received in {receiver.requests} POSTs; connector sent "
            f"{siem['sent']:,}, dropped {siem['dropped']:,} (queue {siem['queue_size']:,}), "
            f"{siem['failed_attempts']} failed attempts; last error: {siem['last_error']}"
        )
        print(f"decisions counted by the daemon: {sum(status['decisions'].values()):,}")
        change = p99_second / p99_first - 1 if p99_first else float("inf")
        results.append(("second-half p99 within 20% of the first", abs(change) <= 0.20, f"{change:+.1%}"))
        lost = (records == expected and not corrupt, f"{records:,}/{expected:,}")
        results.append(("no decision lost from the local log", *lost))
        results.append(("no failed requests", failures == 0, str(failures)))
        felt = siem["failed_attempts"] > 0 or siem["dropped"] > 0
        attempts = f"{siem['failed_attempts']} failed attempts"
        results.append(("the stall was felt by the connector", felt, attempts))
    return report(results)


if __name__ == "__main__":
    sys.exit(main())
