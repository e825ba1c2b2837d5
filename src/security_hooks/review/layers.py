"""The stateful layers around the pure engine, called by `engine.hook.handle`.

Before `evaluate`: a PostToolUse event is given the keys of the notes its session has
already received, so once-per-session reminders stay once per session.
After `evaluate`:
- UserPromptSubmit (not blocked): the turn's working-tree baseline is recorded and the
  consecutive-block count is reset;
- Stop: the end-of-turn review decides;
- PostToolUse: the keys of the notes just given are remembered.

Everything it needs (the session store, the users' pattern files) is handed to it by
the composition root: the daemon holds one for its lifetime, the in-process fallback
builds one per call over the same state directory.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..config.load import Config
from ..engine.decision import Decision
from ..engine.event import Event
from .state import SessionState, SessionStore

if TYPE_CHECKING:
    from .findings import PatternSource

POST_EVENTS = frozenset({"PostToolUse", "PostToolUseFailure"})
BLOCKS_PROMPT = frozenset({"deny", "ask"})
SLOW_REPOSITORY = "review-off|slow-snapshot"  # a session key: stop taking baselines


class ReviewLayers:
    def __init__(self, store: SessionStore, patterns: PatternSource | None = None) -> None:
        self.store = store
        self._patterns = patterns

    @property
    def patterns(self) -> PatternSource:
        if self._patterns is None:
            from .findings import PatternSource  # the scanners load on first use, not at start-up

            self._patterns = PatternSource()
        return self._patterns

    @staticmethod
    def under(state_dir: Path) -> ReviewLayers:
        """The layers with their state in `<state_dir>/review/`."""
        return ReviewLayers(SessionStore(state_dir / "review"))

    def before(self, event: Event) -> Event:
        if event.hook_event not in POST_EVENTS:
            return event
        return replace(event, seen=frozenset(self.store.get(event.session_id).seen))

    def after(self, event: Event, decision: Decision, config: Config) -> Decision:
        kind = event.hook_event
        if kind == "UserPromptSubmit":
            return self._new_turn(event, decision, config)
        if kind == "Stop":
            from .turn import review_stop

            return review_stop(event, config, self.store, self.patterns).with_system_message(
                decision.system_message
            )
        if kind in POST_EVENTS and decision.reports:
            self.store.update(event.session_id, lambda state: state.remember(decision.reports))
        return decision

    def _new_turn(self, event: Event, decision: Decision, config: Config) -> Decision:
        # Imported here, not at the top: git and the scanners are needed only once a prompt
        # or a Stop arrives (in a worker thread), so the daemon's start-up is spared them.
        from .git import GitError, GitTimeout
        from .turn import TurnSettings, record_baseline

        settings = TurnSettings.from_config(config)
        if not settings.enabled or decision.verdict in BLOCKS_PROMPT:
            return decision
        if SLOW_REPOSITORY in self.store.get(event.session_id).seen:
            return decision  # a snapshot already took too long in this session
        try:
            record_baseline(event, self.store, settings)
        except GitError as exc:
            slow = isinstance(exc, GitTimeout)
            self.store.update(event.session_id, lambda s: _forget_baseline(s, slow))
            decision = replace(decision, note=f"no baseline for the end-of-turn review: {exc}")
            if slow:
                return decision.with_system_message(
                    f"security-hooks: the end-of-turn review is off for this session: {exc} "
                    "(raise review.git_timeout_seconds, or ignore large generated directories)."
                )
        return decision


def _forget_baseline(state: SessionState, slow: bool) -> SessionState:
    state = replace(state, baseline=None, stop_blocks=0)
    return state.remember((SLOW_REPOSITORY,)) if slow else state
