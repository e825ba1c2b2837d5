"""Wrappers are peeled and recorded; the command they run is the segment."""

from __future__ import annotations

import pytest
from shell_testing import find, named, run, texts


@pytest.mark.parametrize(
    ("command", "text", "wrappers"),
    [
        ("sudo rm -rf /", "rm -rf /", ("sudo",)),
        ("sudo -u alice rm -rf /", "rm -rf /", ("sudo",)),
        ("sudo -uroot rm -rf /", "rm -rf /", ("sudo",)),
        ("sudo --user=alice -g staff -E -H -n rm -rf /", "rm -rf /", ("sudo",)),
        ("sudo -i rm -rf /", "rm -rf /", ("sudo",)),
        ("sudo -s -- rm -rf /", "rm -rf /", ("sudo",)),
        ("sudo -k rm -rf /", "rm -rf /", ("sudo",)),
        ("sudo FOO=1 rm -rf /", "rm -rf /", ("sudo",)),
        ("doas -u root rm -rf /", "rm -rf /", ("doas",)),
        ("pkexec rm -rf /", "rm -rf /", ("pkexec",)),
        ("run0 rm -rf /", "rm -rf /", ("run0",)),
        ("env git reset --hard", "git reset --hard", ("env",)),
        ("env -i git reset --hard", "git reset --hard", ("env",)),
        ("env -u HOME git reset --hard", "git reset --hard", ("env",)),
        ("env --unset=HOME git reset --hard", "git reset --hard", ("env",)),
        ("env -C /tmp git reset --hard", "git reset --hard", ("env",)),
        ("env GIT_AUTHOR_NAME=x git reset --hard", "git reset --hard", ("env",)),
        ("env -S 'git reset --hard'", "git reset --hard", ("env",)),
        ("env --split-string='rm -rf ~'", "rm -rf ~", ("env",)),
        ("command git reset --hard", "git reset --hard", ("command",)),
        ("command -p rm -rf ~", "rm -rf ~", ("command",)),
        ("builtin command git reset --hard", "git reset --hard", ("builtin", "command")),
        ("exec rm -rf ~", "rm -rf ~", ("exec",)),
        ("exec -a name rm -rf ~", "rm -rf ~", ("exec",)),
        ("nohup git reset --hard", "git reset --hard", ("nohup",)),
        ("nice git reset --hard", "git reset --hard", ("nice",)),
        ("nice -n 19 rm -rf /home/user", "rm -rf /home/user", ("nice",)),
        ("nice -10 rm -rf /home/user", "rm -rf /home/user", ("nice",)),
        ("time git reset --hard", "git reset --hard", ("time",)),
        ("time -p rm -rf ~", "rm -rf ~", ("time",)),
        ("/usr/bin/time -p rm -rf ~", "rm -rf ~", ("time",)),
        ("/usr/bin/time -f %e -o t.log rm -rf ~", "rm -rf ~", ("time",)),
        ("timeout 5 rm -rf ~", "rm -rf ~", ("timeout",)),
        ("timeout 10s rm -rf ~", "rm -rf ~", ("timeout",)),
        ("timeout -s KILL -k 5 10 rm -rf ~", "rm -rf ~", ("timeout",)),
        ("timeout --preserve-status --signal=TERM 1m rm -rf ~", "rm -rf ~", ("timeout",)),
        ("stdbuf -oL rm -rf ~", "rm -rf ~", ("stdbuf",)),
        ("stdbuf -i 0 -o L -e 0 rm -rf ~", "rm -rf ~", ("stdbuf",)),
        ("ionice -c 3 rm -rf ~", "rm -rf ~", ("ionice",)),
        ("ionice -c2 -n7 rm -rf ~", "rm -rf ~", ("ionice",)),
        ("chrt -f 10 rm -rf ~", "rm -rf ~", ("chrt",)),
        ("taskset 0x1 rm -rf ~", "rm -rf ~", ("taskset",)),
        ("taskset -c 0,1 rm -rf ~", "rm -rf ~", ("taskset",)),
        ("setsid rm -rf ~", "rm -rf ~", ("setsid",)),
        ("setsid -f rm -rf ~", "rm -rf ~", ("setsid",)),
        ("flock /tmp/l rm -rf ~", "rm -rf ~", ("flock",)),
        ("flock -w 5 /tmp/l rm -rf ~", "rm -rf ~", ("flock",)),
        ("unbuffer rm -rf ~", "rm -rf ~", ("unbuffer",)),
        ("busybox rm -rf /", "rm -rf /", ("busybox",)),
        ("prlimit --nofile=1024 rm -rf ~", "rm -rf ~", ("prlimit",)),
        ("prlimit -n1024 -- rm -rf ~", "rm -rf ~", ("prlimit",)),
        ("setarch x86_64 -R rm -rf ~", "rm -rf ~", ("setarch",)),
        ("linux32 rm -rf ~", "rm -rf ~", ("linux32",)),
        ("numactl -N 0 --membind=0 rm -rf ~", "rm -rf ~", ("numactl",)),
        ("faketime '2020-01-01 10:00' rm -rf ~", "rm -rf ~", ("faketime",)),
        ("xvfb-run -a -s '-screen 0 1x1x8' rm -rf ~", "rm -rf ~", ("xvfb-run",)),
        ("dbus-run-session -- rm -rf ~", "rm -rf ~", ("dbus-run-session",)),
        ("catchsegv rm -rf ~", "rm -rf ~", ("catchsegv",)),
        ("noglob rm -rf ~", "rm -rf ~", ("noglob",)),
        ("watch -x rm -rf /tmp/x", "rm -rf /tmp/x", ("watch",)),
        ("ip netns exec ns1 rm -rf ~", "rm -rf ~", ("ip",)),
        ("ip -n ns0 vrf exec blue rm -rf ~", "rm -rf ~", ("ip",)),
        ("nsenter -t 1 -m -u rm -rf ~", "rm -rf ~", ("nsenter",)),
        ("nsenter --target=1 --mount rm -rf ~", "rm -rf ~", ("nsenter",)),
        ("rlwrap -H hist.txt -a rm -rf ~", "rm -rf ~", ("rlwrap",)),
        ("rlwrap -pRed rm -rf ~", "rm -rf ~", ("rlwrap",)),
        ("cpulimit -l 50 -- rm -rf ~", "rm -rf ~", ("cpulimit",)),
        ("cpulimit --limit=50 rm -rf ~", "rm -rf ~", ("cpulimit",)),
        ("entr -rc rm -rf ~", "rm -rf ~", ("entr",)),
        ("tox exec -e py -- rm -rf ~", "rm -rf ~", ("tox",)),
        ("tox -c tox.ini e -- rm -rf ~", "rm -rf ~", ("tox",)),
        ("sudo env git reset --hard", "git reset --hard", ("sudo", "env")),
        ("env sudo git reset --hard", "git reset --hard", ("env", "sudo")),
        ("sudo command git reset --hard", "git reset --hard", ("sudo", "command")),
        (
            "sudo env -i FOO=1 timeout -s KILL 10s nice -n 5 rm -rf /",
            "rm -rf /",
            ("sudo", "env", "timeout", "nice"),
        ),
    ],
)
def test_wrapper_is_peeled(command: str, text: str, wrappers: tuple[str, ...]) -> None:
    segment = find(run(command), text)
    assert segment.wrappers == wrappers
    assert segment.context == "top"


