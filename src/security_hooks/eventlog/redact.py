"""Removing credentials from a record before it is written or sent anywhere.

The log must never become the place where secrets collect. Every free-text field a
record carries (`input`, `nudge`, `note`, `error`, `fallback`) goes through the secret
scanner; each credential becomes `[REDACTED:<kind>]` and `redactions` counts them.
A text field over the size cap is dropped whole rather than cut, since a cut could
split a credential past recognition.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ..engine.hook import HookOutcome
from ..scanners.secrets import SecretScanner
from .record import DEFAULT_INPUT_MAX_BYTES, SCHEMA_VERSION, TEXT_FIELDS, Identity, build_record, timestamp

MARKER = "[REDACTED:"


class Redactor:
    """Wraps one shared SecretScanner (compiled once per process; thread-safe).

    Given a function instead of a scanner, it compiles the scanner on first use, so a
    daemon's cold start (on the first hook call's path) does not wait for it.
    """

    __slots__ = ("_make", "_scanner")

    def __init__(self, scanner: SecretScanner | Callable[[], SecretScanner]) -> None:
        self._scanner = scanner if isinstance(scanner, SecretScanner) else None
        self._make = None if isinstance(scanner, SecretScanner) else scanner

    @property
    def scanner(self) -> SecretScanner:
        if self._scanner is None:
            assert self._make is not None
            self._scanner = self._make()
        return self._scanner

    def text(self, value: str) -> tuple[str, int]:
        """The text with every credential replaced, and how many were replaced."""
        if not value:
            return value, 0
        cleaned = self.scanner.redact(value)
        if cleaned is value or cleaned == value:
            return value, 0
        return cleaned, cleaned.count(MARKER) - value.count(MARKER)

    def record(
        self, record: Mapping[str, Any], *, max_bytes: int = DEFAULT_INPUT_MAX_BYTES
    ) -> dict[str, Any]:
        """A copy of the record that is safe to write and to send."""
        out = dict(record)
        texts: dict[str, str] = {}
        for key in TEXT_FIELDS:
            value = out.get(key)
            if not isinstance(value, str) or not value:
                continue
            size = len(value.encode("utf-8", "replace"))
            if key != "input" and size > max_bytes:
                out[key] = f"[omitted: {size} bytes]"
            else:
                texts[key] = value
        found = 0
        # One pass over all fields first: most records hold no secret at all.
        if texts and self.scanner.contains_secret("\n".join(texts.values())):
            for key, value in texts.items():
                out[key], count = self.text(value)
                found += count
        out["redactions"] = int(out.get("redactions") or 0) + found
        return out


def safe_record(
    outcome: HookOutcome,
    identity: Identity,
    redactor: Redactor,
    *,
    via: str,
    now: float | None = None,
    input_max_bytes: int = DEFAULT_INPUT_MAX_BYTES,
) -> dict[str, Any]:
    """The record as it may be written and sent: capped, then redacted. Never raises: a
    record that cannot be built still leaves a line saying so."""
    try:
        record = build_record(outcome, identity, via=via, now=now, input_max_bytes=input_max_bytes)
        return redactor.record(record, max_bytes=input_max_bytes)
    except Exception as exc:  # noqa: BLE001 - the log must not stop on one odd outcome
        decision = outcome.decision.verdict if outcome.decision else None
        return {
            "ts": timestamp(now),
            "event": outcome.hook_event,
            "decision": decision,
            "schema": SCHEMA_VERSION,
            "via": via,
            "host": identity.host,
            "user": identity.user,
            "error": f"log record could not be built: {type(exc).__name__}",
        }
