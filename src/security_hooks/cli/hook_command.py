"""`security-hook pre|post|prompt|stop|session [family] --in-process`: decide without the daemon.

Hook calls normally go through the fast client to the daemon; this verb is the same
decision made in this process, for debugging and for hosts where no daemon may run.
"""

from __future__ import annotations

import sys

from ..fallback import decide_in_process


def run_hook(phase: str, family: str) -> int:
    payload = sys.stdin.buffer.read()
    code, out, err = decide_in_process(phase, family, payload, "--in-process", daemon_failed=False)
    sys.stdout.buffer.write(out)
    sys.stdout.flush()
    sys.stderr.buffer.write(err)
    sys.stderr.flush()
    return code
