"""Reading a hook's answer as Claude Code reads it."""

from __future__ import annotations

import json

import pytest

from security_hooks.install.probe import HookRun

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
