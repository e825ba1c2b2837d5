"""The engine's answer, before it is rendered for a particular hook event."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

Verdict = Literal["allow", "ask", "deny", "warn"]

TIER_VERDICT: dict[str, Verdict] = {"block": "deny", "suspicious": "ask", "warn": "warn"}

# A validator that gives a once-per-session note returns its keys under this variable,
# one per line; the evaluator moves them into Decision.reports (never into a nudge).
REPORTS_VARIABLE = "_reports"


@dataclass(frozen=True)
class Decision:
    """`allow` means no rule objected: the hook stays silent and Claude Code's own
    permission flow applies. `warn` allows with context for Claude."""

    verdict: Verdict
    rule: str | None = None
    location: str | None = None  # file:line of the rule
    nudge: str | None = None  # interpolated
    family: str | None = None
    context: tuple[str, ...] = ()  # extra notes for Claude (warn rules, scanners)
    system_message: str | None = None  # shown to the user
    note: str | None = None  # for the log only (e.g. "unknown tool")
    # Keys of once-per-session notes this decision gives (reminders, missing linters);
    # the review layers remember them so the same note is not given twice.
    reports: tuple[str, ...] = ()

    def with_context(self, *notes: str) -> Decision:
        return replace(self, context=self.context + tuple(n for n in notes if n))

    def with_reports(self, *keys: str) -> Decision:
        return replace(self, reports=self.reports + tuple(k for k in keys if k not in self.reports))

    def with_system_message(self, message: str | None) -> Decision:
        if not message:
            return self
        joined = f"{self.system_message}\n{message}" if self.system_message else message
        return replace(self, system_message=joined)


ALLOW = Decision("allow")
