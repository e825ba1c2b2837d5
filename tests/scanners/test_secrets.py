from __future__ import annotations

import base64
import json
import random
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest

from security_hooks.scanners.secret_rules import DETECTORS
from security_hooks.scanners.secrets import SecretFinding, SecretScanner

from . import fake_secrets as fake

SEEDS = range(8)
DASHES = "-" * 5


@pytest.fixture(scope="module")
def scanner() -> SecretScanner:
    return SecretScanner()


def kinds(scanner: SecretScanner, text: str) -> list[str]:
    return [finding.kind for finding in scanner.scan(text)]


def test_every_detector_kind_is_generated_and_tested() -> None:
    assert {detector.kind for detector in DETECTORS} == set(fake.KINDS)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("kind", fake.KINDS)
def test_planted_secret_is_found_with_its_exact_span(scanner: SecretScanner, kind: str, seed: int) -> None:
    snippet, secret = fake.planted(kind, seed)
    text = "import os\n\n" + snippet + "\nprint('done')\n"
    findings = scanner.scan(text)
    assert [f.kind for f in findings] == [kind]
    finding = findings[0]
    assert text[finding.start : finding.end] == secret
    before = text[: finding.start]
    assert finding.line == before.count("\n") + 1
    assert finding.column == len(before) - (before.rfind("\n") + 1) + 1
    assert scanner.contains_secret(text)


@pytest.mark.parametrize(
    ("label", "text"),
    [
        ("aws docs", "export AWS_ACCESS_KEY_ID=AKIA" + "IOSFODNN7EXAMPLE"),
        (
            "aws docs secret",
            "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCY" + "EXAMPLEKEY",
        ),
        ("repeated x", "AKIA" + "X" * 16),
        ("repeated zero", "key = 'AKIA" + "0" * 16 + "'"),
        ("counting", "AKIA" + "1234567890ABCDEF"),
        ("github x", "GITHUB_TOKEN=gh" + "p_" + "x" * 36),
        ("github low entropy", "token = 'gh" + "p_" + "ab" * 18 + "'"),
        (
            "stripe test key",
            "stripe.api_key = 'sk_" + "test_" + fake.body(random.Random(1), 24) + "'",
        ),
        ("stripe placeholder", "STRIPE_SECRET_KEY=sk_" + "live_your_key_here"),
        ("openai dots", "OPENAI_API_KEY=sk-..."),
        ("openai angle", "OPENAI_API_KEY=<your-key>"),
        ("openai here", 'api_key = "sk-your_api_key_here"'),
        ("openai masked", "OPENAI_API_KEY=sk-" + "*" * 48),
        ("anthropic masked", "ANTHROPIC_API_KEY=sk-ant-api03-" + "x" * 95),
        ("slack placeholder", "SLACK_BOT_TOKEN=xox" + "b-your-token-here"),
        ("slack short", "SLACK_BOT_TOKEN=xox" + "b-123-456"),
        ("webhook docs", "https://hooks." + "slack.com/services/T00000000/B00000000/" + "X" * 24),
        ("change-me", "JWT_SECRET=change-me-in-production"),
        ("db placeholder", "DATABASE_URL=postgresql://user:password@localhost:5432/mydb"),
        ("db same user", "DATABASE_URL=postgres://postgres:postgres@localhost/app"),
        ("db changeme", "url = 'postgres://app:changeme@db/app'"),
        ("db change-me", "url = 'postgres://app:change-me@db/app'"),
        ("db stars", "postgres://admin:****@db.internal/app"),
        ("db dots", "postgres://admin:...@db.internal/app"),
        ("db angle", "postgres://admin:<password>@db.internal/app"),
        ("db braces env", "postgres://app:${DB_PASSWORD}@db/app"),
        ("db dollar env", "postgres://app:$DB_PASSWORD@db/app"),
        ("db jinja", "postgres://app:{{ db_password }}@db/app"),
        ("db percent", "'postgres://app:%(password)s@%(host)s/app' % cfg"),
        ("db printf", '"mysql://%s:%s@%s/%s" % (user, pw, host, name)'),
        ("db format", 'f"postgres://{user}:{password}@{host}/app"'),
        ("db format field", "text = f\"url = 'postgres://app:pre-{token}@db/app'\""),
        ("db format attr", 'f"mysql://{cfg.user}:{cfg.password}@{cfg.host}/db"'),
        ("db node env", "`postgres://app:${process.env.DB_PASSWORD}@db/app`"),
        ("db docs host", "usql sqlserver://alice:s3cr3t-pass@example.com:8080/appdb"),
        ("db docs subdomain", "postgres://app:Xy7pQ2rL9s@db.example.org/app"),
        ("db docs tld", "mysql://app:Xy7pQ2rL9s@mysql.test/app"),
        ("db no password", "postgres://app@db.internal:5432/app"),
        ("db no user info", "redis://cache:6379/0"),
        ("db concat", 'url = "postgres://" + user + ":" + pw + "@" + host'),
        ("process env", "const key = process.env.OPENAI_API_KEY;"),
        ("os environ", 'aws_secret_access_key = os.environ["AWS_SECRET_ACCESS_KEY"]'),
        (
            "aws secret without context",
            'digest = "' + fake.body(random.Random(2), 40, fake.BASE64) + '"',
        ),
        ("doc akia", "Access key ids start with AKIA (long-term) or ASIA (temporary)."),
        ("doc ghp", "Classic personal access tokens have the prefix `ghp_`."),
        ("doc prefixes", "Tokens look like xoxb-, sk_live_, sk-ant-api03-, AIza, github_pat_."),
        ("doc regex", "pattern = r'ghp_[A-Za-z0-9]{36}|AKIA[0-9A-Z]{16}'"),
        ("pem check", 'if line.startswith("' + DASHES + "BEGIN RSA PRIVATE KEY" + DASHES + '"):'),
        (
            "pem placeholder",
            DASHES + "BEGIN PRIVATE KEY" + DASHES + "\n...\n" + DASHES + "END PRIVATE KEY" + DASHES,
        ),
        (
            "pem prose",
            DASHES + "BEGIN PRIVATE KEY" + DASHES + "\nPaste your key here and keep it safe.\n",
        ),
        ("jwt prefix", "A JWT starts with eyJ because it is base64 of a JSON object."),
        ("uuid", "id = '3f2b8c1e-9a4d-4e6f-8b2a-1c3d5e7f9a0b'"),
        ("sha", "commit 4d9dc31a1b2c3d4e5f60718293a4b5c6d7e8f901"),
    ],
)
def test_look_alikes_are_not_secrets(scanner: SecretScanner, label: str, text: str) -> None:
    assert scanner.scan(text) == (), label
    assert not scanner.contains_secret(text)


