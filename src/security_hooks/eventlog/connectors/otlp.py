"""`otlp`: OpenTelemetry logs over OTLP/HTTP with JSON encoding (`POST .../v1/logs`).

Records become LogRecords of one ResourceLogs: the resource says who sent them
(`service.name` = security-hooks, `host.name`, ...), the body is a one-line summary and
every record field is an attribute under `security_hooks.` (with `session.id` and
`user.name` from the semantic conventions). Any OpenTelemetry collector accepts this
and forwards it to Loki, Elasticsearch, Splunk, Datadog and the like.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Mapping
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from ... import __version__
from .base import options
from .queue import Record
from .webhook import HttpConnector

SCOPE = "security_hooks.eventlog"
# (severityNumber, severityText) by decision; see the OpenTelemetry logs data model.
SEVERITY = {"allow": (9, "INFO"), "warn": (13, "WARN"), "ask": (13, "WARN"), "deny": (17, "ERROR")}
RENAMED = {"session": "session.id", "user": "user.name"}
SKIPPED = frozenset({"ts", "host"})  # ts is timeUnixNano; host is a resource attribute


def any_value(value: Any) -> dict[str, Any]:
    """An OTLP AnyValue in its JSON mapping (64-bit integers as strings)."""
    if isinstance(value, bool):
        return {"boolValue": value}
    if isinstance(value, int):
        return {"intValue": str(value)}
    if isinstance(value, float):
        return {"doubleValue": value}
    if isinstance(value, (list, tuple)):
        return {"arrayValue": {"values": [any_value(v) for v in value]}}
    if isinstance(value, Mapping):
        return {"kvlistValue": {"values": [{"key": str(k), "value": any_value(v)} for k, v in value.items()]}}
    return {"stringValue": str(value)}


def unix_nanos(ts: Any) -> str:
    try:
        moment = datetime.fromisoformat(str(ts).replace("Z", "+00:00"))
    except ValueError:
        return "0"
    return str(int(moment.timestamp() * 1000) * 1_000_000)


def body_text(record: Record) -> str:
    parts = [str(record.get("decision") or "?"), str(record.get("tool") or record.get("event") or "")]
    if record.get("rule"):
        parts.append(str(record["rule"]))
    text = " ".join(p for p in parts if p)
    return f"{text}: {record['input']}" if record.get("input") else text


def log_record(record: Record) -> dict[str, Any]:
    number, text = SEVERITY.get(str(record.get("decision")), (9, "INFO"))
    if record.get("error"):
        number, text = 17, "ERROR"
    attributes = [
        {"key": RENAMED.get(key, f"security_hooks.{key}"), "value": any_value(value)}
        for key, value in record.items()
        if key not in SKIPPED and value is not None
    ]
    nanos = unix_nanos(record.get("ts"))
    return {
        "timeUnixNano": nanos,
        "observedTimeUnixNano": nanos,
        "severityNumber": number,
        "severityText": text,
        "body": {"stringValue": body_text(record)},
        "attributes": attributes,
    }


def export_request(batch: list[Record], resource: Mapping[str, str]) -> dict[str, Any]:
    """An ExportLogsServiceRequest for one batch (all from this host)."""
    host = next((str(r["host"]) for r in batch if r.get("host")), socket.gethostname())
    attributes = {"service.name": "security-hooks", "service.version": __version__, "host.name": host}
    attributes.update(resource)
    resource_attributes = [{"key": k, "value": any_value(v)} for k, v in attributes.items()]
    return {
        "resourceLogs": [
            {
                "resource": {"attributes": resource_attributes},
                "scopeLogs": [
                    {
                        "scope": {"name": SCOPE, "version": __version__},
                        "logRecords": [log_record(record) for record in batch],
                    }
                ],
            }
        ]
    }


class OtlpConnector(HttpConnector):
    url_key = "endpoint"

    def endpoint(self, configured: str) -> str:
        """A bare collector address gets the standard logs path, as OTEL_EXPORTER_OTLP_ENDPOINT does."""
        path = urlsplit(configured).path
        if path.endswith("/v1/logs"):
            return configured
        return configured.rstrip("/") + "/v1/logs"

    def encode(self, batch: list[Record]) -> bytes:
        request = export_request(batch, options(self.spec, "resource"))
        return json.dumps(request, ensure_ascii=False, separators=(",", ":")).encode()
