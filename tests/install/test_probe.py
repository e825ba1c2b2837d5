"""Reading a hook's answer as Claude Code reads it."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from security_hooks.install.probe import HookRun, run_probes

DENY = json.dumps({"hookSpecificOutput": {"permissionDecision": "deny"}}).encode()


@pytest.mark.parametrize(
    ("exit_code", "stdout", "verdict"),
    [
        (2, b"", "deny"),
        (0, DENY, "deny"),
        (0, b"", "allow"),
        (0, b'{"hookSpecificOutput": ', "fails open"),
        (None, b"", "fails open"),
        (1, b"", "fails open"),
        (1, DENY, "fails open"),  # only exit 0 has its JSON read
        (137, DENY, "fails open"),
    ],
)
def test_verdict(exit_code: int | None, stdout: bytes, verdict: str) -> None:
    assert HookRun(("security-hook",), exit_code, stdout).verdict() == verdict


def test_probes_run_in_the_project_and_aim_at_the_home_even_without_home_set(tmp_path: Path) -> None:
    entry = {
        "type": "command",
        "command": "/bin/sh",
        "args": ["-c", 'cat >/dev/null; echo "$CLAUDE_PROJECT_DIR"'],
    }
    runs = run_probes(entry, {"PATH": os.environ["PATH"]}, str(tmp_path))
    assert [run.stdout for _, run in runs] == [f"{tmp_path}\n".encode()] * len(runs)
    bashrc = runs[0][0].payload["tool_input"]["file_path"]
    assert bashrc == os.path.join(os.path.expanduser("~"), ".bashrc") and os.path.isabs(bashrc)
