"""Grading path arguments, and picking operands out of argv."""

from __future__ import annotations

import pytest
from shell_testing import find, run

from security_hooks.shell import TargetKind, classify_path, operands
from security_hooks.shell.dirs import expand_tilde

HOME = "/home/dev"
PROJECT = "/home/dev/project"

K = TargetKind


@pytest.mark.parametrize(
    ("arg", "cwd", "kind"),
    [
        ("/", PROJECT, K.ROOT),
        ("/*", PROJECT, K.ROOT),
        ("/.", PROJECT, K.ROOT),
        ("//", PROJECT, K.ROOT),
        ("/..", PROJECT, K.ROOT),
        ("../../../../..", PROJECT, K.ROOT),
        ("~", PROJECT, K.HOME),
        ("~/", PROJECT, K.HOME),
        ("$HOME", PROJECT, K.HOME),
        ("${HOME}", PROJECT, K.HOME),
        ("$HOME/", PROJECT, K.HOME),
        ("~/*", PROJECT, K.HOME),
        ("$HOME/*", PROJECT, K.HOME),
        ("/home/dev", PROJECT, K.HOME),
        ("..", PROJECT, K.HOME),
        ("~/.ssh", PROJECT, K.OUTSIDE),
        ("~/.ssh/id_rsa", PROJECT, K.OUTSIDE),
        ("$HOME/.aws/credentials", PROJECT, K.OUTSIDE),
        ("../other-repo", PROJECT, K.OUTSIDE),
        ("/etc", PROJECT, K.SYSTEM),
        ("/etc/passwd", PROJECT, K.SYSTEM),
        ("/usr/local/bin/tool", PROJECT, K.SYSTEM),
        ("/bin", PROJECT, K.SYSTEM),
        ("/sbin/x", PROJECT, K.SYSTEM),
        ("/lib", PROJECT, K.SYSTEM),
        ("/lib64/ld.so", PROJECT, K.SYSTEM),
        ("/boot", PROJECT, K.SYSTEM),
        ("/var/log/syslog", PROJECT, K.SYSTEM),
        ("/opt/app", PROJECT, K.SYSTEM),
        ("/sys/kernel", PROJECT, K.SYSTEM),
        ("/proc/1/mem", PROJECT, K.SYSTEM),
        ("/System/Library", PROJECT, K.SYSTEM),
        ("/Library/Keychains", PROJECT, K.SYSTEM),
        ("/Applications/X.app", PROJECT, K.SYSTEM),
        ("/private/etc/hosts", PROJECT, K.SYSTEM),
        ("/etc/*", PROJECT, K.SYSTEM),
        ("/dev/sda", PROJECT, K.DEVICE),
        ("/dev/sdb1", PROJECT, K.DEVICE),
        ("/tmp", PROJECT, K.SYSTEM),
        ("/tmp/", PROJECT, K.SYSTEM),
        ("/var/tmp", PROJECT, K.SYSTEM),
        ("/tmp/build", PROJECT, K.TEMP),
        ("/tmp/*", PROJECT, K.TEMP),
        ("/var/tmp/x", PROJECT, K.TEMP),
        ("/private/tmp/x", PROJECT, K.TEMP),
        ("$TMPDIR/x", PROJECT, K.TEMP),
        ("${TMPDIR}/build", PROJECT, K.TEMP),
        ("$TMPDIR/../etc", PROJECT, K.SYSTEM),
        ("${TMPDIR}/../home/dev", PROJECT, K.HOME),
        ("build", PROJECT, K.PROJECT),
        ("./build", PROJECT, K.PROJECT),
        ("src/../dist", PROJECT, K.PROJECT),
        ("*", PROJECT, K.PROJECT),
        (".*", PROJECT, K.PROJECT),
        ("*.log", f"{PROJECT}/logs", K.PROJECT),
        (PROJECT, "/", K.PROJECT),
        (f"{PROJECT}/node_modules", "/tmp", K.PROJECT),
        ("*", HOME, K.HOME),
        ("*", "/", K.ROOT),
        ("*", "/tmp", K.TEMP),
        ("x", "/tmp", K.TEMP),
        ("/srv/data", PROJECT, K.OUTSIDE),
        ("/mnt/backup", PROJECT, K.OUTSIDE),
        ("~bob", PROJECT, K.OUTSIDE),
        ("~bob/.ssh", PROJECT, K.OUTSIDE),
        ("~dev/project/build", PROJECT, K.PROJECT),  # this user's own name
        ("~root", PROJECT, K.OUTSIDE),
        ("~bob/x", PROJECT, K.OUTSIDE),
        ("~$U", PROJECT, K.UNKNOWN),
        ("$DIR", PROJECT, K.UNKNOWN),
        ("$DIR/x", PROJECT, K.UNKNOWN),
        ("${BUILD_DIR}", PROJECT, K.UNKNOWN),
        ("$(pwd)/x", PROJECT, K.UNKNOWN),
        ("`pwd`", PROJECT, K.UNKNOWN),
        ("build", None, K.UNKNOWN),
        ("", PROJECT, K.UNKNOWN),
        ("src", "src", K.PROJECT),
        ("..", ".", K.HOME),
    ],
)
def test_classify_path(arg: str, cwd: str | None, kind: TargetKind) -> None:
    assert classify_path(arg, cwd=cwd, home=HOME, project_dir=PROJECT) is kind


