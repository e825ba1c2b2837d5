"""Users' own per-edit pattern rules, from ``security-patterns.{yaml,yml,json}``.

Where they come from, all loaded and concatenated in this order when they exist::

    ~/.claude/security-patterns.yaml   .yml   .json      (scope "user")
    <project>/.claude/security-patterns.yaml   .yml   .json   (scope "project")

The schema is a top-level ``patterns:`` list of mappings::

    patterns:
      - rule_name: raw_cursor_in_handlers       # required, shown with the reminder
        reminder: "Use the repository layer."   # required, at most 1 KB (longer is cut)
        regex: "\\bcursor\\.execute\\("        # RE2 syntax; and/or:
        substrings: ["md5("]                    # literal strings
        paths: ["**/handlers/**"]               # optional globs on the full path
        exclude_paths: ["**/tests/**"]          # optional

**Additive only.** These files can add rules, never remove or weaken the
built-in ones: there is no way to disable a rule from here, and a rule whose
``rule_name`` equals a built-in name (or a name already loaded) is renamed to
``<scope>:<name>`` (then ``<scope>:<name>#2``...) and loaded next to it.

Loading never raises. Every problem becomes a one-line warning that names
the file and the rule, and only the offending rule (or file) is skipped:

* a regex RE2 cannot compile (backreferences, lookaround, ...), with the reason;
* a malformed or oversized (> 256 KB) file, or a non-regular one;
* a missing or mistyped field, an unknown key (kept, but reported);
* more than 50 rules in total: the rest are dropped, one warning per file.

Parsing takes text and a source name and never opens a file, so tests pass
strings; `load_user_patterns` is the only function that touches the disk.
"""

from __future__ import annotations

import importlib
import json
import os
import stat
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from ..globs import glob_to_regex
from ..regex import Re2Error, compile_pattern
from ._text import encode
from .risky import BUILTIN_RULES, PatternRule, content_pattern

FILE_NAMES = ("security-patterns.yaml", "security-patterns.yml", "security-patterns.json")
MAX_FILE_BYTES = 256 * 1024
MAX_REMINDER_BYTES = 1024
MAX_RULES = 50
MAX_NAME_CHARS = 128

_KNOWN_KEYS = frozenset({"rule_name", "reminder", "regex", "substrings", "paths", "exclude_paths"})
_BUILTIN_NAMES = frozenset(rule.name for rule in BUILTIN_RULES)


@dataclass(frozen=True)
class PatternLoad:
    rules: tuple[PatternRule, ...] = ()
    warnings: tuple[str, ...] = ()


class _RuleError(Exception):
    """Why one rule is skipped; carries a message fit for a one-line warning."""


class _DocumentError(Exception):
    """Why a whole file is skipped; carries a message fit for a one-line warning."""


# --- documents -------------------------------------------------------------------------


def _load_yaml(text: str) -> object:
    try:
        yaml = importlib.import_module("yaml")
    except ImportError:
        raise _DocumentError(
            "PyYAML is not installed; use security-patterns.json instead"
        ) from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or "not valid YAML"
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise _DocumentError(f"malformed YAML{where}: {_one_line(str(problem))}") from None


