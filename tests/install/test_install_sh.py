"""install.sh for real, in a throw-away HOME: a real virtualenv, a real package install.

One install serves the whole module (it takes a while); the tests run in file order
and each leaves the installation as it found it, except the last, which uninstalls.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from e2e_support import stop_daemon_in
from security_hooks.install.entries import HOOKS
from security_hooks.install.launcher import perl_settings
from security_hooks.install.settings import ours

pytestmark = [pytest.mark.slow, pytest.mark.e2e]

REPO = Path(__file__).resolve().parents[2]


@dataclass
class Box:
    home: Path
    runtime: Path
    env: dict[str, str]
    first: subprocess.CompletedProcess[str]

    @property
    def hook(self) -> Path:
        return self.home / ".local" / "bin" / "security-hook"

    @property
    def settings(self) -> Path:
        return self.home / ".claude" / "settings.json"

    def run(self, *argv: str | Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(a) for a in argv], input=stdin, capture_output=True, text=True, env=self.env, timeout=600
        )


@pytest.fixture(scope="module")
def box(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Box]:
    root = tmp_path_factory.mktemp("sh")
    home = root / "home"
    home.mkdir()
    keep = {k: v for k, v in os.environ.items() if k.startswith(("PIP_", "UV_")) or k in ("PATH", "LANG")}
    env = {
        **keep,
        "HOME": str(home),
        "SECURITY_HOOKS_RUNTIME_DIR": str(root / "run"),
        "SECURITY_HOOKS_MANAGED_DIR": str(root / "managed"),
    }
    first = subprocess.run([str(REPO / "install.sh")], capture_output=True, text=True, env=env, timeout=600)
    yield Box(home, root / "run", env, first)
    stop_daemon_in(root / "run")


def test_install_sh_into_an_empty_home(box: Box) -> None:
    assert box.first.returncode == 0, box.first.stdout + box.first.stderr
    venv_python = box.home / ".local" / "share" / "security-hooks" / "venv" / "bin" / "python"
    client = box.hook.with_name("security-hook-client")
    if shutil.which("perl", path=box.env["PATH"]):
        assert (perl_settings(box.hook) or {}).get("client") == str(client)  # the perl client hands over to it
        assert "fast client   perl" in box.first.stdout
    elif shutil.which("socat", path=box.env["PATH"]):
        assert f"client={client}\n" in box.hook.read_text()  # the shell client hands over to it
        assert "fast client   shell and socat" in box.first.stdout
    else:
        client = box.hook
        assert "fast client   none" in box.first.stdout
    assert client.read_text().splitlines()[0] == f"#!{venv_python} -IS"
    assert f"{box.home}/.local/share/security-hooks/venv/lib/" in client.read_text()  # not this checkout
    data = json.loads(box.settings.read_text())
    assert [(e, h["command"]) for e, _, h in ours(data)] == [(s.event, str(box.hook)) for s in HOOKS]
    out = box.first.stdout
    assert "security-hooks 0.1.0 installed for this user" in out
    assert "Write ~/.bashrc  -> deny" in out and "Bash ls          -> allow" in out
    assert (box.home / ".config" / "security-hooks" / "rules" / "edit.rules").is_file()


def test_install_sh_twice_changes_nothing(box: Box) -> None:
    watched = [box.home / ".claude", box.home / ".config" / "security-hooks", box.home / ".local" / "bin"]

    def snapshot() -> dict[str, tuple[bytes, int]]:
        files = [
            p for d in watched for p in sorted(d.rglob("*")) if p.is_file() and "__pycache__" not in p.parts
        ]
        return {str(p): (p.read_bytes(), p.stat().st_mtime_ns) for p in files}

    before = snapshot()
    again = box.run(REPO / "install.sh")
    assert again.returncode == 0, again.stderr
    assert snapshot() == before
    assert f"{box.settings}  (unchanged)" in again.stdout


def test_doctor_green_then_red_after_the_path_is_broken_by_hand(box: Box) -> None:
    green = box.run(box.hook, "doctor")
    assert green.returncode == 0, green.stdout
    assert green.stdout.rstrip().endswith("all checks passed")
    original = box.settings.read_text()
    broken = str(box.home / ".local" / "bin-moved" / "security-hook")
    box.settings.write_text(original.replace(str(box.hook), broken))
    try:
        red = box.run(box.hook, "doctor")
        assert red.returncode == 1
        assert f"{broken} does not exist: Claude Code would skip every hook" in red.stdout
        assert "fix: run ./install.sh again" in red.stdout
    finally:
        box.settings.write_text(original)


def test_uninstall_leaves_foreign_content_intact(box: Box) -> None:
    data = json.loads(box.settings.read_text())
    data["permissions"] = {"deny": ["Read(./.env)"]}
    data["hooks"]["PreToolUse"].insert(
        0, {"matcher": "Bash", "hooks": [{"type": "command", "command": "acme"}]}
    )
    data["hooks"]["Notification"] = [{"hooks": [{"type": "command", "command": "notify-send hi"}]}]
    box.settings.write_text(json.dumps(data, indent=2) + "\n")
    done = box.run(REPO / "install.sh", "--uninstall", "--yes")
    assert done.returncode == 0, done.stderr
    after = json.loads(box.settings.read_text())
    assert after == {
        "hooks": {
            "PreToolUse": [{"matcher": "Bash", "hooks": [{"type": "command", "command": "acme"}]}],
            "Notification": [{"hooks": [{"type": "command", "command": "notify-send hi"}]}],
        },
        "permissions": {"deny": ["Read(./.env)"]},
    }
    assert not box.hook.exists() and not (box.home / ".local" / "share" / "security-hooks").exists()
    assert not (box.home / ".config" / "security-hooks").exists()
