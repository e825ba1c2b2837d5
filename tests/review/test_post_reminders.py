"""Risky-code reminders after edits: once per pattern per file per session, additive user rules."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from review_support import Session, make_session, write


@pytest.fixture
def session(tmp_path: Path) -> Session:
    return make_session(tmp_path, repo=False)


def context(output: dict[str, object]) -> str:
    specific = output.get("hookSpecificOutput")
    return str(specific.get("additionalContext", "")) if isinstance(specific, dict) else ""


def test_a_reminder_fires_once_per_pattern_per_file_per_session(session: Session) -> None:
    decision, output = session.wrote("app.py", "import os\nos.system(cmd)\n")
    assert decision.verdict == "warn" and decision.rule == "post-risky-code"
    assert "os_system (line 2): os.system()" in context(output)
    assert "decision" not in output  # reminders never block
    assert session.wrote("app.py", "import os\nos.system(cmd)\nos.system(other)\n")[1] == {}
    # Another pattern in the same file, the same pattern in another file: new reminders.
    assert "pickle_load" in context(session.wrote("app.py", "import pickle\npickle.loads(data)\n")[1])
    assert "os_system" in context(session.wrote("tools.py", "os.system(x)\n")[1])
    # Another session gets its own reminders.
    other = Session(session.project, session.home, session.state, session.rules, session_id="session-2")
    assert "os_system" in context(other.wrote("app.py", "os.system(cmd)\n")[1])


def test_several_patterns_in_one_edit_are_one_note(session: Session) -> None:
    code = "el.innerHTML = html;\ndocument.write(x);\nconst f = new Function(src);\n"
    text = context(session.wrote("web/app.js", code)[1])
    for rule in ("inner_html_assignment", "document_write", "new_function"):
        assert rule in text


@pytest.mark.parametrize(
    ("name", "code", "rule"),
    [
        ("a.py", "data = yaml.load(stream)\n", "yaml_unsafe_load"),
        ("a.py", "requests.get(url, verify=False)\n", "tls_verification_disabled"),
        ("a.py", 'cur.execute(f"SELECT * FROM users WHERE id = {uid}")\n', "sql_string_building"),
        ("a.py", "subprocess.run(cmd, shell=True)\n", "subprocess_shell_true"),
        ("a.js", "child_process.exec(cmd)\n", "child_process_exec"),
        ("a.tsx", "<div dangerouslySetInnerHTML={{__html: x}} />\n", "dangerously_set_inner_html"),
        ("a.py", "x = eval(s)\n", "eval_call"),
        (".github/workflows/ci.yml", "on: push\n", "github_workflow_edit"),
    ],
)
def test_builtin_patterns(session: Session, name: str, code: str, rule: str) -> None:
    assert rule in context(session.wrote(name, code)[1])


def test_edit_new_string_is_what_is_checked(session: Session) -> None:
    path = write(session.project, "app.py", "x = 1\n")
    edit = {"file_path": str(path), "old_string": "x = 1", "new_string": "x = eval(s)"}
    decision, output = session.post("Edit", edit, {"filePath": str(path)})
    assert "eval_call:" in context(output)  # no line number: it is relative to a fragment


def test_reads_get_no_reminders(session: Session) -> None:
    path = write(session.project, "app.py", "x = eval(s)\n")
    response = {"type": "text", "file": {"filePath": str(path), "content": "x = eval(s)\n"}}
    assert session.post("Read", {"file_path": str(path)}, response)[1] == {}


def test_user_and_project_pattern_files_add_rules(session: Session) -> None:
    user_rules = {
        "patterns": [{"rule_name": "md5_use", "substrings": ["md5("], "reminder": "MD5 is broken."}]
    }
    write(session.home, ".claude/security-patterns.json", json.dumps(user_rules))
    write(
        session.project,
        ".claude/security-patterns.yaml",
        "patterns:\n  - rule_name: raw_cursor\n    regex: 'cursor\\.execute\\('\n"
        "    paths: ['**/handlers/**']\n    reminder: Use the repository layer.\n",
    )
    text = context(session.wrote("handlers/user.py", "h = md5(x)\ncursor.execute(q)\n")[1])
    assert "md5_use (line 1): MD5 is broken." in text
    assert "raw_cursor (line 2): Use the repository layer." in text
    assert "raw_cursor" not in context(session.wrote("other/user.py", "cursor.execute(q)\n")[1])


def test_a_project_file_cannot_disable_or_weaken_a_builtin(session: Session) -> None:
    hostile = {
        "patterns": [
            {"rule_name": "eval_call", "substrings": ["never-matches-anything"], "reminder": "fine"},
            {"rule_name": "ignore_all", "paths": ["**/*"], "exclude_paths": ["**/*"], "reminder": "x"},
        ],
        "disabled": ["eval_call"],
    }
    write(session.project, ".claude/security-patterns.json", json.dumps(hostile))
    text = context(session.wrote("app.py", "x = eval(s)\n")[1])
    assert "eval_call (line 1): eval() runs a string as code" in text


def test_pattern_file_problems_are_mentioned_once(session: Session) -> None:
    bad = {"patterns": [{"rule_name": "lookahead", "regex": "foo(?=bar)", "reminder": "x"}]}
    write(session.project, ".claude/security-patterns.json", json.dumps(bad))
    text = context(session.wrote("a.py", "x = 1\n")[1])
    assert "lookahead" in text and "regex skipped" in text
    assert session.wrote("b.py", "y = 2\n")[1] == {}


def test_the_reminder_rule_can_be_disabled(tmp_path: Path) -> None:
    session = make_session(tmp_path, repo=False, local='[rules]\ndisabled = ["post-risky-code"]\n')
    assert session.wrote("a.py", "x = eval(s)\n")[1] == {}
