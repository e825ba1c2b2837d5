"""Which PreToolUse calls the daemon decides on a worker thread rather than its loop."""

from __future__ import annotations

import json

from security_hooks.daemon.app import WORKER_PAYLOAD, off_the_loop


def _bash(command: str) -> bytes:
    return json.dumps({"tool_name": "Bash", "tool_input": {"command": command}}).encode()


def test_small_calls_stay_on_the_loop_and_slow_ones_go_to_a_worker() -> None:
    assert not off_the_loop("pre", _bash("ls -la"))
    assert not off_the_loop("pre", _bash("echo x > f; " * 1000))  # 12 KB
    # hundreds of KB of commands take a second or more to decide: the loop must not wait
    assert off_the_loop("pre", _bash("echo x > f; " * (WORKER_PAYLOAD // 12 + 1)))
    # the commit gate may run git
    assert off_the_loop("pre", _bash("git add . && git commit -m x"))
    assert off_the_loop("pre", _bash("git push origin main"))
    # other events are threaded by phase, not by this test
    assert not off_the_loop("post", _bash("echo x > f; " * (WORKER_PAYLOAD // 12 + 1)))
