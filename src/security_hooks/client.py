"""The `security-hook` executable: the thin client Claude Code runs on every tool call.

For hook calls (`security-hook pre bash`, `post check`, ...) it reads stdin whole as
bytes, sends it unparsed to the daemon over a Unix socket, and writes the daemon's
answer and exit code back. It runs as `python3 -I -S` and imports only interpreter
built-ins (`posix`, `_socket`, `fcntl`) plus `protocol`: start-up is the cost floor.

Failure is never an open gate:
- no daemon: start one (under a lock, so parallel cold starts start exactly one);
- daemon of another version: it exits, and a new one is started;
- timeout, refused or garbled answer: evaluate in this process instead (slower, same rules);
- that fails too: deny PreToolUse with exit 2 and a one-line reason (other events pass).

Any other verb (`rules check`, `test`, `daemon status`, ...) runs the full CLI.
"""

# No `from __future__ import annotations` here: importing __future__ costs the hook
# about 0.4 ms on every call, and these annotations evaluate fine on Python 3.10+.

import sys

HOOK_PHASES = frozenset({"pre", "post", "prompt", "stop", "session"})
START_WAIT = 10.0  # seconds a cold start may take before the client gives up on the daemon
BASE_DEADLINE = 3.0  # seconds for one exchange, plus one per 8 MB of payload
# Events other than PreToolUse may wait on git, linters or a reviewer in the daemon,
# and their failure answer is "no objection" anyway: waiting longer costs nothing but
# time when the daemon is stuck, while giving up early would make the in-process
# fallback redo the same slow work. Claude Code's own hook timeout still bounds them.
# Each stays well under the hook timeout the installer registers for its event.
PHASE_DEADLINES = {"prompt": 10.0, "post": 20.0, "stop": 60.0}
# A PreToolUse call decided in this process (the daemon failed it) is denied if it has
# no answer this many seconds after the client started: Claude Code lets the tool run
# when the hook outlives its timeout (at least 15 s as the installer registers it).
DECISION_DEADLINE = 12.0


def main() -> None:
    argv = sys.argv[1:]
    if argv and argv[0] in HOOK_PHASES and "--in-process" not in argv:
        sys.exit(run_hook(argv[0], argv[1] if len(argv) > 1 else "any"))
    from .cli.main import main as cli_main

    sys.exit(cli_main(argv))


def run_hook(phase: str, family: str) -> int:
    import time

    started = time.monotonic()
    code, out, err = 2, b"", b""
    answered = False  # by the daemon: this process then holds nothing that needs a clean exit
    try:
        payload = sys.stdin.buffer.read()
        drop_spool()
        try:
            answer = via_daemon(phase, family, payload)
        except Exception as exc:  # anything odd on the fast path: fall back, never fail open
            answer = f"client error ({type(exc).__name__}: {exc})"
        if isinstance(answer, tuple):
            code, out, err = answer
            answered = True
        else:
            if phase == "pre":
                arm_deadline(started)
            try:
                code, out, err = in_process(phase, family, payload, answer)
            finally:
                disarm_deadline(phase)
    except BaseException as exc:  # the last line of defence
        code, out, err = last_resort(phase, f"{type(exc).__name__}: {exc}")
    try:
        sys.stdout.buffer.write(out)
        sys.stdout.flush()
        sys.stderr.buffer.write(err)
        sys.stderr.flush()
    except OSError:
        return code
    if answered:
        # The answer is written and flushed, and nothing else is open or pending. Tearing
        # the interpreter down would cost milliseconds more than the whole exchange did,
        # so leave at once.
        import posix

        posix._exit(code)
    return code


# -- talking to the daemon -------------------------------------------------------------


def socket_dir(environ: dict[bytes, bytes]) -> bytes:
    """The runtime directory; `daemon/locations.py` computes the same (a test checks)."""
    override = environ.get(b"SECURITY_HOOKS_RUNTIME_DIR")
    if override:
        return override
    if sys.platform == "darwin":
        return environ.get(b"HOME", b"") + b"/Library/Application Support/security-hooks"
    base = environ.get(b"XDG_RUNTIME_DIR")
    if base:
        return base + b"/security-hooks"
    import posix

    return b"/tmp/security-hooks-%d" % posix.getuid()


def drop_spool() -> None:
    """The shell client handed this call over with its payload in a spool file: remove it,
    and the head and bound socket name it may have left beside it (a streamed call)."""
    import posix

    spool = posix.environ.get(b"SECURITY_HOOKS_SPOOL")
    if spool and spool.startswith(socket_dir(posix.environ) + b"/spool/") and b"/.." not in spool:
        for path in (spool, spool + b".head", spool + b".sock"):
            try:
                posix.unlink(path)
            except OSError:
                pass


def via_daemon(phase: str, family: str, payload: bytes) -> tuple[int, bytes, bytes] | str:
    """The daemon's (exit code, stdout, stderr), or a one-line reason it gave none."""
    import posix
    import time

    from . import __version__
    from .protocol import FORWARDED_ENV, encode_head

    environ = posix.environ
    runtime = socket_dir(environ)
    path = runtime + b"/sock"
    fields = [(b"v", __version__.encode()), (b"phase", phase.encode()), (b"family", family.encode())]
    fields += [(b"env." + k, environ[k]) for k in FORWARDED_ENV if k in environ]
    request = encode_head(fields) + payload
    budget = _float(environ.get(b"SECURITY_HOOKS_CLIENT_TIMEOUT"), PHASE_DEADLINES.get(phase, BASE_DEADLINE))
    budget += len(payload) / (8 << 20)
    started = False
    for _attempt in range(3):
        deadline = time.monotonic() + budget
        try:
            kind, code, out, err = exchange(path, request, deadline)
        except (FileNotFoundError, ConnectionRefusedError):
            if started:
                return "the daemon started but does not accept connections"
            problem = start_daemon(runtime, path, environ)
            if problem:
                return problem
            started = True
            continue
        except TimeoutError:
            return "the daemon did not answer in time"
        except (OSError, ValueError) as exc:
            return f"the daemon's answer was unusable ({type(exc).__name__})"
        if kind == "ok":
            return code, out, err
        if kind == "version":
            wait_gone(path, 5.0)
            continue
        return "the daemon refused the request: " + err.decode("utf-8", "replace")
    return "the daemon could not be reached"


