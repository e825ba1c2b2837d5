"""Stage 1 of loading: text plus a source name in, declarations and diagnostics out.

The parser never opens files and never compiles regexes; it only reads lines.
A rule that has an error is dropped, and parsing goes on so that one run reports
every problem in the file.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from .conditions import parse_condition
from .diagnostics import Diagnostic, DiagnosticError, Span, error
from .model import (
    TIERS,
    Condition,
    Match,
    Matcher,
    NotIn,
    Nudge,
    ParsedFile,
    Pattern,
    RuleDecl,
    Tier,
    UseValidator,
)

# These regexes only read the DSL's own fixed syntax, never user patterns.
_HEADER = re.compile(r'^(?P<tier>[A-Za-z_]+)[ \t]+"(?P<name>[^"\n]+)"[ \t]*$')
_WORD = re.compile(r"^[A-Za-z_][A-Za-z0-9_.]*")
_FIELD = re.compile(r"^[a-z_][a-z0-9_]*$")
_VARIABLE = re.compile(r"\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}")
_CLAUSES = (
    "match",
    "match_any",
    "match_base_command_not_in",
    "validator",
    "nudge",
    "only_when",
    "except_when",
)


@dataclass
class _RuleBuilder:
    tier: Tier
    name: str
    span: Span
    matchers: list[Matcher] = field(default_factory=list)
    nudge: Nudge | None = None
    conditions: list[Condition] = field(default_factory=list)
    open_any: tuple[str | None, Span, list[Pattern]] | None = None
    broken: bool = False


class _FileParser:
    def __init__(self, text: str, source: str) -> None:
        self.source = source
        self.lines = tuple(line.rstrip("\r") for line in text.split("\n"))
        self.diagnostics: list[Diagnostic] = []
        self.rules: list[RuleDecl] = []
        self.current: _RuleBuilder | None = None
        self.skipping = False  # after a bad header, until the next one

    # -- reporting -------------------------------------------------------------

    def _span(self, line: int, col: int, length: int = 1) -> Span:
        return Span(self.source, line, col, length)

    def _report(self, exc: DiagnosticError) -> None:
        line = self.lines[exc.span.line - 1] if exc.span else None
        self.diagnostics.append(error(exc.code, exc.message, exc.span, line))
        if self.current is not None:
            self.current.broken = True

    # -- driving ---------------------------------------------------------------

    def parse(self) -> ParsedFile:
        for number, raw in enumerate(self.lines, start=1):
            try:
                self._line(number, raw)
            except DiagnosticError as exc:
                self._report(exc)
        self._finish_rule(len(self.lines))
        return ParsedFile(self.source, tuple(self.rules), self.lines)

    def _line(self, number: int, raw: str) -> None:
        text = raw.rstrip()
        body = text.lstrip(" ")
        if not body or body.startswith("#"):
            return
        indent = len(text) - len(body)
        if body[0] == "\t" or "\t" in text[:indent]:
            raise DiagnosticError(
                "R103", "tabs are not allowed in indentation; use spaces", self._span(number, 1)
            )
        if indent == 0:
            self._finish_rule(number)
            self.skipping = True
            self._header(number, text)
            self.skipping = False
        elif self.skipping:
            return
        elif indent == 2:
            self._close_any()
            self._clause(number, body)
        elif indent == 4 and self.current is not None and self.current.open_any is not None:
            self.current.open_any[2].append(Pattern(body, self._span(number, 5, len(body))))
        else:
            hint = (
                "clauses are indented by 2 spaces and match_any patterns by 4"
                if self.current is not None
                else 'a rule starts with a header such as: block "name"'
            )
            raise DiagnosticError("R103", f"unexpected indentation; {hint}", self._span(number, 1))

    # -- rules -----------------------------------------------------------------

    def _header(self, number: int, text: str) -> None:
        match = _HEADER.match(text)
        word_match = _WORD.match(text)
        word = word_match.group(0) if word_match else text.split(" ", 1)[0]
        if word not in TIERS:
            message = f"expected a rule header (block, suspicious or warn), found {word!r}"
            raise DiagnosticError("R101", message, self._span(number, 1, max(1, len(word))))
        if match is None:
            message = f'a rule header is {word} "name" with the name in double quotes'
            raise DiagnosticError("R102", message, self._span(number, len(word) + 2))
        tier: Tier = word
        name_col = match.start("name") + 1
        span = self._span(number, name_col, len(match.group("name")))
        self.current = _RuleBuilder(tier, match.group("name"), span)

    def _close_any(self) -> None:
        rule = self.current
        if rule is None or rule.open_any is None:
            return
        field_name, span, patterns = rule.open_any
        rule.open_any = None
        if not patterns:
            self._report(DiagnosticError("R108", "match_any needs patterns indented by 4 spaces", span))
            return
        rule.matchers.append(Match(field_name, tuple(patterns), True, span))

    def _finish_rule(self, number: int) -> None:
        self._close_any()
        rule = self.current
        self.current = None
        if rule is None or rule.broken:
            return
        if not rule.matchers:
            message = f"rule {rule.name!r} has no matcher (match, match_any, validator, ...)"
            self._report(DiagnosticError("R105", message, rule.span))
            return
        if rule.nudge is None:
            message = f"rule {rule.name!r} has no nudge; say what the agent should do instead"
            self._report(DiagnosticError("R106", message, rule.span))
            return
        self.rules.append(
            RuleDecl(
                rule.tier,
                rule.name,
                rule.span,
                tuple(rule.matchers),
                rule.nudge,
                tuple(rule.conditions),
            )
        )

    # -- clauses ---------------------------------------------------------------

    def _clause(self, number: int, body: str) -> None:
        rule = self.current
        if rule is None:
            raise DiagnosticError("R103", "clause outside a rule", self._span(number, 3))
        keyword, _, rest = body.partition(" ")
        base, dot, field_name = keyword.partition(".")
        span = self._span(number, 3, len(keyword))
        if base not in _CLAUSES or (dot and base not in ("match", "match_any")):
            raise DiagnosticError("R104", self._unknown_clause(keyword), span)
        if dot and not _FIELD.match(field_name):
            raise DiagnosticError("R111", f"malformed field name {field_name!r}", span)
        field_or_none = field_name if dot else None
        rest_col = 3 + len(keyword) + 1
        if base == "match":
            if not rest:
                raise DiagnosticError("R104", "match needs a pattern after it", span)
            pattern = Pattern(rest, self._span(number, rest_col, len(rest)))
            rule.matchers.append(Match(field_or_none, (pattern,), False, span))
        elif base == "match_any":
            if rest:
                message = "match_any takes no pattern on its own line; list patterns below it"
                raise DiagnosticError("R104", message, self._span(number, rest_col))
            rule.open_any = (field_or_none, span, [])
        else:
            self._simple_clause(base, rest, number, rest_col, span)

    def _simple_clause(self, base: str, rest: str, number: int, col: int, span: Span) -> None:
        rule = self.current
        assert rule is not None
        if not rest:
            raise DiagnosticError("R104", f"{base} needs an argument", span)
        arg_span = self._span(number, col, len(rest))
        if base == "match_base_command_not_in":
            rule.matchers.append(NotIn(rest.strip(), arg_span))
        elif base == "validator":
            rule.matchers.append(UseValidator(rest.strip(), arg_span))
        elif base == "nudge":
            if rule.nudge is not None:
                raise DiagnosticError("R107", "nudge given twice", span)
            rule.nudge = _parse_nudge(rest, arg_span)
        else:
            expr = parse_condition(rest, arg_span)
            rule.conditions.append(Condition(base == "except_when", expr, arg_span))

    @staticmethod
    def _unknown_clause(keyword: str) -> str:
        close = difflib.get_close_matches(keyword, _CLAUSES, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        return f"unknown clause {keyword!r}{hint}"


def _parse_nudge(rest: str, span: Span) -> Nudge:
    text = rest.strip()
    if len(text) < 2 or not text.startswith('"') or not text.endswith('"'):
        raise DiagnosticError("R109", 'a nudge is a double-quoted string: nudge "..."', span)
    out: list[str] = []
    body = text[1:-1]
    i = 0
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            nxt = body[i + 1]
            out.append({"n": "\n", '"': '"', "\\": "\\"}.get(nxt, "\\" + nxt))
            i += 2
            continue
        if ch == '"':
            at = Span(span.source, span.line, span.col + i + 1)
            raise DiagnosticError("R109", 'unescaped " inside a nudge; write \\"', at)
        out.append(ch)
        i += 1
    value = "".join(out)
    variables = tuple(dict.fromkeys(v for v in _VARIABLE.findall(value) if v))
    return Nudge(value, variables, span)


def parse_rules(text: str, source: str) -> tuple[ParsedFile, list[Diagnostic]]:
    """Parse one .rules file. Never raises for bad input; problems come back as diagnostics."""
    parser = _FileParser(text, source)
    parsed = parser.parse()
    return parsed, parser.diagnostics
