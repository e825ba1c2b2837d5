"""Leading and bare assignments are kept as data for environment rules."""

from __future__ import annotations

import pytest
from shell_testing import find, run


@pytest.mark.parametrize(
    ("command", "text", "assignments"),
    [
        ("FOO=1 rm -rf /", "rm -rf /", (("FOO", "1"),)),
        ("LC_ALL=C sort x", "sort x", (("LC_ALL", "C"),)),
        ("LD_PRELOAD=/tmp/evil.so ls", "ls", (("LD_PRELOAD", "/tmp/evil.so"),)),
        ("PATH=/tmp:$PATH git status", "git status", (("PATH", "/tmp:$PATH"),)),
        ("A=1 B='two words' make", "make", (("A", "1"), ("B", "two words"))),
        ("GIT_DIR=${HOME}/x git log", "git log", (("GIT_DIR", "$HOME/x"),)),
    ],
)
def test_leading_assignments(command: str, text: str, assignments: tuple[tuple[str, str], ...]) -> None:
    segment = find(run(command), text)
    assert segment.assignments == assignments
    assert segment.name == text.split()[0]


@pytest.mark.parametrize(
    ("command", "assignments"),
    [
        ("X=1", (("X", "1"),)),
        ("PATH=/tmp:$PATH", (("PATH", "/tmp:$PATH"),)),
        ("A=1 B=2", (("A", "1"), ("B", "2"))),
    ],
)
def test_bare_assignment_is_an_assignment_only_segment(
    command: str, assignments: tuple[tuple[str, str], ...]
) -> None:
    segments = run(command).segments
    collected = tuple(pair for segment in segments for pair in segment.assignments)
    assert collected == assignments
    for segment in segments:
        assert (segment.argv, segment.name, segment.dynamic) == ((), "", False)


@pytest.mark.parametrize(
    ("command", "argv", "assignments"),
    [
        ("export PATH=/x:$PATH", ("export", "PATH=/x:$PATH"), (("PATH", "/x:$PATH"),)),
        ("export A=1 B", ("export", "A=1", "B"), (("A", "1"),)),
        ("declare -x LD_PRELOAD=/x.so", ("declare", "-x", "LD_PRELOAD=/x.so"), (("LD_PRELOAD", "/x.so"),)),
        ("readonly Q", ("readonly", "Q"), ()),
        ("local v=1", ("local", "v=1"), (("v", "1"),)),
        ("unset HISTFILE", ("unset", "HISTFILE"), ()),
    ],
)
def test_declarations_are_segments(
    command: str, argv: tuple[str, ...], assignments: tuple[tuple[str, str], ...]
) -> None:
    segment = run(command).segments[0]
    assert segment.argv == argv
    assert segment.name == argv[0]
    assert segment.assignments == assignments


def test_bare_redirect_is_a_segment_that_writes() -> None:
    analysis = run("> important.txt")
    assert analysis.segments[0].argv == ()
    assert [w.path for w in analysis.writes] == ["important.txt"]
