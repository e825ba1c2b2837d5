"""The audit trail end to end: the real daemon sends every decision to the local file
and to real receivers (rsyslog, HTTP servers on loopback), and no planted secret
survives in any of them."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from e2e_support import HookEnv
from receivers import (
    HttpReceiver,
    Rsyslog,
    attributes,
    check_otlp_request,
    free_port,
    running_http,
    running_rsyslog,
)
from scanners import fake_secrets as fake
from security_hooks.eventlog.health import connector_problems

pytestmark = pytest.mark.e2e
TOKEN_NAME = "SIEM_TOKEN"


def configure(env: HookEnv, text: str) -> None:
    env.config.mkdir(parents=True, exist_ok=True)
    (env.config / "config.local.toml").write_text(text)


def connectors_toml(box: Rsyslog, webhook: HttpReceiver, otlp: HttpReceiver) -> str:
    return f"""
[[log.connectors]]
type = "stdout"

[[log.connectors]]
type = "syslog"
name = "syslog-udp"
transport = "udp"
host = "127.0.0.1"
port = {box.udp_port}

[[log.connectors]]
type = "syslog"
name = "syslog-tcp"
transport = "tcp"
host = "127.0.0.1"
port = {box.tcp_port}

[[log.connectors]]
type = "syslog"
name = "syslog-unix"
transport = "unix"
path = "{box.unix_path}"

[[log.connectors]]
type = "webhook"
url = "{webhook.url}/ingest"
token_env = "{TOKEN_NAME}"
headers = {{ "X-Fleet" = "e2e" }}
batch_size = 20
flush_seconds = 0.05

[[log.connectors]]
type = "otlp"
endpoint = "{otlp.url}"
flush_seconds = 0.05
resource = {{ "deployment.environment" = "test" }}
"""


@pytest.fixture
def receivers(tmp_path: Path) -> Iterator[tuple[Rsyslog, HttpReceiver, HttpReceiver]]:
    with running_rsyslog(tmp_path / "rsyslog") as box, running_http() as webhook, running_http() as otlp:
        yield box, webhook, otlp


def strings(value: Any) -> Iterator[str]:
    """Every string inside decoded JSON, so escaped newlines cannot hide a secret."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def json_lines(text: str) -> list[Any]:
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


def syslog_json(lines: list[str]) -> list[Any]:
    return [json.loads(line.split("|", 6)[6]) for line in lines]


def calls_with(env: HookEnv, snippet: str) -> list[tuple[str, str, dict[str, Any]]]:
    """The ways a secret reaches a hook: a command, written content, a URL, a prompt."""
    one_line = snippet.replace("\n", " ")
    return [
        ("pre", "bash", env.pre("Bash", {"command": f"echo '{snippet}' > .env.local"})),
        ("pre", "edit", env.pre("Write", {"file_path": str(env.project / "cfg.py"), "content": snippet})),
        (
            "pre",
            "web",
            env.pre("WebFetch", {"url": f"https://api.example.org/v1?key={one_line}", "prompt": "x"}),
        ),
        (
            "prompt",
            "any",
            {
                "session_id": "e2e",
                "cwd": str(env.project),
                "hook_event_name": "UserPromptSubmit",
                "prompt": f"use {snippet}",
            },
        ),
    ]


def assert_absent(secrets: list[str], where: str, texts: list[str]) -> None:
    joined = "\n".join(texts)
    for secret in secrets:
        pieces = [secret] + [
            line for line in secret.splitlines() if len(line) >= 16 and "PRIVATE KEY" not in line
        ]
        for piece in pieces:
            assert piece not in joined, f"a planted secret reached {where}"


