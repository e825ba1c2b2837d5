from __future__ import annotations

import json
from pathlib import Path

import pytest

from scanners import fake_secrets as fake
from security_hooks.cli.main import main
from security_hooks.transcript import TranscriptCounts, tool_calls

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "claude-session.jsonl"


def test_the_reader_is_tolerant_and_counts_what_it_skips() -> None:
    counts = TranscriptCounts()
    calls = list(tool_calls(FIXTURE.read_text().splitlines(), counts))
    assert [c.tool for c in calls] == [
        "Read", "Glob", "Bash", "Edit", "Read", "Edit", "Write", "WebFetch",
        "mcp__pastebin__create_paste", "Bash", "Write", "Task",
    ]  # fmt: skip
    assert calls[0].cwd == "/home/dev/shop" and calls[0].tool_use_id.startswith("toolu_")
    assert counts.lines == 28 and counts.tool_calls == 12
    assert counts.skipped == {"not JSON": 1, "unknown line shape": 2, "other line types": 14}


def test_sdk_shaped_and_odd_lines() -> None:
    counts = TranscriptCounts()
    lines = [
        json.dumps(
            {
                "type": "assistant",
                "session_id": "s",
                "message": {
                    "role": "assistant",
                    "content": [
                        {"type": "tool_use", "id": "t1", "name": "Read", "input": {"file_path": "/x"}},
                        {"type": "tool_use", "id": "t2", "name": "Read", "input": "not an object"},
                        {"type": "thinking", "thinking": "..."},
                    ],
                },
            }
        ),
        json.dumps(
            {
                "role": "assistant",
                "content": [{"type": "tool_use", "name": "Bash", "input": {"command": "ls"}}],
            }
        ),
        json.dumps({"type": "assistant", "message": {"role": "assistant", "content": 7}}),
        "",
        "42",
    ]
    calls = list(tool_calls(lines, counts))
    assert [(c.tool, c.session) for c in calls] == [("Read", "s"), ("Bash", "")]
    assert counts.skipped == {
        "malformed tool_use block": 1,
        "assistant message without content blocks": 1,
        "unknown line shape": 1,
    }


def test_replay_reports_what_would_now_be_denied_or_asked(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["replay", str(FIXTURE), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    notable = {
        (c["line"], c["tool"], c["decision"], c["rule"])
        for c in report["calls"]
        if c["decision"] in ("deny", "ask")
    }
    assert {
        (9, "Read", "ask", "read-secret-file"),
        (12, "Edit", "ask", "edit-ci-config"),
        (16, "Write", "deny", "edit-shell-rc"),
        (18, "WebFetch", "ask", "web-raw-ip"),
        (20, "mcp__pastebin__create_paste", "deny", "mcp-unknown-server"),
    } <= notable
    summary = report["summary"]
    assert summary["tool_calls"] == 12 and summary["skipped"]["not JSON"] == 1
    assert summary["rules"]["edit-shell-rc"] == {"deny": 1}
    inside = [c for c in report["calls"] if c["input"].endswith("tests/checkout.test.js")]
    assert inside[0]["decision"] == "allow"  # the session's cwd is its project


def test_replay_text_table_and_redaction(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    token = fake.make("github-token", 5)
    entry = {
        "type": "assistant",
        "cwd": str(tmp_path),
        "message": {
            "role": "assistant",
            "content": [
                {
                    "type": "tool_use",
                    "id": "t",
                    "name": "WebFetch",
                    "input": {"url": f"https://api.example.org/?t={token}", "prompt": "x"},
                },
            ],
        },
    }
    transcript = tmp_path / "t.jsonl"
    transcript.write_text(json.dumps(entry) + "\n")
    assert main(["replay", str(transcript), "--all"]) == 0
    out = capsys.readouterr().out
    assert token not in out and "[REDACTED:github-token]" in out
    assert out.splitlines()[0].split() == ["line", "tool", "decision", "rule", "input"]
    assert "1 tool call(s) in 1 line(s)" in out


def test_replay_never_shows_part_of_a_credential_cut_by_the_width(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    token = fake.make("github-token", 5)
    command = "echo " + "x" * 125 + " " + token  # the 160-character cut falls inside the token
    entry = {
        "type": "assistant",
        "cwd": str(tmp_path),
        "message": {
            "role": "assistant",
            "content": [{"type": "tool_use", "id": "t", "name": "Bash", "input": {"command": command}}],
        },
    }
    transcript = tmp_path / "t.jsonl"
    transcript.write_text(json.dumps(entry) + "\n")
    assert main(["replay", str(transcript), "--all", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)["calls"][0]["input"]
    assert token[:12] not in shown and "[REDACTED:github-token]" in shown


def test_replay_of_a_missing_file_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["replay", "/nonexistent/t.jsonl"]) == 1
    assert "cannot read /nonexistent/t.jsonl" in capsys.readouterr().err
