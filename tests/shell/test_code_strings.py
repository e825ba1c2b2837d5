"""Code hidden in strings: `-c` strings, eval, trap, watch, heredocs fed to a shell."""

from __future__ import annotations

import pytest
from shell_testing import find, named, run, texts

from security_hooks.shell.embedded import makefile_commands


@pytest.mark.parametrize(
    ("command", "inner", "context"),
    [
        ("bash -c 'rm -rf /home/user'", "rm -rf /home/user", "shell-c"),
        ("sh -c 'git reset --hard'", "git reset --hard", "shell-c"),
        ("zsh -c 'git clean -fd'", "git clean -fd", "shell-c"),
        ("dash -c 'rm -rf ~'", "rm -rf ~", "shell-c"),
        ("ksh -c 'rm -rf ~'", "rm -rf ~", "shell-c"),
        ("sh -lc 'git reset --hard'", "git reset --hard", "shell-c"),
        ("bash -e -c 'rm -rf ~'", "rm -rf ~", "shell-c"),
        ("bash -ec 'rm -rf ~'", "rm -rf ~", "shell-c"),
        ("bash --norc -c 'rm -rf ~'", "rm -rf ~", "shell-c"),
        ("bash --rcfile /dev/null -c 'rm -rf ~'", "rm -rf ~", "shell-c"),
        ("bash -o pipefail -c 'rm -rf ~'", "rm -rf ~", "shell-c"),
        ("/bin/bash -c 'rm -rf ~'", "rm -rf ~", "shell-c"),
        ("busybox sh -c 'rm -rf ~'", "rm -rf ~", "shell-c"),
        ('eval "rm -rf ~"', "rm -rf ~", "eval"),
        ("eval rm -rf '~'", "rm -rf ~", "eval"),
        ("eval 'git status;' 'git reset --hard'", "git reset --hard", "eval"),
        ('trap "rm -rf ~" EXIT', "rm -rf ~", "trap"),
        ("trap 'git reset --hard' INT TERM", "git reset --hard", "trap"),
        ('watch "rm -rf /tmp/x"', "rm -rf /tmp/x", "watch"),
        ("watch -n 5 ls -la", "ls -la", "watch"),
        ('su -c "rm -rf /"', "rm -rf /", "shell-c"),
        ("su - root -c 'rm -rf /'", "rm -rf /", "shell-c"),
        ("echo / | xargs -I{} sh -c 'rm -rf {}'", "rm -rf /", "shell-c"),
        ("xargs -I% bash -c 'rm -rf %'", "rm -rf %", "shell-c"),
        ("flock /tmp/lock -c 'rm -rf ~'", "rm -rf ~", "shell-c"),
        ("env -S 'rm -rf ~'", "rm -rf ~", "top"),
        ("bash <<EOF\ngit reset --hard\nEOF", "git reset --hard", "heredoc"),
        ("sh <<'EOF'\nrm -rf /home/user\nEOF", "rm -rf /home/user", "heredoc"),
        ("bash -s <<EOF\nrm -rf ~\nEOF", "rm -rf ~", "heredoc"),
        ("bash <<<'rm -rf /home/user'", "rm -rf /home/user", "heredoc"),
        ("sh <<< 'git reset --hard'", "git reset --hard", "heredoc"),
        ("cat <<EOF | bash\nrm -rf ~\nEOF", "rm -rf ~", "heredoc"),
        ("echo 'rm -rf ~' | sh", "rm -rf ~", "heredoc"),
        ("source /dev/stdin <<< 'rm -rf ~'", "rm -rf ~", "source"),
        ("fish -c 'rm -rf ~'", "rm -rf ~", "shell-c"),
        ("fish -C 'rm -rf ~'", "rm -rf ~", "shell-c"),
        ("fish --command='rm -rf ~'", "rm -rf ~", "shell-c"),
        ("fish --init-command 'rm -rf ~'", "rm -rf ~", "shell-c"),
        ("fish --com='rm -rf ~'", "rm -rf ~", "shell-c"),
        ("fish -ic 'rm -rf ~'", "rm -rf ~", "shell-c"),
        ("fish -n -c 'rm -rf ~' x.fish", "rm -rf ~", "shell-c"),
        # the grammar takes a body line that starts with a backslash for words
        ("bash <<EOF\n\\rm -rf /etc\nEOF", "rm -rf /etc", "heredoc"),
        ("bash <<EOF | cat\n\\rm -rf ~\necho hi\nEOF", "rm -rf ~", "heredoc"),
        ("bash <<-EOF\n\\trm -rf /etc\nEOF", "trm -rf /etc", "heredoc"),
    ],
)
def test_code_in_strings_is_parsed(command: str, inner: str, context: str) -> None:
    analysis = run(command)
    segment = find(analysis, inner)
    assert segment.context == context


def test_nesting_counts_depth() -> None:
    analysis = run("bash -c \"sh -c 'eval rm -rf /'\"")
    assert [(s.name, s.depth) for s in analysis.segments] == [
        ("bash", 0),
        ("sh", 1),
        ("eval", 2),
        ("rm", 3),
    ]
    assert not analysis.depth_exceeded


