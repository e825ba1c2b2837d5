"""`security-hook pre|post|prompt|stop|session [family]` evaluated in this process.

The fast client normally forwards these to the daemon; this is the path it falls back
to, and what `--in-process` selects. It reads stdin whole, as bytes.
"""

from __future__ import annotations

import os
import sys

from ..engine.event import PHASE_EVENTS
from ..engine.hook import HookRequest, failure_response, handle
from ..runtime import load_from_disk


def run_hook(phase: str, family: str, *, in_process: bool = True) -> int:
    payload = sys.stdin.buffer.read()
    result = load_from_disk()
    if result.ruleset is None:
        response = failure_response(None, PHASE_EVENTS.get(phase, "PreToolUse"), result.summary())
    else:
        outcome = handle(HookRequest(phase, family, payload, dict(os.environ)), result.ruleset)
        response = outcome.response
    sys.stdout.buffer.write(response.stdout)
    sys.stdout.flush()
    sys.stderr.buffer.write(response.stderr)
    sys.stderr.flush()
    return response.exit_code
