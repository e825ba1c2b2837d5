"""`webhook`: HTTP POST of JSON arrays of records, in batches.

A batch is sent when it holds `batch_size` records or `flush_seconds` after its first
record, whichever comes first. The token, if any, comes from the environment variable
named by `token_env`; config files never hold it.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping

from ..settings import ConnectorSpec
from .base import Connector, SendError, options
from .http import post, safe_url, token_headers
from .queue import Record


class HttpConnector(Connector):
    """Batching and headers; subclasses say where to POST and how to encode a batch."""

    url_key = "url"

    def __init__(self, spec: ConnectorSpec, env: Mapping[str, str] | None = None) -> None:
        super().__init__(spec)
        self.batch_size = int(spec.get("batch_size", 100))
        self.flush_seconds = float(spec.get("flush_seconds", 1.0))
        self.timeout = float(spec.get("timeout_seconds", 5.0))
        self.url = self.endpoint(str(spec.get(self.url_key, "")))
        auth, self.problem = token_headers(
            os.environ if env is None else env,
            spec.get("token_env", None),
            str(spec.get("token_header", "Authorization")),
            str(spec.get("token_prefix", "Bearer ")),
        )
        self.headers = {**options(spec, "headers"), **auth}

    def endpoint(self, configured: str) -> str:
        return configured

    @property
    def target(self) -> str:
        return safe_url(self.url)

    def encode(self, batch: list[Record]) -> bytes:
        raise NotImplementedError

    def send(self, batch: list[Record]) -> None:
        if self.problem:
            raise SendError(self.problem)
        post(self.url, self.encode(batch), self.headers, self.timeout)


class WebhookConnector(HttpConnector):
    def encode(self, batch: list[Record]) -> bytes:
        return json.dumps(list(batch), ensure_ascii=False, separators=(",", ":"), default=str).encode()