def _variants() -> list[tuple[str, str]]:
    """Every prefix, key label and URL scheme the scanner supports, one secret each."""
    rng = random.Random("variants")
    b = fake.body
    pem_body = "\n".join(b(rng, 64, fake.BASE64) for _ in range(6))
    cases = [("aws-access-key-id", p + "IA" + b(rng, 16, fake.UPPER_ALNUM)) for p in ("AK", "AS")]
    cases += [("github-token", "gh" + c + "_" + b(rng, 36)) for c in "pousr"]
    cases += [("github-token", "github" + "_pat_" + b(rng, 22) + "_" + b(rng, 59))]
    cases += [("slack-token", "xo" + f"x{c}-" + b(rng, 11, "0123456789") + "-" + b(rng, 24)) for c in "bpas"]
    cases += [("stripe-live-key", p + "_li" + "ve_" + b(rng, 24)) for p in ("sk", "rk")]
    cases += [("openai-api-key", "sk" + "-" + b(rng, 48))]
    cases += [("openai-api-key", "sk" + "-proj-" + b(rng, 100, fake.URLSAFE))]
    cases += [
        ("anthropic-api-key", "sk" + "-ant-" + k + "-" + b(rng, 93, fake.URLSAFE) + "AA")
        for k in ("api03", "admin01")
    ]
    for label in ("", "RSA ", "EC ", "DSA ", "OPENSSH ", "ENCRYPTED "):
        block = f"BEGIN {label}PRIVATE KEY"
        end = f"END {label}PRIVATE KEY"
        cases.append(("private-key", f"{DASHES}{block}{DASHES}\n{pem_body}\n{DASHES}{end}{DASHES}"))
    pgp = "PGP PRIVATE KEY BLOCK"
    cases.append(
        (
            "private-key",
            f"{DASHES}BEGIN {pgp}{DASHES}\nVersion: GnuPG v2.0.22 (GNU/Linux)\n\n"
            f"{pem_body}\n=Ab1c\n{DASHES}END {pgp}{DASHES}",
        )
    )
    for scheme in (
        "postgres", "postgresql", "postgresql+psycopg2", "mysql", "mariadb", "mongodb",
        "mongodb+srv", "redis", "rediss", "amqp", "amqps", "mssql",
    ):  # fmt: skip
        cases.append(("database-url", f"{scheme}://svc:{b(rng, 16)}@db.internal:1234/x"))
    return cases


@pytest.mark.parametrize(("kind", "value"), _variants())
def test_every_prefix_and_scheme(scanner: SecretScanner, kind: str, value: str) -> None:
    text = f"value = '{value}'\n"
    assert kinds(scanner, text) == [kind]
    # A database URL keeps its scheme, user and host; only the password goes.
    secret = value.split(":", 2)[2].split("@")[0] if kind == "database-url" else value
    assert scanner.redact(text) == text.replace(secret, f"[REDACTED:{kind}]")


def _segment(payload: dict[str, object]) -> str:
    return fake.b64url(json.dumps(payload).encode())


