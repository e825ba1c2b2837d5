"""RiskyCode: reminders about risky code an edit just wrote (PostToolUse).

Built-in patterns (eval, new Function, os.system, child_process.exec, pickle,
dangerouslySetInnerHTML, innerHTML, document.write, SQL built from strings,
shell=True, yaml.load, verify=False, .github/workflows/) plus the user's and the
project's `.claude/security-patterns.{yaml,yml,json}`, which can only add rules.
Each reminder is given once per pattern per file per session. Matches with
{reminders}, one line per rule.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from security_hooks.config.load import Config
from security_hooks.engine.decision import REPORTS_VARIABLE
from security_hooks.engine.families.base import Subject
from security_hooks.engine.families.post import PostView

if TYPE_CHECKING:
    from security_hooks.review.findings import PatternSource


class RiskyCode:
    families = frozenset({"post"})

    def __init__(self, config: Config) -> None:
        self.patterns: PatternSource | None = None

    def check(self, subject: Subject) -> Mapping[str, str] | None:
        # Imported on first use: the daemon's start-up is on the first hook call's path.
        from security_hooks.review.findings import PatternSource
        from security_hooks.review.reminders import reminders_for

        view = subject.prepared
        if not isinstance(view, PostView):
            return None
        if self.patterns is None:
            self.patterns = PatternSource()
        found = reminders_for(view, self.patterns)
        if found is None:
            return None
        return {"reminders": found.text, REPORTS_VARIABLE: "\n".join(found.keys)}
