"""`install --system` into a temporary root: managed settings, /etc/security-hooks, and the
organisation's rules that users cannot switch off."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from security_hooks.cli.main import main
from security_hooks.install.entries import HOOKS
from security_hooks.install.probe import probes, run_entry
from security_hooks.install.settings import ours

MANAGED_BEFORE = '{\n  "permissions": {"deny": ["WebFetch"]},\n  "allowManagedHooksOnly": true\n}\n'
ORG_RULE = 'block "org-no-notes"\n  match notes\\.txt$\n  nudge "Company policy: no notes files."\n'


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "root"
    managed = root / "etc" / "claude-code" / "managed-settings.json"
    managed.parent.mkdir(parents=True)
    managed.write_text(MANAGED_BEFORE)
    monkeypatch.setenv("SECURITY_HOOKS_MANAGED_DIR", str(root / "etc" / "security-hooks"))
    return root


def managed_file(root: Path) -> Path:
    return root / "etc" / "claude-code" / "managed-settings.json"


def test_system_install_writes_managed_settings_and_org_config(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["install", "--system", "--root", str(root)]) == 0
    out = capsys.readouterr().out
    assert "installed for the whole machine" in out
    text = managed_file(root).read_text()
    assert text.startswith('{\n  "permissions": {"deny": ["WebFetch"]},\n  "allowManagedHooksOnly": true,\n')
    hook = root / "usr" / "local" / "bin" / "security-hook"
    assert [(e, h["command"]) for e, _, h in ours(json.loads(text))] == [(s.event, str(hook)) for s in HOOKS]
    assert stat.S_IMODE(managed_file(root).stat().st_mode) == 0o644  # kept: every user must read it
    org = root / "etc" / "security-hooks"
    assert (org / "config.toml").read_text().startswith("# Organisation settings for security-hooks.")
    assert (org / "rules" / "validators").is_dir() and not list((org / "rules").glob("*.rules"))
    assert stat.S_IMODE(org.stat().st_mode) == 0o755
    assert not (Path(os.environ["HOME"]) / ".claude").exists()  # no user file touched
    assert main(["install", "--system", "--root", str(root)]) == 0
    assert managed_file(root).read_text() == text


def test_managed_rules_run_for_users_who_try_to_disable_them(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["install", "--system", "--root", str(root)]) == 0
    assert main(["daemon", "stop"]) == 0  # the next call starts one that loads what follows
    (root / "etc" / "security-hooks" / "rules" / "edit.rules").write_text(ORG_RULE)
    user = Path(os.environ["XDG_CONFIG_HOME"]) / "security-hooks"
    user.mkdir(parents=True, exist_ok=True)
    (user / "config.local.toml").write_text('[rules]\ndisabled = ["org-no-notes", "edit-env-file"]\n')
    entry = next(h for e, _, h in ours(json.loads(managed_file(root).read_text())) if e == "PreToolUse")
    project = root.parent / "project"
    project.mkdir()
    notes = {**probes(os.environ["HOME"], str(project))[3].payload}
    notes["tool_input"] = {"file_path": str(project / "notes.txt"), "content": "x"}
    run = run_entry(entry, json.dumps(notes).encode(), env=dict(os.environ), cwd=str(project))
    assert run.verdict() == "deny" and "Company policy" in run.reason()
    notes["tool_input"] = {"file_path": str(project / ".env"), "content": "x"}
    run = run_entry(entry, json.dumps(notes).encode(), env=dict(os.environ), cwd=str(project))
    assert run.verdict() == "deny"  # shipped rules are managed too: the user cannot switch them off
    assert main(["rules", "check"]) == 0
    assert "managed by your organisation and stays enabled" in capsys.readouterr().out


def test_system_uninstall_takes_out_only_our_entries(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["install", "--system", "--root", str(root)]) == 0
    assert main(["uninstall", "--system", "--root", str(root), "--yes"]) == 0
    assert managed_file(root).read_text() == MANAGED_BEFORE
    assert not (root / "etc" / "security-hooks").exists()
    assert not (root / "usr" / "local" / "bin" / "security-hook").exists()


def test_root_needs_system(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["install", "--root", str(tmp_path)]) == 1
    assert "--root only applies with --system" in capsys.readouterr().err
