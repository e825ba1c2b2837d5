"""Running a helper program (git, a linter, a reviewer) with a deadline and bounded output.

The child gets its own process group, so a timeout kills everything it started (a
linter's worker processes, cargo's rustc). Output goes to temporary files rather than
pipes: a program that prints gigabytes cannot fill the daemon's memory, and only the
first `max_output` bytes are read back. Stdin is the given bytes or /dev/null, so a
program that waits for input never hangs the caller.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import IO

MAX_OUTPUT = 16 << 20


@dataclass(frozen=True)
class Completed:
    argv: tuple[str, ...]
    returncode: int | None  # None when it was killed at the deadline
    stdout: bytes
    stderr: bytes
    truncated: bool = False  # stdout was longer than max_output

    @property
    def timed_out(self) -> bool:
        return self.returncode is None

    def first_error_line(self) -> str:
        for data in (self.stderr, self.stdout):
            for line in data.decode("utf-8", "replace").splitlines():
                if line.strip():
                    return line.strip()[:200]
        return ""


def run(
    argv: Sequence[str],
    *,
    cwd: str,
    timeout: float,
    env: Mapping[str, str] | None = None,
    stdin: bytes | None = None,
    max_output: int = MAX_OUTPUT,
) -> Completed:
    """Run `argv` to completion or until `timeout` seconds pass.

    Raises OSError when the program cannot be started (missing, not executable).
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(
            list(argv),
            cwd=cwd,
            env=dict(env) if env is not None else None,
            stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            start_new_session=True,
        )
        code: int | None
        try:
            proc.communicate(stdin, timeout=max(0.01, timeout))
            code = proc.returncode
        except subprocess.TimeoutExpired:
            _kill_group(proc)
            code = None
        except BaseException:
            _kill_group(proc)
            raise
        stdout, truncated = _read(out, max_output)
        stderr, _ = _read(err, 64 << 10)
    return Completed(tuple(argv), code, stdout, stderr, truncated)


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(OSError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(OSError):
        proc.kill()
    if proc.stdin is not None:
        with contextlib.suppress(OSError):
            proc.stdin.close()
    proc.wait()


def _read(handle: IO[bytes], limit: int) -> tuple[bytes, bool]:
    handle.seek(0)
    data = handle.read(limit + 1)
    return data[:limit], len(data) > limit
