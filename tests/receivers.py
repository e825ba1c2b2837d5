"""Real log receivers on loopback for the connector tests: rsyslog (from the Debian
package, started here with a throw-away config) and a small HTTP server that records
what was POSTed and can be told to stall or fail."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

# One line per message: the parsed RFC 5424 parts, so a malformed message shows up as a
# parse failure (rsyslog then falls back to its legacy parser and these fields differ).
TEMPLATE = "%pri%|%hostname%|%app-name%|%procid%|%msgid%|%structured-data%|%msg%\\n"

RSYSLOG_MISSING = (
    "rsyslogd is not installed: the syslog connector is tested against a real rsyslog. "
    "Run scripts/ci-setup (apt-get install -y rsyslog)."
)


def free_port(kind: int = socket.SOCK_STREAM) -> int:
    with socket.socket(socket.AF_INET, kind) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Rsyslog:
    root: Path
    udp_port: int
    tcp_port: int
    unix_path: Path
    output: Path
    process: subprocess.Popen[bytes] | None = None

    def lines(self) -> list[str]:
        try:
            return self.output.read_text(errors="replace").splitlines()
        except OSError:
            return []

    def wait_lines(self, count: int, timeout: float = 10.0) -> list[str]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            lines = self.lines()
            if len(lines) >= count:
                return lines
            time.sleep(0.05)
        raise AssertionError(f"rsyslog received {len(self.lines())} of {count} messages: {self.lines()}")


def _config(box: Rsyslog) -> str:
    return f"""
global(workDirectory="{box.root}")
module(load="imudp")
module(load="imtcp")
module(load="imuxsock" SysSock.Use="off")
input(type="imudp" address="127.0.0.1" port="{box.udp_port}")
input(type="imtcp" address="127.0.0.1" port="{box.tcp_port}")
input(type="imuxsock" Socket="{box.unix_path}" CreatePath="on" UseSpecialParser="off" ParseHostname="on")
template(name="checked" type="string" string="{TEMPLATE}")
*.* action(type="omfile" file="{box.output}" template="checked")
"""


def _listening(box: Rsyslog) -> bool:
    if not box.unix_path.exists():
        return False
    try:
        socket.create_connection(("127.0.0.1", box.tcp_port), timeout=0.2).close()
    except OSError:
        return False
    return True


@contextmanager
def running_rsyslog(root: Path) -> Iterator[Rsyslog]:
    binary = shutil.which("rsyslogd") or next(
        (p for p in ("/usr/sbin/rsyslogd", "/sbin/rsyslogd") if Path(p).exists()), None
    )
    if binary is None:
        raise AssertionError(RSYSLOG_MISSING)
    root.mkdir(parents=True, exist_ok=True)
    box = Rsyslog(root, free_port(socket.SOCK_DGRAM), free_port(), root / "log.sock", root / "received.log")
    (root / "rsyslog.conf").write_text(_config(box))
    box.process = subprocess.Popen(
        [binary, "-n", "-f", str(root / "rsyslog.conf"), "-i", str(root / "rsyslogd.pid")],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 10
        while not _listening(box):
            if box.process.poll() is not None or time.monotonic() > deadline:
                output = box.process.stdout.read().decode(errors="replace") if box.process.stdout else ""
                raise AssertionError(f"rsyslogd did not start: {output}")
            time.sleep(0.05)
        yield box
    finally:
        box.process.terminate()
        try:
            box.process.wait(5)
        except subprocess.TimeoutExpired:
            box.process.kill()
            box.process.wait(5)
        if box.process.stdout:
            box.process.stdout.close()


@dataclass
class HttpReceiver:
    """Records every POST; `stall_until` makes requests hang, `fail_with` answers an error."""

    port: int = 0
    requests: list[tuple[str, dict[str, str], bytes]] = field(default_factory=list)
    stall_until: float = 0.0
    fail_with: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def bodies(self) -> list[Any]:
        with self.lock:
            return [json.loads(body) for _, _, body in self.requests]

    def raw(self) -> bytes:
        with self.lock:
            return b"\n".join(body for _, _, body in self.requests)

    def wait(self, predicate: Any, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate(self):
                return
            time.sleep(0.02)
        raise AssertionError(f"timed out; received {len(self.requests)} request(s)")


def _handler(receiver: HttpReceiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - the http.server API
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            while time.monotonic() < receiver.stall_until:
                time.sleep(0.05)
            status = receiver.fail_with or 200
            if status == 200:
                with receiver.lock:
                    receiver.requests.append((self.path, dict(self.headers.items()), body))
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet
            return

    return Handler


@contextmanager
def running_http(receiver: HttpReceiver | None = None) -> Iterator[HttpReceiver]:
    receiver = receiver or HttpReceiver()
    server = ThreadingHTTPServer(("127.0.0.1", receiver.port), _handler(receiver))
    server.daemon_threads = True
    receiver.port = int(server.server_address[1])
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        receiver.stall_until = 0.0
        server.shutdown()
        server.server_close()


def check_otlp_request(body: Any) -> list[dict[str, Any]]:
    """Check an OTLP/HTTP JSON ExportLogsServiceRequest's required shape; returns its log records."""
    assert isinstance(body, dict) and isinstance(body.get("resourceLogs"), list) and body["resourceLogs"]
    records: list[dict[str, Any]] = []
    for resource_logs in body["resourceLogs"]:
        attributes = resource_logs["resource"]["attributes"]
        keys = {a["key"] for a in attributes}
        assert {"service.name", "host.name"} <= keys
        for attribute in attributes:
            check_any_value(attribute["value"])
        assert resource_logs["scopeLogs"], "scopeLogs is empty"
        for scope_logs in resource_logs["scopeLogs"]:
            assert isinstance(scope_logs["scope"]["name"], str)
            for record in scope_logs["logRecords"]:
                assert isinstance(record["timeUnixNano"], str) and record["timeUnixNano"].isdigit()
                assert int(record["timeUnixNano"]) > 1_600_000_000 * 10**9
                assert isinstance(record["severityNumber"], int) and 1 <= record["severityNumber"] <= 24
                assert isinstance(record["severityText"], str)
                check_any_value(record["body"])
                for attribute in record["attributes"]:
                    assert isinstance(attribute["key"], str) and attribute["key"]
                    check_any_value(attribute["value"])
                records.append(record)
    return records


ANY_VALUE_KEYS = {
    "stringValue",
    "boolValue",
    "intValue",
    "doubleValue",
    "arrayValue",
    "kvlistValue",
    "bytesValue",
}


def check_any_value(value: Any) -> None:
    assert isinstance(value, dict) and len(value) == 1, value
    ((key, inner),) = value.items()
    assert key in ANY_VALUE_KEYS, key
    if key == "intValue":
        assert isinstance(inner, str) and inner.lstrip("-").isdigit()
    if key == "arrayValue":
        for item in inner["values"]:
            check_any_value(item)
    if key == "kvlistValue":
        for item in inner["values"]:
            check_any_value(item["value"])


def attributes(record: dict[str, Any]) -> dict[str, Any]:
    return {a["key"]: next(iter(a["value"].values())) for a in record["attributes"]}