def test_planted_secrets_reach_no_log_line_and_no_connector_payload(
    hookenv: HookEnv, receivers: tuple[Rsyslog, HttpReceiver, HttpReceiver]
) -> None:
    box, webhook, otlp = receivers
    configure(hookenv, connectors_toml(box, webhook, otlp))
    secrets = []
    calls = 0
    for index, kind in enumerate(fake.KINDS):
        snippet, secret = fake.planted(kind, index)
        secrets.append(secret)
        for phase, family, payload in calls_with(hookenv, snippet):
            result = hookenv.hook(phase, family, payload, **{TOKEN_NAME: "t0ken-for-the-test"})
            assert result.returncode in (0, 2), result.stderr
            calls += 1
    hookenv.stop_daemon()  # flushes the file and gives the connectors time to deliver
    box.wait_lines(calls * 3)
    webhook.wait(lambda r: sum(len(b) for b in r.bodies()) >= calls)
    otlp.wait(lambda r: sum(len(check_otlp_request(b)) for b in r.bodies()) >= calls)

    log_text = (hookenv.state / "hook.log").read_text()
    file_records = json_lines(log_text)
    stdout_records = json_lines((hookenv.state / "daemon.log").read_text())
    syslog_records = syslog_json(box.lines())
    sinks = {
        "the decision log": (log_text, file_records),
        "the stdout connector": ("", stdout_records),
        "rsyslog": ("\n".join(box.lines()), syslog_records),
        "the webhook": (webhook.raw().decode(), webhook.bodies()),
        "the OTLP receiver": (otlp.raw().decode(), otlp.bodies()),
    }
    for where, (raw, decoded) in sinks.items():
        assert_absent(secrets, where, [raw, *strings(decoded)])
        assert "[REDACTED:" in "\n".join(strings(decoded)), where
    assert len(file_records) == calls and len(stdout_records) == calls
    assert len(syslog_records) == calls * 3  # udp, tcp and unix
    redacted = {m.split("]")[0] for r in file_records for m in r["input"].split("[REDACTED:")[1:]}
    assert redacted == set(fake.KINDS)
    assert sum(r["redactions"] for r in file_records) >= len(fake.KINDS) * 3
    assert all(r["schema"] == 2 and r["host"] and r["user"] is not None for r in file_records)


def test_rsyslog_parses_the_rfc5424_message_with_its_structured_data(
    hookenv: HookEnv, receivers: tuple[Rsyslog, HttpReceiver, HttpReceiver]
) -> None:
    box, webhook, otlp = receivers
    configure(hookenv, connectors_toml(box, webhook, otlp))
    payload = hookenv.pre("Write", {"file_path": str(hookenv.home / ".bashrc"), "content": 'alias x="]"'})
    hookenv.hook("pre", "edit", payload)
    lines = box.wait_lines(3)
    pid = str(hookenv.daemon_pid())
    for line in lines:
        pri, host, app, procid, msgid, sd, msg = line.split("|", 6)
        assert pri == str(4 * 8 + 4)  # facility auth, severity warning for a deny
        assert (app, procid, msgid) == ("security-hooks", pid, "PreToolUse")
        assert host and host != "-"
        assert sd.startswith(
            '[security-hooks@32473 decision="deny" rule="edit-shell-rc" tool="Write" event="PreToolUse"'
        )
        record = json.loads(msg)
        assert record["rule"] == "edit-shell-rc" and record["input"].endswith("/.bashrc")


def test_webhook_and_otlp_payloads(
    hookenv: HookEnv, receivers: tuple[Rsyslog, HttpReceiver, HttpReceiver]
) -> None:
    box, webhook, otlp = receivers
    configure(hookenv, connectors_toml(box, webhook, otlp))
    hookenv.hook(
        "pre",
        "edit",
        hookenv.pre("Write", {"file_path": str(hookenv.home / ".bashrc"), "content": "x"}),
        SIEM_TOKEN="abc123",
    )
    hookenv.hook(
        "pre",
        "edit",
        hookenv.pre("Write", {"file_path": str(hookenv.project / "a.py"), "content": "x"}),
        SIEM_TOKEN="abc123",
    )
    webhook.wait(lambda r: sum(len(b) for b in r.bodies()) >= 2)
    otlp.wait(lambda r: sum(len(b["resourceLogs"][0]["scopeLogs"][0]["logRecords"]) for b in r.bodies()) >= 2)
    path, headers, _ = webhook.requests[0]
    assert path == "/ingest"
    assert headers["Authorization"] == "Bearer abc123" and headers["X-Fleet"] == "e2e"
    assert headers["Content-Type"] == "application/json"
    sent = [record for body in webhook.bodies() for record in body]
    assert [r["decision"] for r in sent] == ["deny", "allow"]
    assert otlp.requests[0][0] == "/v1/logs"
    records = [r for body in otlp.bodies() for r in check_otlp_request(body)]
    deny = records[0]
    assert (deny["severityNumber"], deny["severityText"]) == (17, "ERROR")
    assert deny["body"]["stringValue"].startswith("deny Write edit-shell-rc: ")
    found = attributes(deny)
    assert found["security_hooks.decision"] == "deny" and found["session.id"] == "e2e"
    assert "edit.rules:" in found["security_hooks.rule_location"]
    resource = {
        a["key"]: a["value"]["stringValue"]
        for a in otlp.bodies()[0]["resourceLogs"][0]["resource"]["attributes"]
    }
    assert resource["service.name"] == "security-hooks" and resource["deployment.environment"] == "test"