def exchange(path: bytes, request: bytes, deadline: float) -> tuple[str, int, bytes, bytes]:
    import _socket
    import time

    from .protocol import parse_response

    sock = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    try:
        sock.settimeout(max(0.01, deadline - time.monotonic()))
        sock.connect(path)
        sock.sendall(request)
        sock.shutdown(_socket.SHUT_WR)
        chunks = []
        while True:
            sock.settimeout(max(0.001, deadline - time.monotonic()))
            chunk = sock.recv(1 << 16)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        sock.close()
    return parse_response(b"".join(chunks))


def can_connect(path: bytes) -> bool:
    import _socket

    sock = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    try:
        sock.settimeout(0.5)
        sock.connect(path)
        return True
    except OSError:
        return False
    finally:
        sock.close()


def wait_gone(path: bytes, limit: float) -> None:
    import time

    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and can_connect(path):
        time.sleep(0.02)


def start_daemon(runtime: bytes, path: bytes, environ: dict[bytes, bytes]) -> str | None:
    """Start the daemon unless another client already did; None when it accepts connections."""
    import fcntl
    import posix
    import time

    problem = make_private_dir(runtime)
    if problem:
        return problem
    lock = posix.open(runtime + b"/start.lock", posix.O_RDWR | posix.O_CREAT, 0o600)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if can_connect(path):
            return None
        null = "/dev/null"
        posix.posix_spawn(
            sys.executable,
            [sys.executable, "-I", "-m", "security_hooks.daemon"],
            environ,
            file_actions=[
                (posix.POSIX_SPAWN_OPEN, 0, null, posix.O_RDONLY, 0),
                (posix.POSIX_SPAWN_OPEN, 1, null, posix.O_WRONLY, 0),
                (posix.POSIX_SPAWN_OPEN, 2, null, posix.O_WRONLY, 0),
            ],
            setsid=True,
        )
        deadline = time.monotonic() + START_WAIT
        while time.monotonic() < deadline:
            if can_connect(path):
                return None
            time.sleep(0.005)
        return "the daemon did not start in time (see daemon.log in the state directory)"
    finally:
        posix.close(lock)


def make_private_dir(path: bytes) -> str | None:
    import posix

    parts = path.split(b"/")
    for end in range(2, len(parts) + 1):
        current = b"/".join(parts[:end])
        try:
            posix.mkdir(current, 0o700)
        except FileExistsError:
            pass
        except OSError as exc:
            return f"cannot create {current.decode(errors='replace')}: {exc.strerror}"
    info = posix.lstat(path)
    if info.st_uid != posix.getuid() or (info.st_mode & 0o077):
        return f"{path.decode(errors='replace')} is not private to this user"
    return None


def _float(value: bytes | None, default: float) -> float:
    try:
        return float(value) if value else default
    except ValueError:
        return default


# -- when the daemon cannot answer -----------------------------------------------------


def arm_deadline(started: float) -> None:
    """Raise an exception in this (main) thread once DECISION_DEADLINE seconds (or
    SECURITY_HOOKS_DECISION_DEADLINE) have passed since `started`: a decision that slow
    is denied here, rather than allowed by Claude Code's timeout."""
    import posix
    import signal
    import time

    limit = _float(posix.environ.get(b"SECURITY_HOOKS_DECISION_DEADLINE"), DECISION_DEADLINE)

    # Defined here, off the fast path. A BaseException, so that no handler on the way
    # swallows it: run_hook's last line of defence turns it into a deny.
    class OutOfTime(BaseException):
        pass

    def expired(signum: int, frame: object) -> None:
        raise OutOfTime(f"no decision within {limit:g} s")

    signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, max(0.001, limit - (time.monotonic() - started)))


def disarm_deadline(phase: str) -> None:
    """Stop the alarm, and ignore one that already went off but has not been handled:
    raised later, outside the decision, it would end the client with a traceback."""
    if phase == "pre":
        import signal

        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, signal.SIG_IGN)


def in_process(phase: str, family: str, payload: bytes, why: str) -> tuple[int, bytes, bytes]:
    from .fallback import decide_in_process

    return decide_in_process(phase, family, payload, why)


def last_resort(phase: str, reason: str) -> tuple[int, bytes, bytes]:
    """Nothing could evaluate the call: deny tool calls, warn at session start, let others pass."""
    line = f"security-hooks: the policy check failed ({reason})".replace("\n", " ")
    hint = "Run `security-hook doctor` to diagnose."
    if phase == "session":
        import json

        return 0, json.dumps({"systemMessage": f"{line}. {hint}"}).encode() + b"\n", b""
    if phase != "pre":
        return 0, b"", b""
    return 2, b"", f"{line}; denied (fail closed). {hint}".encode("utf-8", "replace") + b"\n"
