"""Helpers shared by the CLI verbs that evaluate: loading rules and the call environment."""

from __future__ import annotations

import os

from ..rules.ruleset import RuleSet
from ..runtime import load_from_disk
from .errors import FatalError


def effective_ruleset() -> RuleSet:
    result = load_from_disk()
    if result.ruleset is None:
        raise FatalError(f"{result.summary()}; run `security-hook rules check` for details")
    return result.ruleset


def call_env(*, cwd: str | None, project_dir: str | None) -> tuple[str, dict[str, str]]:
    """The cwd and the environment a hook call would see."""
    env = dict(os.environ)
    where = os.path.abspath(cwd or os.getcwd())
    env["CLAUDE_PROJECT_DIR"] = (
        os.path.abspath(project_dir) if project_dir else (env.get("CLAUDE_PROJECT_DIR") or where)
    )
    return where, env
