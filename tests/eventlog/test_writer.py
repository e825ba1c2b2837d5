from __future__ import annotations

import asyncio
import json
import threading
from pathlib import Path
from typing import Any

from security_hooks.engine.decision import Decision
from security_hooks.engine.event import event_from_payload
from security_hooks.engine.hook import HookOutcome
from security_hooks.engine.output import HookResponse
from security_hooks.eventlog.connectors.base import Connector
from security_hooks.eventlog.connectors.hub import ConnectorHub
from security_hooks.eventlog.connectors.queue import Record
from security_hooks.eventlog.record import Identity
from security_hooks.eventlog.redact import Redactor
from security_hooks.eventlog.settings import ConnectorSpec, LogSettings, connector_specs
from security_hooks.eventlog.writer import LogWriter
from security_hooks.scanners.secrets import shared_scanner


def outcome() -> HookOutcome:
    payload = {"session_id": "s", "cwd": "/w", "hook_event_name": "PreToolUse", "tool_name": "Bash",
               "tool_input": {"command": "ls"}}  # fmt: skip
    event = event_from_payload(payload, phase="pre", env={"HOME": "/h"})
    return HookOutcome(HookResponse(0), Decision("allow"), event, None, "PreToolUse", 1)


def test_a_connector_change_is_applied_off_the_event_loop(tmp_path: Path) -> None:
    """Replacing a connector waits for the old one to stop; decisions must not wait with it."""
    stopped_on: list[str] = []

    class Recording(Connector):
        def send(self, batch: list[Record]) -> None:
            pass

        def stop(self, timeout: float) -> None:
            stopped_on.append(threading.current_thread().name)
            super().stop(timeout)

    def factory(spec: ConnectorSpec, env: Any) -> Connector:
        return Recording(spec)

    settings = [LogSettings(tmp_path / "hook.log", connectors=connector_specs([{"type": "stdout"}]))]
    hub = ConnectorHub({}, {"stdout": factory})
    writer = LogWriter(lambda: settings[0], Redactor(shared_scanner), Identity("h", "u"), hub)

    async def scenario() -> None:
        writer.start()
        writer.submit(outcome())
        await asyncio.sleep(0.05)
        settings[0] = LogSettings(tmp_path / "hook.log")
        writer.submit(outcome())
        await writer.close()

    asyncio.run(scenario())
    assert len(stopped_on) == 1 and stopped_on[0].startswith("decision-log")
    logged = [json.loads(line) for line in (tmp_path / "hook.log").read_text().splitlines()]
    assert [r["input"] for r in logged] == ["ls", "ls"]