@pytest.mark.parametrize(
    ("command", "privileged"),
    [
        ("sudo rm x", True),
        ("nsenter -t 1 -m rm x", True),  # another process's namespaces: root's
        ("doas rm x", True),
        ("pkexec rm x", True),
        ("run0 rm x", True),
        ("env rm x", False),
        ("nice rm x", False),
        ("rm x", False),
    ],
)
def test_privilege(command: str, privileged: bool) -> None:
    assert find(run(command), "rm x").privileged is privileged


@pytest.mark.parametrize(
    ("command", "text"),
    [
        ("command -v rm", "command -v rm"),
        ("command -V git", "command -V git"),
        ("sudo -l", "sudo -l"),
        ("sudo -v", "sudo -v"),
        ("sudo -e /etc/hosts", "sudo -e /etc/hosts"),
        ("sudo", "sudo"),
        ("env", "env"),
        ("env -i", "env -i"),
        ("nohup", "nohup"),
        ("exec >log", "exec"),
        ("timeout 5", "timeout 5"),
        ("taskset -p 0x1 1234", "taskset -p 0x1 1234"),
        ("chrt -p 10 1234", "chrt -p 10 1234"),
        ("prlimit --pid 1234 --nofile=1024", "prlimit --pid 1234 --nofile=1024"),
        ("prlimit", "prlimit"),
        ("setarch x86_64", "setarch x86_64"),
        ("ip addr show", "ip addr show"),
        ("ip netns list", "ip netns list"),
        ("cpulimit -p 1234 -l 20", "cpulimit -p 1234 -l 20"),
        ("cpulimit -e make -l 20", "cpulimit -e make -l 20"),
        ("tox -e py", "tox -e py"),
        ("tox r -e lint -- --fix", "tox r -e lint -- --fix"),
        ("entr -s 'make test'", "entr -s make test"),
    ],
)
def test_wrapper_that_runs_nothing_stays_itself(command: str, text: str) -> None:
    segment = find(run(command), text)
    assert segment.wrappers == ()


