"""`security-hook install` and `uninstall` in a throw-away HOME, with real launchers and daemons.

These run the Python step of the installer with this test environment's interpreter,
so they need no new virtualenv; test_install_sh.py runs the whole install.sh.
"""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from review_support import fake_program, require_tool
from security_hooks.cli.main import main
from security_hooks.install.entries import HOOKS
from security_hooks.install.launcher import (
    find_perl,
    find_socat,
    perl_script,
    perl_settings,
    shell_script,
    write_launcher,
)
from security_hooks.install.settings import ours

FOREIGN_SETTINGS = """{
  "model": "opus",
  "permissions": {
    "allow": ["Bash(npm test:*)"],
    "deny": ["Read(./.env)", "Read(./secrets/**)"]
  },
  "hooks": {
    "PreToolUse": [
      {
        "matcher": "*",
        "hooks": [
          {"type": "command", "command": "/opt/acme/bin/acme-hook", "args": ["pre"], "timeout": 10}
        ]
      }
    ],
    "PostToolUse": [
      {"matcher": "Write|Edit", "hooks": [{"type": "command", "command": "prettier --write \\"$FILE\\""}]}
    ]
  },
  "env": {"GREETING": "h\\u00e9llo"}
}
"""


def home() -> Path:
    return Path(os.environ["HOME"])


def settings_path() -> Path:
    return home() / ".claude" / "settings.json"


def snapshot(*roots: Path) -> dict[str, tuple[bytes, int]]:
    files = [
        p for root in roots for p in ([root] if root.is_file() else sorted(root.rglob("*"))) if p.is_file()
    ]
    return {str(p): (p.read_bytes(), p.stat().st_mtime_ns) for p in files if "__pycache__" not in p.parts}


def install(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["install", *args]) == 0
    return capsys.readouterr().out


