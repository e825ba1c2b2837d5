"""`handle` with layers around `evaluate`: a failing layer never undoes the rules' decision."""

from __future__ import annotations

import json

from helpers import ruleset
from scanners.fake_secrets import make
from security_hooks.config.load import Config
from security_hooks.engine.decision import Decision
from security_hooks.engine.event import Event
from security_hooks.engine.hook import HookRequest, handle
from security_hooks.engine.interpolate import LIST_CAP, VALUE_CAP, interpolate


class Broken:
    def __init__(self, where: str) -> None:
        self.where = where

    def before(self, event: Event) -> Event:
        if self.where == "before":
            raise OSError("state directory is read-only")
        return event

    def after(self, event: Event, decision: Decision, config: Config) -> Decision:
        raise RuntimeError("git exploded")


def test_a_failing_layer_keeps_the_decision_and_reports_a_trace() -> None:
    prompt = {"session_id": "s", "hook_event_name": "UserPromptSubmit", "prompt": make("openai-api-key", 3)}
    request = HookRequest("prompt", "any", json.dumps(prompt).encode(), {"HOME": "/nonexistent"})
    for where in ("before", "after"):
        outcome = handle(request, ruleset(packaged=True), layers=Broken(where))
        assert outcome.decision is not None and outcome.decision.verdict == "deny"
        assert json.loads(outcome.response.stdout)["decision"] == "block"
        assert outcome.decision.note is not None and "review layer failed" in outcome.decision.note
        assert outcome.trace is not None


def test_list_values_may_be_longer_than_single_values() -> None:
    line, lines = "x" * 1000, "\n".join(["y" * 100] * 60)
    assert len(interpolate("{v}", {"v": line})) == VALUE_CAP
    assert len(interpolate("{v}", {"v": lines})) == LIST_CAP
