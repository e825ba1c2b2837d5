"""The shell client's spool: payloads it leaves in files for the daemon to read.

The shell client (`install/fast-hook.sh`) writes the hook's stdin to
`<runtime>/spool/<its pid>` before it connects, so that when the daemon cannot answer,
the Python client it hands over to can still read the payload whole. The daemon
creates the directory (mode 0700, inside the private runtime directory), reads a spool
file named in a request, and removes it once it has answered. A spool file a client
left behind (it was killed mid-call) is swept when the daemon starts.

Where socat can copy what it sends (`-r`), the shell client streams its stdin instead
and socat keeps the copy in `<pid>`. The request head then cannot travel first in the
stream: the client writes it to `<pid>.head` and binds its end of the connection to
`<pid>.sock`, and the daemon finds the head by that name (`bound_head`).
"""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

from ..protocol import MAX_HEAD, SPOOL_DIR, parse_head
from .locations import ensure_private_dir

STALE_SECONDS = 600.0  # a spool file this old belongs to no running call


class SpoolError(ValueError):
    """The spool file named in a request cannot be used."""


def prepare(runtime: Path) -> Path:
    """Create the spool directory and sweep what crashed clients left there."""
    spool = runtime / SPOOL_DIR
    ensure_private_dir(spool)
    cutoff = time.time() - STALE_SECONDS
    for entry in os.scandir(spool):
        try:
            if entry.stat(follow_symlinks=False).st_mtime < cutoff:
                os.unlink(entry.path)
        except OSError:
            pass
    return spool


def path_of(runtime: Path, name: str) -> Path:
    """Only `<runtime>/spool/<digits>`: a request cannot name any other file."""
    if not name.isascii() or not name.isdigit() or len(name) > 20:
        raise SpoolError("malformed spool name")
    return runtime / SPOOL_DIR / name


def open_checked(path: Path) -> tuple[int, int]:
    """(open descriptor, size) of a spool file; the caller closes the descriptor."""
    try:
        # O_NONBLOCK: a FIFO planted under the name must not stall the event loop.
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as exc:
        raise SpoolError(f"cannot open the spool file ({exc.strerror})") from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode) or info.st_uid != os.getuid():
        os.close(fd)
        raise SpoolError("the spool file is not a regular file of this user")
    return fd, info.st_size


def read_all(fd: int, size: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, max(size, 1 << 16)):
        chunks.append(chunk)
    return b"".join(chunks)


def remove(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def bound_head(runtime: Path, peer: str) -> dict[str, str]:
    """The head a streaming shell client left for the connection it bound to `peer`
    (`<spool>/<pid>.sock`); the file is removed once read. The returned fields name the
    copy socat keeps (`dump`), which the daemon removes once it has answered."""
    directory, _, name = peer.rpartition("/")
    ident, dot, kind = name.partition(".")
    try:
        if kind != "sock" or not dot or not os.path.samefile(directory, runtime / SPOOL_DIR):
            raise SpoolError(f"unexpected client address {peer!r}")
    except OSError:
        raise SpoolError(f"unexpected client address {peer!r}") from None
    path = path_of(runtime, ident).with_name(f"{ident}.head")
    fd, size = open_checked(path)
    try:
        head = read_all(fd, size) if size <= MAX_HEAD else b""
    except OSError as exc:
        raise SpoolError(f"cannot read the request head ({exc.strerror})") from None
    finally:
        os.close(fd)
        remove(path)
    end = head.find(b"\n\n")
    if end < 0:
        raise SpoolError("malformed request head")
    try:
        fields = parse_head(head[:end])
    except ValueError:
        raise SpoolError("malformed request head") from None
    fields.pop("spool", None)
    fields["dump"] = ident
    return fields