def status_json(env: HookEnv) -> dict[str, Any]:
    result = env.run("daemon", "status", "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_dead_endpoint_is_reported_by_status_and_never_slows_a_decision(hookenv: HookEnv) -> None:
    dead = free_port()
    configure(
        hookenv,
        f'[[log.connectors]]\ntype = "webhook"\nname = "siem"\nurl = "http://127.0.0.1:{dead}/"\n'
        "flush_seconds = 0.01\nqueue_size = 5\nmax_backoff_seconds = 0.2\n",
    )
    started = time.monotonic()
    for _ in range(12):
        result = hookenv.hook(
            "pre", "edit", hookenv.pre("Write", {"file_path": str(hookenv.project / "a"), "content": "x"})
        )
        assert (result.returncode, result.stdout, result.stderr) == (0, b"", b"")
    assert time.monotonic() - started < 30
    hookenv.wait_for(lambda: status_json(hookenv)["connectors"][0]["last_error"], 5, "a connector error")
    status = status_json(hookenv)
    siem = status["connectors"][0]
    assert siem["name"] == "siem" and siem["sent"] == 0
    assert "refused" in siem["last_error"].lower()
    hookenv.wait_for(lambda: status_json(hookenv)["connectors"][0]["dropped"] > 0, 5, "drops")
    problems = connector_problems(status_json(hookenv))
    assert problems and "siem" in problems[0] and "dropped" in problems[0]
    text = hookenv.run("daemon", "status").stdout.decode()
    assert "FAILING" in text and "siem" in text
    assert len(hookenv.log_lines()) == 12  # the local log lost nothing


def test_webhook_retries_with_backoff_until_the_receiver_recovers(hookenv: HookEnv) -> None:
    with running_http(HttpReceiver(fail_with=503)) as webhook:
        configure(
            hookenv,
            f'[[log.connectors]]\ntype = "webhook"\nurl = "{webhook.url}"\nflush_seconds = 0.01\nmax_backoff_seconds = 0.3\n',
        )
        hookenv.hook(
            "pre", "edit", hookenv.pre("Write", {"file_path": str(hookenv.project / "a"), "content": "x"})
        )
        hookenv.wait_for(lambda: status_json(hookenv)["connectors"][0]["failed_attempts"] >= 2, 10, "retries")
        assert "HTTP 503" in status_json(hookenv)["connectors"][0]["last_error"]
        webhook.fail_with = 0
        webhook.wait(lambda r: len(r.requests) == 1)
        hookenv.wait_for(lambda: status_json(hookenv)["connectors"][0]["sent"] == 1, 5, "sent")
        assert connector_problems(status_json(hookenv)) == []


def test_size_rotation_keeps_the_configured_number_of_files(hookenv: HookEnv) -> None:
    configure(hookenv, "[log]\nmax_bytes = 3000\nkeep = 2\n")
    for i in range(30):
        hookenv.hook(
            "pre",
            "edit",
            hookenv.pre("Write", {"file_path": str(hookenv.project / f"f{i}.py"), "content": "x"}),
        )
    hookenv.stop_daemon()
    files = sorted(p.name for p in hookenv.state.glob("hook.log*"))
    assert files == ["hook.log", "hook.log.1", "hook.log.2"]
    for name in files:
        assert (hookenv.state / name).stat().st_size <= 3000
    newest = [json.loads(line)["input"] for line in (hookenv.state / "hook.log").read_text().splitlines()]
    assert newest[-1].endswith("f29.py")


def test_sigusr1_reopens_the_log_after_an_external_rotation(hookenv: HookEnv) -> None:
    write = hookenv.pre("Write", {"file_path": str(hookenv.project / "a.py"), "content": "x"})
    hookenv.hook("pre", "edit", write)
    hookenv.wait_for(lambda: len(hookenv.log_lines()) == 1, what="first line")
    os.rename(hookenv.state / "hook.log", hookenv.state / "hook.log.old")
    hookenv.hook("pre", "edit", write)  # still goes to the renamed file, as with logrotate
    pid = hookenv.daemon_pid()
    assert pid is not None
    os.kill(pid, signal.SIGUSR1)
    hookenv.hook("pre", "edit", write)
    hookenv.stop_daemon()
    assert len((hookenv.state / "hook.log.old").read_text().splitlines()) == 2
    assert len(hookenv.log_lines()) == 1


def test_a_ten_megabyte_write_is_logged_as_path_size_and_hash(hookenv: HookEnv) -> None:
    content = "print(1)\n" * ((10 << 20) // 9)
    tool_input = {"file_path": str(hookenv.project / "big.py"), "content": content}
    hookenv.hook("pre", "edit", hookenv.pre("Write", tool_input))
    big_command = "echo " + "y" * 20000
    hookenv.hook("pre", "bash", hookenv.pre("Bash", {"command": big_command}))
    hookenv.stop_daemon()
    write, bash = hookenv.log_lines()
    canonical = json.dumps(tool_input, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    assert write["input"] == str(hookenv.project / "big.py")
    assert write["input_bytes"] == len(canonical) > 10_000_000
    assert write["input_sha256"] == hashlib.sha256(canonical).hexdigest()
    assert (
        bash["input"]
        == f"[omitted: {len(json.dumps({'command': big_command}, separators=(',', ':')))} bytes]"
    )
    assert len((hookenv.state / "hook.log").read_bytes()) < 5000


def test_the_in_process_fallback_redacts_too(hookenv: HookEnv) -> None:
    hookenv.hook(
        "pre", "edit", hookenv.pre("Write", {"file_path": str(hookenv.project / "a"), "content": "x"})
    )
    pid = hookenv.daemon_pid()
    assert pid is not None
    token = fake.make("github-token", 3)
    os.kill(pid, signal.SIGSTOP)
    try:
        payload = hookenv.pre("Bash", {"command": f"GITHUB_TOKEN={token} gh release list"})
        hookenv.hook("pre", "bash", payload, SECURITY_HOOKS_CLIENT_TIMEOUT="0.5")
    finally:
        os.kill(pid, signal.SIGCONT)
    text = (hookenv.state / "hook.log").read_text()
    assert token not in text
    fallback = [line for line in hookenv.log_lines() if line.get("via") == "in-process"]
    assert fallback and "[REDACTED:github-token]" in fallback[0]["input"]


def test_connectors_follow_a_config_reload(hookenv: HookEnv) -> None:
    write = hookenv.pre("Write", {"file_path": str(hookenv.project / "a.py"), "content": "x"})
    hookenv.hook("pre", "edit", write)
    assert status_json(hookenv)["connectors"] == []
    with running_http() as webhook:
        configure(
            hookenv,
            f'[[log.connectors]]\ntype = "webhook"\nurl = "{webhook.url}"\nflush_seconds = 0.01\ndecisions = ["deny"]\n',
        )

        def connected() -> bool:
            hookenv.hook("pre", "edit", write)  # the writer picks up new settings with its next batch
            return bool(status_json(hookenv)["connectors"])

        hookenv.wait_for(connected, 10, "the connector after the reload")
        hookenv.hook(
            "pre", "edit", hookenv.pre("Write", {"file_path": str(hookenv.home / ".bashrc"), "content": "x"})
        )
        webhook.wait(lambda r: len(r.requests) == 1)
        assert [record["decision"] for record in webhook.bodies()[0]] == ["deny"]  # the filter applies
