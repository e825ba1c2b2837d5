from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from scanners import fake_secrets as fake
from security_hooks.engine.decision import Decision
from security_hooks.engine.event import event_from_payload
from security_hooks.engine.hook import HookOutcome
from security_hooks.engine.output import HookResponse
from security_hooks.eventlog.record import Identity, build_record
from security_hooks.eventlog.redact import Redactor, safe_record
from security_hooks.eventlog.rotate import log_files, rotate
from security_hooks.scanners.secrets import SecretScanner

IDENTITY = Identity("build-7", "dev")
FIELDS = [
    "ts", "event", "tool", "input", "rule", "decision", "nudge", "schema", "session", "cwd",
    "rule_location", "latency_us", "host", "user", "via", "input_bytes", "input_sha256", "redactions",
]  # fmt: skip


@pytest.fixture(scope="module")
def redactor() -> Redactor:
    return Redactor(SecretScanner())


def outcome(tool: str, tool_input: dict[str, object], decision: Decision | None = None) -> HookOutcome:
    payload = {
        "session_id": "s1",
        "cwd": "/w",
        "hook_event_name": "PreToolUse",
        "tool_name": tool,
        "tool_input": tool_input,
    }
    event = event_from_payload(payload, phase="pre", env={"HOME": "/h"})
    return HookOutcome(HookResponse(0), decision or Decision("allow"), event, None, "PreToolUse", 120)


def test_every_field_is_present_in_a_fixed_order() -> None:
    record = build_record(outcome("Bash", {"command": "ls"}), IDENTITY, now=0)
    assert list(record) == FIELDS
    assert record["ts"] == "1970-01-01T00:00:00.000Z"
    assert (record["host"], record["user"], record["session"], record["latency_us"]) == (
        "build-7",
        "dev",
        "s1",
        120,
    )


def test_a_large_write_is_logged_as_its_path_size_and_hash() -> None:
    tool_input = {"file_path": "/w/big.bin", "content": "z" * (10 << 20)}
    record = build_record(outcome("Write", tool_input), IDENTITY, input_max_bytes=256)
    canonical = json.dumps(tool_input, sort_keys=True, separators=(",", ":")).encode()
    assert record["input"] == "/w/big.bin"
    assert record["input_bytes"] == len(canonical)
    assert record["input_sha256"] == hashlib.sha256(canonical).hexdigest()


LONG = 1 << 16  # the slice the digest escapes at a time


@pytest.mark.parametrize(
    "tool_input",
    [
        {"command": "ls -la"},
        {"file_path": "/w/a.py", "content": "é\"\\\n\t\x00" * (LONG // 3)},  # escapes across slices
        {"file_path": "/w/a.py", "content": "a" * (LONG - 1) + "\U0001f600" + "\ud800" * 3 + "ü" * LONG},
        {"edits": [{"old_string": "x" * (2 * LONG), "new_string": "y"}], "file_path": "/w/b.py"},
        {"z": 1, "a": None, "m": {"b": True, "a": [1.5, "ä"]}, "content": "q" * (3 * LONG + 7)},
    ],
    ids=["small", "escapes", "astral-and-lone-surrogates", "nested-long", "mixed-types"],
)
def test_the_digest_is_the_canonical_json_of_the_whole_input(tool_input: dict[str, object]) -> None:
    record = build_record(outcome("Write", tool_input), IDENTITY)
    canonical = json.dumps(tool_input, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    whole = canonical.encode("utf-8", "replace")
    assert (record["input_bytes"], record["input_sha256"]) == (len(whole), hashlib.sha256(whole).hexdigest())


def test_an_over_long_command_is_dropped_whole_not_cut() -> None:
    record = build_record(outcome("Bash", {"command": "x" * 5000}), IDENTITY, input_max_bytes=4096)
    assert record["input"] == f"[omitted: {record['input_bytes']} bytes]"


@pytest.mark.parametrize("kind", fake.KINDS)
def test_each_secret_kind_is_redacted_from_input_and_nudge(redactor: Redactor, kind: str) -> None:
    snippet, secret = fake.planted(kind, 1)
    decision = Decision("deny", rule="r", nudge=f"do not run {snippet}")
    record = safe_record(outcome("Bash", {"command": snippet}, decision), IDENTITY, redactor, via="daemon")
    text = json.dumps(record)
    assert secret not in record["input"] and secret not in record["nudge"]
    assert f"[REDACTED:{kind}]" in record["input"] and f"[REDACTED:{kind}]" in record["nudge"]
    assert record["redactions"] == 2
    assert json.dumps(secret)[1:-1] not in text


def test_over_long_nudges_are_omitted(redactor: Redactor) -> None:
    decision = Decision("deny", rule="r", nudge="n" * 9000)
    record = safe_record(outcome("Bash", {"command": "ls"}, decision), IDENTITY, redactor, via="daemon")
    assert record["nudge"] == "[omitted: 9000 bytes]"


def test_rotation_shifts_files_and_the_views_find_them_oldest_first(tmp_path: Path) -> None:
    log = tmp_path / "hook.log"
    for generation in range(4):
        log.write_text(f"{generation}\n")
        rotate(log, keep=2)
    log.write_text("4\n")
    assert [p.name for p in log_files(log)] == ["hook.log.2", "hook.log.1", "hook.log"]
    assert [p.read_text() for p in log_files(log)] == ["2\n", "3\n", "4\n"]
    rotate(log, keep=0)
    assert not log.exists()
