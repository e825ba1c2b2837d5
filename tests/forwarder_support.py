"""What the end-to-end tests of the perl and shell clients share: a way to tell whether
the Python client was used, and a fake daemon that answers anything."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import threading
from pathlib import Path

from e2e_support import HookEnv
from security_hooks.install.launcher import PERL_MARK

TRIPWIRE = "#!/bin/sh\necho 'python client used' >&2\nexit 1\n"


def client_of(env: HookEnv) -> Path:
    return env.launcher.with_name("security-hook-client")


def warm(env: HookEnv) -> None:
    """Start the daemon (through the Python client: the perl and shell clients never start one)."""
    first = env.hook("pre", "bash", env.pre("Bash", {"command": "ls"}))
    assert (first.returncode, first.stdout) == (0, b""), first.stderr
    assert (env.runtime / "spool").is_dir()


def trip_the_python_client(env: HookEnv) -> str:
    """Swap the Python client for one that fails loudly; returns the real one's text."""
    real = client_of(env).read_text()
    client_of(env).write_text(TRIPWIRE)
    return real


def form_of(env: HookEnv) -> str:
    """"perl" or "shell": which client the hook command is."""
    return "perl" if PERL_MARK.decode() in env.launcher.read_text()[:512] else "shell"


def set_version(env: HookEnv, version: str) -> None:
    """Make the hook command one written by another version of the installer."""
    text = env.launcher.read_text()
    if form_of(env) == "perl":
        text = text.replace("my $version = '0.1.0';", f"my $version = '{version}';", 1)
    else:
        text = text.replace("version=0.1.0", f"version={version}", 1)
    env.launcher.write_text(text)


def break_python(env: HookEnv) -> None:
    """Point the hook command at a Python interpreter that is gone."""
    text = env.launcher.read_text()
    if form_of(env) == "perl":
        text = text.replace("my $python  = '", "my $python  = '/nonexistent/venv", 1)
    else:
        text = text.replace("python=", "python=/nonexistent/venv/bin/python #", 1)
    env.launcher.write_text(text)


def spooled(env: HookEnv) -> list[str]:
    return sorted(os.listdir(env.runtime / "spool"))


def decision(result: subprocess.CompletedProcess[bytes]) -> str:
    assert result.returncode == 0, result.stderr
    if not result.stdout:
        return "allow"
    return str(json.loads(result.stdout)["hookSpecificOutput"]["permissionDecision"])


def hung_daemon_decides_in_process(env: HookEnv, content: str, timeout: str) -> None:
    """With the daemon stopped (SIGSTOP), a write of `content` to ~/.bashrc is handed to
    the Python client whole and denied in process; nothing is left in the spool."""
    warm(env)
    pid = env.daemon_pid()
    assert pid is not None
    os.kill(pid, signal.SIGSTOP)
    try:
        bad = env.pre("Write", {"file_path": str(env.home / ".bashrc"), "content": content})
        result = env.hook("pre", "edit", bad, SECURITY_HOOKS_CLIENT_TIMEOUT=timeout)
        assert decision(result) == "deny"
        fallback = [line for line in env.log_lines() if line.get("via") == "in-process"]
        assert len(fallback) == 1 and fallback[0]["rule"] == "edit-shell-rc"
        assert spooled(env) == []
    finally:
        os.kill(pid, signal.SIGCONT)


class FakeDaemon:
    """A socket server in the daemon's place that answers every request with `answer`."""

    def __init__(self, path: Path, answer: bytes) -> None:
        self.answer = answer
        self.requests: list[bytes] = []
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.bind(str(path))
        self.sock.listen(8)
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                conn.settimeout(30)
                try:
                    chunks = []
                    while chunk := conn.recv(65536):
                        chunks.append(chunk)
                    self.requests.append(b"".join(chunks))
                    conn.sendall(self.answer)
                except OSError:
                    continue  # the client gave up; serve the next one

    def close(self) -> None:
        """Stop serving before the socket is closed. Closing alone would leave the thread
        able to call accept() on the descriptor number, which the next test's socket
        reuses: it would then answer that test's clients with this test's answer."""
        try:
            self.sock.shutdown(socket.SHUT_RDWR)  # wakes a blocked accept()
        except OSError:
            pass
        self.thread.join(timeout=60)
        self.sock.close()