def test_install_into_an_empty_home(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SECURITY_HOOKS_PERL", "none")
    monkeypatch.setenv("SECURITY_HOOKS_SOCAT", "none")
    out = install(capsys)
    launcher = home() / ".local" / "bin" / "security-hook"
    first_line = launcher.read_text().splitlines()[0]
    assert first_line == f"#!{sys.executable} -IS"  # the client's fast form
    assert "from security_hooks.client import main" in launcher.read_text()
    assert not launcher.with_name("security-hook-client").exists()
    assert "fast client   none (no perl or socat found)" in out
    assert "from security_hooks.daemon.app import main" in (launcher.parent / "security-hookd").read_text()
    assert stat.S_IMODE(launcher.stat().st_mode) == 0o755
    data = json.loads(settings_path().read_text())
    assert [(e, h["command"], h["args"]) for e, _, h in ours(data)] == [
        (spec.event, str(launcher), list(spec.args)) for spec in HOOKS
    ]
    config = home() / ".config" / "security-hooks"
    assert (config / "rules" / "edit.rules").is_file() and (config / "config.toml").is_file()
    assert (config / "rules" / "validators" / "dependency_mutation.py").is_file()
    assert (config / "config.local.toml").read_text().startswith("# Your overrides")
    assert f"hook command  {launcher}  (written)" in out
    assert "Write ~/.bashrc  -> deny" in out and "Bash ls          -> allow" in out


def test_with_socat_the_hook_command_is_the_shell_client(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    socat = require_tool("socat", "apt-get install -y socat")
    monkeypatch.setenv("SECURITY_HOOKS_PERL", "none")
    monkeypatch.setenv("SECURITY_HOOKS_SOCAT", socat)
    out = install(capsys)
    launcher = home() / ".local" / "bin" / "security-hook"
    client = launcher.with_name("security-hook-client")
    text = launcher.read_text()
    assert text.startswith("#!/bin/sh\n# security-hooks: shell hook command\n")
    assert f"client={client}\n" in text and f"socat={socat}\n" in text and "version=0.1.0\n" in text
    assert "@" not in text.replace("$@", "")  # every placeholder filled
    assert f"run=${{run:-/tmp/security-hooks-{os.getuid()}}}" in text
    assert client.read_text().startswith(f"#!{sys.executable} -IS\n")
    assert stat.S_IMODE(launcher.stat().st_mode) == stat.S_IMODE(client.stat().st_mode) == 0o755
    data = json.loads(settings_path().read_text())
    assert {h["command"] for _, _, h in ours(data)} == {str(launcher)}
    assert f"fast client   shell and socat ({socat}); it hands odd calls to {client}" in out
    assert "Write ~/.bashrc  -> deny" in out and "Bash ls          -> allow" in out
    # Without socat on a later install, the Python client becomes the hook command again.
    monkeypatch.setenv("SECURITY_HOOKS_SOCAT", "none")
    install(capsys)
    assert launcher.read_text().startswith(f"#!{sys.executable} -IS\n") and not client.exists()


def test_with_perl_the_hook_command_is_the_perl_client(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """perl is preferred to socat: it starts faster than a shell and socat together."""
    perl = require_tool("perl", "apt-get install -y perl")
    monkeypatch.setenv("SECURITY_HOOKS_SOCAT", require_tool("socat", "apt-get install -y socat"))
    out = install(capsys)
    launcher = home() / ".local" / "bin" / "security-hook"
    client = launcher.with_name("security-hook-client")
    text = launcher.read_text()
    assert text.startswith(f"#!{perl} -t\n# security-hooks: perl hook command\n")
    assert re.search(r"@[A-Z_]+@", text) is None  # every placeholder filled
    assert perl_settings(launcher) == {
        "perl": perl,
        "client": str(client),
        "python": sys.executable,
        "version": "0.1.0",
    }
    assert client.read_text().startswith(f"#!{sys.executable} -IS\n")
    assert stat.S_IMODE(launcher.stat().st_mode) == stat.S_IMODE(client.stat().st_mode) == 0o755
    assert f"fast client   perl ({perl}); it hands odd calls to {client}" in out
    # The probes ran through the perl client.
    assert "Write ~/.bashrc  -> deny" in out and "Bash ls          -> allow" in out
    monkeypatch.setenv("SECURITY_HOOKS_PERL", "none")
    install(capsys)
    assert launcher.read_text().startswith("#!/bin/sh\n# security-hooks: shell hook command\n")


def test_a_perl_client_path_survives_quotes_and_backslashes(tmp_path: Path) -> None:
    client = tmp_path / "it's a \\ dir" / "client"
    script = tmp_path / "hook"
    write_launcher(script, perl_script(client, "/usr/bin/perl", python="/opt/py'thon"))
    assert perl_settings(script) == {
        "perl": "/usr/bin/perl",
        "client": str(client),
        "python": "/opt/py'thon",
        "version": "0.1.0",
    }
    perl = require_tool("perl", "apt-get install -y perl")
    checked = subprocess.run([perl, "-t", "-c", str(script)], capture_output=True, text=True)
    assert checked.returncode == 0 and "syntax OK" in checked.stderr, checked.stderr


@pytest.mark.parametrize(("value", "expected"), [("none", None), ("", None), ("{perl}", "{perl}")])
def test_perl_can_be_named_or_refused(value: str, expected: str | None) -> None:
    perl = require_tool("perl", "apt-get install -y perl")
    found = find_perl({"SECURITY_HOOKS_PERL": value.format(perl=perl), "PATH": "/usr/bin:/bin"})
    assert found == (expected.format(perl=perl) if expected else None)


@pytest.mark.parametrize("value", ["/bin/sh", "/nonexistent/perl", "relative/perl"])
def test_a_named_perl_that_cannot_run_a_script_stops_the_install(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("SECURITY_HOOKS_PERL", value)
    assert main(["install"]) != 0
    err = capsys.readouterr().err
    assert f"SECURITY_HOOKS_PERL={value}" in err and err.count("\n") == 1
    assert not settings_path().exists()


def test_perl_is_looked_up_on_path_and_must_run(tmp_path: Path) -> None:
    assert find_perl({"PATH": str(tmp_path)}) is None
    fake = tmp_path / "perl"
    fake.write_text("#!/bin/sh\nexit 0\n")  # runs, but is no perl
    fake.chmod(0o755)
    assert find_perl({"PATH": str(tmp_path)}) is None
    perl = require_tool("perl", "apt-get install -y perl")
    fake.unlink()
    fake.symlink_to(perl)
    assert find_perl({"PATH": str(tmp_path)}) == str(fake)  # a link is kept: it survives upgrades


def test_a_perl_shim_is_replaced_by_the_perl_it_runs(tmp_path: Path) -> None:
    """A version manager's shim is a script that picks a perl on every call: slow."""
    perl = require_tool("perl", "apt-get install -y perl")
    shim = tmp_path / "perl"
    shim.write_text(f'#!/bin/sh\nexec {perl} "$@"\n')
    shim.chmod(0o755)
    real = subprocess.run([perl, "-e", "print $^X"], capture_output=True, text=True, check=True).stdout
    assert find_perl({"PATH": str(tmp_path)}) == real != str(shim)


def test_a_system_install_builds_in_no_uid(tmp_path: Path) -> None:
    text = shell_script(tmp_path / "client", "/usr/bin/socat", system=True)
    assert "/tmp/security-hooks-" not in text and "run=${run:-}" in text


@pytest.mark.parametrize(("value", "expected"), [("none", None), ("", None), ("/bin/sh", "/bin/sh")])
def test_socat_can_be_named_or_refused(value: str, expected: str | None) -> None:
    assert find_socat({"SECURITY_HOOKS_SOCAT": value, "PATH": "/usr/bin:/bin"}) == expected


@pytest.mark.parametrize("value", ["relative/socat", "/nonexistent/socat", "{plain}", "/tmp"])
def test_a_named_socat_that_cannot_run_stops_the_install(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, value: str
) -> None:
    plain = tmp_path / "socat"
    plain.write_text("not a program\n")  # mode 0644
    value = value.format(plain=plain)
    monkeypatch.setenv("SECURITY_HOOKS_SOCAT", value)
    assert main(["install"]) != 0
    err = capsys.readouterr().err
    assert f"SECURITY_HOOKS_SOCAT={value} is not an executable file" in err and err.count("\n") == 1
    assert not settings_path().exists() and not (home() / ".local" / "bin").exists()


def test_socat_is_looked_up_on_path(tmp_path: Path) -> None:
    fake = fake_program(tmp_path / "bin", "socat", "exit 0\n")
    assert find_socat({"PATH": f"/nonexistent:{fake.parent}"}) == str(fake)
    assert find_socat({"PATH": "/nonexistent"}) is None


def test_install_over_foreign_settings_keeps_them(capsys: pytest.CaptureFixture[str]) -> None:
    settings_path().parent.mkdir()
    settings_path().write_text(FOREIGN_SETTINGS)
    out = install(capsys)
    text = settings_path().read_text()
    for line in FOREIGN_SETTINGS.splitlines():
        assert line in text  # byte for byte
    data, before = json.loads(text), json.loads(FOREIGN_SETTINGS)
    assert data["permissions"] == before["permissions"] and data["env"] == before["env"]
    assert data["hooks"]["PreToolUse"][0] == before["hooks"]["PreToolUse"][0]
    assert data["hooks"]["PostToolUse"][0] == before["hooks"]["PostToolUse"][0]
    assert len(ours(data)) == len(HOOKS)
    (backup,) = settings_path().parent.glob("settings.json.*.bak")
    assert backup.read_text() == FOREIGN_SETTINGS
    assert f"updated, backup {backup}" in out


def test_a_second_install_changes_no_file(capsys: pytest.CaptureFixture[str]) -> None:
    settings_path().parent.mkdir()
    settings_path().write_text(FOREIGN_SETTINGS)
    install(capsys)
    watched = (home() / ".claude", home() / ".config" / "security-hooks", home() / ".local" / "bin")
    before = snapshot(*watched)
    out = install(capsys)
    assert snapshot(*watched) == before
    assert "(unchanged)" in out and "0 written" in out


def test_changed_rules_are_kept_and_the_user_is_told(capsys: pytest.CaptureFixture[str]) -> None:
    install(capsys)
    rules = home() / ".config" / "security-hooks" / "rules" / "edit.rules"
    rules.write_text(rules.read_text() + "\n# my tweak\n")
    out = install(capsys)
    assert "kept your rules/edit.rules; the new default is beside it as rules/edit.rules.new" in out
    assert rules.read_text().endswith("# my tweak\n") and rules.with_name("edit.rules.new").is_file()


def test_an_unreadable_settings_file_stops_the_install_before_any_write(
    capsys: pytest.CaptureFixture[str],
) -> None:
    settings_path().parent.mkdir()
    settings_path().write_text('{\n  // my comment\n  "model": "x"\n}\n')
    assert main(["install"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not valid JSON" in err and str(settings_path()) in err
    assert sorted(p.name for p in home().rglob("*")) == [".claude", "settings.json"]


@pytest.mark.parametrize(("perl", "socat"), [("found", "none"), ("none", "found"), ("none", "none")])
def test_uninstall_removes_ours_and_leaves_the_rest(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, perl: str, socat: str
) -> None:
    if socat == "found":
        socat = require_tool("socat", "apt-get install -y socat")
    monkeypatch.setenv("SECURITY_HOOKS_SOCAT", socat)
    if perl == "found":
        require_tool("perl", "apt-get install -y perl")
        monkeypatch.delenv("SECURITY_HOOKS_PERL", raising=False)
    else:
        monkeypatch.setenv("SECURITY_HOOKS_PERL", perl)
    settings_path().parent.mkdir()
    settings_path().write_text(FOREIGN_SETTINGS)
    install(capsys)
    bin_dir = home() / ".local" / "bin"
    assert (bin_dir / "security-hook-client").exists() == (perl == "found" or socat != "none")
    assert main(["uninstall", "--yes"]) == 0
    out = capsys.readouterr().out
    assert settings_path().read_text() == FOREIGN_SETTINGS  # every foreign byte, back as it was
    assert f"removed {len(HOOKS)} hook entries from {settings_path()}" in out
    assert sorted(os.listdir(bin_dir)) == []
    assert not (home() / ".config" / "security-hooks").exists()
    assert main(["uninstall", "--yes"]) == 0
    assert "no hook entries of ours" in capsys.readouterr().out


def test_uninstall_without_a_terminal_asks_nothing_and_keeps_files(
    capsys: pytest.CaptureFixture[str],
) -> None:
    install(capsys)
    done = subprocess.run(
        [sys.executable, "-m", "security_hooks.cli.main", "uninstall"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "pass --yes to remove" in done.stdout
    assert ours(json.loads(settings_path().read_text())) == []
    assert (home() / ".local" / "bin" / "security-hook").is_file()
    assert (home() / ".config" / "security-hooks" / "config.toml").is_file()


def test_uninstall_leaves_programs_that_are_not_ours(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "security-hook").write_text("#!/bin/sh\necho someone else's\n")
    assert main(["uninstall", "--yes", "--prefix", str(bin_dir)]) == 0
    assert (bin_dir / "security-hook").is_file()


def test_uninstall_needs_only_the_standard_library() -> None:
    """install.sh --uninstall runs from the checkout on the system's python3, with no virtualenv."""
    probe = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "import security_hooks.cli.main, security_hooks.cli.uninstall_command, security_hooks.cli.daemon_command;"
        "third = {'re2', 'tree_sitter', 'tree_sitter_bash', 'yaml', 'watchfiles', 'tomli', 'tomllib'};"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in third or m.startswith('security_hooks.config')))"
    )
    src = Path(__file__).resolve().parents[2] / "src"
    done = subprocess.run([sys.executable, "-I", "-S", "-c", probe, str(src)], capture_output=True, text=True)
    assert (done.returncode, done.stdout) == (0, "[]\n"), done.stderr