def test_without_a_project_everything_inside_home_is_outside() -> None:
    assert classify_path("x", cwd=PROJECT, home=HOME, project_dir=None) is K.OUTSIDE
    assert classify_path("/tmp/x", cwd=PROJECT, home=HOME, project_dir=None) is K.TEMP


def test_cd_chain_from_the_project_reaches_outside() -> None:
    segment = find(run("cd .. && cd .. && rm -rf *"), "rm -rf *")
    assert classify_path("*", cwd=segment.cwd, home=HOME, project_dir=PROJECT) is K.OUTSIDE
    segment = find(run("cd ../../.. && rm -rf *"), "rm -rf *")
    assert classify_path("*", cwd=segment.cwd, home=HOME, project_dir=PROJECT) is K.ROOT


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("rm -rf /", ("/",)),
        ("rm -r -f a b", ("a", "b")),
        ("rm -- -weird", ("-weird",)),
        ("rm -rf -- a -b", ("a", "-b")),
        ("head -n 5 file", ("file",)),
        ("tail -c 10 -f log", ("log",)),
        ("cp -t /dst a b", ("a", "b")),
        ("grep -e pat -A 2 f", ("f",)),
        ("git -C /repo reset --hard", ("reset",)),
        ("chmod -R 777 /", ("777", "/")),
        ("sort -o out in", ("in",)),
        ("find / -name x -delete", ("/",)),
        ("find -L a b -type f", ("a", "b")),
        ("find -name x", (".",)),
        ("unknowncmd -x val file", ("val", "file")),
        ("ls", ()),
    ],
)
def test_operands(command: str, expected: tuple[str, ...]) -> None:
    assert operands(run(command).segments[0]) == expected


def test_operands_of_an_assignment_only_segment() -> None:
    assert operands(run("X=1").segments[0]) == ()


@pytest.mark.parametrize(
    ("home", "path", "expanded"),
    [
        ("/home/dev", "~", "/home/dev"),
        ("/home/dev", "~/x", "/home/dev/x"),
        ("/home/dev", "~dev/x", "/home/dev/x"),
        ("/home/dev", "~bob/.ssh", "/home/bob/.ssh"),
        ("/home/dev", "~root", "/root"),
        ("/Users/dev", "~bob", "/Users/bob"),
        ("/Users/dev", "~root/", "/var/root/"),
        ("/root", "~bob", "/home/bob"),  # root's home is not beside the users'
        ("/var/root", "~bob", "/Users/bob"),
        ("/home/dev", "~$USER", None),
        ("/home/dev", "build/~x", "build/~x"),
    ],
)
def test_expand_tilde(home: str, path: str, expanded: str | None) -> None:
    assert expand_tilde(path, home) == expanded
