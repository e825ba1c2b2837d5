"""Deciding a hook call inside the client process, when the daemon cannot.

Slower than the daemon (it loads the rules from disk) but just as strict, and it
writes its own decision-log line, redacted like the daemon's, so nothing goes
unrecorded. Connectors are the daemon's job: in-process lines reach the local file only.
At SessionStart (the health check) the answer also tells the user that the daemon is
not available, and why.
"""

from __future__ import annotations

import os
from dataclasses import replace

from .daemon.locations import locations
from .engine.event import PHASE_EVENTS
from .engine.hook import HINT, HookOutcome, HookRequest, failure_response, handle
from .engine.output import PRODUCT, render
from .eventlog.record import Identity
from .eventlog.redact import Redactor, safe_record
from .eventlog.settings import log_settings
from .eventlog.writer import append_line
from .review.layers import ReviewLayers
from .runtime import load_from_disk
from .scanners.secrets import shared_scanner


def decide_in_process(
    phase: str, family: str, payload: bytes, why: str, *, daemon_failed: bool = True
) -> tuple[int, bytes, bytes]:
    """Decide one call here; `why` says why the daemon was not used (it goes in the log)."""
    env = dict(os.environ)
    result = load_from_disk(env=env)
    if result.ruleset is None:
        hook_event = PHASE_EVENTS.get(phase, "PreToolUse")
        reason = f"{result.summary()}; run `security-hook rules check`"
        if daemon_failed and phase == "session":
            reason = f"the daemon is not available ({why}), and {reason}"
        outcome = HookOutcome(failure_response(None, hook_event, reason), None, None, reason, hook_event)
    else:
        max_payload = int(float(result.ruleset.config.get("daemon.max_payload_mb", 64)) * (1 << 20))
        request = HookRequest(phase, family, payload, env)
        layers = ReviewLayers.under(locations(env).state)
        outcome = handle(request, result.ruleset, max_payload=max_payload, layers=layers)
        if daemon_failed and phase == "session":
            outcome = _warn_daemon_down(outcome, why)
    config = result.ruleset.config if result.ruleset else None
    settings = log_settings(config, locations(env).decision_log, env)
    redactor = Redactor(shared_scanner())
    record = safe_record(
        outcome, Identity.current(env), redactor, via="in-process", input_max_bytes=settings.input_max_bytes
    )
    record["fallback"] = redactor.text(why)[0]
    append_line(settings.path, record)
    response = outcome.response
    return response.exit_code, response.stdout, response.stderr


def _warn_daemon_down(outcome: HookOutcome, why: str) -> HookOutcome:
    message = (
        f"{PRODUCT}: the daemon is not available ({why}); every hook call is decided in-process "
        f"instead, which is slower. {HINT}"
    )
    if outcome.decision is None:  # the payload itself failed; its answer already says why
        return outcome
    decision = outcome.decision.with_system_message(message)
    return replace(outcome, decision=decision, response=render(decision, outcome.hook_event))
