"""`stdout`: one JSON line per record on the daemon's standard output, for containers
and CI (run `security-hookd --foreground` so the output reaches the collector)."""

from __future__ import annotations

import os

from ..record import encode
from ..settings import ConnectorSpec
from .base import Connector
from .queue import Record


class StdoutConnector(Connector):
    batch_size = 256

    def __init__(self, spec: ConnectorSpec, fd: int = 1) -> None:
        super().__init__(spec)
        self.fd = fd

    @property
    def target(self) -> str:
        return "stdout"

    def send(self, batch: list[Record]) -> None:
        view = memoryview(b"".join(encode(record) for record in batch))
        while view:
            view = view[os.write(self.fd, view) :]
