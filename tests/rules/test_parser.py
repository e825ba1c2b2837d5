"""The .rules parser: declarations, spans, and golden diagnostics."""

from __future__ import annotations

import textwrap

import pytest

from security_hooks.rules.model import Match, NotIn, UseValidator
from security_hooks.rules.parser import parse_rules


def parse(text: str):  # type: ignore[no-untyped-def]
    return parse_rules(textwrap.dedent(text).lstrip("\n"), "bash.rules")


def rendered(text: str) -> str:
    _, diags = parse(text)
    return "\n".join(d.render() for d in diags)


def test_full_grammar_parses() -> None:
    parsed, diags = parse(
        r"""
        # comment
        block "destructive-rm"
          match ^rm\s+-rf\s+/
          nudge "Use trash-cli or move to {cwd}"

        block "many"
          match_any
            curl\s.*\|\s*sh
            # a comment inside match_any
            wget\s.*\|\s*bash
          nudge "no pipes to shells"
          only_when name(curl, wget) and not privileged
          except_when context(subst)

        suspicious "unknown"
          match_base_command_not_in executables.allowed
          nudge "unknown executable: {base_command}"

        warn "w"
          validator UnknownExecutable
          match.raw \bfoo\b
          nudge "x"
        """
    )
    assert diags == []
    names = [r.name for r in parsed.rules]
    assert names == ["destructive-rm", "many", "unknown", "w"]
    first = parsed.rules[0]
    assert first.tier == "block" and first.location == "bash.rules:2"
    match = first.matchers[0]
    assert isinstance(match, Match) and match.patterns[0].text == r"^rm\s+-rf\s+/"
    assert match.patterns[0].span.col == 9
    many = parsed.rules[1]
    assert isinstance(many.matchers[0], Match) and many.matchers[0].any_of
    assert [p.text for p in many.matchers[0].patterns] == [r"curl\s.*\|\s*sh", r"wget\s.*\|\s*bash"]
    assert [c.negate for c in many.conditions] == [False, True]
    assert isinstance(parsed.rules[2].matchers[0], NotIn)
    assert parsed.rules[2].nudge.variables == ("base_command",)
    warn = parsed.rules[3]
    assert warn.tier == "warn"
    assert isinstance(warn.matchers[0], UseValidator)
    assert isinstance(warn.matchers[1], Match) and warn.matchers[1].field == "raw"


def test_pattern_is_verbatim_to_end_of_line_without_trailing_space() -> None:
    parsed, _ = parse('block "x"\n  match "quoted" and # not a comment   \n  nudge "n"\n')
    assert parsed.rules[0].matchers[0].patterns[0].text == '"quoted" and # not a comment'  # type: ignore[union-attr]


def test_nudge_escapes_and_braces() -> None:
    parsed, _ = parse(r'block "x"' "\n" r"  match a" "\n" r'  nudge "say \"hi\"\n{{literal}} {command}"' "\n")
    nudge = parsed.rules[0].nudge
    assert nudge.text == 'say "hi"\n{{literal}} {command}'
    assert nudge.variables == ("command",)


GOLDEN = [
    (
        'blok "x"\n  match a\n  nudge "n"\n',
        "bash.rules:1:1: error[R101]: expected a rule header (block, suspicious or warn), found 'blok'\n"
        ' 1 | blok "x"\n'
        "   | ^^^^",
    ),
    (
        'block x\n  match a\n  nudge "n"\n',
        'bash.rules:1:7: error[R102]: a rule header is block "name" with the name in double quotes\n'
        " 1 | block x\n"
        "   |       ^",
    ),
    (
        'block "x"\n   match a\n  nudge "n"\n',
        "bash.rules:2:1: error[R103]: unexpected indentation; clauses are indented by 2 spaces and match_any patterns by 4\n"
        " 2 |    match a\n"
        "   | ^",
    ),
    (
        'block "x"\n  mtach a\n  nudge "n"\n',
        "bash.rules:2:3: error[R104]: unknown clause 'mtach'; did you mean 'match'?\n"
        " 2 |   mtach a\n"
        "   |   ^^^^^",
    ),
    (
        'block "x"\n  nudge "n"\n',
        "bash.rules:1:8: error[R105]: rule 'x' has no matcher (match, match_any, validator, ...)\n"
        ' 1 | block "x"\n'
        "   |        ^",
    ),
    (
        'block "x"\n  match a\n',
        "bash.rules:1:8: error[R106]: rule 'x' has no nudge; say what the agent should do instead\n"
        ' 1 | block "x"\n'
        "   |        ^",
    ),
    (
        'block "x"\n  match a\n  nudge "n"\n  nudge "m"\n',
        'bash.rules:4:3: error[R107]: nudge given twice\n 4 |   nudge "m"\n   |   ^^^^^',
    ),
    (
        'block "x"\n  match_any\n  nudge "n"\n',
        "bash.rules:2:3: error[R108]: match_any needs patterns indented by 4 spaces\n"
        " 2 |   match_any\n"
        "   |   ^^^^^^^^^",
    ),
    (
        'block "x"\n  match a\n  nudge n\n',
        'bash.rules:3:9: error[R109]: a nudge is a double-quoted string: nudge "..."\n'
        " 3 |   nudge n\n"
        "   |         ^",
    ),
    (
        'block "x"\n  match a\n  nudge "n"\n  only_when name(rm and\n',
        "bash.rules:4:21: error[R110]: expected ',' or ')'\n"
        " 4 |   only_when name(rm and\n"
        "   |                     ^",
    ),
    (
        'block "x"\n\tmatch a\n  nudge "n"\n',
        "bash.rules:2:1: error[R103]: tabs are not allowed in indentation; use spaces\n 2 |  match a\n   | ^",
    ),
]


@pytest.mark.parametrize(("text", "expected"), GOLDEN)
def test_golden_diagnostics(text: str, expected: str) -> None:
    _, diags = parse_rules(text, "bash.rules")
    assert "\n".join(d.render() for d in diags) == expected


def test_every_error_in_a_file_is_reported_and_good_rules_survive() -> None:
    text = 'block "a"\n  match x\n  nudge "n"\nblock "b"\n  bogus\n  nudge "n"\nblock "c"\n  match y\n  nudge "n"\nblock "d"\n'
    parsed, diags = parse_rules(text, "f.rules")
    assert [r.name for r in parsed.rules] == ["a", "c"]
    assert [d.code for d in diags] == ["R104", "R105"]


@pytest.mark.parametrize(
    "garbage",
    [
        "",
        "\n\n",
        "\x00\x01",
        "block",
        '"',
        "  match x",
        "    x",
        'block ""',
        "\r\n" * 5,
        "é" * 1000,
    ],
)
def test_garbage_never_raises(garbage: str) -> None:
    parsed, diags = parse_rules(garbage, "g.rules")
    assert parsed.rules == () or all(r.name for r in parsed.rules)
    assert all(d.span is None or d.span.line >= 1 for d in diags)
