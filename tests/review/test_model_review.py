"""The optional model-backed reviewer, played by a fake reviewer script."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from review_support import Session, make_session, write
from security_hooks.review.model import GUIDANCE_LIMIT, load_guidance, parse_findings

REVIEWER = """\
import json, pathlib, sys, time
request = sys.stdin.read()
here = pathlib.Path(__file__).parent
(here / "request.txt").write_text(request)
mode = (here / "mode").read_text().strip()
if mode == "findings":
    print("```json")
    print(json.dumps({"file": "api.py", "line": 2, "kind": "idor", "message": "reads any user's order by id"}))
    print("```")
elif mode == "sleep":
    time.sleep(30)
elif mode == "garbage":
    print("I looked at the diff and it seems mostly fine, but who knows.")
elif mode == "fail":
    print("model overloaded", file=sys.stderr)
    sys.exit(3)
"""


def reviewer_session(tmp_path: Path, mode: str, *, extra: str = "") -> Session:
    tool = tmp_path / "reviewer"
    tool.mkdir()
    (tool / "review.py").write_text(REVIEWER)
    (tool / "mode").write_text(mode)
    config = (
        f'[review]\ncommand = "{sys.executable} {tool / "review.py"}"\ncommand_timeout_seconds = 2\n{extra}'
    )
    return make_session(tmp_path, local=config)


def change(session: Session) -> None:
    session.prompt()
    write(session.project, "api.py", "def order(request, id):\n    return Order.objects.get(id=id)\n")


def test_findings_block_with_file_line_and_message(tmp_path: Path) -> None:
    session = reviewer_session(tmp_path, "findings")
    write(
        session.project, ".claude/claude-security-guidance.md", "Every order lookup must filter by owner.\n"
    )
    change(session)
    decision, output = session.stop()
    assert decision.verdict == "deny"
    assert "api.py:2 idor: reads any user's order by id" in output["reason"]
    request = (tmp_path / "reviewer" / "request.txt").read_text()
    assert "Every order lookup must filter by owner." in request  # the guidance
    assert "+    return Order.objects.get(id=id)" in request  # the diff
    assert "JSON Lines" in request  # how to answer


def test_a_timeout_never_blocks_and_is_reported(tmp_path: Path) -> None:
    session = reviewer_session(tmp_path, "sleep")
    change(session)
    decision, output = session.stop()
    assert decision.verdict == "allow"
    assert "timed out after 2 s" in output["systemMessage"]


def test_garbage_output_never_blocks_and_is_reported(tmp_path: Path) -> None:
    session = reviewer_session(tmp_path, "garbage")
    change(session)
    decision, output = session.stop()
    assert decision.verdict == "allow"
    assert "no readable JSON Lines" in output["systemMessage"]


def test_a_failing_reviewer_is_reported_with_its_error(tmp_path: Path) -> None:
    session = reviewer_session(tmp_path, "fail")
    change(session)
    decision, output = session.stop()
    assert decision.verdict == "allow"
    assert "failed with exit 3: model overloaded" in output["systemMessage"]


def test_a_missing_reviewer_is_reported(tmp_path: Path) -> None:
    session = make_session(tmp_path, local='[review]\ncommand = "no-such-reviewer --flag"\n')
    change(session)
    decision, output = session.stop()
    assert decision.verdict == "allow"
    assert "could not start no-such-reviewer" in output["systemMessage"]


def test_deterministic_findings_still_block_when_the_reviewer_fails(tmp_path: Path) -> None:
    session = reviewer_session(tmp_path, "fail")
    session.prompt()
    write(session.project, "run.py", "import os\nos.system(cmd)\n")
    decision, output = session.stop()
    assert decision.verdict == "deny" and "run.py:2 os_system" in output["reason"]
    assert "failed with exit 3" in output["systemMessage"]


def test_at_most_the_configured_runs_per_rolling_hour(tmp_path: Path) -> None:
    session = reviewer_session(tmp_path, "", extra="command_max_runs_per_hour = 2\n")
    request = tmp_path / "reviewer" / "request.txt"
    for turn in range(3):
        session.prompt()
        write(session.project, f"f{turn}.py", f"x = {turn}\n")
        request.unlink(missing_ok=True)
        decision, output = session.stop()
        assert decision.verdict == "allow"
        if turn < 2:
            assert request.exists() and output == {}
        else:
            assert not request.exists()
            assert "model review skipped: 2 runs in the past hour" in output["systemMessage"]


def test_no_reviewer_runs_when_nothing_changed(tmp_path: Path) -> None:
    session = reviewer_session(tmp_path, "findings")
    session.prompt()
    assert session.stop()[0].verdict == "allow"
    assert not (tmp_path / "reviewer" / "request.txt").exists()


@pytest.mark.parametrize(
    ("text", "count", "unreadable"),
    [
        ("", 0, 0),
        ('{"message": "x"}\n\n{"kind": "ssrf"}\n', 2, 0),
        ('```\n{"file": "a.py", "line": "7", "message": "m"}\n```\n', 1, 0),
        ("[1, 2]\nnot json\n{}\n", 0, 3),
        ('{"message": "ok"}\nthe end\n', 1, 1),
    ],
)
def test_parse_findings(text: str, count: int, unreadable: int) -> None:
    findings, bad = parse_findings(text)
    assert (len(findings), bad) == (count, unreadable)


def test_model_messages_are_one_printable_line() -> None:
    findings, _ = parse_findings(json.dumps({"message": "a\nb\x1b[31mc" + "x" * 1000, "file": "f"}))
    assert "\n" not in findings[0].advice and "\x1b" not in findings[0].advice
    assert len(findings[0].advice) <= 300


def test_guidance_is_read_from_every_location_within_8_kb(tmp_path: Path) -> None:
    home, project = tmp_path / "home2", tmp_path / "proj"
    write(home, ".claude/claude-security-guidance.md", "USER RULES\n")
    write(project, ".claude/claude-security-guidance.md", "PROJECT RULES\n" + "p" * 5000 + "\n")
    write(project, ".claude/claude-security-guidance.local.md", "LOCAL RULES\n" + "l" * 5000)
    text = load_guidance(str(project), str(home))
    assert text.index("USER RULES") < text.index("PROJECT RULES") < text.index("LOCAL RULES")
    assert len(text.encode()) <= GUIDANCE_LIMIT + 4  # the separators between files
