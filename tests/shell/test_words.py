"""Quote removal, name folding, expansions kept as text, and dynamic names."""

from __future__ import annotations

import pytest
from shell_testing import find, run, texts


@pytest.mark.parametrize(
    "command",
    [
        "rm -rf /",
        "\\rm -rf /",
        "r''m -rf /",
        'r""m -rf /',
        "r\\m -rf /",
        '"rm" -rf /',
        "'rm' -rf /",
        "$'\\x72m' -rf /",
        "$'\\162m' -rf /",
        "$'\\u0072m' -rf /",
        "/bin/rm -rf /",
        "/usr/bin/rm -rf /",
        "/usr/local/bin/rm -rf /",
        "rm.exe -rf /",
        "\\rm.exe -rf /",
        '"rm" "-rf" "/"',
        "rm   -rf   /",
        "  rm -rf /  ",
        "rm -r''f /",
        "{rm,-rf,/}",
    ],
)
def test_command_name_folds(command: str) -> None:
    analysis = run(command)
    segment = analysis.segments[0]
    assert segment.argv == ("rm", "-rf", "/")
    assert segment.name == "rm"
    assert segment.text == "rm -rf /"
    assert not segment.dynamic


@pytest.mark.parametrize(
    ("command", "argv"),
    [
        # Bash's strings end at a NUL: an escape making one ends that quoted part only.
        ("git push $'-f\\0' origin main", ("git", "push", "-f", "origin", "main")),
        ("git push --force$'\\0'x origin", ("git", "push", "--forcex", "origin")),
        ("rm -rf $'/\\x00tmp'", ("rm", "-rf", "/")),
        ("rm -rf $'/\\u0000tmp'", ("rm", "-rf", "/")),
        ("echo a$'\\c@b'c", ("echo", "ac")),
        ("echo $'tab\\there'", ("echo", "tab\there")),
        # \x, \u and \U with no hex digit after them stay as written
        ("echo $'\\until'", ("echo", "\\until")),
        ("echo $'a\\xg\\U'", ("echo", "a\\xg\\U")),
    ],
)
def test_ansi_c_strings_read_as_bash_reads_them(command: str, argv: tuple[str, ...]) -> None:
    assert run(command).segments[0].argv == argv


def test_windows_path_folds_to_the_tool() -> None:
    segment = run('"C:/Program Files/Git/bin/git.exe" reset --hard').segments[0]
    assert (segment.name, segment.text) == ("git", "git reset --hard")


def test_relative_path_keeps_its_directory() -> None:
    segment = run("./scripts/deploy.sh --prod").segments[0]
    assert segment.argv[0] == "./scripts/deploy.sh"
    assert segment.name == "deploy.sh"


@pytest.mark.parametrize(
    ("command", "argv"),
    [
        ('rm -rf "$HOME"', ("rm", "-rf", "$HOME")),
        ("rm -rf ${HOME}", ("rm", "-rf", "$HOME")),
        ('rm -rf "${HOME}/x"', ("rm", "-rf", "$HOME/x")),
        ("rm -rf ${HOME}x", ("rm", "-rf", "${HOME}x")),
        ("rm -rf ~", ("rm", "-rf", "~")),
        ("rm -rf ~/", ("rm", "-rf", "~/")),
        ("rm -rf *", ("rm", "-rf", "*")),
        ("rm -rf .*", ("rm", "-rf", ".*")),
        ("rm -rf '/home/user'", ("rm", "-rf", "/home/user")),
        ("rm -rf /{etc,usr}", ("rm", "-rf", "/etc", "/usr")),
        ("echo {1..3}", ("echo", "1", "2", "3")),
        ("echo '{a,b}'", ("echo", "{a,b}")),
        ("printf '%s\\n' \"a b\"", ("printf", "%s\\n", "a b")),
        ('echo "a\\"b\\$c"', ("echo", 'a"b$c')),
        ("echo $'a\\tb'", ("echo", "a\tb")),
        ("rm -rf $DIR/$(date)", ("rm", "-rf", "$DIR/$(date)")),
        ("git push origin +main", ("git", "push", "origin", "+main")),
    ],
)
def test_argument_text(command: str, argv: tuple[str, ...]) -> None:
    assert find(run(command), " ".join(argv)).argv == argv


def test_redirect_before_arguments_leaves_the_command_whole() -> None:
    segment = run("git >/dev/null reset --hard").segments[0]
    assert segment.argv == ("git", "reset", "--hard")
    assert [(r.op, r.target) for r in segment.redirects] == [(">", "/dev/null")]


