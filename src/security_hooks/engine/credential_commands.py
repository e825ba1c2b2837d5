"""Commands that print a credential: `gh auth token`, `gcloud auth print-access-token`,
`aws configure get aws_secret_access_key`, a keychain or password-store lookup.

Their output is as secret as `~/.aws/credentials`: sent over the network in a URL or
body, it is exfiltration. Used in an Authorization header, it is how the token is meant
to be used (`curl -H "Authorization: Bearer $(gcloud auth print-access-token)" …`).
"""

from __future__ import annotations

from collections.abc import Sequence

from ..shell.model import Segment
from ..shell.options import EMPTY
from ..shell.wrappers import short_letters

# (program, words that must follow in order, flags of which one must be present).
# The words may have options between them: `aws --profile x sts get-session-token`.
_PRINTERS: tuple[tuple[str, tuple[str, ...], frozenset[str]], ...] = (
    ("gh", ("auth", "token"), frozenset()),
    ("glab", ("auth", "status"), frozenset({"-t", "--show-token"})),
    ("gcloud", ("auth", "print-access-token"), frozenset()),
    ("gcloud", ("auth", "print-identity-token"), frozenset()),
    ("gcloud", ("auth", "application-default", "print-access-token"), frozenset()),
    ("aws", ("sts", "get-session-token"), frozenset()),
    ("aws", ("sts", "assume-role"), frozenset()),
    ("aws", ("sts", "get-federation-token"), frozenset()),
    ("aws", ("configure", "export-credentials"), frozenset()),
    ("aws", ("configure", "get", "aws_secret_access_key"), frozenset()),
    ("aws", ("configure", "get", "aws_session_token"), frozenset()),
    ("aws", ("ecr", "get-login-password"), frozenset()),
    ("aws", ("codeartifact", "get-authorization-token"), frozenset()),
    ("az", ("account", "get-access-token"), frozenset()),
    ("heroku", ("auth:token",), frozenset()),
    ("kubectl", ("create", "token"), frozenset()),
    ("kubectl", ("config", "view"), frozenset({"--raw"})),
    ("git", ("credential", "fill"), frozenset()),
    ("security", ("find-generic-password",), frozenset({"-w", "-g"})),
    ("security", ("find-internet-password",), frozenset({"-w", "-g"})),
    ("op", ("read",), frozenset()),
    ("op", ("item", "get"), frozenset()),
    ("pass", ("show",), frozenset()),
    ("vault", ("read",), frozenset()),
    ("vault", ("kv", "get"), frozenset()),
    ("vault", ("print", "token"), frozenset()),
    ("gpg", (), frozenset({"--export-secret-keys", "--export-secret-subkeys"})),
    ("secret-tool", ("lookup",), frozenset()),
)
_BY_NAME = {
    name: [(words, flags) for program, words, flags in _PRINTERS if program == name]
    for name in {program for program, _, _ in _PRINTERS}
}


def prints_credential(segment: Segment) -> bool:
    """Whether the command writes a credential (a token, password or private key) to
    its output."""
    forms = _BY_NAME.get(segment.name)
    if forms is None:
        return False
    args = segment.argv[1:]
    if segment.name == "pass" and args and not args[0].startswith("-") and args[0] not in _PASS_OTHERS:
        return True  # `pass NAME` is `pass show NAME`
    return any(_in_order(args, words) and (not flags or _has_flag(args, flags)) for words, flags in forms)


# pass's subcommands other than show.
_PASS_OTHERS = frozenset(
    "init ls list find search grep insert add edit generate rm remove delete mv rename cp copy git help "
    "version otp".split()
)


def _in_order(args: Sequence[str], words: tuple[str, ...]) -> bool:
    at = 0
    for arg in args:
        if at == len(words):
            break
        if arg == words[at]:
            at += 1
    return at == len(words)


def _has_flag(args: Sequence[str], flags: frozenset[str]) -> bool:
    """One of `flags` is given: alone, as `--flag=…`, or in a cluster (`-ws item`)."""
    return any(
        arg in flags
        or arg.split("=", 1)[0] in flags
        or any(f"-{letter}" in flags for letter in short_letters(arg, EMPTY))
        for arg in args
    )
