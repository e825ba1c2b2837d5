"""LintNotes: what the linters say that is not an error in the file just edited.

- a linter that applies but is missing, timed out or failed: once per linter per
  session, never a block;
- errors the linter reports in other files: for information, each once per session.

Matches with {notes}.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from typing import TYPE_CHECKING

from security_hooks.config.load import Config
from security_hooks.engine.decision import REPORTS_VARIABLE
from security_hooks.engine.families.base import Subject
from security_hooks.engine.families.post import PostView

if TYPE_CHECKING:
    from security_hooks.review.lint import LintRun

LISTED = 10


class LintNotes:
    families = frozenset({"post"})

    def __init__(self, config: Config) -> None:
        self.config = config

    def check(self, subject: Subject) -> Mapping[str, str] | None:
        # Imported on first use: the daemon's start-up is on the first hook call's path.
        from security_hooks.review.lint import lint_runs, split_by_file

        view = subject.prepared
        if not isinstance(view, PostView) or not view.path:
            return None
        runs = lint_runs(view, subject.config)
        seen = subject.event.seen
        notes: list[str] = []
        keys: list[str] = []
        for run in runs:
            key = f"lint-{run.problem_kind}|{run.linter}"
            if run.problem and key not in seen:
                keys.append(key)
                notes.append(_problem(run))
        _, other = split_by_file(runs, view.path)
        fresh = []
        for name, diagnostic in other:
            digest = hashlib.sha256(diagnostic.message.encode("utf-8", "replace")).hexdigest()[:12]
            key = f"lint-other|{name}|{diagnostic.path}|{diagnostic.line}|{digest}"
            if key not in seen and key not in keys:
                keys.append(key)
                fresh.append((name, diagnostic))
        if fresh:
            notes.append("Linters also report problems in files this edit did not touch (for information):")
            for name, diagnostic in fresh[:LISTED]:
                where = os.path.relpath(diagnostic.path, view.project_dir)
                notes.append(f"- {where}:{diagnostic.short()} ({name})")
            if len(fresh) > LISTED:
                notes.append(f"- ... and {len(fresh) - LISTED} more")
        if not notes:
            return None
        return {"notes": "\n".join(notes), REPORTS_VARIABLE: "\n".join(keys)}


def _problem(run: LintRun) -> str:
    why = f" ({run.marker})" if run.marker else ""
    key = f"lint.{run.linter}"
    if run.problem_kind == "timeout":
        advice = f"raise {key}.timeout_seconds or set {key}.enabled = false"
    else:
        advice = f"install it, fix {key}.command, or set {key}.enabled = false"
    return f"{run.linter} applies to this project{why} but {run.problem}; its checks are missing ({advice})."
