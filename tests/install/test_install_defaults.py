"""Copying defaults: fresh installs, reruns, user edits (kept, with *.new), upgrades, removals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from security_hooks.config.locate import PACKAGED_DIR, default_dirs
from security_hooks.install.defaults import (
    MANIFEST,
    DefaultFile,
    create_if_absent,
    install_defaults,
    user_defaults,
)
from security_hooks.install.layout import managed_settings, system_layout, user_config_dir, user_layout

V1 = [DefaultFile("rules/edit.rules", b"edit v1\n"), DefaultFile("config.toml", b"config v1\n")]


def snapshot(directory: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(p.relative_to(directory)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


def test_the_shipped_defaults_are_every_rule_validator_and_the_config() -> None:
    names = [f.name for f in user_defaults()]
    assert "config.toml" in names and "rules/edit.rules" in names
    assert "rules/validators/dependency_mutation.py" in names
    assert len([n for n in names if n.endswith(".rules")]) == len(list(PACKAGED_DIR.glob("*.rules")))
    assert not [n for n in names if "template" in n]


def test_a_fresh_copy_then_a_rerun_that_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "cfg"
    report = install_defaults(target, V1)
    assert sorted(report.written) == ["config.toml", "rules/edit.rules"] and not report.kept
    assert (target / "rules" / "edit.rules").read_bytes() == b"edit v1\n"
    assert set(json.loads((target / MANIFEST).read_text())["files"]) == {"config.toml", "rules/edit.rules"}
    before = snapshot(target)
    again = install_defaults(target, V1)
    assert (again.written, again.kept, again.unchanged) == ([], [], 2)
    assert snapshot(target) == before


def test_a_file_the_user_changed_is_kept_and_the_default_goes_beside_it(tmp_path: Path) -> None:
    target = tmp_path / "cfg"
    install_defaults(target, V1)
    (target / "config.toml").write_bytes(b"mine\n")
    v2 = [DefaultFile("rules/edit.rules", b"edit v2\n"), DefaultFile("config.toml", b"config v2\n")]
    report = install_defaults(target, v2)
    assert report.written == ["rules/edit.rules"] and report.kept == ["config.toml"]
    assert (target / "config.toml").read_bytes() == b"mine\n"
    assert (target / "config.toml.new").read_bytes() == b"config v2\n"
    assert (target / "rules" / "edit.rules").read_bytes() == b"edit v2\n"  # unchanged default: upgraded
    before = snapshot(target)
    assert install_defaults(target, v2).kept == ["config.toml"]  # still told, nothing rewritten
    assert snapshot(target) == before


def test_a_file_that_was_there_before_us_is_never_overwritten(tmp_path: Path) -> None:
    target = tmp_path / "cfg"
    (target / "rules").mkdir(parents=True)
    (target / "rules" / "edit.rules").write_bytes(b"hand written\n")
    report = install_defaults(target, V1)
    assert report.kept == ["rules/edit.rules"]
    assert (target / "rules" / "edit.rules").read_bytes() == b"hand written\n"
    assert (target / "rules" / "edit.rules.new").read_bytes() == b"edit v1\n"


def test_a_default_no_longer_shipped_is_removed_only_if_unchanged(tmp_path: Path) -> None:
    target = tmp_path / "cfg"
    old = [*V1, DefaultFile("rules/gone.rules", b"gone\n"), DefaultFile("rules/edited.rules", b"e\n")]
    install_defaults(target, old)
    (target / "rules" / "edited.rules").write_bytes(b"e, and mine\n")
    report = install_defaults(target, V1)
    assert report.removed == ["rules/gone.rules"]
    assert not (target / "rules" / "gone.rules").exists()
    assert (target / "rules" / "edited.rules").read_bytes() == b"e, and mine\n"


def test_config_local_is_created_once_and_then_belongs_to_the_user(tmp_path: Path) -> None:
    path = tmp_path / "cfg" / "config.local.toml"
    assert create_if_absent(path, b"# template\n")
    path.write_bytes(b"[rules]\n")
    assert not create_if_absent(path, b"# template\n")
    assert path.read_bytes() == b"[rules]\n"


@pytest.mark.parametrize(
    "env",
    [
        {"HOME": "/h"},
        {"HOME": "/h", "XDG_CONFIG_HOME": "/x"},
        {"HOME": "/h", "XDG_CONFIG_HOME": "/x", "SECURITY_HOOKS_CONFIG_DIR": "/explicit"},
    ],
)
def test_the_installer_and_the_loader_agree_on_the_config_directories(env: dict[str, str]) -> None:
    assert user_config_dir(env) == default_dirs(env).user
    assert user_layout(env).config_dir == default_dirs(env).user
    assert system_layout().config_dir == default_dirs({"HOME": "/h"}).managed


def test_where_each_mode_puts_things() -> None:
    user = user_layout({"HOME": "/h"})
    assert (user.hook_command, user.daemon_command) == (
        Path("/h/.local/bin/security-hook"),
        Path("/h/.local/bin/security-hookd"),
    )
    assert (user.settings, user.venv) == (
        Path("/h/.claude/settings.json"),
        Path("/h/.local/share/security-hooks/venv"),
    )
    system = system_layout(Path("/r"), platform="linux")
    assert system.settings == Path("/r/etc/claude-code/managed-settings.json")
    assert (system.bin_dir, system.venv) == (Path("/r/usr/local/bin"), Path("/r/opt/security-hooks/venv"))
    assert managed_settings(Path("/"), "darwin") == Path(
        "/Library/Application Support/ClaudeCode/managed-settings.json"
    )
    assert system.settings_mode == 0o644 and user.settings_mode == 0o600