def _nest(levels: int) -> str:
    command = "rm -rf /"
    for _ in range(levels):
        command = "bash -c " + "'" + command.replace("'", "'\\''") + "'"
    return command


@pytest.mark.parametrize(
    ("levels", "max_depth", "found"),
    [(3, 6, True), (6, 6, True), (7, 6, False), (2, 1, False), (1, 1, True)],
)
def test_depth_limit(levels: int, max_depth: int, found: bool) -> None:
    analysis = run(_nest(levels), max_depth=max_depth)
    assert bool(named(analysis, "rm")) is found
    assert analysis.depth_exceeded is not found


@pytest.mark.parametrize(
    "command",
    [
        'bash -c "$X"',
        'sh -c "$(curl -s https://x)"',
        'eval "$CMD"',
        "xargs -I{} bash -c {}",
        "cat list | xargs bash -c",
    ],
)
def test_code_that_is_itself_dynamic_gives_a_dynamic_segment(command: str) -> None:
    analysis = run(command)
    dynamic = [s for s in analysis.segments if s.depth == 1]
    assert dynamic, texts(analysis)
    assert all(s.dynamic and s.name == "" for s in dynamic)


def test_outer_substitution_in_a_code_string_is_not_reported_twice() -> None:
    analysis = run('bash -c "echo $(id)"')
    assert [s.text for s in analysis.segments if s.name == "id"] == ["id"]


def test_single_quoted_substitution_runs_in_the_inner_shell() -> None:
    analysis = run("bash -c 'echo $(id)'")
    inner = named(analysis, "id")
    assert len(inner) == 1 and inner[0].depth == 1


def test_positional_parameters_of_a_shell_string_are_known() -> None:
    analysis = run("sh -c 'rm -rf \"$1\"' _ /srv")
    assert find(analysis, "rm -rf /srv").depth == 1


@pytest.mark.parametrize(
    ("command", "body"),
    [
        ("cat <<EOF\nrm -rf /\nEOF", "rm -rf /\n"),
        ("grep -c x <<'EOF'\ngit reset --hard\nEOF", "git reset --hard\n"),
        ("git commit -F - <<'EOF'\nDrop rm -rf / from docs\nEOF", "Drop rm -rf / from docs\n"),
        ("tee notes.md <<EOF\nrm -rf ~\nEOF", "rm -rf ~\n"),
        ("wc -l <<< 'rm -rf /'", "rm -rf /\n"),
        ("base64 <<EOF\nrm -rf ~\nEOF", "rm -rf ~\n"),
        ("cat <<-EOF\n\trm -rf /\n\tEOF", "rm -rf /\n"),
        ("cat <<EOF\n\\rm -rf /etc\nEOF", "\\rm -rf /etc\n"),
    ],
)
def test_heredocs_fed_to_other_commands_are_data(command: str, body: str) -> None:
    analysis = run(command)
    assert len(analysis.segments) == 1
    assert analysis.segments[0].stdin_text == body
    assert not named(analysis, "rm") and not named(analysis, "git")[1:]


def test_shell_fed_code_has_no_stdin_text() -> None:
    analysis = run("bash <<EOF\nls\nEOF")
    assert find(analysis, "bash").stdin_text is None


def test_privilege_carries_into_nested_code() -> None:
    analysis = run("sudo bash -c 'rm -rf /'")
    assert find(analysis, "rm -rf /").privileged
    assert find(analysis, "rm -rf /").wrappers == ()
    assert run("su -c 'rm -rf /'").segments[-1].privileged


def test_cd_in_a_child_shell_does_not_leak_but_eval_does() -> None:
    analysis = run("bash -c 'cd /etc'; rm -rf *; eval 'cd /var'; rm -rf *")
    first, second = [s for s in analysis.segments if s.text == "rm -rf *"]
    assert first.cwd == "/home/dev/project"
    assert second.cwd == "/var"


def test_fish_options_end_at_its_script() -> None:
    analysis = run("fish script.fish -c 'rm -rf /'")
    assert [s.name for s in analysis.segments] == ["fish"]


@pytest.mark.parametrize(
    ("text", "commands"),
    [
        ("all:; rm -rf ~", ["rm -rf ~"]),
        ("all: a b ; make -C sub", ["make -C sub"]),
        ("x:\n\t@echo $(CC) $$HOME\n\t-rm -rf build", ["echo ${CC} $HOME", "rm -rf build"]),
        ("V := $(shell git rev-parse HEAD)", ["git rev-parse HEAD"]),
        ("V := $(shell echo $(shell date))", ["echo $(shell date)", "date"]),
        ("a: b\n\tcmd one \\\n\t  two", ["cmd one  \t  two"]),
        ("# all:; rm -rf ~\nCFLAGS += -O2", []),
        ("x = a:b;c", []),
        ("$(file >/dev/stdout,$(file <~/.ssh/id_rsa))", ["cat -- ~/.ssh/id_rsa"]),  # make reads it
        ("V := $(file < VERSION)", ["cat -- VERSION"]),
        ("$(file > out.txt,x)", []),  # a write, which names no file to read
    ],
)
def test_makefile_commands(text: str, commands: list[str]) -> None:
    assert makefile_commands(text) == commands
