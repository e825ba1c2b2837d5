"""settings.json: strict reading, merging only our entries, and safe writing."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest

from security_hooks.install.entries import HOOK_TIMEOUT, HOOKS, group, handler, is_ours
from security_hooks.install.settings import (
    SettingsError,
    apply_hooks,
    ours,
    parse_settings,
    read_settings,
    save,
)

CMD = "/home/u/.local/bin/security-hook"
WANTED = [(spec, handler(spec, CMD)) for spec in HOOKS]
FOREIGN = {"type": "command", "command": "/opt/acme/bin/acme-hook", "args": ["pretooluse"], "timeout": 10}


def merged(data: dict[str, Any]) -> dict[str, Any]:
    return apply_hooks(data, WANTED)


def our_events(data: dict[str, Any]) -> list[str]:
    return [event for event, _, _ in ours(data)]


# -- reading: refuse what we do not understand -------------------------------------------


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (
            b'{\n  // my comment\n  "model": "x"\n}',
            "not valid JSON (Expecting property name enclosed in double quotes at line 2",
        ),
        (b'{"model": "x", /* c */ "a": 1}', "not valid JSON"),
        (b'{"model": "x",}', "not valid JSON"),
        (b'{"model": "x"} {"more": 1}', "not valid JSON (Extra data at line 1 column 16)"),
        (b'{"model": "x"}\ntrailing', "not valid JSON (Extra data at line 2 column 1)"),
        (b"[1, 2]", "the top level is a JSON list, not an object"),
        (b'"text"', "the top level is a JSON str, not an object"),
        (b'{"hooks": []}', '"hooks" is a JSON array, not an object'),
        (b'{"hooks": "none"}', '"hooks" is a JSON string, not an object'),
        (b'{"hooks": {"PreToolUse": {"matcher": "*"}}}', '"hooks.PreToolUse" is a JSON object, not an array'),
        (b'{"hooks": {"Stop": 3}}', '"hooks.Stop" is a JSON number, not an array'),
        (b'{"a": 1, "a": 2}', 'the key "a" appears twice'),
        (b'{"hooks": {"Stop": [], "Stop": []}}', 'the key "Stop" appears twice'),
        (b'{"model": "\xff"}', "not UTF-8 (byte 11)"),
        (b"[" * 100_000, "nested too deeply"),
    ],
)
def test_unreadable_files_are_refused_with_one_line(raw: bytes, message: str) -> None:
    with pytest.raises(SettingsError) as caught:
        parse_settings(Path("/h/.claude/settings.json"), raw)
    text = str(caught.value)
    assert text.startswith("/h/.claude/settings.json: ") and message in text
    assert "\n" not in text


@pytest.mark.parametrize("raw", [None, b"", b"  \n", b"{}", b"{}\n"])
def test_missing_blank_and_empty_files_read_as_an_empty_object(raw: bytes | None) -> None:
    settings = parse_settings(Path("s.json"), raw)
    assert settings.data == {}
    assert settings.exists == (raw is not None and raw.strip() != b"")


def test_hooks_of_events_we_do_not_register_may_have_any_shape() -> None:
    data = parse_settings(Path("s.json"), b'{"hooks": {"Notification": {"odd": true}}}').data
    assert merged(data)["hooks"]["Notification"] == {"odd": True}


# -- merging ------------------------------------------------------------------------------


def test_into_an_empty_object_every_hook_is_registered_once() -> None:
    data = merged({})
    assert list(data["hooks"]) == [spec.event for spec in HOOKS]
    for spec in HOOKS:
        (only,) = data["hooks"][spec.event]
        assert only == group(spec, handler(spec, CMD))
        entry = only["hooks"][0]
        assert entry["args"] == list(spec.args) and entry["timeout"] == spec.timeout >= HOOK_TIMEOUT
    assert data["hooks"]["PreToolUse"][0]["matcher"] == "*"
    assert "matcher" not in data["hooks"]["Stop"][0]


def test_foreign_entries_with_the_same_matcher_are_left_alone() -> None:
    theirs = {"matcher": "*", "hooks": [FOREIGN]}
    data = merged({"hooks": {"PreToolUse": [theirs]}})
    assert data["hooks"]["PreToolUse"][0] == theirs
    assert data["hooks"]["PreToolUse"][1] == group(HOOKS[0], handler(HOOKS[0], CMD))


@pytest.mark.parametrize(
    "old",
    [
        {"type": "command", "command": "/old/place/security-hook", "args": ["pre", "any"], "timeout": 30},
        {"type": "command", "command": "/old/place/security-hook", "args": ["pre", "bash"], "timeout": 5000},
        {"type": "command", "command": "/old/place/security-hook pre bash"},  # shell form
        {"command": "'/with space/security-hook' pre any"},  # no type: a command handler
    ],
)
def test_our_outdated_entries_are_replaced_in_place_not_duplicated(old: dict[str, Any]) -> None:
    before = {
        "hooks": {
            "PreToolUse": [{"matcher": "*", "hooks": [FOREIGN, old]}, {"matcher": "Bash", "hooks": [FOREIGN]}]
        }
    }
    data = merged(before)
    pre = data["hooks"]["PreToolUse"]
    assert pre == [
        {"matcher": "*", "hooks": [FOREIGN, handler(HOOKS[0], CMD)]},
        {"matcher": "Bash", "hooks": [FOREIGN]},
    ]
    assert our_events(data).count("PreToolUse") == 1


def test_our_entry_under_a_narrow_matcher_moves_to_a_catch_all_group() -> None:
    old = {"type": "command", "command": "/x/security-hook", "args": ["pre", "bash"], "timeout": 30}
    data = merged(
        {
            "hooks": {
                "PreToolUse": [
                    {"matcher": "Bash", "hooks": [old]},
                    {"matcher": "Bash", "hooks": [FOREIGN, old]},
                ]
            }
        }
    )
    assert data["hooks"]["PreToolUse"] == [
        {"matcher": "Bash", "hooks": [FOREIGN]},
        group(HOOKS[0], handler(HOOKS[0], CMD)),
    ]


@pytest.mark.parametrize("matcher", ["", "*", None])
def test_any_catch_all_spelling_keeps_our_entry_where_it_is(matcher: str | None) -> None:
    mine = (
        {"hooks": [handler(HOOKS[0], CMD)]}
        if matcher is None
        else {"matcher": matcher, "hooks": [handler(HOOKS[0], CMD)]}
    )
    data = {"hooks": {"PreToolUse": [mine, {"matcher": "*", "hooks": [FOREIGN]}]}}
    assert merged(data)["hooks"]["PreToolUse"][:2] == data["hooks"]["PreToolUse"]


def test_entries_we_no_longer_register_are_removed_with_groups_they_emptied() -> None:
    old = {"type": "command", "command": "/x/security-hook", "args": ["post", "failure"]}
    data = merged(
        {"hooks": {"PostToolUseFailure": [{"hooks": [old]}], "Notification": [{"hooks": [FOREIGN]}]}}
    )
    assert "PostToolUseFailure" not in data["hooks"]
    assert data["hooks"]["Notification"] == [{"hooks": [FOREIGN]}]


@pytest.mark.parametrize(
    "command",
    [
        "/x/security-hookd",
        "/x/security-hook-other",
        "/x/my-security-hook",
        "security-hook.sh",
        "echo security-hook",
    ],
)
def test_lookalike_commands_are_not_ours(command: str) -> None:
    entry = {"type": "command", "command": command, "args": []}
    assert not is_ours(entry)
    data = merged({"hooks": {"PreToolUse": [{"matcher": "*", "hooks": [entry]}]}})
    assert data["hooks"]["PreToolUse"][0] == {"matcher": "*", "hooks": [entry]}


def test_other_handler_types_and_malformed_groups_are_not_ours_to_judge() -> None:
    odd = [
        "text",
        {"matcher": "*"},
        {"matcher": "*", "hooks": "x"},
        {"hooks": [{"type": "http", "url": "http://x/security-hook"}]},
    ]
    data = merged({"hooks": {"PreToolUse": list(odd)}})
    assert data["hooks"]["PreToolUse"][:4] == odd


def test_merging_is_idempotent_and_removing_restores_the_structure() -> None:
    original = {
        "model": "x",
        "hooks": {"PreToolUse": [{"matcher": "*", "hooks": [FOREIGN]}]},
        "permissions": {"deny": []},
    }
    once = merged(original)
    assert merged(once) == once
    assert apply_hooks(once, []) == original
    assert apply_hooks({"hooks": {"Stop": [{"hooks": [handler(HOOKS[3], CMD)]}]}}, []) == {}
    assert apply_hooks({"hooks": {}}, []) == {"hooks": {}}
    assert apply_hooks({}, []) == {}


# -- writing --------------------------------------------------------------------------------

SETTINGS_TEXT = """{
  "model": "opus",
  "permissions": {"allow": ["Bash(ls:*)", "Read(~/notes/**)"], "deny": ["Read(./.env)"]},
  "env": {"GREETING": "h\\u00e9llo", "RATIO": 1.50, "BIG": 1E3},
  "hooks": {
    "PreToolUse": [
      {"matcher": "Bash", "hooks": [{"type": "command", "command": "/opt/acme/bin/acme-hook", "args": ["pretooluse"], "timeout": 10}]}
    ],
    "Notification": [
      {
        "hooks": [
          {"type": "command", "command": "notify-send hi"}
        ]
      }
    ]
  },
  "statusLine": {"type": "command", "command": "~/bin/status"}
}
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_unchanged_bytes_stay_and_the_rest_is_structurally_preserved(tmp_path: Path) -> None:
    path = write(tmp_path / "settings.json", SETTINGS_TEXT)
    settings = read_settings(path)
    result = save(settings, merged(settings.data), mode=0o600, now=0)
    assert result.changed and result.backup is not None
    assert result.backup.read_text() == SETTINGS_TEXT
    assert result.backup.name.startswith("settings.json.19700101-") and result.backup.name.endswith(".bak")
    text = path.read_text()
    for line in SETTINGS_TEXT.splitlines():
        assert line in text  # every original line is still there, byte for byte
    data = json.loads(text)
    assert data["hooks"]["PreToolUse"][0] == json.loads(SETTINGS_TEXT)["hooks"]["PreToolUse"][0]
    assert list(data) == ["model", "permissions", "env", "hooks", "statusLine"]
    assert our_events(data) == [spec.event for spec in HOOKS]


