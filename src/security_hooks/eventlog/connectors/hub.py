"""The connectors configured in `[[log.connectors]]`, built from an explicit registry.

`configure` is called by the log writer whenever the settings change (a config reload):
unchanged connectors keep running with their queues, removed ones are closed, new
ones started. `offer` hands a record to every connector whose filter wants it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ..settings import ConnectorSpec
from .base import Connector
from .queue import Record

Factory = Callable[[ConnectorSpec, Mapping[str, str]], Connector]

# Each connector's module (http.client, socket code) is imported only when a
# connector of that kind is configured: most installs have none, and the daemon's
# cold start is on the first hook call's path.


def _stdout(spec: ConnectorSpec, env: Mapping[str, str]) -> Connector:
    from .stdout import StdoutConnector

    return StdoutConnector(spec)


def _syslog(spec: ConnectorSpec, env: Mapping[str, str]) -> Connector:
    from .syslog import SyslogConnector

    return SyslogConnector(spec)


def _webhook(spec: ConnectorSpec, env: Mapping[str, str]) -> Connector:
    from .webhook import WebhookConnector

    return WebhookConnector(spec, env)


def _otlp(spec: ConnectorSpec, env: Mapping[str, str]) -> Connector:
    from .otlp import OtlpConnector

    return OtlpConnector(spec, env)


REGISTRY: dict[str, Factory] = {"stdout": _stdout, "syslog": _syslog, "webhook": _webhook, "otlp": _otlp}
CLOSE_SECONDS = 2.0


class ConnectorHub:
    def __init__(self, env: Mapping[str, str], registry: Mapping[str, Factory] = REGISTRY) -> None:
        self.env = env
        self.registry = registry
        self.connectors: tuple[Connector, ...] = ()

    def serves(self, specs: tuple[ConnectorSpec, ...]) -> bool:
        """True when `configure(specs)` would change nothing."""
        return tuple(c.spec for c in self.connectors) == specs

    def configure(self, specs: tuple[ConnectorSpec, ...]) -> None:
        """Apply new specs; closing a replaced connector may wait up to CLOSE_SECONDS."""
        if self.serves(specs):
            return
        remaining = list(self.connectors)
        fresh = []
        for spec in specs:
            connector = next((c for c in remaining if c.spec == spec), None)
            if connector is None:
                connector = self.registry[spec.kind](spec, self.env)
                connector.start()
            else:
                remaining.remove(connector)
            fresh.append(connector)
        self.connectors = tuple(fresh)
        self._close_all(remaining, CLOSE_SECONDS)

    def offer(self, record: Record) -> None:
        for connector in self.connectors:
            if connector.spec.wants(record):
                connector.offer(record)

    def health(self) -> list[dict[str, Any]]:
        return [connector.health() for connector in self.connectors]

    def close(self, timeout: float = CLOSE_SECONDS) -> None:
        connectors, self.connectors = self.connectors, ()
        self._close_all(list(connectors), timeout)

    @staticmethod
    def _close_all(connectors: list[Connector], timeout: float) -> None:
        for connector in connectors:
            connector.stop(timeout)
        for connector in connectors:
            connector.join()
