"""Stages 2 and 3 of loading: collect declarations across files, then compile them.

Collect orders rules (managed files first, then each family's file), subtracts
`rules.disabled`, and warns about duplicate names. Compile turns every pattern into
RE2 (one set per family and field), every condition into a closure over engine
predicates, and every `validator` into an instance.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..config.load import Config
from ..regex import Re2Error, compile_pattern, compile_set, explain_rejection
from .diagnostics import Diagnostic, Span, error, warning
from .model import All, Any_, Expr, Match, Not, NotIn, ParsedFile, Predicate, RuleDecl, UseValidator
from .ruleset import CompiledRule, FamilyRules, FieldSet, RegexClause
from .vocabulary import Check, FamilySpec, Validator, Vocabulary


@dataclass(frozen=True)
class CollectedRule:
    decl: RuleDecl
    family: str
    managed: bool


@dataclass
class _Diags:
    files: dict[str, ParsedFile]
    items: list[Diagnostic] = field(default_factory=list)

    def line(self, span: Span | None) -> str | None:
        if span is None or span.source not in self.files:
            return None
        return self.files[span.source].line(span.line)

    def error(self, code: str, message: str, span: Span | None) -> None:
        self.items.append(error(code, message, span, self.line(span)))

    def warn(self, code: str, message: str, span: Span | None) -> None:
        self.items.append(warning(code, message, span, self.line(span)))


def collect(
    files: Sequence[tuple[ParsedFile, str, bool]],
    config: Config,
    vocab: Vocabulary,
    diags: _Diags,
) -> dict[str, list[CollectedRule]]:
    """Order rules by family; apply `rules.disabled` (never to managed rules)."""
    disabled = config.disabled_rules
    seen: dict[str, RuleDecl] = {}
    used_disabled: set[str] = set()
    by_family: dict[str, list[CollectedRule]] = {}
    for parsed, family, managed in files:
        if vocab.family(family) is None:
            span = Span(parsed.source, 1, 1)
            diags.warn("R201", f"no hook family is called {family!r}; file ignored", span)
            continue
        for decl in parsed.rules:
            if decl.name in seen:
                first = seen[decl.name]
                diags.warn("W403", f"rule name {decl.name!r} is also used at {first.location}", decl.span)
            seen.setdefault(decl.name, decl)
            if decl.name in disabled:
                used_disabled.add(decl.name)
                if managed:
                    message = f"rule {decl.name!r} is managed by your organisation and stays enabled"
                    diags.warn("W407", message, decl.span)
                else:
                    continue
            by_family.setdefault(family, []).append(CollectedRule(decl, family, managed))
    for name in sorted(disabled - used_disabled):
        diags.warn("W406", f"rules.disabled names {name!r}, but no rule has that name", None)
    return by_family


class _FieldBuilder:
    def __init__(self, name: str, per_unit: bool) -> None:
        self.name = name
        self.per_unit = per_unit
        self.ids: dict[str, int] = {}
        self.owners: list[set[int]] = []

    def add(self, pattern: str, rule_index: int) -> int:
        pattern_id = self.ids.get(pattern)
        if pattern_id is None:
            pattern_id = self.ids[pattern] = len(self.owners)
            self.owners.append(set())
        self.owners[pattern_id].add(rule_index)
        return pattern_id

    def build(self) -> FieldSet:
        regex_set = compile_set(list(self.ids))  # dict order is id order
        owners = tuple(tuple(sorted(o)) for o in self.owners)
        return FieldSet(self.name, regex_set, owners, self.per_unit)


class _FamilyCompiler:
    def __init__(self, spec: FamilySpec, config: Config, vocab: Vocabulary, diags: _Diags) -> None:
        self.spec = spec
        self.config = config
        self.vocab = vocab
        self.diags = diags
        self.fields: dict[str, _FieldBuilder] = {}
        self.rules: list[CompiledRule] = []
        self.unconditional: dict[tuple[RegexClause, ...], CompiledRule] = {}

    def compile(self, collected: Sequence[CollectedRule]) -> FamilyRules:
        for item in collected:
            rule = self._rule(item, len(self.rules))
            if rule is not None:
                self._check_shadowed(rule, item.decl)
                self.rules.append(rule)
        field_sets = {name: builder.build() for name, builder in self.fields.items()}
        always = frozenset(r.index for r in self.rules if not r.regexes)
        return FamilyRules(self.spec.name, tuple(self.rules), field_sets, always)

    def _rule(self, item: CollectedRule, index: int) -> CompiledRule | None:
        decl = item.decl
        errors_before = self._error_count()
        regexes: list[RegexClause] = []
        not_in: list[frozenset[str]] = []
        validators: list[Validator] = []
        usable = True
        for matcher in decl.matchers:
            if isinstance(matcher, Match):
                clause = self._regex_clause(matcher, index)
                if clause is not None:
                    regexes.append(clause)
            elif isinstance(matcher, NotIn):
                not_in.append(self._not_in(matcher))
            elif isinstance(matcher, UseValidator):
                validator = self._validator(matcher)
                usable = usable and validator is not None
                if validator is not None:
                    validators.append(validator)
        conditions = [self._condition(c.expr, c.negate) for c in decl.conditions]
        self._check_variables(decl, bool(validators))
        self._check_contradiction(decl)
        if self._error_count() > errors_before or not usable:
            return None
        checks = tuple(c for c in conditions if c is not None)
        return CompiledRule(
            index,
            decl.name,
            decl.tier,
            decl.location,
            decl.nudge,
            tuple(regexes),
            tuple(not_in),
            checks,
            tuple(validators),
            item.managed,
        )

    def _error_count(self) -> int:
        return sum(1 for d in self.diags.items if d.is_error)

    def _regex_clause(self, matcher: Match, index: int) -> RegexClause | None:
        field_name = matcher.field or self.spec.default_field
        field_spec = self.spec.fields.get(field_name)
        if field_spec is None:
            known = ", ".join(sorted(self.spec.fields))
            message = f"{self.spec.name} rules have no field {field_name!r}; fields are: {known}"
            self.diags.error("R111", message, matcher.span)
            return None
        builder = self.fields.get(field_name)
        if builder is None:
            builder = self.fields[field_name] = _FieldBuilder(field_name, field_spec.per_unit)
        ids: set[int] = set()
        for pattern in matcher.patterns:
            try:
                compile_pattern(pattern.text)
            except Re2Error:
                offset, reason = explain_rejection(pattern.text)
                span = pattern.span
                at = Span(span.source, span.line, span.col + offset)
                self.diags.error("R301", f"RE2 rejects this pattern: {reason}", at)
                continue
            ids.add(builder.add(pattern.text, index))
        if len(ids) < len(matcher.patterns):
            return None
        return RegexClause(field_name, frozenset(ids), matcher.any_of)

    def _not_in(self, matcher: NotIn) -> frozenset[str]:
        if not self.spec.has_base_command:
            message = f"{self.spec.name} rules have no base command, so this never matches"
            self.diags.warn("W402", message, matcher.span)
        if not self.config.has(matcher.key):
            message = (
                f"unknown config key {matcher.key!r}: treated as an empty list, so every command matches"
            )
            self.diags.warn("W401", message, matcher.span)
        return frozenset(self.config.strings(matcher.key))

    def _validator(self, matcher: UseValidator) -> Validator | None:
        try:
            validator = self.vocab.validator(matcher.name, self.config)
        except ValueError as exc:
            self.diags.error("R303", f"validator {matcher.name} failed to load: {exc}", matcher.span)
            return None
        if validator is None:
            message = f"unknown validator {matcher.name!r}; the rule is skipped"
            self.diags.warn("W404", message, matcher.span)
            return None
        if self.spec.name not in validator.families:
            families = ", ".join(sorted(validator.families))
            message = f"validator {matcher.name} works on {families} rules, so this never matches"
            self.diags.warn("W402", message, matcher.span)
        return validator

    def _condition(self, expr: Expr, negate: bool) -> Check | None:
        check = self._expr(expr)
        if check is None or not negate:
            return check
        inner = check
        return lambda subject: not inner(subject)

    def _expr(self, expr: Expr) -> Check | None:
        if isinstance(expr, Predicate):
            return self._predicate(expr)
        if isinstance(expr, Not):
            operand = self._expr(expr.operand)
            return None if operand is None else (lambda s: not operand(s))
        parts = [self._expr(e) for e in expr.operands]
        if any(p is None for p in parts):
            return None
        checks = tuple(p for p in parts if p is not None)
        if isinstance(expr, All):
            return _all_of(checks)
        assert isinstance(expr, Any_)
        return _any_of(checks)

    def _predicate(self, pred: Predicate) -> Check | None:
        spec = self.vocab.predicate(pred.name)
        if spec is None:
            close = difflib.get_close_matches(pred.name, self.vocab.predicate_names(), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            self.diags.error("R112", f"unknown predicate {pred.name!r}{hint}", pred.span)
            return None
        if spec.families is not None and self.spec.name not in spec.families:
            message = f"predicate {pred.name!r} does not apply to {self.spec.name} rules"
            self.diags.error("R112", message, pred.span)
            return None
        count = len(pred.args)
        if count < spec.min_args or (spec.max_args is not None and count > spec.max_args):
            self.diags.error("R113", f"{pred.name}: {_arity(spec.min_args, spec.max_args)}", pred.span)
            return None
        try:
            return spec.build(pred.args, self.config)
        except ValueError as exc:
            self.diags.error("R113", f"{pred.name}: {exc}", pred.span)
            return None

    def _check_variables(self, decl: RuleDecl, has_validator: bool) -> None:
        if has_validator:
            return  # validators may supply extra variables
        span = decl.nudge.span
        line = self.diags.line(span) or ""
        for name in decl.nudge.variables:
            if name not in self.spec.variables:
                known = ", ".join("{" + v + "}" for v in sorted(self.spec.variables))
                message = f"unknown nudge variable {{{name}}}; {self.spec.name} rules know {known}"
                col = line.find("{" + name + "}", span.col - 1) + 1 or span.col
                at = Span(span.source, span.line, col, len(name) + 2)
                self.diags.warn("W405", message, at)

    def _check_contradiction(self, decl: RuleDecl) -> None:
        required = {_expr_key(c.expr) for c in decl.conditions if not c.negate}
        excluded = {_expr_key(c.expr) for c in decl.conditions if c.negate}
        if required & excluded:
            message = f"rule {decl.name!r} requires and excludes the same condition"
            self.diags.warn("W402", message, decl.span)

    def _check_shadowed(self, rule: CompiledRule, decl: RuleDecl) -> None:
        simple = not (rule.conditions or rule.validators or rule.not_in)
        if not rule.regexes:
            return
        key = rule.regexes
        earlier = self.unconditional.get(key)
        if earlier is not None and earlier.tier != "warn":
            first = f"{earlier.name!r} at {earlier.location}"
            message = f"rule {rule.name!r} never matches: {first} matches first"
            self.diags.warn("W402", message, decl.span)
        elif simple and rule.tier != "warn":
            self.unconditional[key] = rule


def _arity(low: int, high: int | None) -> str:
    if high is None:
        return f"takes at least {low} argument(s)"
    if low == high:
        return f"takes exactly {low} argument(s)"
    return f"takes {low} to {high} arguments"


def _expr_key(expr: Expr) -> str:
    if isinstance(expr, Predicate):
        return f"{expr.name}({','.join(expr.args)})"
    if isinstance(expr, Not):
        return f"not {_expr_key(expr.operand)}"
    joiner = " and " if isinstance(expr, All) else " or "
    return "(" + joiner.join(_expr_key(e) for e in expr.operands) + ")"


def compile_rules(
    files: Sequence[tuple[ParsedFile, str, bool]],
    config: Config,
    vocab: Vocabulary,
) -> tuple[dict[str, FamilyRules], list[Diagnostic]]:
    """Collect and compile every file; returns families and the diagnostics found."""
    diags = _Diags({parsed.source: parsed for parsed, _, _ in files})
    by_family = collect(files, config, vocab, diags)
    families: dict[str, FamilyRules] = {}
    for name, collected in by_family.items():
        spec = vocab.family(name)
        assert spec is not None
        families[name] = _FamilyCompiler(spec, config, vocab, diags).compile(collected)
    return families, diags.items


# Conditions run for every candidate rule of every call: two operands (the common case)
# are joined directly, without a generator per call.


def _all_of(checks: tuple[Check, ...]) -> Check:
    if len(checks) == 2:
        first, second = checks
        return lambda s: first(s) and second(s)

    def check(subject: object) -> bool:
        for c in checks:
            if not c(subject):
                return False
        return True

    return check


def _any_of(checks: tuple[Check, ...]) -> Check:
    if len(checks) == 2:
        first, second = checks
        return lambda s: first(s) or second(s)

    def check(subject: object) -> bool:
        for c in checks:
            if c(subject):
                return True
        return False

    return check