def test_jwt_needs_a_json_header_with_alg(scanner: SecretScanner) -> None:
    signature = fake.b64url(bytes(range(7, 71)))
    claims = _segment({"sub": "42"})
    good = f"{_segment({'alg': 'HS256', 'typ': 'JWT'})}.{claims}.{signature}"
    no_alg = f"{_segment({'typ': 'JWT', 'kid': 'k1'})}.{claims}.{signature}"
    not_json = "eyJ" + base64.urlsafe_b64encode(b"not json at all!").decode().rstrip("=")
    assert kinds(scanner, good) == ["jwt"]
    assert kinds(scanner, no_alg) == []
    assert kinds(scanner, f"{not_json}.{claims}.{signature}") == []
    nested = fake.b64url(b'{"alg":' + b"[" * 1000 + b"]" * 1000 + b"}")
    assert kinds(scanner, f"{nested}.{claims}.{signature}") == []


@pytest.mark.parametrize(
    "wrap",
    [
        lambda key: key,
        lambda key: json.dumps({"type": "service_account", "private_key": key + "\n"}),
        lambda key: "KEY = (\n" + "".join(f'    "{line}\\n"\n' for line in key.split("\n")) + ")",
    ],
    ids=["pem", "json-escaped", "python-literal"],
)
def test_private_key_in_any_encoding(scanner: SecretScanner, wrap: Callable[[str], str]) -> None:
    text = wrap(fake.make("private-key", 3))
    assert kinds(scanner, text) == ["private-key"]
    assert "PRIVATE KEY" not in scanner.redact(text).replace("[REDACTED:private-key]", "")


def test_truncated_private_key_without_end_line_is_found(scanner: SecretScanner) -> None:
    key = fake.make("private-key", 5)
    truncated = key[: key.index(DASHES + "END")]
    assert kinds(scanner, truncated) == ["private-key"]


def test_positions_are_str_offsets_after_non_ascii_text(scanner: SecretScanner) -> None:
    secret = fake.make("github-token", 1)
    text = "# Überprüfung – 日本語 🔑\nx = '\ud800'\ntoken = '" + secret + "'\n"
    (finding,) = scanner.scan(text)
    assert text[finding.start : finding.end] == secret
    assert (finding.line, finding.column) == (3, 10)


@pytest.mark.parametrize("kind", fake.KINDS)
def test_found_in_json_encoded_text_such_as_a_hook_event(scanner: SecretScanner, kind: str) -> None:
    snippet, secret = fake.planted(kind, 5)
    event = json.dumps({"tool_name": "Write", "tool_input": {"content": f"x = 1\n{snippet}\n"}})
    assert kind in kinds(scanner, event)
    assert all(line not in scanner.redact(event) for line in secret.splitlines() if len(line) >= 8)


def test_findings_are_ordered_and_limited(scanner: SecretScanner) -> None:
    snippets = [fake.planted(kind, seed)[0] for seed in range(3) for kind in fake.KINDS]
    text = "\n".join(snippets)
    findings = scanner.scan(text)
    assert len(findings) == len(snippets)
    assert [f.start for f in findings] == sorted(f.start for f in findings)
    assert scanner.scan(text, limit=5) == findings[:5]
    assert scanner.scan(text, limit=0) == ()


def test_empty_and_secret_free_text(scanner: SecretScanner) -> None:
    assert scanner.scan("") == ()
    assert not scanner.contains_secret("def main() -> int:\n    return 0\n")
    assert scanner.redact("nothing here") == "nothing here"


@pytest.mark.parametrize("kind", fake.KINDS)
def test_redact_removes_the_secret_and_findings_never_hold_it(scanner: SecretScanner, kind: str) -> None:
    snippet, secret = fake.planted(kind, 11)
    text = f"# settings\n{snippet}\nDEBUG = False\n"
    redacted = scanner.redact(text)
    assert f"[REDACTED:{kind}]" in redacted
    assert secret not in redacted
    for line in secret.splitlines():
        if len(line) >= 8 and "PRIVATE KEY" not in line:
            assert line not in redacted
    assert redacted.startswith("# settings\n") and redacted.endswith("\nDEBUG = False\n")
    assert scanner.redact(redacted) == redacted
    for finding in scanner.scan(text):
        shown = repr(finding) + str(finding)
        assert secret not in shown
        assert all(line not in shown for line in secret.splitlines() if len(line) >= 8)


def test_redact_merges_overlapping_findings(scanner: SecretScanner) -> None:
    token = fake.make("github-token", 2)
    text = f"url = 'postgres://app:pre-{token}@db/app'\n"
    assert sorted(kinds(scanner, text)) == ["database-url", "github-token"]
    assert scanner.redact(text) == "url = 'postgres://app:[REDACTED:database-url]@db/app'\n"


def test_finding_is_frozen_and_positional() -> None:
    finding = SecretFinding("jwt", "JSON Web Token", 1, 1, 0, 10)
    with pytest.raises(AttributeError):
        finding.kind = "other"  # type: ignore[misc]
    assert set(finding.__dataclass_fields__) == {"kind", "label", "line", "column", "start", "end"}


def test_one_scanner_shared_by_threads(scanner: SecretScanner) -> None:
    texts = ["\n".join(fake.planted(kind, seed)[0] for kind in fake.KINDS) for seed in range(8)]
    expected = [scanner.scan(text) for text in texts]
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(scanner.scan, texts * 4))
    assert results == expected * 4
