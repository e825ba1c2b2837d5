from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from security_hooks.scanners.risky import BUILTIN_RULES, PatternRule, PatternScanner
from security_hooks.scanners.user_patterns import (
    MAX_REMINDER_BYTES,
    MAX_RULES,
    PatternLoad,
    load_user_patterns,
    parse_pattern_file,
)

from . import fake_secrets as fake

YAML_SOURCE = "/p/.claude/security-patterns.yaml"
JSON_SOURCE = "/p/.claude/security-patterns.json"

VALID_YAML = """\
patterns:
  - rule_name: legacy_hash
    substrings: ["md5(", "sha1("]
    reminder: "MD5 and SHA-1 are broken; use SHA-256 or a password hash."
  - rule_name: raw_cursor_in_handlers
    regex: "\\\\bcursor\\\\.execute\\\\("
    paths: ["**/handlers/**"]
    exclude_paths: ["**/tests/**"]
    reminder: "Handlers go through the repository layer, not raw cursors."
"""

EXPECTED = (
    PatternRule(
        "legacy_hash",
        "MD5 and SHA-1 are broken; use SHA-256 or a password hash.",
        None,
        ("md5(", "sha1("),
        (),
        (),
        YAML_SOURCE,
    ),
    PatternRule(
        "raw_cursor_in_handlers",
        "Handlers go through the repository layer, not raw cursors.",
        r"\bcursor\.execute\(",
        (),
        ("**/handlers/**",),
        ("**/tests/**",),
        YAML_SOURCE,
    ),
)


def rule_dict(name: str, **fields: object) -> dict[str, object]:
    return {"rule_name": name, "reminder": f"about {name}", **fields}


def as_json(*rules: dict[str, object]) -> str:
    return json.dumps({"patterns": list(rules)})


def assert_one_line_warnings(load: PatternLoad, source: str) -> None:
    for warning in load.warnings:
        assert "\n" not in warning and "\r" not in warning
        assert warning.startswith(source + ": ")


def test_valid_yaml() -> None:
    load = parse_pattern_file(VALID_YAML, YAML_SOURCE)
    assert load == PatternLoad(EXPECTED, ())


def test_valid_json() -> None:
    document = {
        "patterns": [
            {
                "rule_name": rule.name,
                "reminder": rule.reminder,
                **({"regex": rule.regex} if rule.regex else {}),
                **({"substrings": list(rule.substrings)} if rule.substrings else {}),
                **({"paths": list(rule.paths)} if rule.paths else {}),
                **({"exclude_paths": list(rule.exclude_paths)} if rule.exclude_paths else {}),
            }
            for rule in EXPECTED
        ]
    }
    load = parse_pattern_file(json.dumps(document), JSON_SOURCE)
    assert load.warnings == ()
    assert load.rules == tuple(
        PatternRule(r.name, r.reminder, r.regex, r.substrings, r.paths, r.exclude_paths, JSON_SOURCE)
        for r in EXPECTED
    )


def test_loaded_rules_work_next_to_builtins() -> None:
    load = parse_pattern_file(VALID_YAML, YAML_SOURCE)
    scanner = PatternScanner(BUILTIN_RULES + load.rules)
    findings = scanner.scan("/p/src/handlers/orders.py", "x = 1\ncursor.execute(q)\neval(s)\n")
    assert [(f.rule, f.line, f.origin) for f in findings] == [
        ("raw_cursor_in_handlers", 2, YAML_SOURCE),
        ("eval_call", 3, "builtin"),
    ]


@pytest.mark.parametrize(
    ("regex", "reason"),
    [
        (r"(a)\1", "backreferences are not supported"),
        (r"(?P<q>['\"]).*(?P=q)", "backreferences are not supported"),
        (r"password(?=\s*=)", "lookahead/lookbehind is not supported"),
        (r"(?<!safe_)load\(", "lookahead/lookbehind is not supported"),
        (r"(?>a+)b", "atomic groups are not supported"),
        (r"a++b", "possessive quantifiers are not supported"),
        (r"end\Z", "use \\z for the end of the text"),
        (r"(unclosed", "RE2 cannot compile it (missing )"),
        (r"a{2000}", "RE2 cannot compile it (invalid repetition size)"),
        ("", "it is empty"),
    ],
)
def test_regex_re2_cannot_compile_is_skipped_with_a_reason(regex: str, reason: str) -> None:
    text = as_json(rule_dict("bad", regex=regex), rule_dict("good", substrings=["x"]))
    load = parse_pattern_file(text, JSON_SOURCE)
    assert [rule.name for rule in load.rules] == ["good"]
    (warning,) = load.warnings
    assert warning.startswith(f"{JSON_SOURCE}: rule 'bad': regex skipped: ")
    assert reason in warning
    assert_one_line_warnings(load, JSON_SOURCE)


