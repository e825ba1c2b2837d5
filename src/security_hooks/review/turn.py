"""The end-of-turn review: a baseline when the user submits a prompt, a diff at Stop.

The diff covers every change of the turn, however it was made: Edit and Write, files
written by Bash commands, subagents. Its added lines go through the secrets scanner,
the risky-code patterns and the users' pattern files (and, when configured, a model
reviewer). Findings keep Claude working (`decision: block`) with a list of
`file:line kind`; secrets are named by kind only.

Limits: at most `review.max_files` changed files per turn (the rest are named as
skipped); at most `review.max_consecutive_blocks` blocks in a row, after which the
findings go to the user in a systemMessage and Claude may stop. Outside a git
repository, or without a baseline for the session, the review is silently skipped.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from ..config.load import Config
from ..engine.decision import Decision
from ..engine.event import Event
from ..scanners.secrets import shared_scanner
from . import git as gitmod
from .findings import Finding, PatternSource, advice_lines, scan_added
from .model import DIFF_LIMIT, ModelOutcome, ModelSettings, build_request, load_guidance, run_review
from .state import Baseline, SessionState, SessionStore

RULE = "end-of-turn-review"
LISTED = 20


@dataclass(frozen=True)
class TurnSettings:
    enabled: bool = True
    max_files: int = 30
    max_blocks: int = 3
    git_timeout: float = 10.0

    @staticmethod
    def from_config(config: Config) -> TurnSettings:
        return TurnSettings(
            bool(config.get("review.enabled", True)),
            int(config.get("review.max_files", 30)),
            int(config.get("review.max_consecutive_blocks", 3)),
            float(config.get("review.git_timeout_seconds", 10)),
        )


@dataclass(frozen=True)
class TurnReview:
    """What the diff of one turn showed."""

    findings: tuple[Finding, ...] = ()
    reviewed: int = 0
    skipped: int = 0
    model: ModelOutcome | None = None


def record_baseline(
    event: Event, store: SessionStore, settings: TurnSettings, clock: Callable[[], float] = time.time
) -> Baseline | None:
    """Snapshot the working tree at the start of a turn; None outside a repository."""
    root = gitmod.repo_root(event.project_dir, timeout=settings.git_timeout)
    baseline = None
    if root is not None:
        tree = gitmod.snapshot(gitmod.Git(root, settings.git_timeout))
        baseline = Baseline(root, tree, clock())
    store.update(event.session_id, lambda s: replace(s, baseline=baseline, stop_blocks=0))
    return baseline


def review_stop(
    event: Event,
    config: Config,
    store: SessionStore,
    patterns: PatternSource,
) -> Decision:
    """The Stop hook's answer: allow, or block with the findings of the turn's diff."""
    settings = TurnSettings.from_config(config)
    state = store.get(event.session_id)
    if not settings.enabled or state.baseline is None:
        return Decision("allow")
    active = event.payload.get("stop_hook_active") is True
    blocks = state.stop_blocks if active else 0
    capped = blocks >= settings.max_blocks
    model = None if capped else ModelSettings.from_config(config)
    try:
        review = diff_turn(event, state.baseline, settings, patterns, model, store)
    except gitmod.GitError as exc:
        _set_blocks(store, event, 0)
        return Decision("allow", note=f"end-of-turn review skipped: {exc}")
    skipped = _skipped_note(review, settings)
    problem = review.model.problem if review.model else None
    user_notes = [f"security-hooks: {text}" for text in (skipped, problem) if text]
    if not review.findings:
        _set_blocks(store, event, 0)
        return Decision("allow").with_system_message("\n".join(user_notes))
    if capped:
        _set_blocks(store, event, 0)
        message = (
            f"security-hooks: the end-of-turn review still finds {_count(review.findings)} after "
            f"{settings.max_blocks} blocks in a row, so it lets Claude stop. Please look at: "
            + "; ".join(f.summary() for f in review.findings[:LISTED])
        )
        return Decision("allow", rule=RULE).with_system_message("\n".join([message, *user_notes]))
    _set_blocks(store, event, blocks + 1)
    reason = block_reason(review.findings, skipped, attempt=blocks + 1, limit=settings.max_blocks)
    return Decision("deny", rule=RULE, nudge=reason).with_system_message(
        f"security-hooks: {problem}" if problem else None
    )


def diff_turn(
    event: Event,
    baseline: Baseline,
    settings: TurnSettings,
    patterns: PatternSource,
    model: ModelSettings | None,
    store: SessionStore,
) -> TurnReview:
    git = gitmod.Git(baseline.root, settings.git_timeout)
    current = gitmod.snapshot(git)
    if current == baseline.tree:
        return TurnReview()
    changes = [c for c in gitmod.changed_files(git, baseline.tree, current) if c.status != "D"]
    reviewed = changes[: settings.max_files]
    added = gitmod.added_lines(git, baseline.tree, current, reviewed)
    scanner, _warnings = patterns.get(event.project_dir, event.home)
    findings = scan_added(added, root=baseline.root, secrets=shared_scanner(), patterns=scanner)
    outcome = None
    if model is not None and reviewed:
        diff, truncated = gitmod.patch_text(git, baseline.tree, current, reviewed, DIFF_LIMIT)
        guidance = load_guidance(event.project_dir, event.home)
        request = build_request(diff, guidance, truncated=truncated)
        outcome = run_review(model, store, request=request, cwd=baseline.root)
        findings += list(outcome.findings)
    return TurnReview(tuple(findings), len(reviewed), len(changes) - len(reviewed), outcome)


def block_reason(findings: Sequence[Finding], skipped: str | None, *, attempt: int, limit: int) -> str:
    lines = [
        f"The changes made during this turn add {_count(findings)}. Fix them before you finish "
        f"(end-of-turn review, block {attempt} of at most {limit}):"
    ]
    for finding in findings[:LISTED]:
        message = f": {finding.advice}" if finding.source == "model" and finding.advice else ""
        lines.append(f"- {finding.summary()}{message}")
    if len(findings) > LISTED:
        lines.append(f"- ... and {len(findings) - LISTED} more")
    advice = advice_lines(findings)
    if advice:
        lines.append("What to do:")
        lines.extend(advice)
    if skipped:
        lines.append(skipped)
    lines.append("If a finding is intended (a test fixture, a documented example), tell the user why.")
    return "\n".join(lines)


def _skipped_note(review: TurnReview, settings: TurnSettings) -> str | None:
    if not review.skipped:
        return None
    return (
        f"Only the first {review.reviewed} changed files were reviewed; {review.skipped} more "
        f"were skipped (limit review.max_files = {settings.max_files})."
    )


def _count(findings: Sequence[Finding]) -> str:
    return "1 security finding" if len(findings) == 1 else f"{len(findings)} security findings"


def _set_blocks(store: SessionStore, event: Event, count: int) -> SessionState:
    return store.update(event.session_id, lambda s: replace(s, stop_blocks=count))