def test_env_assignments_are_kept_and_cwd_follows_chdir() -> None:
    segment = find(run("env -C /srv A=1 B=two make"), "make")
    assert segment.assignments == (("A", "1"), ("B", "two"))
    assert segment.cwd == "/srv"


def test_sudo_chdir_and_assignments() -> None:
    segment = find(run("sudo -D /opt LD_PRELOAD=/tmp/x.so ls"), "ls")
    assert segment.cwd == "/opt"
    assert segment.assignments == (("LD_PRELOAD", "/tmp/x.so"),)


@pytest.mark.parametrize(
    "command",
    [
        "xargs rm -rf",
        "xargs -0 rm -rf",
        "xargs -r -t rm -rf",
        "xargs -n 1 rm -rf",
        "xargs -n1 rm -rf",
        "xargs -P 4 rm -rf",
        "xargs -P2 rm -rf",
        "xargs -L 1 rm -rf",
        "xargs -d '\\n' rm -rf",
        "xargs --delimiter '\\n' rm -rf",
        "xargs -a /tmp/paths rm -rf",
        "xargs --arg-file=/tmp/paths rm -rf",
        "xargs -E END rm -rf",
        "xargs -s 1000 rm -rf",
        "xargs -I R rm -rf",
        "xargs -i rm -rf",
        "xargs --max-args=2 --max-procs=3 rm -rf",
    ],
)
def test_xargs_options_are_consumed(command: str) -> None:
    segment = find(run(command), "rm -rf")
    assert segment.context == "xargs"
    assert segment.wrappers == ("xargs",)


def test_xargs_without_a_command_runs_echo() -> None:
    assert find(run("find . | xargs"), "echo {}").context == "xargs"


@pytest.mark.parametrize(
    ("command", "text", "targets"),
    [
        ("echo / | xargs rm -rf", "rm -rf /", ("/",)),
        ("echo / | xargs -I{} rm -rf {}", "rm -rf /", ("/",)),
        ("echo / | xargs -I% unlink %", "unlink /", ("/",)),
        ("find / | xargs -I% rm -f %", "rm -f {}", ("/",)),
        ("find ~ -name '*.log' -print0 | xargs -0 rm -f", "rm -f {}", ("~",)),
        ("find ~ | parallel rm -f", "rm -f {}", ("~",)),
        ("find ~ | parallel rm -f {}.bak", "rm -f {}.bak", ("~",)),
        ("cat list.txt | xargs rm -rf", "rm -rf", ()),
        # -a: the items come from a file, not from the previous stage
        ("echo ok | xargs -a /tmp/paths rm -rf", "rm -rf", ()),
        ("echo ok | xargs --arg-file=/tmp/paths rm -rf", "rm -rf", ()),
    ],
)
def test_xargs_sees_what_the_previous_stage_feeds_it(
    command: str, text: str, targets: tuple[str, ...]
) -> None:
    segment = find(run(command), text)
    assert segment.implicit_targets == targets


