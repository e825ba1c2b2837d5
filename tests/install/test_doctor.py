"""`security-hook doctor`: green after an install, red with a fix when something is broken."""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from review_support import require_tool
from security_hooks.cli.doctor import Doctor
from security_hooks.cli.main import main

Edit = Callable[[dict[str, Any]], None]


def settings_path() -> Path:
    return Path(os.environ["HOME"]) / ".claude" / "settings.json"


def launcher() -> Path:
    return Path(os.environ["HOME"]) / ".local" / "bin" / "security-hook"


def python_client() -> Path:
    """The Python client: beside the shell hook command where socat was found, else the command."""
    beside = launcher().with_name("security-hook-client")
    return beside if beside.exists() else launcher()


def doctor(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["doctor", *args])
    return code, capsys.readouterr().out


def statuses(out: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for status, name in re.findall(r"^(ok|warn|FAIL)\s+(\S+)", out, re.MULTILINE):
        found.setdefault(name, set()).add(status)
    return found


@pytest.fixture
def installed(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["install"]) == 0
    capsys.readouterr()


def edit_settings(change: Edit) -> None:
    data = json.loads(settings_path().read_text())
    change(data)
    settings_path().write_text(json.dumps(data, indent=2))


def pre_entry(data: dict[str, Any]) -> dict[str, Any]:
    entry: dict[str, Any] = data["hooks"]["PreToolUse"][0]["hooks"][0]
    return entry


@pytest.mark.usefixtures("installed")
def test_green_after_install(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = doctor(capsys)
    assert code == 0, out
    assert out.rstrip().endswith("all checks passed")
    found = statuses(out)
    for name in ("settings", "command", "rules", "hook", "session", "daemon", "versions", "permissions"):
        assert "ok" in found[name], out
    assert "FAIL" not in out
    assert re.search(
        r"^ok\s+hook\s+Write ~/\.bashrc: deny \(Blocked by security-hooks rule edit-shell-rc", out, re.M
    )
    assert re.search(r"^ok\s+hook\s+Bash ls: allow in \d+ ms$", out, re.M)


@pytest.mark.usefixtures("installed")
def test_red_with_a_clear_message_after_the_hook_path_is_broken_by_hand(
    capsys: pytest.CaptureFixture[str],
) -> None:
    moved = launcher().parent.parent / "bin-old" / "security-hook"
    settings_path().write_text(settings_path().read_text().replace(str(launcher()), str(moved)))
    code, out = doctor(capsys)
    assert code == 1
    assert f"FAIL  command      {moved} does not exist: Claude Code would skip every hook" in out
    assert "fix: run ./install.sh again" in out
    assert out.rstrip().endswith("1 check(s) failed")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["hooks"]["PreToolUse"][0].update(matcher="Bash"),
            "PreToolUse matcher is 'Bash', not '*'",
        ),
        (
            lambda d: pre_entry(d).update(timeout=5),
            "PreToolUse timeout is 5; below 15 s a slow start fails open",
        ),
        (lambda d: pre_entry(d).pop("timeout"), "PreToolUse timeout is None"),
        (
            lambda d: pre_entry(d).update(args=["pre", "bash", "x"]),
            "PreToolUse runs with ['pre', 'bash', 'x']",
        ),
        (lambda d: d["hooks"].pop("SessionStart"), "SessionStart is not registered"),
        (lambda d: d["hooks"]["Stop"].append(d["hooks"]["Stop"][0]), "Stop is registered 2 times"),
        (
            lambda d: pre_entry(d).update(command="security-hook"),
            "command 'security-hook' is not an absolute path",
        ),
        (lambda d: d.update(disableAllHooks=True), "sets disableAllHooks: no hook runs"),
    ],
)
@pytest.mark.usefixtures("installed")
def test_red_for_registrations_that_would_fail_open(
    capsys: pytest.CaptureFixture[str], change: Edit, message: str
) -> None:
    edit_settings(change)
    code, out = doctor(capsys)
    assert code == 1 and message in out, out
    assert re.search(r"^FAIL\s+settings", out, re.M)