def _load_json(text: str) -> object:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise _DocumentError(
            f"malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None


def _printable(path: str) -> str:
    """*path* fit for a one-line warning: control characters become '?'."""
    return "".join(char if char.isprintable() else "?" for char in path)


def _one_line(text: str, limit: int = 160) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."


def _decode(text: str, source: str) -> object:
    """The document in *text*; every failure becomes a `_DocumentError`."""
    json_file = source.lower().endswith(".json")
    try:
        return _load_json(text) if json_file else _load_yaml(text)
    except _DocumentError:
        raise
    except RecursionError:
        raise _DocumentError("malformed: nested too deeply") from None
    except Exception as exc:  # e.g. an impossible date in YAML, a 5000-digit number
        kind = "JSON" if json_file else "YAML"
        raise _DocumentError(
            f"malformed {kind}: a value cannot be read ({type(exc).__name__})"
        ) from None


def _document_rules(text: str, source: str) -> list[object]:
    """The ``patterns`` list of the document, or `_DocumentError`."""
    document = _decode(text, source)
    if document is None:
        return []
    if not isinstance(document, dict) or "patterns" not in document:
        raise _DocumentError("expected a mapping with a top-level 'patterns' list")
    patterns = document["patterns"]
    if patterns is None:
        return []
    if not isinstance(patterns, list):
        raise _DocumentError("'patterns' must be a list")
    return patterns


# --- fields ----------------------------------------------------------------------------


def _string(item: Mapping[Any, Any], key: str) -> str | None:
    value = item.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise _RuleError(f"'{key}' must be a string")
    return value


def _strings(item: Mapping[Any, Any], key: str) -> tuple[str, ...]:
    value = item.get(key)
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise _RuleError(f"'{key}' must be a list of non-empty strings")
    return tuple(value)


def _rule_name(item: Mapping[Any, Any]) -> str:
    name = (_string(item, "rule_name") or "").strip()
    if not name:
        raise _RuleError("'rule_name' is required")
    if len(name) > MAX_NAME_CHARS or not name.isprintable():
        raise _RuleError(f"'rule_name' must be printable and at most {MAX_NAME_CHARS} characters")
    return name


def _truncate_utf8(text: str, limit: int) -> str:
    return encode(text)[:limit].decode("utf-8", "ignore")


_UNSUPPORTED = (
    (("(?=", "(?!", "(?<=", "(?<!"), "lookahead/lookbehind is not supported"),
    (("(?P=", "\\g<", "\\1", "\\2", "\\3", "\\4", "\\5", "\\6", "\\7", "\\8", "\\9"),
     "backreferences are not supported"),
    (("(?>",), "atomic groups are not supported"),
    (("*+", "++", "?+", "}+"), "possessive quantifiers are not supported"),
    (("(?(",), "conditional groups are not supported"),
    (("\\Z",), "\\Z is not supported; use \\z for the end of the text"),
)  # fmt: skip


def _regex_problem(regex: str, reason: str) -> str:
    for markers, explanation in _UNSUPPORTED:
        if any(marker in regex for marker in markers):
            return f"regex skipped: {explanation} by RE2 ({reason})"
    return f"regex skipped: RE2 cannot compile it ({reason})"


def _check_regex(regex: str | None) -> None:
    if regex is None:
        return
    if not regex:
        raise _RuleError("regex skipped: it is empty and would match every edit")
    try:
        compile_pattern(regex)
    except Re2Error as exc:
        raise _RuleError(_regex_problem(regex, str(exc))) from None


def _check_globs(globs: Iterable[str], key: str) -> None:
    for number, glob in enumerate(globs, 1):
        try:
            compile_pattern(glob_to_regex(glob))
        except Re2Error as exc:
            raise _RuleError(f"'{key}' has a glob that cannot be used (#{number}: {exc})") from None


def _parse_rule(item: object, source: str, warn: Callable[[str], None]) -> PatternRule:
    if not isinstance(item, dict):
        raise _RuleError("each entry of 'patterns' must be a mapping")
    name = _rule_name(item)
    reminder = (_string(item, "reminder") or "").strip()
    if not reminder:
        raise _RuleError("'reminder' is required")
    if len(encode(reminder)) > MAX_REMINDER_BYTES:
        reminder = _truncate_utf8(reminder, MAX_REMINDER_BYTES)
        warn(f"reminder longer than {MAX_REMINDER_BYTES} bytes, truncated")
    regex = _string(item, "regex")
    substrings = _strings(item, "substrings")
    paths = _strings(item, "paths")
    exclude_paths = _strings(item, "exclude_paths")
    if regex is None and not substrings and not paths:
        raise _RuleError("needs 'regex' or 'substrings' (or at least 'paths')")
    _check_regex(regex)
    _check_globs(paths, "paths")
    _check_globs(exclude_paths, "exclude_paths")
    unknown = sorted(_one_line(str(key), 40) for key in item if key not in _KNOWN_KEYS)
    if unknown:
        warn(f"unknown keys ignored: {', '.join(repr(key) for key in unknown[:5])}")
    rule = PatternRule(name, reminder, regex, substrings, paths, exclude_paths, source)
    try:
        compile_pattern(content_pattern(rule) or "")
    except Re2Error as exc:
        raise _RuleError(f"rule skipped: RE2 cannot compile its patterns ({exc})") from None
    return rule


def _label(index: int, item: object) -> str:
    name = item.get("rule_name") if isinstance(item, dict) else None
    if isinstance(name, str) and name.strip():
        return f"rule {_one_line(name.strip(), MAX_NAME_CHARS)!r}"
    return f"patterns[{index}]"


def parse_pattern_file(
    text: str, source: str, *, scope: str = "project", max_rules: int = MAX_RULES
) -> PatternLoad:
    """Rules and warnings from one file's *text*; *source* names it in warnings.

    JSON when *source* ends in ``.json``, YAML otherwise. *scope* prefixes
    names that collide with built-in rules; *max_rules* is what is left of the
    overall budget. Never raises.
    """
    where = _printable(source)
    if len(encode(text)) > MAX_FILE_BYTES:
        return PatternLoad((), (f"{where}: skipped: larger than {MAX_FILE_BYTES // 1024} KB",))
    try:
        items = _document_rules(text, source)
    except _DocumentError as exc:
        return PatternLoad((), (f"{where}: skipped: {exc}",))
    rules: list[PatternRule] = []
    warnings: list[str] = []
    for index, item in enumerate(items):
        if len(rules) >= max_rules:
            warnings.append(
                f"{where}: {len(items) - index} more rule(s) dropped: "
                f"at most {MAX_RULES} custom rules are loaded"
            )
            break
        label = _label(index, item)

        def warn(message: str, label: str = label) -> None:
            warnings.append(f"{where}: {label}: {message}")

        try:
            rule = _parse_rule(item, source, warn)
        except _RuleError as exc:
            warn(str(exc))
            continue
        if rule.name in _BUILTIN_NAMES:
            renamed = f"{scope}:{rule.name}"
            warn(f"renamed to {renamed!r}: built-in rules cannot be replaced")
            rule = replace(rule, name=renamed)
        rules.append(rule)
    return PatternLoad(tuple(rules), tuple(warnings))


# --- files -----------------------------------------------------------------------------


def _read_text(path: str) -> tuple[str | None, str | None]:
    """(text, None), (None, warning), or (None, None) when there is no file."""
    where = _printable(path)
    try:
        # O_NONBLOCK: a FIFO planted under that name must not hang the loader.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        return None, None
    except OSError as exc:
        return None, f"{where}: skipped: cannot open ({exc.strerror or type(exc).__name__})"
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return None, f"{where}: skipped: not a regular file"
        if info.st_size > MAX_FILE_BYTES:
            return None, f"{where}: skipped: larger than {MAX_FILE_BYTES // 1024} KB"
        data = os.read(fd, MAX_FILE_BYTES + 1)
    except OSError as exc:
        return None, f"{where}: skipped: cannot read ({exc.strerror or type(exc).__name__})"
    finally:
        os.close(fd)
    if len(data) > MAX_FILE_BYTES:
        return None, f"{where}: skipped: larger than {MAX_FILE_BYTES // 1024} KB"
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        return None, f"{where}: skipped: not UTF-8 text"


def _candidate_files(project_dir: str | None, home: str) -> list[tuple[str, str]]:
    """(path, scope) pairs in load order, each real file once."""
    roots = [(home, "user")]
    if project_dir:
        roots.append((project_dir, "project"))
    seen: set[str] = set()
    files = []
    for root, scope in roots:
        for name in FILE_NAMES:
            path = os.path.join(root, ".claude", name)
            key = os.path.realpath(path)
            if key not in seen:
                seen.add(key)
                files.append((path, scope))
    return files


def _unique_name(rule: PatternRule, scope: str, taken: set[str]) -> str:
    name = rule.name if rule.name not in taken else f"{scope}:{rule.name}"
    suffix = 2
    candidate = name
    while candidate in taken:
        candidate = f"{name}#{suffix}"
        suffix += 1
    return candidate


def load_user_patterns(project_dir: str | None, home: str) -> PatternLoad:
    """All users' rules for a project (*project_dir* may be None) and a *home* directory."""
    rules: list[PatternRule] = []
    warnings: list[str] = []
    taken = set(_BUILTIN_NAMES)
    for path, scope in _candidate_files(project_dir, home):
        text, problem = _read_text(path)
        if problem is not None:
            warnings.append(problem)
        if text is None:
            continue
        loaded = parse_pattern_file(text, path, scope=scope, max_rules=MAX_RULES - len(rules))
        warnings.extend(loaded.warnings)
        for rule in loaded.rules:
            name = _unique_name(rule, scope, taken)
            if name != rule.name:
                warnings.append(
                    f"{_printable(path)}: rule {rule.name!r}: renamed to {name!r}: name in use"
                )
                rule = replace(rule, name=name)
            taken.add(name)
            rules.append(rule)
    return PatternLoad(tuple(rules), tuple(warnings))
