"""One HTTP POST with a deadline, shared by the webhook and OTLP connectors (stdlib only)."""

from __future__ import annotations

import http.client
import ssl
from collections.abc import Mapping
from urllib.parse import urlsplit

from ... import __version__
from .base import RejectedError, SendError

RETRY_STATUSES = frozenset({408, 425, 429})


def safe_url(url: str) -> str:
    """The URL without credentials, query or fragment, for status output."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return f"{parts.scheme}://{host}{parts.path}"


def token_headers(
    env: Mapping[str, str], token_env: str | None, header: str, prefix: str
) -> tuple[dict[str, str], str | None]:
    """The auth header from the named variable, or a problem when it is not set."""
    if not token_env:
        return {}, None
    token = env.get(token_env)
    if not token:
        return {}, f"token_env names {token_env}, which is not set in the daemon's environment"
    return {header: prefix + token}, None


def post(url: str, body: bytes, headers: Mapping[str, str], timeout: float) -> int:
    """POST `body`; returns the status for 2xx, raises SendError (retry) or RejectedError."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RejectedError(f"unsupported URL {safe_url(url)!r}")
    conn: http.client.HTTPConnection
    if parts.scheme == "https":
        conn = http.client.HTTPSConnection(
            parts.hostname, parts.port, timeout=timeout, context=ssl.create_default_context()
        )
    else:
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    all_headers = {
        "Content-Type": "application/json",
        "User-Agent": f"security-hooks/{__version__}",
        **headers,
    }
    try:
        conn.request("POST", path, body=body, headers=all_headers)
        response = conn.getresponse()
        response.read(1 << 16)
        status = response.status
    except (OSError, http.client.HTTPException) as exc:
        raise SendError(f"POST {safe_url(url)}: {_reason(exc)}") from None
    finally:
        conn.close()
    if 200 <= status < 300:
        return status
    message = f"POST {safe_url(url)}: HTTP {status} {response.reason}"
    if status >= 500 or status in RETRY_STATUSES:
        raise SendError(message)
    raise RejectedError(message)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, TimeoutError):
        return "timed out"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__
