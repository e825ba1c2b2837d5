"""Which files hold credentials: `[paths] sensitive` plus well-known names.

Shared by the bash predicates (`reads_secret`), the SecretAccess validator and
anything else that needs to know whether reading or sending a file leaks secrets.
"""

from __future__ import annotations

import posixpath
from collections.abc import Sequence

from ..globs import GlobSet

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
        "**/.aws/credentials",
        "**/.docker/config.json",
        "**/.kube/config",
        "**/.config/gh/hosts.yml",
        "**/.ssh/*",
        "**/.gnupg/**",
        "/etc/shadow",
        "/etc/gshadow",
    )
)
NOT_SECRET = GlobSet(
    (".env.example", ".env.sample", ".env.template", ".env.dist", ".env.defaults", "*.pub", "known_hosts")
)


def absolute(path: str, *, cwd: str, home: str) -> str:
    """Lexically absolute: `~` and `$HOME` expanded, `..` resolved, no filesystem access."""
    for prefix in ("~", "$HOME", "${HOME}"):
        if path == prefix or path.startswith(prefix + "/"):
            path = home + path[len(prefix) :]
            break
    return posixpath.normpath(posixpath.join(cwd, path))


def is_secret_path(path: str, *, home: str, sensitive: Sequence[str]) -> bool:
    """`path` is absolute. True for credential files and anything under a sensitive path."""
    if NOT_SECRET.match(path):
        return False
    if SECRET_FILES.match(path):
        return True
    for entry in sensitive:
        root = absolute(entry, cwd="/", home=home)
        if path == root or path.startswith(root.rstrip("/") + "/"):
            return True
    return False