def test_a_second_save_changes_nothing_not_even_the_mtime(tmp_path: Path) -> None:
    path = write(tmp_path / ".claude" / "settings.json", SETTINGS_TEXT)
    settings = read_settings(path)
    save(settings, merged(settings.data), mode=0o600)
    before = (path.read_bytes(), path.stat().st_mtime_ns, sorted(path.parent.iterdir()))
    again = read_settings(path)
    assert save(again, merged(again.data), mode=0o600).changed is False
    assert (path.read_bytes(), path.stat().st_mtime_ns, sorted(path.parent.iterdir())) == before


def test_install_then_uninstall_gives_back_the_original_bytes(tmp_path: Path) -> None:
    path = write(tmp_path / "settings.json", SETTINGS_TEXT)
    settings = read_settings(path)
    save(settings, merged(settings.data), mode=0o600)
    installed = read_settings(path)
    save(installed, apply_hooks(installed.data, []), mode=0o600)
    assert path.read_text() == SETTINGS_TEXT


def test_a_missing_file_is_created_without_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "new" / ".claude" / "settings.json"
    result = save(read_settings(path), merged({}), mode=0o600)
    assert result.changed and result.backup is None
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert json.loads(path.read_text()) == merged({}) and path.read_text().endswith("}\n")
    assert save(read_settings(tmp_path / "absent.json"), {}, mode=0o600).changed is False
    assert not (tmp_path / "absent.json").exists()


def test_mode_and_symlinks_are_kept(tmp_path: Path) -> None:
    real = write(tmp_path / "dotfiles" / "claude-settings.json", '{"model": "x"}\n')
    os.chmod(real, 0o640)
    link = tmp_path / ".claude" / "settings.json"
    link.parent.mkdir()
    link.symlink_to(real)
    settings = read_settings(link)
    save(settings, merged(settings.data), mode=0o600)
    assert link.is_symlink() and our_events(json.loads(real.read_text()))
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert not list(real.parent.glob(".*tmp*"))  # no temp file left behind


def test_a_file_we_refuse_is_not_touched(tmp_path: Path) -> None:
    path = write(tmp_path / ".claude" / "settings.json", "{\n  // mine\n}\n")
    with pytest.raises(SettingsError):
        read_settings(path)
    assert path.read_text() == "{\n  // mine\n}\n" and len(list(path.parent.iterdir())) == 1