def test_warnings_never_echo_patterns_or_secrets() -> None:
    secret = fake.make("github-token", 7)
    text = as_json(
        rule_dict("lookahead", regex=f"(?={secret})"),
        rule_dict("unclosed", regex=f"({secret}"),
        rule_dict("bad_glob", substrings=[secret], paths=[f"[z-a]{secret}"]),
        rule_dict("long", substrings=[secret], reminder=secret * 40),
    )
    load = parse_pattern_file(text, JSON_SOURCE)
    assert len(load.warnings) == 4
    assert all(secret not in warning for warning in load.warnings)
    assert all(secret not in repr(rule) or rule.name == "long" for rule in load.rules)


def test_too_many_rules_in_one_file() -> None:
    rules = [rule_dict(f"r{i}", substrings=[f"s{i}"]) for i in range(MAX_RULES + 10)]
    load = parse_pattern_file(as_json(*rules), JSON_SOURCE)
    assert len(load.rules) == MAX_RULES
    assert [rule.name for rule in load.rules][-1] == f"r{MAX_RULES - 1}"
    assert load.warnings == (
        f"{JSON_SOURCE}: 10 more rule(s) dropped: at most {MAX_RULES} custom rules are loaded",
    )


def test_oversize_reminder_is_truncated_on_a_character_boundary() -> None:
    reminder = "é" * MAX_REMINDER_BYTES  # two bytes each
    load = parse_pattern_file(as_json(rule_dict("wordy", substrings=["x"], reminder=reminder)), JSON_SOURCE)
    (rule,) = load.rules
    assert rule.reminder == "é" * (MAX_REMINDER_BYTES // 2)
    assert len(rule.reminder.encode()) <= MAX_REMINDER_BYTES
    assert load.warnings == (f"{JSON_SOURCE}: rule 'wordy': reminder longer than 1024 bytes, truncated",)


def test_reminder_of_exactly_the_limit_is_kept() -> None:
    load = parse_pattern_file(
        as_json(rule_dict("fits", substrings=["x"], reminder="a" * MAX_REMINDER_BYTES)),
        JSON_SOURCE,
    )
    assert load.warnings == () and len(load.rules[0].reminder) == MAX_REMINDER_BYTES


@pytest.mark.parametrize(
    ("source", "text", "message"),
    [
        (YAML_SOURCE, "patterns: [unclosed", "malformed YAML at line"),
        (YAML_SOURCE, "patterns:\n  - rule_name: a\n bad indent: [", "malformed YAML at line"),
        (JSON_SOURCE, '{"patterns": [}', "malformed JSON at line 1, column 15"),
        (JSON_SOURCE, "[" * 100_000 + "]" * 100_000, "nested too deeply"),
        (YAML_SOURCE, "- rule_name: a", "top-level 'patterns' list"),
        (YAML_SOURCE, "rules: []", "top-level 'patterns' list"),
        (YAML_SOURCE, "patterns: {rule_name: a}", "'patterns' must be a list"),
        (YAML_SOURCE, '!!python/object/apply:os.system ["true"]', "malformed YAML"),
        (YAML_SOURCE, "patterns: [{rule_name: a, reminder: 2023-13-45}]", "ValueError"),
        (JSON_SOURCE, '{"patterns": ' + "1" * 5000 + "}", "a value cannot be read"),
    ],
)
def test_malformed_file_is_a_warning(source: str, text: str, message: str) -> None:
    load = parse_pattern_file(text, source)
    assert load.rules == ()
    (warning,) = load.warnings
    assert warning.startswith(f"{source}: skipped: ")
    assert message in warning
    assert_one_line_warnings(load, source)


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("just a string", "patterns[0]: each entry of 'patterns' must be a mapping"),
        ({"reminder": "r", "substrings": ["x"]}, "patterns[0]: 'rule_name' is required"),
        ({"rule_name": "a\nb", "reminder": "r", "substrings": ["x"]}, "must be printable"),
        (rule_dict("n", reminder=""), "rule 'n': 'reminder' is required"),
        (rule_dict("n", reminder=5, substrings=["x"]), "rule 'n': 'reminder' must be a string"),
        (rule_dict("n", regex=["x"]), "rule 'n': 'regex' must be a string"),
        (rule_dict("n", substrings=[1, 2]), "'substrings' must be a list of non-empty strings"),
        (rule_dict("n", substrings=[""]), "'substrings' must be a list of non-empty strings"),
        (rule_dict("n", substrings=["x"], paths=7), "'paths' must be a list"),
        (rule_dict("n"), "rule 'n': needs 'regex' or 'substrings'"),
        (rule_dict("n", substrings=["x"], paths=["[z-a]"]), "'paths' has a glob that cannot"),
        (rule_dict("n", regex="\ud800"), "regex skipped: RE2 cannot compile it (not valid Unicode"),
        (
            rule_dict("n", substrings=["\udfff"]),
            "rule 'n': rule skipped: RE2 cannot compile its patterns",
        ),
        (rule_dict("n", substrings=["x"], paths=["\ud800/**"]), "glob that cannot be used"),
    ],
)
def test_bad_entry_is_skipped_with_a_warning(entry: object, message: str) -> None:
    load = parse_pattern_file(json.dumps({"patterns": [entry, rule_dict("ok", regex="x")]}), "f.json")
    assert [rule.name for rule in load.rules] == ["ok"]
    (warning,) = load.warnings
    assert message in warning
    assert_one_line_warnings(load, "f.json")


