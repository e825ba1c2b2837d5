"""Secrets scanner benchmark: recall, false positives and speed.

    python bench/secret_scan.py

* Recall: 100 generated Write payloads (Python, JavaScript, YAML, .env,
  Dockerfile, JSON, shell, TOML) with one planted secret each, every kind
  covered. A payload counts when a finding of the planted kind is reported and
  `redact` leaves no line of the secret behind. The same payloads are scanned
  again as the raw hook event JSON a PreToolUse hook receives.
* False positives: 500 secret-free payloads, this repository's own Python files
  plus standard-library modules picked by a hash of their relative path. Every
  finding is listed by file, kind and line, never by its text.
* Speed: MB/s of UTF-8 scanned over every standard-library ``.py`` file.

Exits 1 when a target is missed.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import platform
import random
import statistics
import sys
import sysconfig
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from security_hooks.scanners.secrets import SecretScanner

_ROOT = Path(__file__).resolve().parent.parent

RECALL_TARGET = 0.99
FP_TARGET = 0.005
SPEED_TARGET_MBPS = 100.0
POSITIVE_PAYLOADS = 100
NEGATIVE_PAYLOADS = 500


def _load_fake_secrets() -> ModuleType:
    path = _ROOT / "tests" / "scanners" / "fake_secrets.py"
    spec = importlib.util.spec_from_file_location("bench_fake_secrets", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


fake = _load_fake_secrets()


@dataclass(frozen=True)
class Payload:
    path: str
    content: str
    kind: str = ""
    secret: str = ""

    def event(self) -> str:
        """The PreToolUse event a hook would read on stdin."""
        return json.dumps(
            {
                "session_id": "bench",
                "hook_event_name": "PreToolUse",
                "tool_name": "Write",
                "tool_input": {"file_path": self.path, "content": self.content},
            }
        )


# --- planted payloads ------------------------------------------------------------------

NAMES = {
    "aws-access-key-id": ("AWS_ACCESS_KEY_ID", "aws_access_key_id"),
    "aws-secret-access-key": ("AWS_SECRET_ACCESS_KEY", "aws_secret_access_key", "SecretAccessKey"),
    "github-token": ("GITHUB_TOKEN", "GH_TOKEN", "github_token"),
    "slack-token": ("SLACK_BOT_TOKEN", "slack_token"),
    "slack-webhook-url": ("SLACK_WEBHOOK_URL", "alert_webhook"),
    "stripe-live-key": ("STRIPE_SECRET_KEY", "stripe_api_key"),
    "google-api-key": ("GOOGLE_API_KEY", "apiKey", "MAPS_API_KEY"),
    "openai-api-key": ("OPENAI_API_KEY", "openai_api_key"),
    "anthropic-api-key": ("ANTHROPIC_API_KEY", "anthropic_api_key"),
    "private-key": ("PRIVATE_KEY", "private_key", "TLS_KEY"),
    "jwt": ("AUTH_TOKEN", "access_token", "SERVICE_JWT"),
    "database-url": ("DATABASE_URL", "SQLALCHEMY_DATABASE_URI", "MONGO_URI", "BROKER_URL"),
}
DB_SCHEMES = ("postgres", "postgresql+asyncpg", "mysql", "mongodb+srv", "amqp", "rediss")


def _value(kind: str, secret: str, rng: random.Random) -> str:
    if kind != "database-url":
        return secret
    scheme = rng.choice(DB_SCHEMES)
    return f"{scheme}://{rng.choice(['app', 'orders_rw', ''])}:{secret}@db-1.internal:5432/main"


def _quoted(value: str, multiline: Callable[[str], str]) -> str:
    return multiline(value) if "\n" in value else json.dumps(value)


def render_python(name: str, value: str) -> tuple[str, str]:
    literal = _quoted(value, lambda v: f'"""{v}\n"""')
    return "app/settings.py", (
        '"""Runtime settings for the billing service."""\n\nimport os\n\nimport requests\n\n'
        f"DEBUG = os.environ.get('DEBUG') == '1'\n{name} = {literal}\nTIMEOUT = 30\n\n\n"
        "def fetch(path: str) -> dict:\n"
        "    resp = requests.get('https://api.internal' + path, timeout=TIMEOUT)\n"
        "    resp.raise_for_status()\n    return resp.json()\n"
    )


def render_javascript(name: str, value: str) -> tuple[str, str]:
    literal = _quoted(value, lambda v: f"`{v}\n`")
    return "src/config.js", (
        "import express from 'express';\n\n"
        f"export const {name} = {literal};\n"
        "const app = express();\napp.get('/health', (req, res) => res.json({ ok: true }));\n"
        "app.listen(process.env.PORT || 3000);\n"
    )


def render_yaml(name: str, value: str) -> tuple[str, str]:
    if "\n" in value:
        value = "|\n" + "".join(f"        {line}\n" for line in value.splitlines())
    else:
        value += "\n"
    return "deploy/values.yaml", (
        "service:\n  name: billing\n  replicas: 3\n  image: registry.internal/billing:1.4.2\n"
        f"  env:\n    LOG_LEVEL: info\n    {name}: {value}"
        "  resources:\n    limits: {cpu: 500m, memory: 256Mi}\n"
    )


def render_dotenv(name: str, value: str) -> tuple[str, str]:
    if "\n" in value:
        value = '"' + value.replace("\n", "\\n") + '"'
    return ".env", f"# local settings\nNODE_ENV=production\nPORT=8080\n{name}={value}\nLOG=info\n"


def render_dockerfile(name: str, value: str) -> tuple[str, str]:
    return "Dockerfile", (
        "FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\n"
        "RUN pip install --no-cache-dir -r requirements.txt\n"
        f'ENV {name}={value}\nCOPY . .\nCMD ["gunicorn", "app:app"]\n'
    )


def render_json(name: str, value: str) -> tuple[str, str]:
    document = {"name": "billing", "version": "1.4.2", "settings": {"region": "eu-west-1"}}
    document["settings"][name] = value  # type: ignore[index]
    return "config/app.json", json.dumps(document, indent=2) + "\n"


def render_shell(name: str, value: str) -> tuple[str, str]:
    return "scripts/deploy.sh", (
        "#!/usr/bin/env bash\nset -euo pipefail\n\n"
        f"export {name}='{value}'\n"
        'kubectl apply -f deploy/ --context "${CLUSTER:-prod}"\n'
    )


def render_toml(name: str, value: str) -> tuple[str, str]:
    literal = _quoted(value, lambda v: f'"""\n{v}\n"""')
    return "config/app.toml", f"[server]\nport = 8080\n\n[secrets]\n{name} = {literal}\n"


RENDERERS = (
    render_python,
    render_javascript,
    render_yaml,
    render_dotenv,
    render_dockerfile,
    render_json,
    render_shell,
    render_toml,
)


def planted_payloads(count: int = POSITIVE_PAYLOADS) -> list[Payload]:
    rng = random.Random("bench-secrets")
    payloads = []
    for index in range(count):
        kind = fake.KINDS[index % len(fake.KINDS)]
        secret = fake.make(kind, seed=1000 + index)
        renderers = [r for r in RENDERERS if kind != "private-key" or r is not render_dockerfile]
        path, content = rng.choice(renderers)(rng.choice(NAMES[kind]), _value(kind, secret, rng))
        payloads.append(Payload(path, content, kind, secret))
    return payloads


def detected(scanner: SecretScanner, text: str, payload: Payload) -> bool:
    if not any(f.kind == payload.kind for f in scanner.scan(text)):
        return False
    redacted = scanner.redact(text)
    return not any(line in redacted for line in payload.secret.splitlines() if len(line) >= 8)


# --- secret-free payloads --------------------------------------------------------------


def stdlib_files() -> list[Path]:
    root = Path(sysconfig.get_paths()["stdlib"])
    return sorted(p for p in root.rglob("*.py") if "site-packages" not in p.parts)


def clean_payloads(count: int = NEGATIVE_PAYLOADS) -> list[Payload]:
    own = sorted(p for folder in ("src", "tests", "bench") for p in (_ROOT / folder).rglob("*.py"))
    stdlib_root = Path(sysconfig.get_paths()["stdlib"])

    def rank(path: Path) -> str:
        return hashlib.sha256(path.relative_to(stdlib_root).as_posix().encode()).hexdigest()

    chosen = own + sorted(stdlib_files(), key=rank)[: max(0, count - len(own))]
    return [Payload(str(p), p.read_text(encoding="utf-8", errors="replace")) for p in chosen[:count]]


# --- report ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    metric: str
    value: str
    target: str
    ok: bool


def measure_recall(scanner: SecretScanner, payloads: list[Payload]) -> tuple[list[Row], list[str]]:
    hits = [detected(scanner, p.content, p) for p in payloads]
    event_hits = [any(f.kind == p.kind for f in scanner.scan(p.event())) for p in payloads]
    rows = []
    for label, found in (("content", hits), ("hook event JSON", event_hits)):
        rate = sum(found) / len(payloads)
        rows.append(
            Row(
                f"recall, {label} ({len(payloads)} payloads)",
                f"{rate:.1%}",
                ">= 99%",
                rate >= RECALL_TARGET,
            )
        )
    misses = [f"  missed {p.kind} in {p.path}" for p, hit in zip(payloads, hits, strict=True) if not hit]
    return rows, misses


def measure_false_positives(scanner: SecretScanner, payloads: list[Payload]) -> tuple[list[Row], list[str]]:
    flagged = []
    latencies = []
    for payload in payloads:
        started = time.perf_counter()
        findings = scanner.scan(payload.content)
        latencies.append(time.perf_counter() - started)
        flagged.extend(f"  {payload.path}:{f.line} {f.kind}" for f in findings)
    files = len({line.rsplit(":", 1)[0] for line in flagged})
    rate = files / len(payloads)
    quantiles = statistics.quantiles(latencies, n=100)
    rows = [
        Row(
            f"false positives ({len(payloads)} files)",
            f"{files} ({rate:.2%})",
            "<= 0.5%",
            rate <= FP_TARGET,
        ),
        Row(
            "scan latency per payload p50 / p99",
            f"{quantiles[49] * 1e6:.0f} / {quantiles[98] * 1e6:.0f} us",
            "-",
            True,
        ),
    ]
    return rows, flagged


def measure_speed(scanner: SecretScanner) -> list[Row]:
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in stdlib_files()]
    size = sum(len(t.encode("utf-8", "surrogatepass")) for t in texts)
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        for text in texts:
            scanner.scan(text)
        best = min(best, time.perf_counter() - started)
    speed = size / best / 1e6
    label = f"speed, stdlib corpus ({len(texts)} files, {size / 1e6:.1f} MB)"
    return [Row(label, f"{speed:.0f} MB/s", ">= 100 MB/s", speed >= SPEED_TARGET_MBPS)]


def print_table(rows: list[Row]) -> None:
    width = max(len(row.metric) for row in rows)
    print(f"{'metric':<{width}}  {'value':>16}  {'target':>12}  ok")
    for row in rows:
        mark = "yes" if row.ok else "NO"
        print(f"{row.metric:<{width}}  {row.value:>16}  {row.target:>12}  {mark}")


def main() -> int:
    started = time.perf_counter()
    scanner = SecretScanner()
    compile_ms = (time.perf_counter() - started) * 1e3
    print(f"secrets benchmark: Python {platform.python_version()}, scanner compiled in {compile_ms:.1f} ms\n")
    recall_rows, misses = measure_recall(scanner, planted_payloads())
    fp_rows, flagged = measure_false_positives(scanner, clean_payloads())
    rows = recall_rows + fp_rows + measure_speed(scanner)
    print_table(rows)
    for title, lines in (("missed secrets", misses), ("false positives", flagged)):
        if lines:
            print(f"\n{title}:")
            print("\n".join(lines))
    return 0 if all(row.ok for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
