"""`evaluate(ruleset, event) -> Decision`: pure, synchronous, no I/O of its own.

For the event's family, every field's RE2 set runs once per value (per unit for
per-unit fields); the sets say exactly which patterns matched, so only rules whose
patterns hit (plus rules without patterns) are examined, in file order. For each unit
(each command of a Bash string), the first block or suspicious rule that holds for it
decides for it; the call gets the most severe of those, a deny over an ask, and among
asks the one from the rule first in file order, told what the others asked about. So
one command that is only asked about never stands in for another that is denied,
whatever order the rule files put them in. Warn rules that hold on the way are
collected as context and do not stop the search.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import replace

from ..config.load import Config
from ..rules.ruleset import CompiledRule, FamilyRules, FieldSet, RuleSet
from ..shell.model import PathUse
from . import paths
from .decision import ALLOW, REPORTS_VARIABLE, TIER_VERDICT, Decision
from .event import Event
from .families import FAMILIES, route
from .families.base import Family, Judge, Prepared, Subject
from .families.bash import BashView
from .interpolate import interpolate

Hits = Mapping[str, frozenset[int]]


def evaluate(ruleset: RuleSet, event: Event, families: Mapping[str, Family] = FAMILIES) -> Decision:
    return _unanswered(_evaluate(ruleset, event, families), event, ruleset.config)


def _evaluate(ruleset: RuleSet, event: Event, families: Mapping[str, Family]) -> Decision:
    where = route(event)
    family = families.get(where.family) if where.family else None
    if family is None:
        return _unrouted(ruleset, where.note)
    # Validators judge the commands a script or a code span holds by the rules alone: an
    # ask there is an ask, whatever the session's permission mode makes of the call.
    judge: Judge = functools.partial(_evaluate, ruleset, families=families)
    prepared = family.prepare(event, ruleset.config)
    decision = _decide_family(ruleset, family.spec.name, prepared, event, judge)
    if isinstance(prepared, BashView) and "edit" in families:
        writes = _bash_writes(ruleset, prepared, event, families["edit"], judge)
        decision = _most_severe(decision, writes)
    return decision if where.note is None else replace(decision, note=where.note)


def _unanswered(decision: Decision, event: Event, config: Config) -> Decision:
    """An ask becomes a deny in the permission modes of `asks.deny_in_modes`, where
    Claude Code may run the call without putting the question to anyone."""
    if decision.verdict != "ask" or event.hook_event != "PreToolUse":
        return decision
    mode = event.payload.get("permission_mode")
    if not isinstance(mode, str) or mode not in config.strings("asks.deny_in_modes"):
        return decision
    why = (
        f"This session's permission mode ({mode}) would not stop for the question, so it is denied:"
        " ask the user to run it, or to switch to a mode that asks."
    )
    nudge = f"{decision.nudge} {why}" if decision.nudge else why
    return replace(decision, verdict="deny", nudge=nudge, note=f"asked, denied in permission mode {mode}")


SEVERITY = {"allow": 0, "warn": 1, "ask": 2, "deny": 3}
METADATA_ONLY = frozenset({"chmod", "chown", "chgrp"})
UNWRITABLE = ("/dev/null", "/dev/stdout", "/dev/stderr", "/dev/tty", "/dev/fd/", "/proc/self/fd/")


def _most_severe(first: Decision, second: Decision | None) -> Decision:
    """The more severe decision; of two asks, the first, told what the second asks about."""
    if second is None or SEVERITY[second.verdict] < SEVERITY[first.verdict]:
        return first
    if SEVERITY[second.verdict] > SEVERITY[first.verdict]:
        return second
    return _also_asked(first, [second]) if first.verdict == "ask" else first


def _bash_writes(
    ruleset: RuleSet, view: BashView, event: Event, edit: Family, judge: Judge
) -> Decision | None:
    """The edit rules' verdict on every file the command writes (tee, >, cp, sed -i, ...).

    Without this, every edit rule could be bypassed by writing through Bash. The bridged
    call keeps the tool name `Bash`, so edit rules can grade shell writes differently
    (`tool(Bash)`). A destination written with a trailing slash, or a temporary root
    itself (`cp x /tmp`), is a directory: the file lands inside it.
    """
    if not view.analysis.writes:
        return None
    temp_roots = _temp_roots(_temp_dirs(ruleset), event.home, event.cwd)
    worst: Decision | None = None
    asked: list[Decision] = []
    for use in view.analysis.writes:
        segment = view.segment_at(use.segment)
        if use.via in METADATA_ONLY:
            continue  # permissions and owners: chmod-outside-project and friends in bash.rules
        if _unresolved(use.path) or use.path.startswith(UNWRITABLE):
            continue
        cwd = segment.cwd if segment else event.cwd
        if cwd is None and not use.path.startswith(("/", "~")):
            continue  # after a cd to somewhere unknown: bash.rules asks (redirect-unknown-place)
        target = paths.expand(use.path, home=event.home, cwd=cwd or event.cwd)
        if use.path.endswith("/") or target in temp_roots:
            target = target.rstrip("/") + "/*"
        as_edit = replace(event, tool_name="Bash", tool_input=_written(target, use))
        decision = _decide_family(ruleset, "edit", edit.prepare(as_edit, ruleset.config), as_edit, judge)
        if decision.verdict in ("deny", "ask"):
            decision = replace(decision, note=f"{use.via} writes {target}")
        if decision.verdict == "deny":
            return decision
        if decision.verdict == "ask":
            asked.append(decision)
        elif worst is None or SEVERITY[decision.verdict] > SEVERITY[worst.verdict]:
            worst = decision
    return _also_asked(asked[0], asked[1:]) if asked else worst


def _unresolved(path: str) -> bool:
    """A path built at run time, except from `$HOME` (`echo x >> $HOME/.bashrc`)."""
    for home in ("$HOME", "${HOME}"):
        if path == home or path.startswith(home + "/"):
            path = path[len(home) :]
            break
    return "$" in path or "`" in path


def _written(target: str, use: PathUse) -> dict[str, object]:
    """The bridged edit's tool input: the path, and the text when the command line shows
    it (`cat > f <<EOF`, `echo x >> f`), so content rules (secrets, dependencies) see it.
    An append is an edit that adds to the end of the file."""
    if use.content is None:
        return {"file_path": target}
    if use.append:
        return {"file_path": target, "content": use.content, "append": True}
    return {"file_path": target, "content": use.content}


def _temp_dirs(ruleset: RuleSet) -> tuple[str, ...]:
    return tuple(t for t in ruleset.config.strings("paths.temp") if not t.startswith("$"))


@functools.lru_cache(maxsize=64)
def _temp_roots(entries: tuple[str, ...], home: str, cwd: str) -> frozenset[str]:
    """The temporary directories, expanded. Cached: every call of a session names the same."""
    return frozenset(paths.expand(t, home=home, cwd=cwd) for t in entries)


def _decide_family(ruleset: RuleSet, family: str, prepared: Prepared, event: Event, judge: Judge) -> Decision:
    rules = ruleset.families.get(family)
    if rules is None or not rules.rules:
        return Decision("allow", family=family)
    return _first_match(rules, prepared, event, ruleset, judge)


def _unrouted(ruleset: RuleSet, note: str | None) -> Decision:
    if note is None:
        return ALLOW
    verdict = str(ruleset.config.get("tools.unknown", "allow"))
    if verdict in ("deny", "ask"):
        nudge = f"{note}: config tools.unknown is {verdict!r}"
        return Decision(verdict, rule="unknown-tool", nudge=nudge, note=note)  # type: ignore[arg-type]
    return Decision("allow", note=note)


def _hits(
    sets: Mapping[str, FieldSet], prepared: Prepared, unit: object, per_unit: bool
) -> dict[str, frozenset[int]]:
    hits: dict[str, frozenset[int]] = {}
    for name, field_set in sets.items():
        if field_set.per_unit != per_unit:
            continue
        found: set[int] = set()
        for value in prepared.values(name, unit):
            found |= field_set.match(value)
        if found:
            hits[name] = frozenset(found)
    return hits


def _first_match(
    rules: FamilyRules, prepared: Prepared, event: Event, ruleset: RuleSet, judge: Judge
) -> Decision:
    event_hits = _hits(rules.field_sets, prepared, None, per_unit=False)
    units: Sequence[object] = prepared.units
    unit_hits = [{**event_hits, **_hits(rules.field_sets, prepared, u, per_unit=True)} for u in units]
    candidates: set[int] = set()
    for hits in unit_hits:
        candidates.update(rules.candidates(hits))
    warnings: list[tuple[int, Decision]] = []
    subjects = [Subject(event, rules.family, prepared, unit, ruleset.config, judge) for unit in units]
    open_units = list(range(len(units)))  # units no block or suspicious rule has decided yet
    asked: list[tuple[int, Decision]] = []
    for index in sorted(candidates):
        rule = rules.rules[index]
        decided: set[int] = set()
        for position in open_units:
            extra = _holds(rule, unit_hits[position], subjects[position])
            if extra is None:
                continue
            decision = _decide(rule, rules.family, prepared, units[position], extra)
            if rule.tier == "warn":
                warnings.append((index, decision))
                break
            if decision.verdict == "deny":
                return _with_warnings(decision, _before(warnings, index))
            asked.append((index, decision))
            decided.add(position)
        if decided:
            open_units = [p for p in open_units if p not in decided]
            if not open_units:
                break
    if asked:
        first_index, first = asked[0]
        return _with_warnings(_also_asked(first, [d for _, d in asked[1:]]), _before(warnings, first_index))
    if not warnings:
        return Decision("allow", family=rules.family)
    return _with_warnings(warnings[0][1], [w for _, w in warnings[1:]])


def _before(warnings: Sequence[tuple[int, Decision]], index: int) -> list[Decision]:
    """The warn rules that held above rule `index`: the notes on the way to its decision."""
    return [warning for at, warning in warnings if at < index]


ALSO_NAMED = 5  # other asks spelled out in one question; the rest are counted


def _also_asked(first: Decision, others: Sequence[Decision]) -> Decision:
    """The first ask, with what the other rules asked about (`npm publish && cat
    ~/.aws/credentials`): whoever answers the question must see every part of it."""
    seen = {(first.rule, first.nudge)}
    extra: list[str] = []
    more = 0
    for other in others:
        if (other.rule, other.nudge) in seen:
            continue
        seen.add((other.rule, other.nudge))
        if len(extra) < ALSO_NAMED:
            extra.append(f"Also ({other.rule}): {other.nudge or ''}".rstrip())
        else:
            more += 1
    if more:
        extra.append(f"And {more} more.")
    if not extra:
        return first
    return replace(first, nudge=" ".join([first.nudge or "", *extra]).strip())


def _with_warnings(decision: Decision, warnings: Sequence[Decision]) -> Decision:
    """The decision with the notes (and once-per-session keys) of warn rules that held."""
    merged = decision.with_context(*(w.nudge or "" for w in warnings))
    return merged.with_reports(*(key for w in warnings for key in w.reports))


def _holds(rule: CompiledRule, hits: Hits, subject: Subject) -> Mapping[str, str] | None:
    """The rule's extra nudge variables when every clause holds for this unit, else None."""
    for clause in rule.regexes:
        if not clause.holds(hits.get(clause.field, frozenset())):
            return None
    if rule.not_in:
        base = subject.prepared.base_command(subject.unit)
        if base is None or any(base in allowed for allowed in rule.not_in):
            return None
    for check in rule.conditions:
        if not check(subject):
            return None
    extra: dict[str, str] = {}
    for validator in rule.validators:
        found = validator.check(subject)
        if found is None:
            return None
        extra.update(found)
    return extra


def _decide(
    rule: CompiledRule, family: str, prepared: Prepared, unit: object, extra: Mapping[str, str]
) -> Decision:
    variables = {**prepared.variables(unit), **extra}
    reports = tuple(key for key in variables.pop(REPORTS_VARIABLE, "").split("\n") if key)
    return Decision(
        TIER_VERDICT[rule.tier],
        rule=rule.name,
        location=rule.location,
        nudge=interpolate(rule.nudge.text, variables),
        family=family,
        reports=reports,
    )
