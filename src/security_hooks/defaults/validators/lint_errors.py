"""LintErrors: the project's linter reports errors in the file the agent just edited.

Linters are detected from the project's files (ruff, flake8, eslint, shellcheck,
go vet, cargo clippy, mix credo; see `security_hooks.review.lint`) and configured in
`[lint]`. Matches with {linter}, {count} and {errors} (one `line:col message` per
line, at most 20).
"""

from __future__ import annotations

from collections.abc import Mapping

from security_hooks.config.load import Config
from security_hooks.engine.families.base import Subject
from security_hooks.engine.families.post import PostView

LISTED = 20


class LintErrors:
    families = frozenset({"post"})

    def __init__(self, config: Config) -> None:
        self.config = config

    def check(self, subject: Subject) -> Mapping[str, str] | None:
        # Imported on first use: the daemon's start-up is on the first hook call's path.
        from security_hooks.review.lint import lint_runs, split_by_file

        view = subject.prepared
        if not isinstance(view, PostView) or not view.path:
            return None
        mine, _ = split_by_file(lint_runs(view, subject.config), view.path)
        if not mine:
            return None
        lines = [f"- {diagnostic.short()}" for _, diagnostic in mine[:LISTED]]
        if len(mine) > LISTED:
            lines.append(f"- ... and {len(mine) - LISTED} more")
        linters = ", ".join(dict.fromkeys(name for name, _ in mine))
        return {"linter": linters, "count": str(len(mine)), "errors": "\n".join(lines)}