def test_find_exec_and_delete() -> None:
    analysis = run("find ~ -name '*.tmp' -exec rm -rf {} + -delete")
    finder = named(analysis, "find")[0]
    spawned = find(analysis, "rm -rf {}")
    assert finder.implicit_targets == ("~",)
    assert spawned.context == "find-exec"
    assert spawned.implicit_targets == ("~",)
    assert spawned.pipeline != finder.pipeline


@pytest.mark.parametrize(
    ("command", "text", "roots"),
    [
        ("find . -exec rm {} \\;", "rm {}", (".",)),
        ("find -exec rm {} ;", "rm {}", (".",)),
        ("find /a /b -type f -execdir shred -u {} +", "shred -u {}", ("/a", "/b")),
        ("find -L src -ok rm {} \\;", "rm {}", ("src",)),
        ("find . -okdir rm {} \\;", "rm {}", (".",)),
        ("find . -exec sudo rm {} \\;", "rm {}", (".",)),
    ],
)
def test_find_spawns(command: str, text: str, roots: tuple[str, ...]) -> None:
    segment = find(run(command), text)
    assert segment.context == "find-exec"
    assert segment.implicit_targets == roots


def test_find_exec_shell_string_is_parsed() -> None:
    analysis = run("find . -name '*.bak' -exec sh -c 'rm -rf \"$0\"' {} \\;")
    inner = find(analysis, "rm -rf {}")
    assert inner.context == "shell-c"
    assert inner.implicit_targets == (".",)


def test_find_delete_without_exec() -> None:
    analysis = run("find /var/log -name '*.gz' -delete")
    assert texts(analysis) == ["find /var/log -name *.gz -delete"]
    assert analysis.segments[0].implicit_targets == ("/var/log",)
    assert run("find . -name x").segments[0].implicit_targets == ()


@pytest.mark.parametrize(
    ("command", "text"),
    [
        ("parallel rm -rf ::: /", "rm -rf /"),
        ("parallel -j4 rm -rf ::: a b", "rm -rf a b"),
        ("parallel bash -c ::: 'rm -rf /'", "bash -c rm -rf /"),
    ],
)
def test_parallel_appends_its_arguments(command: str, text: str) -> None:
    segment = find(run(command), text)
    assert segment.context == "parallel"


def test_parallel_command_string_is_parsed() -> None:
    assert find(run("parallel bash -c ::: 'rm -rf /'"), "rm -rf /").context == "shell-c"
    assert find(run("echo / | parallel rm -rf"), "rm -rf /").context == "parallel"


@pytest.mark.parametrize(
    ("command", "inner"),
    [
        ("parallel ::: 'rm -rf /'", "rm -rf /"),
        ("parallel -j4 ::: 'ls' 'rm -rf ~'", "rm -rf ~"),
    ],
)
def test_parallel_without_a_command_runs_its_items(command: str, inner: str) -> None:
    analysis = run(command)
    assert find(analysis, inner).context == "shell-c"
    assert named(analysis, "sh")[0].context == "parallel"


@pytest.mark.parametrize("command", ["cat jobs.txt | parallel", "parallel :::: jobs.txt"])
def test_parallel_reading_its_commands_is_dynamic(command: str) -> None:
    assert any(s.dynamic and s.context == "shell-c" for s in run(command).segments)


def test_parallel_information_runs_nothing() -> None:
    assert [s.name for s in run("parallel --version").segments] == ["parallel"]
