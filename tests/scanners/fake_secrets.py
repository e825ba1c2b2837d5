"""Credentials made up at run time, with the right prefixes and lengths.

Nothing secret-shaped is written in the repository: prefixes are split in
two, bodies come from a seeded RNG. The benchmark imports this module too.
"""

from __future__ import annotations

import base64
import json
import random
import string
from collections.abc import Callable

ALNUM = string.ascii_letters + string.digits
UPPER_ALNUM = string.ascii_uppercase + string.digits
BASE64 = ALNUM + "+/"
URLSAFE = ALNUM + "-_"


def body(rng: random.Random, size: int, alphabet: str = ALNUM) -> str:
    return "".join(rng.choice(alphabet) for _ in range(size))


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def aws_access_key_id(rng: random.Random) -> str:
    return rng.choice(["AK", "AS"]) + "IA" + body(rng, 16, UPPER_ALNUM)


def aws_secret_access_key(rng: random.Random) -> str:
    return body(rng, 40, BASE64)


def github_token(rng: random.Random) -> str:
    if rng.random() < 0.25:
        return "github" + "_pat_" + body(rng, 22) + "_" + body(rng, 59)
    return "gh" + rng.choice("pousr") + "_" + body(rng, 36)


def slack_token(rng: random.Random) -> str:
    prefix = "xo" + "x" + rng.choice("bpas") + "-"
    digits = string.digits
    return prefix + body(rng, 12, digits) + "-" + body(rng, 13, digits) + "-" + body(rng, 24)


def slack_webhook_url(rng: random.Random) -> str:
    team = "T" + body(rng, 10, UPPER_ALNUM)
    bot = "B" + body(rng, 10, UPPER_ALNUM)
    return "https://hooks." + "slack.com/services/" + f"{team}/{bot}/" + body(rng, 24)


def stripe_live_key(rng: random.Random) -> str:
    return rng.choice(["sk", "rk"]) + "_li" + "ve_" + body(rng, rng.choice([24, 99]))


def google_api_key(rng: random.Random) -> str:
    return "AI" + "za" + body(rng, 35, URLSAFE)


def openai_api_key(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return "sk" + "-" + body(rng, 48)
    return "sk" + "-proj-" + body(rng, 156, URLSAFE)


def anthropic_api_key(rng: random.Random) -> str:
    kind = rng.choice(["api03", "admin01"])
    return "sk" + "-ant-" + kind + "-" + body(rng, 93, URLSAFE) + "AA"


def private_key(rng: random.Random) -> str:
    label = rng.choice(["RSA ", "EC ", "OPENSSH ", "", "DSA ", "ENCRYPTED "])
    lines = [body(rng, 64, BASE64) for _ in range(rng.randint(4, 12))]
    lines.append(body(rng, rng.randint(8, 60), BASE64) + "==")
    dashes = "-" * 5
    begin = f"{dashes}BEGIN {label}PRIVATE KEY{dashes}"
    end = f"{dashes}END {label}PRIVATE KEY{dashes}"
    return "\n".join([begin, *lines, end])


def jwt(rng: random.Random) -> str:
    header = {"alg": rng.choice(["HS256", "RS256", "ES256"]), "typ": "JWT"}
    claims = {"sub": body(rng, 12), "iat": rng.randint(1_600_000_000, 1_800_000_000)}
    signature = bytes(rng.getrandbits(8) for _ in range(rng.choice([32, 64])))
    parts = [json.dumps(header).encode(), json.dumps(claims).encode()]
    return ".".join([*(b64url(p) for p in parts), b64url(signature)])


def database_password(rng: random.Random) -> str:
    return body(rng, rng.randint(12, 24), ALNUM + "!~-_")


GENERATORS: dict[str, Callable[[random.Random], str]] = {
    "aws-access-key-id": aws_access_key_id,
    "aws-secret-access-key": aws_secret_access_key,
    "github-token": github_token,
    "slack-token": slack_token,
    "slack-webhook-url": slack_webhook_url,
    "stripe-live-key": stripe_live_key,
    "google-api-key": google_api_key,
    "openai-api-key": openai_api_key,
    "anthropic-api-key": anthropic_api_key,
    "private-key": private_key,
    "jwt": jwt,
    "database-url": database_password,
}
KINDS = tuple(GENERATORS)

# Realistic places to find each kind; "{s}" is the secret the scanner must report.
CONTEXTS: dict[str, tuple[str, ...]] = {
    "aws-access-key-id": (
        "AWS_ACCESS_KEY_ID={s}",
        'client = boto3.client("s3", aws_access_key_id="{s}", region_name="eu-west-1")',
        "[default]\naws_access_key_id = {s}",
    ),
    "aws-secret-access-key": (
        "[default]\naws_secret_access_key = {s}",
        'export AWS_SECRET_ACCESS_KEY="{s}"',
        '{{"AccessKeyId": "ASIA...", "SecretAccessKey": "{s}"}}',
        "env:\n  AWS_SECRET_ACCESS_KEY: {s}",
        'session = Session(aws_secret_access_key="{s}")',
    ),
    "github-token": (
        'GITHUB_TOKEN="{s}"',
        "headers = {{'Authorization': 'token {s}'}}",
        "git clone https://x-access-token:{s}@github.com/acme/app.git",
    ),
    "slack-token": ('client = WebClient(token="{s}")', "SLACK_BOT_TOKEN={s}"),
    "slack-webhook-url": ('WEBHOOK = "{s}"', "curl -X POST -d @msg.json {s}"),
    "stripe-live-key": ("stripe.api_key = '{s}'", "STRIPE_SECRET_KEY={s}"),
    "google-api-key": (
        'const firebaseConfig = {{ apiKey: "{s}", projectId: "shop" }};',
        "GOOGLE_API_KEY={s}",
    ),
    "openai-api-key": ('client = OpenAI(api_key="{s}")', "OPENAI_API_KEY={s}"),
    "anthropic-api-key": (
        'client = anthropic.Anthropic(api_key="{s}")',
        "ANTHROPIC_API_KEY={s}",
    ),
    "private-key": ("{s}\n", 'KEY = """{s}\n"""'),
    "jwt": (
        "Authorization: Bearer {s}",
        'const token = "{s}";',
        "curl -H 'Authorization: Bearer {s}' https://api.example.org/v1/me",
    ),
    "database-url": (
        'DATABASE_URL="postgres://app:{s}@db.internal:5432/app"',
        "SQLALCHEMY_DATABASE_URI = 'postgresql+psycopg2://svc_orders:{s}@10.0.3.7/orders'",
        "mongo_uri: mongodb+srv://admin:{s}@cluster0.ab1cd.mongodb.net/prod",
        "REDIS_URL=redis://:{s}@cache:6379/0",
        "broker_url = 'amqp://worker:{s}@rabbit:5672//'",
        "DB=mysql://root:{s}@localhost/shop",
    ),
}


def make(kind: str, seed: int = 0) -> str:
    return GENERATORS[kind](random.Random(f"{kind}:{seed}"))


def planted(kind: str, seed: int = 0) -> tuple[str, str]:
    """(snippet, secret): *secret* placed in one of *kind*'s contexts."""
    secret = make(kind, seed)
    contexts = CONTEXTS[kind]
    return contexts[seed % len(contexts)].format(s=secret), secret
