"""Which files hold credentials: `[paths] sensitive` plus well-known names.

Shared by the bash predicates (`reads_secret`), the SecretAccess validator and
anything else that needs to know whether reading or sending a file leaks secrets.
"""

from __future__ import annotations

import functools
import posixpath
from collections.abc import Iterator, Sequence

from ..globs import GlobSet
from ..shell.effects import without_zip_patterns
from ..shell.model import Segment
from ..shell.options import option_value

SECRET_FILES = GlobSet(
    (
        ".env",
        ".env.*",
        "*.pem",
        "*.key",
        "*.p12",
        "*.pfx",
        "*.jks",
        "*.keystore",
        "id_rsa*",
        "id_dsa*",
        "id_ecdsa*",
        "id_ed25519*",
        ".netrc",
        ".pgpass",
        ".git-credentials",
        ".npmrc",
        ".pypirc",
        # Shell and REPL histories hold whatever was typed, tokens on command lines too.
        ".bash_history",
        ".zsh_history",
        ".histfile",
        ".python_history",
        ".node_repl_history",
        ".psql_history",
        ".mysql_history",
        ".sqlite_history",
        ".rediscli_history",
        "**/fish/fish_history",
        "**/.aws/credentials",
        "**/.docker/config.json",
        "**/.kube/config",
        "**/.config/gh/hosts.yml",
        "**/.config/glab-cli/config.yml",
        "**/.claude/.credentials.json",  # Claude Code's own sign-in
        ".vault-token",
        "**/.terraform.d/credentials.tfrc.json",
        "**/.cargo/credentials",
        "**/.cargo/credentials.toml",
        "**/.gem/credentials",
        "**/rclone/rclone.conf",
        ".s3cfg",
        "**/.ssh/*",
        "**/.gnupg/**",
        "/etc/shadow",
        "/etc/gshadow",
        "/proc/*/environ",  # a process's environment: tokens and keys passed to it
        "/proc/*/task/*/environ",
        # Browsers' saved passwords and session cookies (Chrome, Chromium, Edge, Brave,
        # Firefox, Safari): what an infostealer goes for.
        "**/Login Data",
        "**/Login Data For Account",
        "**/Cookies",
        "**/Local State",
        "**/logins.json",
        "**/key4.db",
        "**/key3.db",
        "**/cookies.sqlite",
        "**/Cookies.binarycookies",
    )
)
NOT_SECRET = GlobSet(
    (".env.example", ".env.sample", ".env.template", ".env.dist", ".env.defaults", "*.pub", "known_hosts")
)


def absolute(path: str, *, cwd: str, home: str) -> str:
    """Lexically absolute: `~` and `$HOME` expanded, `..` resolved, no filesystem access."""
    if path and not path.startswith(("/", "~", "$", ".")) and "/." not in path and "//" not in path:
        return f"{cwd.rstrip('/')}/{path.rstrip('/')}"  # already normal
    for prefix in ("~", "$HOME", "${HOME}"):
        if path == prefix or path.startswith(prefix + "/"):
            path = home + path[len(prefix) :]
            break
    return posixpath.normpath(posixpath.join(cwd, path))


def is_secret_path(path: str, *, home: str, sensitive: Sequence[str]) -> bool:
    """`path` is absolute. True for credential files and anything under a sensitive path."""
    return _is_secret(path, home, tuple(sensitive))


@functools.lru_cache(maxsize=4096)
def _is_secret(path: str, home: str, sensitive: tuple[str, ...]) -> bool:
    # Cached: the same paths come back for every rule and most calls.
    if NOT_SECRET.match(path):
        return False
    if SECRET_FILES.match(path):
        return True
    roots, inside = _roots(home, sensitive)
    return path in roots or path.startswith(inside)


def holds_secret_path(path: str, *, home: str, sensitive: Sequence[str]) -> bool:
    """`path` (absolute) is a directory above a sensitive path: `~`, `~/.aws`,
    `~/.config`. Copying or archiving it whole takes the credentials along."""
    roots, _ = _roots(home, tuple(sensitive))
    prefix = path.rstrip("/") + "/"
    return any(root.startswith(prefix) for root in roots)


@functools.lru_cache(maxsize=64)
def _roots(home: str, sensitive: tuple[str, ...]) -> tuple[frozenset[str], tuple[str, ...]]:
    """Each sensitive entry made absolute, and the prefixes of the paths inside them."""
    roots = [absolute(entry, cwd="/", home=home) for entry in sensitive]
    return frozenset(roots), tuple(root.rstrip("/") + "/" for root in roots)


# Commands that name files without showing their contents: they list, move, hash, count,
# change permissions, or use a key to authenticate. Any other command that names a
# credential file is taken to read it (`sed '' f`, `column f`, `jq . f`, `gcc @f`, ...).
NON_READERS = frozenset(
    """
    ls stat test [ [[ chmod chown chgrp touch mkdir rm rmdir unlink shred srm mv ln file du
    realpath readlink dirname basename cd pushd popd echo printf which type command find
    locate wc md5sum sha1sum sha224sum sha256sum sha384sum sha512sum b2sum cksum shasum
    ssh scp sftp ssh-add ssh-keygen ssh-copy-id ssh-keyscan gpg kill
    """.split()
)
# Options of those commands whose value is a file they read all the same: a list of
# names (`file -f`, `wc --files0-from`), a magic file or a config file, whose lines
# their errors print back (`ssh -F ~/.ssh/id_rsa host`).
_READING_OPTIONS: dict[str, tuple[tuple[str, str], ...]] = {
    "file": (("f", "files-from"), ("m", "magic-file")),
    "ssh": (("F", ""),),
    "scp": (("F", ""),),
    "sftp": (("F", ""),),
    "wc": (("", "files0-from"),),
    "du": (("", "files0-from"),),
}
_PREFIXES = ("file://", "@")
# Options whose value is a pattern of names to leave out or pick, not a file read.
_PATTERN_OPTIONS = frozenset({"--exclude", "--include", "--exclude-dir"})
# Version control and forge tools take text for people in these: a commit or stash
# message, a title, a body. It names no file (`git stash push -m 'see ~/.ssh/x'`).
_MESSAGE_TOOLS = frozenset({"git", "gh", "glab", "hg", "svn", "jj", "sl"})
_MESSAGE_OPTIONS = frozenset({"-m", "--message", "-t", "--title", "-b", "--body"})


def named_paths(segment: Segment) -> Iterator[str]:
    """Words of a command that may name a file it reads: operands, `--opt=FILE`, `@FILE`,
    `file://FILE`. Nothing for the commands in NON_READERS."""
    if segment.name in NON_READERS:
        args = list(segment.argv[1:])
        for short, long in _READING_OPTIONS.get(segment.name, ()):
            yield from option_value(args, short, long)
        return
    skipped = _PATTERN_OPTIONS | (_MESSAGE_OPTIONS if segment.name in _MESSAGE_TOOLS else frozenset())
    words = without_zip_patterns(segment.argv) if segment.name == "zip" else segment.argv
    pattern_value = False
    for word in words[1:]:
        if pattern_value:  # `--exclude .env` leaves the file out
            pattern_value = False
            continue
        if word.startswith("-"):
            if word in skipped:
                pattern_value = True
                continue
            name, equals, word = word.partition("=")
            if not equals or name in skipped:
                continue
        for prefix in _PREFIXES:
            if word.startswith(prefix):
                word = word[len(prefix) :]
        if word and "$" not in word and "`" not in word:
            yield word
