"""Linters after edits: detection, blocking on the edited file, notes once per session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from review_support import Session, fake_program, make_session, require_tool, write
from security_hooks.config.schema import LINTER_NAMES
from security_hooks.review.lint import BY_NAME, LINTERS, applies

RUFF_CONFIG = "[tool.ruff]\nline-length = 100\n[tool.ruff.lint]\nselect = ['F']\n"


@pytest.fixture
def fake_bin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A directory first on PATH, for stand-in programs."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    return bin_dir


@pytest.fixture
def session(tmp_path: Path, fake_bin: Path) -> Session:
    return make_session(tmp_path)


def use_real(name: str, hint: str, monkeypatch: pytest.MonkeyPatch) -> None:
    found = require_tool(name, hint)
    monkeypatch.setenv("PATH", f"{Path(found).parent}{os.pathsep}{os.environ['PATH']}")


def context(output: dict[str, object]) -> str:
    specific = output.get("hookSpecificOutput")
    return str(specific.get("additionalContext", "")) if isinstance(specific, dict) else ""


def test_ruff_errors_in_the_edited_file_block(session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    use_real("ruff", "pip install ruff (it is in the test extra)", monkeypatch)
    write(session.project, "pyproject.toml", RUFF_CONFIG)
    decision, output = session.wrote("pkg/mod.py", "import os\n\n\ndef f():\n    return undefined_name\n")
    assert decision.verdict == "deny" and decision.rule == "post-lint-errors"
    assert output["decision"] == "block"
    assert "ruff reports 2 problem(s) in pkg/mod.py" in output["reason"]
    assert "1:8 F401" in output["reason"] and "5:12 F821" in output["reason"]


def test_a_clean_edit_passes(session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    use_real("ruff", "pip install ruff (it is in the test extra)", monkeypatch)
    write(session.project, "pyproject.toml", RUFF_CONFIG)
    decision, output = session.wrote("pkg/ok.py", "def f(x):\n    return x + 1\n")
    assert decision.verdict == "allow" and output == {}


def test_no_linter_runs_without_the_projects_config(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_real("ruff", "pip install ruff (it is in the test extra)", monkeypatch)
    decision, output = session.wrote("mod.py", "import os\n")
    assert decision.verdict == "allow" and output == {}


def test_shellcheck_warnings_block(session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    use_real("shellcheck", "apt-get install -y shellcheck", monkeypatch)
    decision, output = session.wrote("scripts/clean.sh", '#!/bin/sh\nrm -rf "$DIR"/*\necho "$1"\n')
    assert decision.rule == "post-lint-errors"
    assert "shellcheck reports 1 problem(s) in scripts/clean.sh" in output["reason"]
    assert "2:8 warning:" in output["reason"] and "[SC2115]" in output["reason"]


def test_shellcheck_style_notes_do_not_block(session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    use_real("shellcheck", "apt-get install -y shellcheck", monkeypatch)
    assert session.wrote("hello.sh", "#!/bin/sh\necho $1\n")[0].verdict == "allow"  # SC2086 is info


def test_shell_scripts_without_extension_are_found_by_their_shebang(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_real("shellcheck", "apt-get install -y shellcheck", monkeypatch)
    decision, _ = session.wrote("bin/deploy", '#!/usr/bin/env bash\nrm -rf "$TARGET"/*\n')
    assert decision.rule == "post-lint-errors"


def test_a_missing_linter_is_mentioned_once_per_session_never_as_a_block(tmp_path: Path) -> None:
    session = make_session(tmp_path, local='[lint.flake8]\ncommand = "flake8-that-is-not-installed"\n')
    write(session.project, ".flake8", "[flake8]\nmax-line-length = 100\n")
    decision, output = session.wrote("a.py", "x = 1\n")
    assert decision.verdict == "warn" and decision.rule == "post-lint-notes"
    assert (
        "flake8 applies to this project (.flake8) but flake8-that-is-not-installed was not found"
        in context(output)
    )
    decision, output = session.wrote("b.py", "y = 2\n")
    assert decision.verdict == "allow" and output == {}


def test_a_linter_that_times_out_is_mentioned_once(tmp_path: Path, fake_bin: Path) -> None:
    fake_program(fake_bin, "flake8", "sleep 5\n")
    session = make_session(tmp_path, local="[lint.flake8]\ntimeout_seconds = 0.3\n")
    write(session.project, "setup.cfg", "[metadata]\nname = x\n[flake8]\nignore = E501\n")
    decision, output = session.wrote("a.py", "x = 1\n")
    assert decision.verdict == "warn"
    assert "flake8 applies to this project (setup.cfg) but timed out after 0.3 s" in context(output)
    assert session.wrote("b.py", "y = 2\n")[1] == {}


def test_errors_in_other_files_only_inform_once(session: Session, fake_bin: Path) -> None:
    fake_program(
        fake_bin,
        "go",
        'echo "# example.org/demo"\necho "./util.go:7:2: unreachable code"\nexit 1\n',
    )
    write(session.project, "go.mod", "module example.org/demo\n\ngo 1.22\n")
    write(session.project, "util.go", "package main\n")
    decision, output = session.wrote("main.go", "package main\n\nfunc main() {}\n")
    assert decision.verdict == "warn" and decision.rule == "post-lint-notes"
    assert "- util.go:7:2 unreachable code (go_vet)" in context(output)
    assert session.wrote("main.go", "package main\n\nfunc main() { }\n")[1] == {}


def test_go_vet_runs_on_the_files_package(session: Session, fake_bin: Path) -> None:
    fake_program(fake_bin, "go", f'echo "$@" > {fake_bin}/args\n')
    write(session.project, "go.mod", "module example.org/demo\n")
    session.wrote("internal/store/db.go", "package store\n")
    assert (fake_bin / "args").read_text().split() == ["vet", "./internal/store"]


def test_eslint_comes_from_node_modules_and_reports_json(session: Session) -> None:
    target = session.project / "src" / "app.js"
    report = (
        f'[{{"filePath": "{target}", "messages": [{{"line": 3, "column": 5, "severity": 2, '
        '"message": "\'x\' is not defined.", "ruleId": "no-undef"}]}]'
    )
    (session.project / "report.json").write_text(report)
    fake_program(session.project / "node_modules" / ".bin", "eslint", "cat report.json\nexit 1\n")
    write(session.project, "eslint.config.js", "export default [];\n")
    decision, output = session.wrote("src/app.js", "const a = 1;\n\nfoo(x);\n")
    assert decision.rule == "post-lint-errors"
    assert "3:5 'x' is not defined. (no-undef)" in output["reason"]


def test_eslint_on_path_is_not_used(session: Session, fake_bin: Path) -> None:
    fake_program(fake_bin, "eslint", "echo should-not-run\nexit 1\n")
    write(session.project, "eslint.config.js", "export default [];\n")
    decision, output = session.wrote("src/app.js", "foo(x);\n")
    assert decision.verdict == "warn" and "eslint was not found" in context(output)


def test_linters_can_be_switched_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    use_real("shellcheck", "apt-get install -y shellcheck", monkeypatch)
    for config in ("[lint]\nenabled = false\n", "[lint.shellcheck]\nenabled = false\n"):
        session = make_session(tmp_path / str(len(config)), local=config)
        assert session.wrote("x.sh", '#!/bin/sh\nrm -rf "$D"/*\n')[0].verdict == "allow"


def test_the_post_lint_rule_can_be_disabled_by_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    use_real("shellcheck", "apt-get install -y shellcheck", monkeypatch)
    session = make_session(tmp_path, local='[rules]\ndisabled = ["post-lint-errors"]\n')
    assert session.wrote("x.sh", '#!/bin/sh\nrm -rf "$D"/*\n')[0].verdict == "allow"


def test_only_edits_run_linters(session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    use_real("shellcheck", "apt-get install -y shellcheck", monkeypatch)
    path = write(session.project, "x.sh", '#!/bin/sh\nrm -rf "$D"/*\n')
    read = {"type": "text", "file": {"filePath": str(path), "content": path.read_text()}}
    assert session.post("Read", {"file_path": str(path)}, read)[0].verdict == "allow"


@pytest.mark.parametrize(
    ("linter", "files", "target", "expected_dir"),
    [
        ("ruff", {"pyproject.toml": "[tool.ruff]\n"}, "src/a.py", "."),
        ("ruff", {"svc/ruff.toml": ""}, "svc/x/a.py", "svc"),
        ("ruff", {"pyproject.toml": "[project]\nname='x'\n"}, "a.py", None),
        ("flake8", {"tox.ini": "[flake8]\n"}, "a.py", "."),
        ("eslint", {"package.json": '{"eslintConfig": {}}'}, "web/a.tsx", "."),
        ("go_vet", {"go.mod": "module m\n"}, "cmd/main.go", "."),
        ("clippy", {"crates/core/Cargo.toml": "[package]\n"}, "crates/core/src/lib.rs", "crates/core"),
        ("credo", {"mix.exs": '{:credo, "~> 1.7"}'}, "lib/a.ex", "."),
        ("credo", {"mix.exs": "defmodule X do end"}, "lib/a.ex", None),
        ("shellcheck", {}, "a.bash", "."),
        ("shellcheck", {}, "a.py", None),
    ],
)
def test_detection(
    tmp_path: Path, linter: str, files: dict[str, str], target: str, expected_dir: str | None
) -> None:
    for name, text in files.items():
        write(tmp_path, name, text)
    path = write(tmp_path, target, "")
    found = applies(BY_NAME[linter], str(path), str(tmp_path))
    if expected_dir is None:
        assert found is None
    else:
        assert found is not None and Path(found[0]) == (tmp_path / expected_dir).resolve()


def test_the_config_schema_knows_every_linter() -> None:
    assert tuple(linter.name for linter in LINTERS) == LINTER_NAMES
