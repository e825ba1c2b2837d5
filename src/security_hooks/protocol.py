"""Wire framing between the thin client and the daemon. Standard library only, no imports.

Request (client -> daemon), then the client shuts down its write side:

    SH1\\n
    key=value\\n        one per line: v (client version), phase, family, env.NAME
    \\n
    <payload bytes, verbatim, to end of stream>

Response (daemon -> client):

    SH1 <exit code> <stdout length>\\n<stdout bytes><stderr bytes>   exit code 0 or 2, nothing else
    SH1 VERSION <daemon version>\\n      the daemon is another version and is restarting
    SH1 ERROR <one line>\\n              the request was refused

The payload is never parsed by the client: it forwards raw bytes.

The shell client (`form=sh`, see `install/fast-hook.sh`) works one of two ways. Where
socat has `-r`, the head waits in `<runtime dir>/spool/<pid>.head`, the client's end of
the connection is bound to `<runtime dir>/spool/<pid>.sock`, by which name the daemon
finds the head, and the stream is the payload alone (`daemon/spool.py`). Otherwise it
sends the head alone and leaves the payload in a spool file, `<runtime dir>/spool/<spool
field>`. The daemon removes the spool file once it has answered. The answer is framed
for a POSIX shell, which has no substrings by length:

    SH1 <exit code>\\n<stdout>RS<stderr>RS.     RS is \\x1e; the "." survives $(...)

The perl client (`form=pl`, see `install/fast-hook.pl`) sends and reads exactly what the
Python client does. Both forms differ from it in one way: a daemon of another version
answers them VERSION and keeps running, and the Python client they hand the call to
decides whether it restarts.
"""

# No `from __future__ import annotations` here: importing __future__ costs the hook
# about 0.4 ms on every call, and these annotations evaluate fine on Python 3.10+.

MAGIC = b"SH1"
FORWARDED_ENV = (
    b"HOME",
    b"PWD",
    b"CLAUDE_PROJECT_DIR",
    b"CLAUDE_CODE_SESSION_ID",
    b"CLAUDE_CODE_REMOTE",
    b"TMPDIR",
)
MAX_HEAD = 64 * 1024
SPOOL_DIR = "spool"
RS = b"\x1e"
HOOK_EXIT_CODES = (0, 2)  # the only ones the daemon answers: go ahead (with JSON), and block
FORWARDER_FORMS = {"sh": "shell", "pl": "perl"}  # the `form` field: hook commands not in Python


def encode_head(fields: list[tuple[bytes, bytes]]) -> bytes:
    lines = [MAGIC]
    for key, value in fields:
        if b"\n" in key or b"\n" in value or b"=" in key:
            continue
        lines.append(key + b"=" + value)
    return b"\n".join(lines) + b"\n\n"


def parse_head(head: bytes) -> dict[str, str]:
    """Fields of a request head (without the blank line); raises ValueError when malformed."""
    lines = head.split(b"\n")
    if lines[0] != MAGIC:
        raise ValueError("not a security-hooks request")
    fields: dict[str, str] = {}
    for line in lines[1:]:
        key, sep, value = line.partition(b"=")
        if not sep:
            raise ValueError("malformed request field")
        fields[key.decode("utf-8", "replace")] = value.decode("utf-8", "surrogateescape")
    return fields


def encode_response(exit_code: int, stdout: bytes, stderr: bytes) -> bytes:
    return b"%s %d %d\n%s%s" % (MAGIC, exit_code, len(stdout), stdout, stderr)


def encode_shell_response(exit_code: int, stdout: bytes, stderr: bytes) -> bytes | None:
    """The answer for the shell client, or None when stdout cannot travel in that frame.

    A shell variable cannot hold NUL, and RS splits the two streams. Hook stdout is
    JSON, which escapes both; stderr is a message for people, so both become "?" there.
    """
    if b"\x00" in stdout or RS in stdout:
        return None
    stderr = stderr.replace(b"\x00", b"?").replace(RS, b"?")
    return b"%s %d\n%s%s%s%s." % (MAGIC, exit_code, stdout, RS, stderr, RS)


def encode_version(version: str) -> bytes:
    return MAGIC + b" VERSION " + version.encode() + b"\n"


def encode_error(message: str) -> bytes:
    return MAGIC + b" ERROR " + message.replace("\n", " ").encode("utf-8", "replace") + b"\n"


def parse_response(data: bytes) -> tuple[str, int, bytes, bytes]:
    """(kind, exit code, stdout, stderr); kind is "ok", "version" or "error".

    Raises ValueError for anything that is not a complete, well-formed response.
    """
    end = data.find(b"\n")
    if end < 0 or not data.startswith(MAGIC + b" "):
        raise ValueError("garbled response")
    parts = data[:end].split(b" ")
    if parts[1] == b"VERSION":
        return "version", 0, b"", b" ".join(parts[2:])
    if parts[1] == b"ERROR":
        return "error", 0, b"", b" ".join(parts[2:])
    if len(parts) != 3:
        raise ValueError("garbled response")
    code, length = int(parts[1]), int(parts[2])
    body = data[end + 1 :]
    if length < 0 or length > len(body):
        raise ValueError("truncated response")
    if code not in HOOK_EXIT_CODES:  # Claude Code reads any other code as "go ahead"
        raise ValueError("an exit code hooks never answer")
    return "ok", code, body[:length], body[length:]
