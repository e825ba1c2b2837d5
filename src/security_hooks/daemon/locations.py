"""Where the daemon keeps its socket, pid/status file, locks and logs.

The runtime directory (socket, locks, status) is `$XDG_RUNTIME_DIR/security-hooks/`,
or `/tmp/security-hooks-$UID/` when that variable is unset, or
`~/Library/Application Support/security-hooks/` on macOS. It is created mode 0700 and
must be owned by the user. Logs go to `$XDG_STATE_HOME/security-hooks/` (default
`~/.local/state/security-hooks/`), or `~/Library/Logs/security-hooks/` on macOS.
`SECURITY_HOOKS_RUNTIME_DIR` and `SECURITY_HOOKS_STATE_DIR` override both (tests).

The fast client computes the same socket path on its own (it imports nothing from
here); a test keeps the two in step.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Locations:
    runtime: Path
    state: Path

    @property
    def socket(self) -> Path:
        return self.runtime / "sock"

    @property
    def status(self) -> Path:
        return self.runtime / "daemon.json"

    @property
    def start_lock(self) -> Path:
        return self.runtime / "start.lock"

    @property
    def daemon_lock(self) -> Path:
        return self.runtime / "daemon.lock"

    @property
    def decision_log(self) -> Path:
        return self.state / "hook.log"

    @property
    def daemon_log(self) -> Path:
        return self.state / "daemon.log"


def locations(env: Mapping[str, str] | None = None, platform: str = sys.platform) -> Locations:
    env = os.environ if env is None else env
    home = Path(env.get("HOME") or Path.home())
    runtime = env.get("SECURITY_HOOKS_RUNTIME_DIR")
    state = env.get("SECURITY_HOOKS_STATE_DIR")
    if platform == "darwin":
        runtime = runtime or str(home / "Library" / "Application Support" / "security-hooks")
        state = state or str(home / "Library" / "Logs" / "security-hooks")
    else:
        if not runtime:
            base = env.get("XDG_RUNTIME_DIR")
            runtime = f"{base}/security-hooks" if base else f"/tmp/security-hooks-{os.getuid()}"
        if not state:
            base = env.get("XDG_STATE_HOME") or str(home / ".local" / "state")
            state = f"{base}/security-hooks"
    return Locations(Path(runtime), Path(state))


class UnsafeDirectory(Exception):
    """The runtime directory exists but belongs to someone else or is open to others."""


def ensure_private_dir(path: Path) -> None:
    """Create `path` mode 0700, or check that an existing one is ours and private."""
    try:
        path.mkdir(mode=0o700, parents=True)
    except FileExistsError:
        pass
    info = path.lstat()
    if not stat.S_ISDIR(info.st_mode):
        raise UnsafeDirectory(f"{path} is not a directory")
    if info.st_uid != os.getuid():
        raise UnsafeDirectory(f"{path} belongs to uid {info.st_uid}, not to you")
    if info.st_mode & 0o077:
        os.chmod(path, 0o700)
