"""Deciding a hook call inside the client process, when the daemon cannot.

Slower than the daemon (it loads the rules from disk) but just as strict, and it
writes its own decision-log line so nothing goes unrecorded.
"""

from __future__ import annotations

import os

from .daemon.locations import locations
from .engine.event import PHASE_EVENTS
from .engine.hook import HookOutcome, HookRequest, failure_response, handle
from .eventlog.record import Identity, build_record
from .eventlog.writer import append_line
from .review.layers import ReviewLayers
from .runtime import load_from_disk


def decide_in_process(phase: str, family: str, payload: bytes, why: str) -> tuple[int, bytes, bytes]:
    env = dict(os.environ)
    result = load_from_disk(env=env)
    if result.ruleset is None:
        hook_event = PHASE_EVENTS.get(phase, "PreToolUse")
        reason = f"{result.summary()}; run `security-hook rules check`"
        outcome = HookOutcome(failure_response(None, hook_event, reason), None, None, reason, hook_event)
    else:
        max_payload = int(float(result.ruleset.config.get("daemon.max_payload_mb", 64)) * (1 << 20))
        request = HookRequest(phase, family, payload, env)
        layers = ReviewLayers.under(locations(env).state)
        outcome = handle(request, result.ruleset, max_payload=max_payload, layers=layers)
    record = build_record(outcome, Identity.current(env), via="in-process")
    record["fallback"] = why
    append_line(locations(env).decision_log, record)
    response = outcome.response
    return response.exit_code, response.stdout, response.stderr
