"""`syslog`: RFC 5424 messages over UDP (RFC 5426), TCP with octet counting (RFC 6587)
or a Unix datagram socket (such as /dev/log).

Each message carries the decision in a structured-data element, e.g.
`[security-hooks@32473 decision="deny" rule="edit-shell-rc" tool="Write" ...]`, and the
whole record as JSON in MSG, so a SIEM can filter on the SD params without parsing MSG.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Mapping
from typing import Any

from ..record import encode
from ..settings import ConnectorSpec
from .base import Connector, SendError
from .queue import Record

FACILITIES = {
    "user": 1, "daemon": 3, "auth": 4, "security": 4, "authpriv": 10,
    "local0": 16, "local1": 17, "local2": 18, "local3": 19,
    "local4": 20, "local5": 21, "local6": 22, "local7": 23,
}  # fmt: skip
# Severity by decision: a deny is a warning (4), an ask a notice (5), the rest info (6).
SEVERITIES = {"deny": 4, "ask": 5, "warn": 5, "allow": 6}
ERROR_SEVERITY = 3
DEFAULT_SD_ID = "security-hooks@32473"
SD_FIELDS = ("decision", "rule", "tool", "event", "session", "user", "rule_location", "latency_us")
NILVALUE = "-"


def _header_token(value: Any, limit: int) -> str:
    """A HOSTNAME/APP-NAME/PROCID/MSGID token: printable US-ASCII without spaces, or '-'."""
    text = "".join(c for c in str(value or "") if "!" <= c <= "~")[:limit]
    return text or NILVALUE


def _param_value(value: Any) -> str:
    r"""RFC 5424 §6.3.3: '"', '\' and ']' are escaped with a backslash."""
    text = str(value)
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("]", "\\]")


def structured_data(record: Mapping[str, Any], sd_id: str) -> str:
    params = []
    for key in SD_FIELDS:
        value = record.get(key)
        if value is None or value == "":
            continue
        params.append(f'{key}="{_param_value(value)}"')
    return f"[{sd_id} {' '.join(params)}]" if params else NILVALUE


def format_message(
    record: Mapping[str, Any],
    *,
    facility: int = FACILITIES["auth"],
    app_name: str = "security-hooks",
    sd_id: str = DEFAULT_SD_ID,
    procid: int | None = None,
    max_bytes: int = 8192,
) -> bytes:
    """One RFC 5424 message (without transport framing)."""
    severity = ERROR_SEVERITY if record.get("error") else SEVERITIES.get(str(record.get("decision")), 6)
    header = " ".join(
        [
            f"<{facility * 8 + severity}>1",
            _header_token(record.get("ts"), 64),
            _header_token(record.get("host"), 255),
            _header_token(app_name, 48),
            _header_token(os.getpid() if procid is None else procid, 128),
            _header_token(record.get("event"), 32),
        ]
    )
    head = f"{header} {structured_data(record, sd_id)} ".encode()
    body = encode(record).rstrip(b"\n")
    room = max(0, max_bytes - len(head))
    if len(body) > room:  # cut on a character boundary; the SD element still says it all
        body = body[:room].decode("utf-8", "ignore").encode()
    return head + body


class SyslogConnector(Connector):
    batch_size = 64

    def __init__(self, spec: ConnectorSpec) -> None:
        super().__init__(spec)
        self.transport = str(spec.get("transport", "udp"))
        self.host = str(spec.get("host", "127.0.0.1"))
        self.port = int(spec.get("port", 514))
        self.path = str(spec.get("path", "/dev/log"))
        self.timeout = float(spec.get("timeout_seconds", 5.0))
        self.facility = FACILITIES[str(spec.get("facility", "auth"))]
        self.app_name = str(spec.get("app_name", "security-hooks"))
        self.sd_id = str(spec.get("sd_id", DEFAULT_SD_ID))
        self.max_bytes = int(spec.get("max_message_bytes", 8192))
        self._sock: socket.socket | None = None

    @property
    def target(self) -> str:
        if self.transport == "unix":
            return f"unix://{self.path}"
        return f"{self.transport}://{self.host}:{self.port}"

    def message(self, record: Record) -> bytes:
        return format_message(
            record, facility=self.facility, app_name=self.app_name, sd_id=self.sd_id, max_bytes=self.max_bytes
        )

    def send(self, batch: list[Record]) -> None:
        sock = self._connect()
        try:
            if self.transport == "tcp":
                framed = [b"%d %s" % (len(m), m) for m in map(self.message, batch)]
                sock.sendall(b"".join(framed))
            elif self.transport == "udp":
                for record in batch:
                    sock.sendto(self.message(record), (self.host, self.port))
            else:
                for record in batch:
                    sock.send(self.message(record))
        except OSError:
            self.shutdown()  # reconnect on the retry
            raise

    def _connect(self) -> socket.socket:
        if self._sock is not None:
            return self._sock
        if self.transport == "unix":
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
            sock.settimeout(self.timeout)
            try:
                sock.connect(self.path)
            except OSError:
                sock.close()
                raise
        else:
            try:
                info = socket.getaddrinfo(self.host, self.port, type=_SOCK_TYPES[self.transport])[0]
            except socket.gaierror as exc:
                raise SendError(f"cannot resolve {self.host}: {exc.strerror}") from None
            sock = socket.socket(info[0], info[1])
            sock.settimeout(self.timeout)
            if self.transport == "tcp":
                try:
                    sock.connect(info[4])
                except OSError:
                    sock.close()
                    raise
        self._sock = sock
        return sock

    def shutdown(self) -> None:
        if self._sock is not None:
            self._sock.close()
            self._sock = None


_SOCK_TYPES = {"udp": socket.SOCK_DGRAM, "tcp": socket.SOCK_STREAM}
