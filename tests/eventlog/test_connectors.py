from __future__ import annotations

import threading
import time
from typing import Any

import pytest

from security_hooks.config.load import ConfigLayer, build_config
from security_hooks.eventlog.connectors.base import Connector, RejectedError, SendError
from security_hooks.eventlog.connectors.hub import ConnectorHub
from security_hooks.eventlog.connectors.otlp import any_value, export_request, unix_nanos
from security_hooks.eventlog.connectors.queue import DropOldestQueue, Record
from security_hooks.eventlog.connectors.syslog import format_message, structured_data
from security_hooks.eventlog.health import connector_problems
from security_hooks.eventlog.settings import ConnectorSpec, connector_specs

RECORD = {
    "ts": "2026-03-26T14:02:03.250Z", "event": "PreToolUse", "tool": "Bash", "input": "rm -rf /",
    "rule": 'odd "rule" [x] \\ y', "decision": "deny", "nudge": "no", "host": "build 7", "user": "dev",
    "session": "s1", "latency_us": 90,
}  # fmt: skip


def test_syslog_message_is_rfc5424_with_escaped_structured_data() -> None:
    message = format_message(RECORD, procid=42).decode()
    head, sd_and_msg = message.split(" [", 1)
    assert head == "<36>1 2026-03-26T14:02:03.250Z build7 security-hooks 42 PreToolUse"
    assert sd_and_msg.startswith(
        'security-hooks@32473 decision="deny" rule="odd \\"rule\\" [x\\] \\\\ y" tool="Bash"'
    )
    assert message.endswith('"latency_us":90}')
    assert structured_data({}, "x@1") == "-"


def test_syslog_message_is_capped_on_a_character_boundary() -> None:
    record = {**RECORD, "input": "é" * 5000}
    message = format_message(record, max_bytes=1000)
    assert len(message) <= 1000
    message.decode("utf-8")


def test_otlp_values_follow_the_json_mapping() -> None:
    assert any_value(5) == {"intValue": "5"}
    assert any_value(True) == {"boolValue": True}
    assert any_value(None) == {"stringValue": "None"}
    assert any_value([1, "a"]) == {"arrayValue": {"values": [{"intValue": "1"}, {"stringValue": "a"}]}}
    assert unix_nanos("2026-03-26T14:02:03.250Z") == "1774533723250000000"
    request = export_request([RECORD], {"team": "red"})
    log = request["resourceLogs"][0]["scopeLogs"][0]["logRecords"][0]
    assert log["severityNumber"] == 17 and log["body"] == {
        "stringValue": 'deny Bash odd "rule" [x] \\ y: rm -rf /'
    }


def test_the_queue_drops_the_oldest_and_counts() -> None:
    queue = DropOldestQueue(3)
    for i in range(5):
        queue.put({"i": i})
    assert queue.dropped == 2
    assert [r["i"] for r in queue.take(10, 0)] == [2, 3, 4]


class Flaky(Connector):
    def __init__(self, spec: ConnectorSpec, failures: list[Exception]) -> None:
        super().__init__(spec)
        self.failures = failures
        self.batches: list[list[Record]] = []
        self.batch_size = 10

    def send(self, batch: list[Record]) -> None:
        if self.failures:
            raise self.failures.pop(0)
        self.batches.append(batch)


def spec(**options: Any) -> ConnectorSpec:
    return connector_specs([{"type": "webhook", "url": "http://x", **options}])[0]


def wait(predicate: Any, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def test_failures_are_retried_with_backoff_then_delivered() -> None:
    connector = Flaky(spec(max_backoff_seconds=0.2), [SendError("down"), OSError(111, "Connection refused")])
    connector.start()
    connector.offer({"n": 1})
    wait(lambda: connector.sent == 1)
    assert connector.failed_attempts == 2 and connector.last_error == "Connection refused"
    assert connector.batches == [[{"n": 1}]]
    connector.close(1)


def test_a_rejected_batch_is_dropped_and_counted() -> None:
    connector = Flaky(spec(), [RejectedError("HTTP 400")])
    connector.start()
    connector.offer({"n": 1})
    wait(lambda: connector.health()["dropped"] == 1)
    connector.offer({"n": 2})
    wait(lambda: connector.sent == 1)
    problems = connector_problems({"connectors": [connector.health()]})
    assert problems == ["log connector 'webhook' (webhook -> webhook): 1 record(s) dropped"]
    connector.close(1)


def test_offer_never_blocks_while_the_sender_is_stuck() -> None:
    release = threading.Event()

    class Stuck(Connector):
        def send(self, batch: list[Record]) -> None:
            release.wait(10)

    connector = Stuck(spec(queue_size=100))
    connector.start()
    started = time.perf_counter()
    for i in range(10_000):
        connector.offer({"i": i})
    assert time.perf_counter() - started < 1.0
    assert connector.queue.dropped >= 10_000 - 101
    release.set()
    connector.close(1)


def test_the_hub_filters_by_decision_and_event_and_keeps_unchanged_connectors() -> None:
    built: list[Flaky] = []

    def factory(s: ConnectorSpec, env: Any) -> Connector:
        built.append(Flaky(s, []))
        return built[-1]

    hub = ConnectorHub({}, {"webhook": factory})
    specs = connector_specs(
        [{"type": "webhook", "url": "http://x", "decisions": ["deny"], "events": ["PreToolUse"]}]
    )
    hub.configure(specs)
    hub.offer({"decision": "deny", "event": "PreToolUse"})
    hub.offer({"decision": "allow", "event": "PreToolUse"})
    hub.offer({"decision": "deny", "event": "PostToolUse"})
    wait(lambda: built[0].sent == 1)
    hub.configure(
        connector_specs(
            [{"type": "webhook", "url": "http://x", "decisions": ["deny"], "events": ["PreToolUse"]}]
        )
    )
    assert len(built) == 1
    hub.configure(())  # stops the connector once its queue is delivered
    assert hub.connectors == ()
    assert [r for batch in built[0].batches for r in batch] == [{"decision": "deny", "event": "PreToolUse"}]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[[log.connectors]]\ntype = "webhook"\n', "log.connectors: item 0 (webhook) lacks the key 'url'"),
        (
            '[[log.connectors]]\ntype = "kafka"\n',
            "log.connectors: item 0 key 'type': expected one of stdout, syslog, webhook, otlp, got 'kafka'",
        ),
        (
            '[[log.connectors]]\ntype = "syslog"\nport = "514"\n',
            "log.connectors: item 0 (syslog) key 'port': expected an integer, got a string",
        ),
        (
            '[[log.connectors]]\ntype = "syslog"\ntransport = "unix"\n',
            "log.connectors: item 0 (syslog) lacks the key 'path'",
        ),
        (
            '[[log.connectors]]\ntype = "stdout"\ndecisions = ["block"]\n',
            "item 0 should be one of allow, ask, deny, warn, got 'block'",
        ),
        (
            '[[log.connectors]]\ntype = "webhook"\nurl = "u"\ntoken = "x"\n',
            "(webhook) has an unknown key 'token'",
        ),
        (
            '[[log.connectors]]\ntype = "webhook"\nurl = "u"\nheaders = { Authorization = "Bearer x" }\n',
            "looks like a credential: set token_env instead",
        ),
        ('[log]\nmax_bytes = "big"\n', "log.max_bytes: expected an integer, got a string"),
    ],
)
def test_connector_config_errors_name_the_file_and_key_path(text: str, expected: str) -> None:
    result = build_config([ConfigLayer("config.local.toml", text)])
    assert result.config is None
    rendered = result.errors[0].render()
    assert rendered.startswith("config.local.toml:") and expected in rendered