def test_red_when_nothing_is_registered(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = doctor(capsys, "--settings", str(settings_path()))
    assert code == 1
    assert f"no security-hook entries in {settings_path()}" in out and "fix: run ./install.sh again" in out


@pytest.mark.usefixtures("installed")
def test_red_when_the_virtualenv_behind_the_command_is_gone(capsys: pytest.CaptureFixture[str]) -> None:
    text = python_client().read_text().replace(sys.executable, "/nonexistent/venv/bin/python", 1)
    python_client().write_text(text)
    code, out = doctor(capsys)
    assert code == 1 and "runs /nonexistent/venv/bin/python, which is missing" in out


@pytest.fixture
def shell_installed(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SECURITY_HOOKS_PERL", "none")
    monkeypatch.setenv("SECURITY_HOOKS_SOCAT", require_tool("socat", "apt-get install -y socat"))
    assert main(["install"]) == 0
    capsys.readouterr()
    return launcher().with_name("security-hook-client")


@pytest.fixture
def perl_installed(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SECURITY_HOOKS_PERL", require_tool("perl", "apt-get install -y perl"))
    assert main(["install"]) == 0
    capsys.readouterr()
    return launcher().with_name("security-hook-client")


def test_green_through_the_perl_client(capsys: pytest.CaptureFixture[str], perl_installed: Path) -> None:
    code, out = doctor(capsys)
    assert code == 0, out
    assert f"is the perl client; it hands calls over to {perl_installed} ({sys.executable} -IS)" in out
    assert statuses(out)["perl"] == {"ok"} and statuses(out)["hook"] == {"ok"}


def test_a_perl_client_of_another_version_is_a_warning(
    capsys: pytest.CaptureFixture[str], perl_installed: Path
) -> None:
    launcher().write_text(launcher().read_text().replace("my $version = '0.1.0';", "my $version = '0.0.9';"))
    code, out = doctor(capsys)
    assert code == 0 and "written by version 0.0.9, installed is 0.1.0" in out, out
    assert statuses(out)["perl"] == {"warn"}


@pytest.mark.parametrize("broken", ["perl", "client"])
def test_red_when_the_perl_client_cannot_run(
    capsys: pytest.CaptureFixture[str], perl_installed: Path, broken: str
) -> None:
    if broken == "perl":  # a perl removed since the install: Claude Code would allow every call
        text = launcher().read_text()
        launcher().write_text("#!/nonexistent/perl -t\n" + text.split("\n", 1)[1])
        expected = "runs /nonexistent/perl, which is missing: Claude Code would let every call through"
    else:
        perl_installed.unlink()
        expected = f"hands calls to {perl_installed}, which is missing"
    code, out = doctor(capsys)
    assert code == 1 and expected in out, out


def test_green_through_the_shell_client(capsys: pytest.CaptureFixture[str], shell_installed: Path) -> None:
    code, out = doctor(capsys)
    assert code == 0, out
    assert f"is the shell client; it hands calls over to {shell_installed} ({sys.executable} -IS)" in out
    assert statuses(out)["shell"] == {"ok"}
    assert "the shell client streams each call to the daemon through" in out  # this socat has -r


def test_a_socat_that_lost_its_copy_option_is_a_warning(
    capsys: pytest.CaptureFixture[str], shell_installed: Path, tmp_path: Path
) -> None:
    """Installed for a socat with -r, now run with one without (a downgrade): the shell
    client's every call would go to the Python client."""
    old = tmp_path / "old-socat"
    old.write_text("#!/bin/sh\necho 'socat 1.7.3: usage: socat [options] <bi-address> <bi-address>'\n")
    old.chmod(0o755)
    text = launcher().read_text()
    assert "\nstream=yes " in text
    launcher().write_text(text.replace("socat=", f"socat={old} #", 1))
    code, out = doctor(capsys)
    assert code == 0 and "cannot keep a copy of what it sends (-r)" in out, out
    assert statuses(out)["shell"] == {"warn"}


def test_red_when_the_shell_client_has_no_python_client(
    capsys: pytest.CaptureFixture[str], shell_installed: Path
) -> None:
    shell_installed.unlink()
    code, out = doctor(capsys)
    assert code == 1 and f"hands calls to {shell_installed}, which is missing" in out


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("socat=", "socat=/nonexistent/"), "socat is missing: every call takes the Python client"),
        (("version=0.1.0", "version=0.0.9"), "written by version 0.0.9, installed is 0.1.0"),
    ],
)
def test_a_shell_client_that_cannot_take_the_fast_way_is_a_warning(
    capsys: pytest.CaptureFixture[str], shell_installed: Path, change: tuple[str, str], expected: str
) -> None:
    launcher().write_text(launcher().read_text().replace(*change, 1))
    code, out = doctor(capsys)
    assert code == 0 and expected in out, out
    assert statuses(out)["shell"] == {"warn"}


@pytest.mark.usefixtures("installed")
def test_red_when_the_rules_do_not_load(capsys: pytest.CaptureFixture[str]) -> None:
    config = Path(os.environ["XDG_CONFIG_HOME"]) / "security-hooks" / "config.local.toml"
    config.write_text("[daemon]\nidle_timeout_minutes = 'soon'\n")
    assert main(["daemon", "stop"]) == 0
    code, out = doctor(capsys)
    assert code == 1
    assert re.search(
        r"^FAIL\s+rules\s+1 error\(s\), the first: .*config\.local\.toml:2:1: error", out, re.M
    ), out
    assert re.search(r"^FAIL\s+hook\s+Bash ls: deny \(security-hooks: rules failed to load", out, re.M), out
    assert re.search(
        r"^FAIL\s+session\s+the SessionStart check says: security-hooks: rules failed", out, re.M
    )


@pytest.mark.usefixtures("installed")
def test_a_command_writable_by_others_is_reported(capsys: pytest.CaptureFixture[str]) -> None:
    launcher().chmod(0o777)
    code, out = doctor(capsys)
    assert (
        code == 1 and f"{launcher()} is writable by other users" in out and f"chmod go-w {launcher()}" in out
    )


@pytest.mark.usefixtures("installed")
def test_user_hooks_do_not_count_where_only_managed_hooks_may_run(tmp_path: Path) -> None:
    managed = tmp_path / "managed-settings.json"
    managed.write_text('{"allowManagedHooksOnly": true}\n')
    checkup = Doctor(dict(os.environ), [managed, settings_path()], managed=managed)
    checkup.check_settings()
    report = checkup.report.render()
    assert checkup.report.failed == 1 and "managed settings set allowManagedHooksOnly" in report
    assert "fix: install with --system" in report
