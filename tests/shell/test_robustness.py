"""Never raise, never hang, and flag what could not be understood."""

from __future__ import annotations

import time

import pytest
from shell_testing import names, run

from security_hooks.shell import analyze
from security_hooks.shell.analyze import _analyze


@pytest.mark.parametrize(
    "command",
    [
        "rm -rf / 'unbalanced",
        'echo "unbalanced',
        "echo $(rm -rf / ; ls",
        "if x; then rm -rf /",
        "((((",
        "))))",
        "}}}{{{",
        "case",
        "<<<",
        "cat <<EOF",
        "cat <<A <<B\na\nA\n",
        "$'\\x",
        "${",
        "`",
        "'\x00'",
        "rm\x00 -rf /",
        "\udcff\udcfe rm",
        "\ud800 rm -rf /",
        "\u202e rm -rf /",
        "\t\r\n\r\n",
        "&& ; ||",
        "| |",
        "function",
        "f() {",
        "for",
        "!!!",
        "echo ${x:-${y:-${z:-$(id)}}}",
    ],
)
def test_garbage_never_raises(command: str) -> None:
    analysis = _analyze(command, "/p", "/h", 6)  # the unguarded path: a bug would raise here
    assert analysis.raw == command
    assert isinstance(analysis.parse_ok, bool)


@pytest.mark.parametrize(
    "command",
    ["rm -rf / 'unbalanced", "echo $(rm -rf / ; ls", "if x; then rm -rf /", "cat <<A <<B\na\nA\n"],
)
def test_broken_input_clears_parse_ok(command: str) -> None:
    assert not run(command).parse_ok


def test_partial_parse_still_shows_what_it_can() -> None:
    analysis = run("rm -rf / 'unbalanced")
    assert names(analysis) == ["rm"]
    assert not analysis.parse_ok


@pytest.mark.parametrize(
    "command",
    [
        "$(" * 10_000 + "rm -rf /" + ")" * 10_000,
        "(" * 10_000 + "rm -rf /" + ")" * 10_000,
        "{ " * 5_000 + "rm -rf /;" + " }" * 5_000,
        "echo " + '"$(echo ' * 3_000,
        "${a:-" * 5_000 + "x" + "}" * 5_000,
        "a | " * 5_000 + "b",
        "bash -c " * 2_000 + "x",
    ],
)
def test_deep_nesting_is_bounded(command: str) -> None:
    analysis = _analyze(command, "/p", "/h", 6)
    assert analysis.raw == command


def test_deep_nesting_sets_depth_exceeded() -> None:
    analysis = analyze("$(" * 10_000 + "rm -rf /" + ")" * 10_000)
    assert analysis.depth_exceeded


def test_one_megabyte_command() -> None:
    command = "echo " + "x" * (1 << 20)
    start = time.perf_counter()
    analysis = _analyze(command, "/p", "/h", 6)
    assert time.perf_counter() - start < 5
    assert analysis.segments[0].name == "echo"


def test_one_megabyte_of_words() -> None:
    command = "rm -rf / " * 50_000
    analysis = _analyze(command, "/p", "/h", 6)
    assert analysis.segments[0].name == "rm"
    assert len(analysis.segments[0].argv) == 150_000


def test_many_statements() -> None:
    analysis = _analyze("ls;" * 20_000, "/p", "/h", 6)
    assert len(analysis.segments) == 20_000


def test_non_string_input_is_answered() -> None:
    assert analyze(b"rm -rf /").segments[0].text == "rm -rf /"  # type: ignore[arg-type]
    assert analyze(None).segments == ()  # type: ignore[arg-type]


def test_analysis_is_frozen() -> None:
    analysis = run("rm -rf /")
    with pytest.raises(AttributeError):
        analysis.segments[0].name = "ls"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        analysis.parse_ok = False  # type: ignore[misc]
    assert isinstance(analysis.segments, tuple)
    assert isinstance(analysis.segments[0].argv, tuple)
    assert hash(analysis.segments[0]) == hash(run("rm -rf /").segments[0])


def test_an_analysis_that_breaks_is_flagged_and_asks(monkeypatch: pytest.MonkeyPatch) -> None:
    """A bug that raises inside the walk leaves nothing derived: the analysis says so, and
    the packaged rules ask rather than judge the raw text alone (which would allow)."""
    from helpers import decide, ruleset
    from security_hooks.shell.walker import Walker

    def broken(self: Walker, text: str, frame: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(Walker, "walk_source", broken)
    analysis = analyze("rm -rf ${!v}", cwd="/p", home="/h")
    assert analysis.failed and analysis.segments == () and not analysis.depth_exceeded
    decision = decide(ruleset(packaged=True), "Bash", "v=HOME; rm -rf ${!v}", cwd="/tmp")
    assert (decision.verdict, decision.rule) == ("ask", "analysis-failed")