def test_single_strings_are_accepted_for_lists() -> None:
    load = parse_pattern_file(as_json(rule_dict("s", substrings="needle", paths="**/*.py")), JSON_SOURCE)
    assert load.rules[0].substrings == ("needle",) and load.rules[0].paths == ("**/*.py",)


def test_path_only_rule_is_allowed() -> None:
    load = parse_pattern_file(as_json(rule_dict("infra", paths=["**/terraform/**"])), "f.json")
    assert load.warnings == () and load.rules[0].paths == ("**/terraform/**",)


def test_unknown_keys_are_reported_but_the_rule_is_kept() -> None:
    load = parse_pattern_file(
        as_json(rule_dict("typo", substrings=["x"], exclude_path=["**/t/**"])), "f.json"
    )
    assert [rule.name for rule in load.rules] == ["typo"]
    assert load.warnings == ("f.json: rule 'typo': unknown keys ignored: 'exclude_path'",)
    odd = parse_pattern_file(as_json(rule_dict("k", regex="x", **{"a\nb": 1})), "f.json")
    assert odd.warnings == ("f.json: rule 'k': unknown keys ignored: 'a b'",)


def test_empty_documents() -> None:
    assert parse_pattern_file("", YAML_SOURCE) == PatternLoad()
    assert parse_pattern_file("patterns: []", YAML_SOURCE) == PatternLoad()
    assert parse_pattern_file("patterns:", YAML_SOURCE) == PatternLoad()


@pytest.mark.parametrize("scope", ["project", "user"])
def test_builtin_name_is_renamed_never_replaced(scope: str) -> None:
    load = parse_pattern_file(
        as_json(rule_dict("eval_call", substrings=["harmless"])), JSON_SOURCE, scope=scope
    )
    assert [rule.name for rule in load.rules] == [f"{scope}:eval_call"]
    assert load.warnings == (
        f"{JSON_SOURCE}: rule 'eval_call': renamed to '{scope}:eval_call': built-in rules cannot be replaced",
    )
    scanner = PatternScanner(BUILTIN_RULES + load.rules)
    assert [f.rule for f in scanner.scan("a.py", "eval(x)")] == ["eval_call"]


def test_oversize_text_is_skipped() -> None:
    text = "# " + "x" * (256 * 1024) + "\npatterns: []\n"
    load = parse_pattern_file(text, YAML_SOURCE)
    assert load == PatternLoad((), (f"{YAML_SOURCE}: skipped: larger than 256 KB",))


def test_yaml_without_pyyaml_points_to_json(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "yaml", None)  # makes `import yaml` fail
    load = parse_pattern_file(VALID_YAML, YAML_SOURCE)
    assert load.rules == ()
    assert load.warnings == (
        f"{YAML_SOURCE}: skipped: PyYAML is not installed; use security-patterns.json instead",
    )
    assert parse_pattern_file(as_json(rule_dict("j", regex="x")), JSON_SOURCE).rules


# --- files -----------------------------------------------------------------------------


def write(root: Path, name: str, text: str | bytes) -> str:
    folder = root / ".claude"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text)
    return str(path)


@pytest.fixture
def dirs(tmp_path: Path) -> tuple[Path, Path]:
    return tmp_path / "project", tmp_path / "home"


def test_all_locations_are_loaded_in_order(dirs: tuple[Path, Path]) -> None:
    project, home = dirs
    write(home, "security-patterns.yaml", "patterns: [{rule_name: hy, reminder: r, regex: a}]")
    write(home, "security-patterns.json", as_json(rule_dict("hj", regex="b")))
    write(project, "security-patterns.yml", "patterns: [{rule_name: py, reminder: r, regex: c}]")
    write(project, "security-patterns.json", as_json(rule_dict("pj", regex="d")))
    load = load_user_patterns(str(project), str(home))
    assert load.warnings == ()
    assert [(r.name, Path(r.origin).parent.parent.name) for r in load.rules] == [
        ("hy", "home"),
        ("hj", "home"),
        ("py", "project"),
        ("pj", "project"),
    ]