@pytest.mark.parametrize(
    ("command", "op", "target", "fd"),
    [
        ("ls > out", ">", "out", None),
        ("ls >> out", ">>", "out", None),
        ("ls 2> err", ">", "err", 2),
        ("ls 2>&1", ">&", "1", 2),
        ("ls &> all", "&>", "all", None),
        ("ls &>> all", "&>>", "all", None),
        ("ls >| out", ">|", "out", None),
        ("sort < in", "<", "in", None),
        ("cat <<< word", "<<<", "word", None),
        ("cat <<EOF\nx\nEOF", "<<", "EOF", None),
        ("cat <<'END'\nx\nEND", "<<", "END", None),
        ("cat <<-EOF\n\tx\n\tEOF", "<<-", "EOF", None),
        ('ls > "$HOME/out"', ">", "$HOME/out", None),
    ],
)
def test_redirects(command: str, op: str, target: str, fd: int | None) -> None:
    redirect = run(command).segments[0].redirects[-1]
    assert (redirect.op, redirect.target, redirect.fd) == (op, target, fd)


@pytest.mark.parametrize(
    "command",
    [
        "$x -rf /",
        "${x} -rf /",
        '"$CMD" -rf /',
        "$(echo $RM) -rf /",
        "`which $t` -rf /",
        "${0/x/r}m -rf /",
        "${x:0:2} -rf /",
        "$@",
        "r?m -rf /",
        "/bin/r* -rf /",
    ],
)
def test_unknown_command_name_is_dynamic(command: str) -> None:
    segment = [s for s in run(command).segments if s.context == "top"][-1]
    assert segment.dynamic
    assert segment.name == ""


@pytest.mark.parametrize(
    ("command", "argv"),
    [
        ("c=rm; $c -rf ~", ("rm", "-rf", "~")),
        ("c='rm'; d='-rf'; $c $d ~", ("rm", "-rf", "~")),
        ("c=rm; ${c} -rf ~", ("rm", "-rf", "~")),
        ('c=rm; "$c" -rf ~', ("rm", "-rf", "~")),
        ("c='rm -rf'; $c ~", ("rm", "-rf", "~")),
        ("export c=rm; $c -rf ~", ("rm", "-rf", "~")),
        ("$(echo rm) -rf /", ("rm", "-rf", "/")),
        ("$(echo r)m -rf /", ("rm", "-rf", "/")),
        ("`printf rm` -rf /", ("rm", "-rf", "/")),
        ("x=farm; ${x:2:2} -rf /", ("rm", "-rf", "/")),
        ("x=xxrm; ${x:2} -rf /", ("rm", "-rf", "/")),
        ("x=rx; ${x/x/m} -rf /", ("rm", "-rf", "/")),
        ("x=remove; ${x//emove/m} -rf /", ("rm", "-rf", "/")),
        ("rm${IFS}-rf${IFS}/", ("rm", "-rf", "/")),
        ("IFS=,; c=rm,-rf,/; $c", ("rm", "-rf", "/")),
        ("p=/bin; $p/rm -rf /", ("rm", "-rf", "/")),
    ],
)
def test_literal_values_resolve_dynamic_names(command: str, argv: tuple[str, ...]) -> None:
    segment = run(command).segments[-1]
    assert segment.argv == argv
    assert segment.name == "rm"
    assert segment.dynamic


def test_assignment_in_a_subshell_does_not_resolve_outside() -> None:
    segment = run("(c=rm); $c -rf /").segments[-1]
    assert segment.name == "" and segment.dynamic


def test_reassigned_variable_becomes_unknown() -> None:
    segment = run("c=rm; c=$(date); $c -rf /").segments[-1]
    assert segment.name == "" and segment.dynamic


def test_resolved_values_do_not_leak_into_other_words() -> None:
    assert texts(run("echo 'c=rm'; $c -rf /"))[-1] == "$c -rf /"


@pytest.mark.parametrize(
    ("command", "argv"),
    [
        ("rm\xa0-rf /", ("rm\xa0-rf", "/")),
        ("./evil\xa0x.sh", ("./evil\xa0x.sh",)),
        ("ls\u2003x", ("ls\u2003x",)),
        ("echo 'a'\xa0b", ("echo", "a\xa0b")),
    ],
)
def test_only_space_and_tab_separate_words(command: str, argv: tuple[str, ...]) -> None:
    assert run(command).segments[0].argv == argv
