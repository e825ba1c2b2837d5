"""Diagnostics: every problem found while loading rules or config.

A diagnostic carries a code, a severity, a message and the span it points at.
It renders the way compilers do, so editors and humans can jump to it::

    rules/bash.rules:14:3: error[R301]: RE2 rejects this pattern: backreferences are not supported
       14 |   match (a)\\1
          |           ^
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]

# Codes are stable: tests, docs and users' tooling refer to them.
CODES: dict[str, str] = {
    "R101": "expected a rule header",
    "R102": "malformed rule header",
    "R103": "bad indentation",
    "R104": "unknown clause",
    "R105": "rule has no matcher",
    "R106": "rule has no nudge",
    "R107": "clause given twice",
    "R108": "match_any without patterns",
    "R109": "malformed nudge string",
    "R110": "malformed condition",
    "R111": "unknown match field",
    "R112": "unknown condition predicate",
    "R113": "wrong arguments to a condition predicate",
    "R201": "unknown rule file",
    "R301": "pattern rejected by RE2",
    "R302": "rule set could not be compiled",
    "R303": "validator failed to load",
    "C001": "config file is not valid TOML",
    "C002": "config value has the wrong type",
    "C003": "config value is out of range",
    "W401": "unknown config key",
    "W402": "rule can never match",
    "W403": "duplicate rule name",
    "W404": "unknown validator",
    "W405": "unknown nudge variable",
    "W406": "disabled rule does not exist",
    "W407": "managed rule cannot be disabled",
    "W408": "unknown config key",
}


@dataclass(frozen=True)
class Span:
    """A place in a source file. Lines and columns are 1-based."""

    source: str
    line: int
    col: int
    length: int = 1

    def __str__(self) -> str:
        return f"{self.source}:{self.line}:{self.col}"


@dataclass(frozen=True)
class Diagnostic:
    code: str
    severity: Severity
    message: str
    span: Span | None = None
    source_line: str | None = None

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def headline(self) -> str:
        where = f"{self.span}: " if self.span else ""
        return f"{where}{self.severity}[{self.code}]: {self.message}"

    def render(self) -> str:
        """The headline, then the source line and a caret under the span."""
        lines = [self.headline()]
        if self.span is not None and self.source_line is not None:
            number = str(self.span.line)
            gutter = " " * len(number)
            text = self.source_line.rstrip("\r\n").expandtabs(1)
            lines.append(f" {number} | {text}")
            pad = " " * (self.span.col - 1)
            lines.append(f" {gutter} | {pad}{'^' * max(1, self.span.length)}")
        return "\n".join(lines)

    def to_json(self) -> dict[str, object]:
        return {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "file": self.span.source if self.span else None,
            "line": self.span.line if self.span else None,
            "col": self.span.col if self.span else None,
            "rendered": self.render(),
        }


class DiagnosticError(Exception):
    """Raised inside the loader; turned into a Diagnostic at its edge."""

    def __init__(self, code: str, message: str, span: Span | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.span = span


def error(code: str, message: str, span: Span | None, source_line: str | None) -> Diagnostic:
    return Diagnostic(code, "error", message, span, source_line)


def warning(code: str, message: str, span: Span | None, source_line: str | None) -> Diagnostic:
    return Diagnostic(code, "warning", message, span, source_line)
