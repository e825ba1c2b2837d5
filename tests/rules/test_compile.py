"""Collect and compile: RE2 errors with their column, warnings, disabling, prefilter."""

from __future__ import annotations

import pytest

from helpers import build, decide, packaged_config, ruleset
from security_hooks.config.load import ConfigLayer
from security_hooks.config.locate import PACKAGED_DIR, RuleSource
from security_hooks.engine.vocabulary import EngineVocabulary
from security_hooks.rules.load import load


def rule(body: str, name: str = "r", tier: str = "block") -> str:
    return f'{tier} "{name}"\n{body}  nudge "n"\n'


def diagnostics(text: str, family: str = "bash", **kw: object) -> str:
    result = build({family: text}, **kw)  # type: ignore[arg-type]
    return "\n".join(d.render() for d in result.diagnostics)


@pytest.mark.parametrize(
    ("pattern", "col", "reason"),
    [
        (r"(a)\1", 12, r"backreferences (\1) are not supported by RE2"),
        (r"foo(?=bar)", 12, "lookahead assertions are not supported by RE2"),
        (r"foo(?!bar)", 12, "negative lookahead assertions are not supported by RE2"),
        (r"(?<=x)y", 9, "lookbehind assertions are not supported by RE2"),
        (r"(?<!x)y", 9, "negative lookbehind assertions are not supported by RE2"),
        (r"a++", 11, "possessive quantifiers are not supported by RE2"),
        (r"end\Z", 12, r"\Z is not supported by RE2; use \z for end of text"),
        (r"(?>atomic)", 9, "atomic groups are not supported by RE2"),
        (r"unclosed(", 17, "invalid pattern: missing ), unterminated subpattern"),
    ],
)
def test_re2_rejections_name_file_line_col_and_why(pattern: str, col: int, reason: str) -> None:
    text = rule(f"  match {pattern}\n")
    rendered = diagnostics(text)
    assert rendered.startswith(f"bash.rules:2:{col}: error[R301]: RE2 rejects this pattern: {reason}")
    assert f" 2 |   match {pattern}" in rendered


def test_bracket_classes_do_not_confuse_the_explainer() -> None:
    assert "error" not in diagnostics(rule(r"  match [(?=+]x" "\n"))
    rendered = diagnostics(rule(r"  match [(?=]x(?=y)" "\n"))
    assert rendered.startswith("bash.rules:2:15: error[R301]: RE2 rejects this pattern: lookahead")


def test_re2_error_in_match_any_points_at_its_line() -> None:
    text = 'block "r"\n  match_any\n    ok\n    bad(?=x)\n  nudge "n"\n'
    assert diagnostics(text).startswith("bash.rules:4:8: error[R301]")


def test_unknown_field_and_predicate_and_arity() -> None:
    text = (
        rule("  match.nope x\n", "a")
        + rule("  match x\n  only_when nmae(rm)\n", "b")
        + rule("  match x\n  only_when name()\n", "c")
    )
    rendered = diagnostics(text)
    assert "error[R111]: bash rules have no field 'nope'" in rendered
    assert "error[R112]: unknown predicate 'nmae'; did you mean 'name'?" in rendered
    assert "error[R113]: name: takes at least 1 argument(s)" in rendered


def test_predicate_for_another_family_is_an_error() -> None:
    rendered = diagnostics(rule("  match x\n  only_when mcp_server_allowed\n"))
    assert "error[R112]: predicate 'mcp_server_allowed' does not apply to bash rules" in rendered


def test_warnings_do_not_stop_loading() -> None:
    text = (
        rule("  match_base_command_not_in executables.nope\n", "unknown-key", "suspicious")
        + rule("  match x\n", "dup")
        + rule("  match y\n", "dup")
        + rule("  validator NoSuchThing\n", "v")
        + 'block "vars"\n  match z\n  nudge "{nosuch} {command}"\n'
        + rule("  match same\n", "first")
        + rule("  match same\n", "shadowed")
        + rule("  match q\n  only_when privileged\n  except_when privileged\n", "contradiction")
    )
    result = build({"bash": text})
    assert result.ruleset is not None
    codes = sorted(d.code for d in result.warnings)
    assert codes == ["W401", "W402", "W402", "W403", "W404", "W405"]
    rendered = "\n".join(d.render() for d in result.warnings)
    assert "rule 'shadowed' never matches: 'first' at bash.rules:" in rendered
    assert "unknown validator 'NoSuchThing'; the rule is skipped" in rendered
    assert "bash.rules:15:10: warning[W405]: unknown nudge variable {nosuch}" in rendered
    assert result.ruleset.rule("v") is None  # a rule whose validator is missing cannot run


