from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from security_hooks.cli.main import main
from security_hooks.eventlog.record import timestamp


def state(home: Path) -> Path:
    path = home / ".local" / "state" / "security-hooks"
    path.mkdir(parents=True, exist_ok=True)
    return path


def record(
    decision: str,
    rule: str | None,
    tool: str = "Bash",
    *,
    age: float = 60,
    latency: int = 100,
    text: str = "ls",
) -> dict[str, Any]:
    return {
        "ts": timestamp(time.time() - age),
        "event": "PreToolUse",
        "tool": tool,
        "input": text,
        "rule": rule,
        "decision": decision,
        "nudge": None,
        "schema": 2,
        "latency_us": latency,
    }


def lines(*records: dict[str, Any]) -> str:
    return "".join(json.dumps(r) + "\n" for r in records)


@pytest.fixture
def rotated_logs(isolated_home: Path) -> Path:
    where = state(isolated_home)
    with gzip.open(where / "hook.log.2.gz", "wt") as handle:
        handle.write(lines(record("allow", None, age=3 * 86400, text="oldest")))
    (where / "hook.log.1").write_text(
        lines(record("ask", "read-env-file", "Read", age=7200, latency=300, text="/p/.env"))
        + '{"ts": "2026-01-01T00:00:00Z", "decision": "allow", "tool": "Bash", "inp\n'
    )
    (where / "hook.log").write_text(
        "not json at all\n"
        + lines(
            record("deny", "edit-shell-rc", "Write", age=120, latency=900, text="/h/.bashrc"),
            record("ask", "read-env-file", "Read", age=60, latency=200, text="/p/.env.local"),
            record("allow", None, age=30, latency=50, text="git   status\n--short"),
        )
    )
    return where


def test_tail_reads_rotated_files_in_order_and_counts_corrupt_lines(
    rotated_logs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["log", "tail"]) == 0
    out, err = capsys.readouterr()
    shown = out.splitlines()
    assert [line.split()[2] for line in shown] == ["allow", "ask", "deny", "ask", "allow"]
    assert shown[0].endswith("oldest") and shown[-1].endswith("git status --short")
    assert "\033[" not in out  # not a terminal: no colour
    assert "skipped 2 line(s)" in err


def test_tail_filters_by_decision_and_since_and_prints_json(
    rotated_logs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["log", "tail", "--decision", "ask", "--since", "1h", "--json"]) == 0
    out = capsys.readouterr().out
    assert [json.loads(line)["input"] for line in out.splitlines()] == ["/p/.env.local"]
    assert main(["log", "tail", "-n", "1"]) == 0
    assert capsys.readouterr().out.count("\n") == 1


def test_a_bad_duration_is_one_line_and_exit_1(
    rotated_logs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["log", "tail", "--since", "soon"]) == 1
    assert "cannot read the duration 'soon'" in capsys.readouterr().err


def test_stats_counts_and_latency(rotated_logs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["log", "stats", "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["records"] == 5 and stats["files"] == 3 and stats["corrupt_lines"] == 2
    assert stats["decisions"] == {"allow": 2, "ask": 2, "deny": 1}
    assert stats["top_asking_rules"] == {"read-env-file": 2}
    assert stats["tools"] == {"Bash": 2, "Read": 2, "Write": 1}
    assert stats["latency_us"] == {"p50": 200, "p99": 900}
    assert main(["log", "stats", "--since", "90m"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("3 decision(s)")
    assert (
        "top asking rules:" in text and "read-env-file" in text and "latency: p50 200 us, p99 900 us" in text
    )


def test_log_path_from_config(isolated_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = isolated_home / ".config" / "security-hooks"
    config.mkdir(parents=True)
    (config / "config.local.toml").write_text('[log]\npath = "~/audit/decisions.jsonl"\n')
    (isolated_home / "audit").mkdir()
    (isolated_home / "audit" / "decisions.jsonl").write_text(lines(record("deny", "x")))
    assert main(["log", "tail", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["rule"] == "x"


def test_tail_follow_prints_new_records_across_a_rotation(isolated_home: Path) -> None:
    where = state(isolated_home)
    log = where / "hook.log"
    log.write_text(lines(record("allow", None, text="before")))
    code = "import sys; from security_hooks.cli.main import main; sys.exit(main(sys.argv[1:]))"
    process = subprocess.Popen(
        [sys.executable, "-c", code, "log", "tail", "-f", "--decision", "deny"],
        stdout=subprocess.PIPE,
        text=True,
        env=dict(os.environ),
    )
    try:
        time.sleep(0.6)
        with log.open("a") as handle:
            handle.write(lines(record("deny", "first", text="one"), record("allow", None)))
        log.rename(where / "hook.log.1")
        time.sleep(0.5)
        log.write_text(lines(record("deny", "second", text="two")))
        assert process.stdout is not None
        got = [process.stdout.readline(), process.stdout.readline()]
    finally:
        process.terminate()
        process.wait(5)
        if process.stdout:
            process.stdout.close()
    assert "first" in got[0] and "second" in got[1]
