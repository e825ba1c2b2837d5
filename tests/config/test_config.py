"""Config: TOML layers, merge semantics, validation errors naming file and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from security_hooks.config.load import Config, ConfigLayer, build_config
from security_hooks.config.locate import PACKAGED_DIR, Dirs, config_layers, rule_sources


def merged(*texts: str) -> dict[str, object]:
    layers = [ConfigLayer(f"layer{i}.toml", t) for i, t in enumerate(texts)]
    result = build_config(layers)
    assert result.config is not None, [d.render() for d in result.diagnostics]
    return {
        k: result.config.get(k)
        for k in ("executables.allowed", "daemon.idle_timeout_minutes", "rules.disabled")
    }


def test_lists_append_without_repeats_and_scalars_overwrite() -> None:
    base = '[executables]\nallowed = ["git", "ls"]\n[daemon]\nidle_timeout_minutes = 30\n'
    local = '[executables]\nallowed = ["ls", "mytool"]\n[daemon]\nidle_timeout_minutes = 0.5\n[rules]\ndisabled = ["x"]\n'
    out = merged(base, local)
    assert out["executables.allowed"] == ("git", "ls", "mytool")
    assert out["daemon.idle_timeout_minutes"] == 0.5
    assert out["rules.disabled"] == ("x",)


def test_arrays_of_tables_append_and_servers_union_their_tools() -> None:
    base = '[[mcp.servers]]\nname = "a"\ntools = ["t1"]\n'
    local = '[[mcp.servers]]\nname = "a"\ntools = ["t2"]\n[[mcp.servers]]\nname = "b"\ntools = ["*"]\n'
    result = build_config([ConfigLayer("c", base), ConfigLayer("l", local)])
    assert result.config is not None
    assert result.config.mcp_servers == {"a": frozenset({"t1", "t2"}), "b": frozenset({"*"})}


def test_config_is_frozen() -> None:
    result = build_config([ConfigLayer("c", '[executables]\nallowed = ["git"]\n')])
    assert result.config is not None
    with pytest.raises(TypeError):
        result.config.data["executables"]["allowed"] = ()  # type: ignore[index]
    assert isinstance(result.config.get("executables.allowed"), tuple)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "[executables]\nallowed = [1, 2]\n",
            "config.local.toml:2:1: error[C002]: executables.allowed: item 0 should be a string, got a number",
        ),
        (
            '[daemon]\nidle_timeout_minutes = "soon"\n',
            "config.local.toml:2:1: error[C002]: daemon.idle_timeout_minutes: expected a number, got a string",
        ),
        (
            "[daemon]\nidle_timeout_minutes = 0\n",
            "config.local.toml:2:1: error[C002]: daemon.idle_timeout_minutes: must be at least 0.01, got 0",
        ),
        (
            '[tools]\nunknown = "maybe"\n',
            "config.local.toml:2:1: error[C002]: tools.unknown: expected one of deny, ask, allow, got 'maybe'",
        ),
        (
            '[asks]\ndeny_in_modes = ["yolo"]\n',
            "config.local.toml:2:1: error[C002]: asks.deny_in_modes: item 0 should be one of default, plan,"
            " acceptEdits, auto, dontAsk, bypassPermissions, got 'yolo'",
        ),
        (
            '[[mcp.servers]]\nname = "x"\n',
            "config.local.toml: mcp.servers: item 0 lacks the key 'tools'",
        ),
        (
            "[executables\nallowed = []\n",
            "config.local.toml:1:13: error[C001]: invalid TOML: Expected ']' at the end of a table declaration",
        ),
    ],
)
def test_bad_values_name_the_file_and_key_path(text: str, expected: str) -> None:
    result = build_config(
        [
            ConfigLayer("config.toml", "[executables]\nallowed = []\n"),
            ConfigLayer("config.local.toml", text),
        ]
    )
    assert result.config is None
    assert expected in result.errors[0].render()


def test_unknown_keys_warn_but_load() -> None:
    result = build_config(
        [ConfigLayer("c.toml", "[executables]\nallowed = []\nextra = 1\n[whatever]\nx = 1\n")]
    )
    assert result.config is not None
    messages = [d.message for d in result.diagnostics]
    assert messages == [
        "unknown config section 'whatever'",
        "unknown config key 'executables.extra'",
    ]


def test_packaged_config_is_valid_and_has_the_everyday_tools() -> None:
    result = build_config([ConfigLayer("config.toml", (PACKAGED_DIR / "config.toml").read_text())])
    assert result.config is not None and not result.diagnostics
    allowed = set(result.config.strings("executables.allowed"))
    assert {"find", "wc", "sort", "diff", "tar", "pytest", "ruff", "git", "mix", "cargo"} <= allowed
    assert result.config.failure_decision("PreToolUse") == "deny"
    assert result.config.failure_decision("PostToolUse") == "allow"


def test_user_files_replace_packaged_ones_and_absent_ones_fall_back(tmp_path: Path) -> None:
    user = tmp_path / "user"
    (user / "rules").mkdir(parents=True)
    (user / "rules" / "bash.rules").write_text('block "mine"\n  match x\n  nudge "n"\n')
    (user / "config.local.toml").write_text("[daemon]\nidle_timeout_minutes = 1\n")
    dirs = Dirs(user, None)
    sources = {s.family: s for s in rule_sources(dirs)}
    assert 'block "mine"' in sources["bash"].text
    assert sources["edit"].source == "security_hooks/defaults/edit.rules"
    layers = config_layers(dirs)
    assert [layer.source.rsplit("/", 1)[-1] for layer in layers] == [
        "config.toml",
        "config.local.toml",
    ]
    assert layers[0].source == "security_hooks/defaults/config.toml"


def test_managed_layer_comes_last_and_its_rules_first(tmp_path: Path) -> None:
    managed = tmp_path / "managed"
    (managed / "rules").mkdir(parents=True)
    (managed / "config.toml").write_text('[tools]\nunknown = "deny"\n')
    (managed / "rules" / "bash.rules").write_text('block "org"\n  match x\n  nudge "n"\n')
    dirs = Dirs(tmp_path / "user", managed)
    layers = config_layers(dirs)
    assert layers[-1].managed
    sources = rule_sources(dirs)
    assert sources[0].managed and sources[0].family == "bash"
    assert [s.family for s in sources].count("bash") == 2


def test_managed_mode_enforces_packaged_rules_and_user_files_only_add(tmp_path: Path) -> None:
    managed = tmp_path / "managed"
    managed.mkdir()
    user = tmp_path / "user"
    (user / "rules").mkdir(parents=True)
    (user / "rules" / "bash.rules").write_text('block "mine"\n  match x\n  nudge "n"\n')
    (user / "rules" / "edit.rules").write_text((PACKAGED_DIR / "edit.rules").read_text())
    sources = rule_sources(Dirs(user, managed))
    bash = [s for s in sources if s.family == "bash"]
    assert [(s.source.endswith("defaults/bash.rules"), s.managed) for s in bash] == [
        (True, True),
        (False, False),
    ]
    assert [s.source for s in sources if s.family == "edit"] == ["security_hooks/defaults/edit.rules"]


def test_remembered_keys_are_bounded() -> None:
    """`failure.<event>` is built from the payload: a stream of made-up event names must
    not grow the daemon's memory, and every lookup still answers."""
    config = Config({"failure": {"PreToolUse": "deny"}})
    for i in range(5000):
        assert config.get(f"failure.Made{i}", "ask") == "ask"
    assert config.get("failure.PreToolUse") == "deny"
    assert len(config._found) <= 1024
