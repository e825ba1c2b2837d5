"""The secret detectors: one RE2 pattern and one plausibility check each.

Patterns use RE2 syntax and name two groups:

* ``secret``: the span reported and redacted (the whole token, or only the
  password of a database URL);
* ``body``: the random part the checks look at (what follows a fixed prefix).

Several detectors may share a kind (OpenAI has two key formats). A kind id is
stable: callers and logs key on it.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ._checks import is_interpolation, looks_like_placeholder, plausible_token, shannon_entropy

Groups = Mapping[str, str]


@dataclass(frozen=True)
class Detector:
    kind: str
    label: str
    pattern: str
    check: Callable[[Groups], bool]


def _token(min_entropy: float) -> Callable[[Groups], bool]:
    def check(groups: Groups) -> bool:
        return plausible_token(groups["body"], min_entropy)

    return check


def _check_slack_token(groups: Groups) -> bool:
    """Leading segments are numeric workspace and user ids; the last one is random."""
    body = groups["body"]
    return len(body) >= 20 and plausible_token(body.rsplit("-", 1)[-1], 3.0)


_MAX_JWT_HEADER = 2048


def _check_jwt(groups: Groups) -> bool:
    """The header must decode to a JSON object naming an ``alg``; the signature must look random."""
    header = groups["header"]
    if len(header) > _MAX_JWT_HEADER or not plausible_token(groups["body"], 3.0):
        return False
    try:
        raw = base64.urlsafe_b64decode(header + "=" * (-len(header) % 4))
        decoded = json.loads(raw)
    except (binascii.Error, ValueError, RecursionError):
        return False
    return isinstance(decoded, dict) and isinstance(decoded.get("alg"), str)


_PEM_ESCAPES = str.maketrans({"\\": " ", '"': " ", "'": " ", ",": " "})
_BASE64 = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=")


def _check_private_key(groups: Groups) -> bool:
    """The block must hold real key material: long base64 lines with high entropy.

    Literal ``\\n`` escapes (keys pasted into JSON or string literals), quotes
    and header lines such as ``Proc-Type: 4,ENCRYPTED`` are ignored.
    """
    words = groups["body"].replace("\\n", " ").replace("\\r", " ").translate(_PEM_ESCAPES).split()
    material = "".join(
        word for word in words if len(word) >= 16 and _BASE64.issuperset(word) and ":" not in word
    )
    return len(material) >= 64 and shannon_entropy(material) >= 4.5


_PLACEHOLDER_PASSWORDS = frozenset(
    {
        "password",
        "passwd",
        "pass",
        "pwd",
        "pw",
        "secret",
        "mypassword",
        "yourpassword",
        "your_password",
        "your-password",
        "db_password",
        "test",
        "example",
    }
)


# Domains reserved for documentation (RFC 2606, RFC 6761): URLs there are examples.
_DOCUMENTATION_HOSTS = ("example.com", "example.org", "example.net")
_DOCUMENTATION_TLDS = (".example", ".test", ".invalid")


def _is_documentation_host(host: str) -> bool:
    host = host.lower().rstrip(".")
    if host.endswith(_DOCUMENTATION_TLDS) or host in _DOCUMENTATION_HOSTS:
        return True
    return host.endswith(tuple("." + domain for domain in _DOCUMENTATION_HOSTS))


def _check_database_password(groups: Groups) -> bool:
    """A written-down password: no stand-in, template, user-name echo or example domain."""
    password = groups["secret"]
    if password.lower() in _PLACEHOLDER_PASSWORDS or password == groups["user"]:
        return False
    if _is_documentation_host(groups["host"]):
        return False
    if is_interpolation(password) or looks_like_placeholder(password):
        return False
    return len(set(password)) > 1


# Boundaries: a token must not continue a longer word on either side. An
# escaped newline or tab just before it counts as a boundary too, so a token
# at the start of a line is still found in JSON-encoded text (a hook event).
_START = r"(?:\\[nrt]|\b)"
_END_ALNUM = r"(?:[^0-9A-Za-z]|$)"
_END_URLSAFE = r"(?:[^0-9A-Za-z_-]|$)"
_END_BASE64 = r"(?:[^0-9A-Za-z/+=]|$)"

# The key's name, an optional quote (escaped when the code sits inside a JSON
# string, as in a hook event), an assignment operator, an optional quote.
_AWS_SECRET_NAME = (
    r"(?i:aws_?secret_?access_?key|aws_?secret(?:_?key)?|secret_?access_?key)"
    r"(?:\\?[\"'])?\s*(?::=|=>|=|:)\s*(?:\\?[\"'`])?"
)

_DB_SCHEMES = (
    r"postgres(?:ql)?|mysql|mariadb|mongodb|rediss?|amqps?|mssql|sqlserver"
    r"|cockroachdb|clickhouse|couchdb|neo4j|oracle"
)

DETECTORS: tuple[Detector, ...] = (
    Detector(
        "aws-access-key-id",
        "AWS access key id",
        _START + r"(?P<secret>(?:AKIA|ASIA)(?P<body>[0-9A-Z]{16}))" + _END_ALNUM,
        _token(2.5),
    ),
    Detector(
        "aws-secret-access-key",
        "AWS secret access key",
        _AWS_SECRET_NAME + r"(?P<secret>(?P<body>[0-9A-Za-z/+]{40}))" + _END_BASE64,
        _token(3.6),
    ),
    Detector(
        "github-token",
        "GitHub token",
        _START + r"(?P<secret>gh[oprsu]_(?P<body>[0-9A-Za-z]{36,251}))" + _END_ALNUM,
        _token(3.5),
    ),
    Detector(
        "github-token",
        "GitHub token",
        _START + r"(?P<secret>github_pat_(?P<body>[0-9A-Za-z_]{36,244}))" + _END_ALNUM,
        _token(3.5),
    ),
    Detector(
        "slack-token",
        "Slack token",
        _START
        + r"(?P<secret>xox[abeoprs]-(?P<body>[0-9A-Za-z]{1,64}(?:-[0-9A-Za-z]{1,64}){1,6}))"
        + _END_ALNUM,
        _check_slack_token,
    ),
    Detector(
        "slack-webhook-url",
        "Slack incoming webhook URL",
        r"(?P<secret>(?:https?://)?hooks\.slack\.com/services/"
        r"T[0-9A-Z]{6,12}/B[0-9A-Z]{6,12}/(?P<body>[0-9A-Za-z]{20,40}))" + _END_ALNUM,
        _token(3.0),
    ),
    Detector(
        "stripe-live-key",
        "Stripe live secret key",
        _START + r"(?P<secret>[rs]k_live_(?P<body>[0-9A-Za-z]{20,247}))" + _END_ALNUM,
        _token(3.0),
    ),
    Detector(
        "google-api-key",
        "Google API key",
        _START + r"(?P<secret>AIza(?P<body>[0-9A-Za-z_-]{35}))" + _END_URLSAFE,
        _token(3.5),
    ),
    Detector(
        "openai-api-key",
        "OpenAI API key",
        _START + r"(?P<secret>sk-(?P<body>[0-9A-Za-z]{48}))" + _END_URLSAFE,
        _token(3.8),
    ),
    Detector(
        "openai-api-key",
        "OpenAI API key",
        _START
        + r"(?P<secret>sk-(?:proj|svcacct|admin)-(?P<body>[0-9A-Za-z_-]{40,300}))"
        + _END_URLSAFE,
        _token(4.0),
    ),
    Detector(
        "anthropic-api-key",
        "Anthropic API key",
        _START
        + r"(?P<secret>sk-ant-(?:api|admin|oat)[0-9]{2}-(?P<body>[0-9A-Za-z_-]{80,200}))"
        + _END_URLSAFE,
        _token(4.0),
    ),
    Detector(
        "private-key",
        "private key block",
        r"(?P<secret>-----BEGIN (?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?-----"
        r"(?P<body>(?:[0-9A-Za-z+/=\s:,.()\\\"']|-{1,4}[0-9A-Za-z,])*)"
        r"(?:-----END (?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?-----)?)",
        _check_private_key,
    ),
    Detector(
        "jwt",
        "JSON Web Token",
        _START + r"(?P<secret>(?P<header>eyJ[0-9A-Za-z_-]{8,})\.ey[0-9A-Za-z_-]{4,}"
        r"\.(?P<body>[0-9A-Za-z_-]{16,}))" + _END_URLSAFE,
        _check_jwt,
    ),
    Detector(
        "database-url",
        "database URL with a password",
        r"(?i:" + _START + r"(?:" + _DB_SCHEMES + r")(?:\+[a-z0-9]+)?://)"
        r"(?P<user>[^\s:/@\"'`<>]*):(?P<secret>[^\s/@\"'`<>]+)@(?P<host>[^\s/:@\"'`<>?#]+)",
        _check_database_password,
    ),
)