def test_not_in_outside_bash_warns_never_matches() -> None:
    rendered = diagnostics(rule("  match_base_command_not_in executables.allowed\n"), family="edit")
    assert "warning[W402]: edit rules have no base command, so this never matches" in rendered


def test_disabled_rules_are_subtracted_and_unknown_names_warned() -> None:
    text = rule("  match a\n", "keep") + rule("  match b\n", "drop")
    result = build({"bash": text}, local='[rules]\ndisabled = ["drop", "ghost"]\n')
    assert result.ruleset is not None
    assert result.ruleset.rule("keep") is not None and result.ruleset.rule("drop") is None
    assert [d.code for d in result.warnings] == ["W406"]


def test_managed_rules_cannot_be_disabled_by_users() -> None:
    layers = [
        packaged_config(),
        ConfigLayer("config.local.toml", '[rules]\ndisabled = ["org-rule"]\n'),
    ]
    sources = [
        RuleSource(
            "bash",
            "/etc/security-hooks/rules/bash.rules",
            rule("  match a\n", "org-rule"),
            managed=True,
        ),
        RuleSource("bash", "bash.rules", rule("  match b\n", "user-rule")),
    ]
    result = load(layers, sources, EngineVocabulary((PACKAGED_DIR / "validators",)))
    assert result.ruleset is not None
    org = result.ruleset.rule("org-rule")
    assert org is not None and org.managed
    assert [d.code for d in result.warnings] == ["W407"]
    # managed rules come first, so a user rule cannot pre-empt them
    assert [r.name for r in result.ruleset.families["bash"].rules] == ["org-rule", "user-rule"]


def test_unknown_rule_file_is_ignored_with_a_warning() -> None:
    result = build({"nonsense": rule("  match a\n")})
    assert result.ruleset is not None
    assert [d.code for d in result.warnings] == ["R201"]


def test_errors_mean_no_ruleset() -> None:
    result = build({"bash": rule("  match (?=x)\n")})
    assert result.ruleset is None and not result.ok
    assert result.summary().startswith("rules failed to load: bash.rules:2:9: error[R301]")


def test_sets_are_shared_per_field_and_identical_patterns_deduplicated() -> None:
    text = (
        rule("  match a\n", "one")
        + rule("  match a\n  only_when privileged\n", "two")
        + rule("  match.raw b\n", "three")
    )
    result = build({"bash": text})
    assert result.ruleset is not None
    family = result.ruleset.families["bash"]
    assert set(family.field_sets) == {"command", "raw"}
    assert family.field_sets["command"].owners == ((0, 1),)


@pytest.mark.parametrize(
    ("condition", "command", "holds"),
    [
        ("flag(-a) and flag(-b)", "tool -a -b", True),
        ("flag(-a) and flag(-b)", "tool -a", False),
        ("flag(-a) and flag(-b) and flag(-c)", "tool -a -b -c", True),
        ("flag(-a) and flag(-b) and flag(-c)", "tool -a -c", False),
        ("flag(-a) or flag(-b)", "tool -b", True),
        ("flag(-a) or flag(-b)", "tool -c", False),
        ("flag(-a) or flag(-b) or flag(-c)", "tool -c", True),
        ("flag(-a) or flag(-b) or flag(-c)", "tool -d", False),
        ("not (flag(-a) or flag(-b)) and flag(-c)", "tool -c", True),
        ("not (flag(-a) or flag(-b)) and flag(-c)", "tool -b -c", False),
    ],
)
def test_conditions_of_two_and_more_operands(condition: str, command: str, holds: bool) -> None:
    rs = ruleset({"bash": rule(f"  match ^tool\\b\n  only_when {condition}\n")})
    assert decide(rs, "Bash", command).verdict == ("deny" if holds else "allow")
