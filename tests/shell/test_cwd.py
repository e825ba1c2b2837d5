"""The directory each segment runs in, following cd/pushd/popd."""

from __future__ import annotations

import pytest
from shell_testing import CWD, find, run

from security_hooks.shell import analyze


@pytest.mark.parametrize(
    ("command", "cwd"),
    [
        ("rm -rf *", CWD),
        ("cd src && rm -rf *", "/home/dev/project/src"),
        ("cd .. && cd .. && rm -rf *", "/home"),
        ("cd ../../../../.. && rm -rf *", "/"),
        ("cd /tmp; rm -rf *", "/tmp"),
        ("cd; rm -rf *", "/home/dev"),
        ("cd ~ && rm -rf *", "/home/dev"),
        ("cd ~/.ssh && rm -rf *", "/home/dev/.ssh"),
        ("cd $HOME && rm -rf *", "/home/dev"),
        ("cd -P /srv && rm -rf *", "/srv"),
        ("cd -- /srv && rm -rf *", "/srv"),
        ('cd "$X" && rm -rf *', None),
        ("cd $(mktemp -d) && rm -rf *", None),
        ("cd ~bob && rm -rf *", "/home/bob"),  # another user's home, beside this one
        ("cd ~root && rm -rf *", "/root"),
        ("cd ~$U && rm -rf *", None),
        ("cd /a; cd -; rm -rf *", CWD),
        ("pushd /etc; rm -rf *", "/etc"),
        ("pushd /etc; popd; rm -rf *", CWD),
        ("popd; rm -rf *", None),
        ("(cd /etc); rm -rf *", CWD),
        ("cd /etc | true; rm -rf *", CWD),
        ("{ cd /etc; }; rm -rf *", "/etc"),
        ("if true; then cd /etc; fi; rm -rf *", None),
        ("git -C /repo reset --hard; rm -rf *", CWD),
        ("make -C /srv clean; rm -rf *", CWD),
        ('cd /x; cd "$Y"; cd /z; rm -rf *', "/z"),
        ('cd /x; cd "$Y"; cd z; rm -rf *', None),
        ("builtin cd /opt && rm -rf *", "/opt"),
    ],
)
def test_cwd(command: str, cwd: str | None) -> None:
    assert find(run(command), "rm -rf *").cwd == cwd


def test_git_dash_c_is_an_argument() -> None:
    segment = run("git -C /repo reset --hard").segments[0]
    assert segment.argv == ("git", "-C", "/repo", "reset", "--hard")
    assert segment.cwd == CWD


def test_relative_without_a_starting_directory() -> None:
    analysis = analyze("ls; cd src; ls; cd ../..; ls")
    assert [s.cwd for s in analysis.segments if s.name == "ls"] == [".", "src", ".."]


def test_cd_segment_itself_runs_where_it_starts() -> None:
    assert find(run("cd /tmp"), "cd /tmp").cwd == CWD
