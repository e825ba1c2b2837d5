"""Support for the review-layer tests: a real git repository and one Claude Code session
driven through `handle` with real review layers (state on disk, real git, real linters)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from helpers import ruleset
from security_hooks.engine.decision import Decision
from security_hooks.engine.hook import HookRequest, handle
from security_hooks.review.layers import ReviewLayers
from security_hooks.review.state import SessionStore
from security_hooks.rules.ruleset import RuleSet

GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.org",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.org",
}


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        env={**os.environ, **GIT_IDENTITY},
        check=True,
    )
    return done.stdout


def init_repo(path: Path, files: dict[str, str] | None = None) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    git(path, "init", "-q", "-b", "main")
    for name, text in (files or {"README.md": "# demo\n"}).items():
        write(path, name, text)
    git(path, "add", "-A")
    git(path, "commit", "-q", "-m", "initial")
    return path


def write(root: Path, name: str, text: str) -> Path:
    target = root / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text)
    return target


def require_tool(name: str, hint: str) -> str:
    """The tool's path; the test fails (never skips) when it is missing."""
    found = shutil.which(name) or shutil.which(name, path=str(Path(sys.executable).parent))
    if found is None:
        pytest.fail(f"{name} is required by this test but is not installed: {hint}")
    return found


def fake_program(directory: Path, name: str, script: str) -> Path:
    """An executable shell script standing in for a real program."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text("#!/bin/sh\n" + script)
    path.chmod(0o755)
    return path


@dataclass
class Session:
    """One Claude Code session in `project`, decided in-process with the review layers."""

    project: Path
    home: Path
    state: Path
    rules: RuleSet
    session_id: str = "session-1"
    outputs: list[dict[str, Any]] = field(default_factory=list)

    @property
    def layers(self) -> ReviewLayers:
        return ReviewLayers(SessionStore(self.state))

    def call(self, phase: str, payload: dict[str, Any]) -> tuple[Decision, dict[str, Any]]:
        body = {"session_id": self.session_id, "cwd": str(self.project), **payload}
        env = {"HOME": str(self.home), "CLAUDE_PROJECT_DIR": str(self.project)}
        request = HookRequest(phase, "any", json.dumps(body).encode(), env)
        outcome = handle(request, self.rules, layers=self.layers)
        assert outcome.error is None, outcome.error
        assert outcome.trace is None, outcome.trace
        assert outcome.decision is not None
        stdout = outcome.response.stdout
        output = json.loads(stdout) if stdout else {}
        self.outputs.append(output)
        return outcome.decision, output

    def prompt(self, text: str = "please do the work") -> tuple[Decision, dict[str, Any]]:
        return self.call("prompt", {"hook_event_name": "UserPromptSubmit", "prompt": text})

    def stop(self, active: bool = False) -> tuple[Decision, dict[str, Any]]:
        return self.call("stop", {"hook_event_name": "Stop", "stop_hook_active": active})

    def bash(self, command: str) -> tuple[Decision, dict[str, Any]]:
        payload = {"hook_event_name": "PreToolUse", "tool_name": "Bash", "tool_input": {"command": command}}
        return self.call("pre", payload)

    def post(
        self, tool: str, tool_input: dict[str, Any], response: Any = None
    ) -> tuple[Decision, dict[str, Any]]:
        payload = {
            "hook_event_name": "PostToolUse",
            "tool_name": tool,
            "tool_input": tool_input,
            "tool_response": response if response is not None else {},
        }
        return self.call("post", payload)

    def wrote(self, name: str, text: str, tool: str = "Write") -> tuple[Decision, dict[str, Any]]:
        """The agent writes `name` with the Write tool: the file lands, then PostToolUse."""
        path = write(self.project, name, text)
        return self.post(tool, {"file_path": str(path), "content": text}, {"filePath": str(path)})


def make_session(tmp_path: Path, *, local: str | None = None, repo: bool = True) -> Session:
    project = tmp_path / "project"
    if repo:
        init_repo(project)
    else:
        project.mkdir(parents=True, exist_ok=True)
    home = Path(os.environ["HOME"])
    rules = ruleset(packaged=True, local=local)
    return Session(project, home, tmp_path / "state", rules)
