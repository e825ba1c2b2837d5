"""The client gives up on the daemon well before Claude Code gives up on the hook.

A hook that overruns its registered timeout counts as having said nothing, so for every
event the client's wait (a cold start plus one exchange) must leave time for the
in-process fallback to answer.
"""

from __future__ import annotations

import pytest

from security_hooks.client import BASE_DEADLINE, PHASE_DEADLINES, START_WAIT
from security_hooks.install.entries import HOOKS, HookSpec

FALLBACK_MARGIN = 5.0  # seconds left for deciding in process


@pytest.mark.parametrize("spec", HOOKS, ids=lambda spec: spec.event)
def test_the_client_gives_up_before_the_hook_timeout(spec: HookSpec) -> None:
    phase = spec.args[0]
    waited = START_WAIT + PHASE_DEADLINES.get(phase, BASE_DEADLINE)
    assert waited + FALLBACK_MARGIN <= spec.timeout, f"{spec.event}: the client may wait {waited} s"