def test_no_files_and_no_project(dirs: tuple[Path, Path]) -> None:
    project, home = dirs
    assert load_user_patterns(str(project), str(home)) == PatternLoad()
    write(home, "security-patterns.json", as_json(rule_dict("h", regex="a")))
    assert [r.name for r in load_user_patterns(None, str(home)).rules] == ["h"]


def test_project_equal_to_home_is_loaded_once(dirs: tuple[Path, Path]) -> None:
    _, home = dirs
    write(home, "security-patterns.json", as_json(rule_dict("once", regex="a")))
    load = load_user_patterns(str(home), str(home))
    assert [r.name for r in load.rules] == ["once"] and load.warnings == ()


def test_rule_limit_spans_files_with_one_warning(dirs: tuple[Path, Path]) -> None:
    project, home = dirs
    write(home, "security-patterns.json", as_json(*(rule_dict(f"h{i}", regex="a") for i in range(30))))
    path = write(
        project,
        "security-patterns.json",
        as_json(*(rule_dict(f"p{i}", regex="b") for i in range(30))),
    )
    load = load_user_patterns(str(project), str(home))
    assert len(load.rules) == MAX_RULES
    assert load.rules[-1].name == "p19"
    assert load.warnings == (f"{path}: 10 more rule(s) dropped: at most {MAX_RULES} custom rules are loaded",)


def test_same_name_in_user_and_project_files(dirs: tuple[Path, Path]) -> None:
    project, home = dirs
    write(home, "security-patterns.json", as_json(rule_dict("no_print", regex="print")))
    path = write(project, "security-patterns.json", as_json(rule_dict("no_print", regex="echo")))
    load = load_user_patterns(str(project), str(home))
    assert [r.name for r in load.rules] == ["no_print", "project:no_print"]
    assert load.warnings == (f"{path}: rule 'no_print': renamed to 'project:no_print': name in use",)


def test_project_file_naming_a_builtin(dirs: tuple[Path, Path]) -> None:
    project, home = dirs
    write(
        project,
        "security-patterns.yaml",
        "patterns: [{rule_name: os_system, reminder: r, regex: x}]",
    )
    load = load_user_patterns(str(project), str(home))
    assert [r.name for r in load.rules] == ["project:os_system"]
    assert "built-in rules cannot be replaced" in load.warnings[0]


def test_oversize_file_is_skipped_unread(dirs: tuple[Path, Path]) -> None:
    project, home = dirs
    path = write(project, "security-patterns.json", " " * (256 * 1024 + 1))
    assert load_user_patterns(str(project), str(home)) == PatternLoad(
        (), (f"{path}: skipped: larger than 256 KB",)
    )


def test_unreadable_entries_are_warnings(dirs: tuple[Path, Path]) -> None:
    project, home = dirs
    (project / ".claude" / "security-patterns.yaml").mkdir(parents=True)
    bad_utf8 = write(project, "security-patterns.json", b"\xff\xfe{")
    load = load_user_patterns(str(project), str(home))
    assert load.rules == ()
    assert [w.split(": ", 1)[1] for w in load.warnings] == [
        "skipped: not a regular file",
        "skipped: not UTF-8 text",
    ]
    assert load.warnings[1].startswith(bad_utf8)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_fifo_does_not_hang(dirs: tuple[Path, Path]) -> None:
    project, home = dirs
    (project / ".claude").mkdir(parents=True)
    os.mkfifo(project / ".claude" / "security-patterns.yaml")
    load = load_user_patterns(str(project), str(home))
    assert [w.split(": ", 1)[1] for w in load.warnings] == ["skipped: not a regular file"]


def test_utf8_bom_is_accepted(dirs: tuple[Path, Path]) -> None:
    project, home = dirs
    write(
        project,
        "security-patterns.json",
        b"\xef\xbb\xbf" + as_json(rule_dict("bom", regex="x")).encode(),
    )
    assert [r.name for r in load_user_patterns(str(project), str(home)).rules] == ["bom"]


def test_warnings_stay_on_one_line_whatever_the_path(tmp_path: Path) -> None:
    project = tmp_path / "odd\nname"
    write(project, "security-patterns.json", "{not json")
    load = load_user_patterns(str(project), str(tmp_path / "home"))
    (warning,) = load.warnings
    assert "\n" not in warning and warning.startswith(str(tmp_path) + "/odd?name/.claude/")
