"""One hook call, end to end and in memory: payload bytes in, exit code and output out.

The daemon and the in-process fallback both call `handle`. Every failure ends in a
deliberate answer: a payload that cannot be read, or an engine error, gets the
configured failure decision for its event (deny for PreToolUse by default).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Protocol

from ..config.load import Config
from ..rules.ruleset import RuleSet
from .decision import Decision
from .evaluate import evaluate
from .event import PHASE_EVENTS, Event, PayloadError, decode_payload, event_from_payload
from .output import PRODUCT, HookResponse, fail_closed, render

DEFAULT_MAX_PAYLOAD = 64 * 1024 * 1024
HINT = "Run `security-hook doctor` to diagnose."


@dataclass(frozen=True)
class HookRequest:
    phase: str  # pre, post, prompt, stop, session
    family_hint: str  # the word after the phase; advisory, routing uses the payload
    payload: bytes
    env: Mapping[str, str]


class Layers(Protocol):
    """Stateful work around `evaluate` (the review layers): they may adjust the event
    before it is judged and the decision after. Their failures never undo a decision."""

    def before(self, event: Event) -> Event: ...

    def after(self, event: Event, decision: Decision, config: Config) -> Decision: ...


@dataclass(frozen=True)
class HookOutcome:
    response: HookResponse
    decision: Decision | None
    event: Event | None
    error: str | None = None
    hook_event: str = ""
    elapsed_us: int = 0
    trace: str | None = None  # traceback of an internal error, for the daemon's own log


def failure_response(config: Config | None, hook_event: str, reason: str) -> HookResponse:
    """The configured answer when a call cannot be evaluated.

    SessionStart is the health check: it cannot block, so it tells the user instead.
    """
    if hook_event == "SessionStart":
        return render(Decision("allow", system_message=f"{PRODUCT}: {reason}. {HINT}"), hook_event)
    policy = (
        config.failure_decision(hook_event) if config else ("deny" if hook_event == "PreToolUse" else "allow")
    )
    if policy == "deny":
        return fail_closed(reason, HINT)
    if policy == "ask" and hook_event == "PreToolUse":
        decision = Decision("ask", rule="evaluation-failed", nudge=reason)
        return render(decision, hook_event)
    return HookResponse(0)


def too_large(size: int, limit: int) -> str:
    return f"payload of {size >> 20} MB exceeds the {limit >> 20} MB limit"


def handle(
    request: HookRequest,
    ruleset: RuleSet | None,
    *,
    max_payload: int = DEFAULT_MAX_PAYLOAD,
    payload_size: int | None = None,
    no_rules: str = "no rule set is loaded",
    layers: Layers | None = None,
) -> HookOutcome:
    """Decide one call. `payload_size` is set when the transport dropped an oversize body."""
    started = time.perf_counter_ns()
    hook_event = PHASE_EVENTS.get(request.phase, "PreToolUse")
    config = ruleset.config if ruleset else None
    event: Event | None = None
    trace = None
    try:
        if ruleset is None:
            raise _Unavailable(no_rules)
        size = len(request.payload) if payload_size is None else payload_size
        if size > max_payload:
            raise PayloadError(too_large(size, max_payload))
        payload = decode_payload(request.payload)
        event = event_from_payload(payload, phase=request.phase, env=request.env)
        hook_event = event.hook_event
        if layers is None:
            decision = evaluate(ruleset, event)
        else:
            decision, trace = _layered(layers, ruleset, event)
        response = render(decision, hook_event)
        return HookOutcome(response, decision, event, None, hook_event, _since(started), trace)
    except (PayloadError, _Unavailable) as exc:
        reason = str(exc)
    except Exception as exc:  # the engine failed: answer deliberately, never crash
        reason = f"internal error ({type(exc).__name__}: {exc})"
        trace = _trace()
    response = failure_response(config, hook_event, reason)
    return HookOutcome(response, None, event, reason, hook_event, _since(started), trace)


class _Unavailable(Exception):
    pass


def _layered(layers: Layers, ruleset: RuleSet, event: Event) -> tuple[Decision, str | None]:
    """evaluate() between the layers. A layer that fails leaves the rules' decision
    standing (with a note for the log): a broken review must not let a secret prompt
    through, nor block a turn on its own."""
    try:
        event = layers.before(event)
    except Exception as exc:
        decision = evaluate(ruleset, event)
        return _noted(decision, exc), _trace()
    decision = evaluate(ruleset, event)
    try:
        return layers.after(event, decision, ruleset.config), None
    except Exception as exc:
        return _noted(decision, exc), _trace()


def _noted(decision: Decision, exc: Exception) -> Decision:
    return replace(decision, note=f"review layer failed ({type(exc).__name__}: {exc})")


def _since(started: int) -> int:
    return (time.perf_counter_ns() - started) // 1000


def _trace() -> str:
    """The current exception's traceback. Imported here: `traceback` pulls in linecache and
    tokenize, which the daemon's start-up, on the first hook call's path, can do without."""
    import traceback

    return traceback.format_exc()
