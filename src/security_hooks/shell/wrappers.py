"""Peel wrapper commands (`sudo`, `env`, `timeout`, `xargs`, ...) off a word list.

A wrapper runs the command that follows its own options. Peeling records the
wrapper's name and keeps what it changes about the run (privilege,
environment, directory) so the segment shows the real command.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass, field

from .options import EMPTY, OptionSpec, leading_options_end, option_value, option_width, spec
from .words import UNRESOLVED

_ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")
_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")


def fold_command(text: str) -> tuple[str, str]:
    """(argv[0], name): absolute paths fold to their basename, `.exe` is dropped."""
    if "/" not in text and "\\" not in text and "." not in text:
        return text, text
    name = text.replace("\\", "/").rsplit("/", 1)[-1]
    if name[-4:].lower() == ".exe" and len(name) > 4:
        name = name[:-4]
    if text.startswith("/") or _DRIVE.match(text) or "/" not in text.replace("\\", "/"):
        return name, name
    return text, name


@dataclass(slots=True)
class Peeled:
    """The command a word list really runs, and what its wrappers changed."""

    words: list[str]
    flags: list[int]
    wrappers: list[str] = field(default_factory=list)
    privileged: bool = False
    assignments: list[tuple[str, str]] = field(default_factory=list)
    chdir: str | None = None
    # "xargs" or "parallel" when the command is run on the caller's behalf.
    context: str | None = None
    # Arguments appended by `parallel ... ::: args`.
    appended: list[str] = field(default_factory=list)
    # The string xargs/parallel replace with each input item (`-I {}`).
    placeholder: str | None = None
    # The file xargs reads its items from (`-a FILE`) rather than the pipe.
    items_file: str | None = None


# A peeler gets the words after the wrapper's name (and their flags, which it
# must keep in step if it edits the words) and returns the index where the
# wrapped command starts, or None when this use runs no command.
Peeler = Callable[[list[str], list[int], Peeled], "int | None"]


def short_letters(word: str, opts: OptionSpec) -> str:
    """The flag letters of a short-option cluster, up to one taking an argument."""
    if len(word) < 2 or word[0] != "-" or word[1] == "-":
        return ""
    letters = []
    for letter in word[1:]:
        letters.append(letter)
        if letter in opts.short or letter in opts.attached_only:
            break
    return "".join(letters)


def _simple(opts: OptionSpec, positionals: int = 0) -> Peeler:
    def peel(words: list[str], flags: list[int], out: Peeled) -> int | None:
        start = leading_options_end(words, 0, opts) + positionals
        return start if start < len(words) else None

    return peel


_SUDO = spec("ughpCrtTUDR", "user group host prompt close-from role type command-timeout "
             "other-user chdir chroot")
_SUDO_NO_COMMAND = frozenset("elvVK")
_SUDO_NO_COMMAND_LONG = frozenset({"--edit", "--list", "--validate", "--version", "--help"})


def _sudo(words: list[str], flags: list[int], out: Peeled) -> int | None:
    end = leading_options_end(words, 0, _SUDO)
    options = words[:end]
    for word in options:
        if set(short_letters(word, _SUDO)) & _SUDO_NO_COMMAND or word in _SUDO_NO_COMMAND_LONG:
            return None
    chdir = option_value(options, "D", "chdir", _SUDO)
    if chdir:
        out.chdir = chdir[-1]
    end = _take_assignments(words, end, out)
    out.privileged = True
    return end if end < len(words) else None


def _take_assignments(words: list[str], i: int, out: Peeled) -> int:
    while i < len(words) and _ASSIGNMENT.match(words[i]):
        name, _, value = words[i].partition("=")
        out.assignments.append((name, value))
        i += 1
    return i


_DOAS = spec("uC")


def _privileged(opts: OptionSpec) -> Peeler:
    def peel(words: list[str], flags: list[int], out: Peeled) -> int | None:
        start = leading_options_end(words, 0, opts)
        out.privileged = True
        return start if start < len(words) else None

    return peel


_ENV = spec("uCSP", "unset chdir split-string default-signal ignore-signal block-signal")


def _env(words: list[str], flags: list[int], out: Peeled) -> int | None:
    i = 0
    while i < len(words):
        word = words[i]
        if word == "--":
            i += 1
            break
        if word == "-":
            i += 1
            continue
        split = _split_string_value(words, i)
        if split is not None:
            value, width = split
            parts = _shell_split(value)
            words[i : i + width] = parts
            flags[i : i + width] = [flags[i + width - 1]] * len(parts)
            continue
        if word.startswith("-"):
            opts = words[i : i + 2]
            chdir = option_value(opts, "C", "chdir")
            if chdir and (word.startswith("-C") or word.startswith("--chdir")):
                out.chdir = chdir[0]
            i += max(1, option_width(words, i, _ENV))
            continue
        break
    i = _take_assignments(words, i, out)
    return i if i < len(words) else None


def _split_string_value(words: list[str], i: int) -> tuple[str, int] | None:
    """`-S STRING`, `-SSTRING`, `--split-string=STRING`: the value and words spanned."""
    word = words[i]
    if word.startswith("--split-string"):
        if "=" in word:
            return word.partition("=")[2], 1
        return (words[i + 1], 2) if i + 1 < len(words) else None
    if word.startswith("-S"):
        if len(word) > 2:
            return word[2:], 1
        return (words[i + 1], 2) if i + 1 < len(words) else None
    return None


def _shell_split(value: str) -> list[str]:
    try:
        return shlex.split(value)
    except ValueError:
        return value.split()


def _command(words: list[str], flags: list[int], out: Peeled) -> int | None:
    i = 0
    while i < len(words) and words[i].startswith("-") and words[i] != "-":
        if words[i] == "--":
            i += 1
            break
        if "v" in words[i] or "V" in words[i]:
            return None  # `command -v x` looks x up, it does not run it
        i += 1
    return i if i < len(words) else None


_NICE = spec("n", "adjustment", numeric=True)
_TIME = spec("fo", "format output")
_TIMEOUT = spec("sk", "signal kill-after")
_STDBUF = spec("ioe", "input output error")
_IONICE = spec("cnp", "class classdata pid pgid uid")
_CHRT = spec("TPD", "sched-runtime sched-period sched-deadline")
_FLOCK = spec("wEc", "timeout wait conflict-exit-code command")
_XARGS = spec("InPLdaEsJR", "max-args max-procs max-lines delimiter arg-file eof "
              "max-chars process-slot-var", attached="iel")
_PARALLEL = spec("jSadIEnNX", "jobs sshlogin arg-file delimiter colsep results joblog tmpdir "
                 "workdir delay timeout retries halt memfree load sshloginfile")
_PKEXEC = spec("", "user")
_RUN0 = spec("uD", "user chdir property description slice setenv nice unit machine")
_STRACE = spec("eoOpPsSuIEbXa", "")
_LTRACE = spec("aAeFlnopsuwx", "")
_CHROOT = spec("", "userspec groups")
_RUNUSER = spec("ugGs", "user group supp-group shell command session-command")
_PERF = spec("eoptcFCGmrIDu", "event output pid tid count freq cpu cgroup mmap-pages call-graph "
             "repeat interval-print delay uid")
_PRLIMIT = spec("o", "output")
_NUMACTL = spec("iNCmP", "interleave cpunodebind physcpubind membind preferred preferred-many")
_XVFB_RUN = spec("nsefpw", "server-num server-args error-file auth-file xauth-protocol wait")
_RUN = frozenset({"run"})
# `-c CODE` takes a value, so `npx -c 'rm -rf /'` peels to nothing: a launcher.
NPX_OPTIONS = spec("pc", "package call")
_CONDA = spec("np", "name prefix cwd")


def _with_pid_mode(opts: OptionSpec, positionals: int) -> Peeler:
    """`chrt`/`taskset`: `-p` targets a running process, otherwise a command."""

    def peel(words: list[str], flags: list[int], out: Peeled) -> int | None:
        end = leading_options_end(words, 0, opts)
        if any("p" in short_letters(w, opts) or w == "--pid" for w in words[:end]):
            return None
        start = end + positionals
        return start if start < len(words) else None

    return peel


def _setarch(words: list[str], flags: list[int], out: Peeled) -> int | None:
    """`setarch ARCH [options] PROGRAM`: the architecture comes before the options."""
    start = leading_options_end(words, 1, EMPTY) if words else 0
    return start if 0 < start < len(words) else None


def _flock(words: list[str], flags: list[int], out: Peeled) -> int | None:
    end = leading_options_end(words, 0, _FLOCK)
    if option_value(words[:end], "c", "command", _FLOCK):
        return None  # `flock -c STRING` is a launcher, handled with shells
    start = end + 1  # the lock file or descriptor
    if start < len(words) and words[start] in ("-c", "--command"):
        return None
    return start if start < len(words) else None


def _xargs(words: list[str], flags: list[int], out: Peeled) -> int | None:
    end = leading_options_end(words, 0, _XARGS)
    out.context = "xargs"
    out.placeholder = _replace_string(words[:end])
    files = option_value(words[:end], "a", "arg-file", _XARGS)
    out.items_file = files[0] if files else None
    if end >= len(words):
        words.append("echo")  # xargs runs echo when given no command
        flags.append(0)
    return end


def _replace_string(options: list[str]) -> str | None:
    """The `-I R`, `-i[R]`, `-J R` or `--replace[=R]` string of xargs."""
    found: str | None = None
    for i, word in enumerate(options):
        if word.startswith("--replace"):
            found = word.partition("=")[2] or "{}"
        elif word.startswith("-") and not word.startswith("--"):
            letters = short_letters(word, _XARGS)
            last = letters[-1:]
            value = word[len(letters) + 1 :]
            if last in ("I", "J"):
                found = value or (options[i + 1] if i + 1 < len(options) else "{}")
            elif last == "i":
                found = value or "{}"
    return found


_PARALLEL_INFO = frozenset({"--version", "--help", "--citation", "--bibtex", "--number-of-cpus",
                            "--number-of-cores", "--number-of-threads", "--max-line-length-allowed"})


def _parallel(words: list[str], flags: list[int], out: Peeled) -> int | None:
    end = leading_options_end(words, 0, _PARALLEL)
    out.context = "parallel"
    out.placeholder = "{}"
    sources = False
    for cut in range(end, len(words)):
        if words[cut] in (":::", "::::", ":::+", "::::+"):
            sources = words[cut].startswith("::::")  # `:::: FILE`: the items are in files
            out.appended = [w for w in words[cut + 1 :] if not w.startswith(":::")]
            del words[cut:]
            del flags[cut:]
            break
    if end < len(words):
        return end
    if any(w in _PARALLEL_INFO for w in words[:end]):
        return None
    # No command: each item is a command line, run by a shell; unknown when read from
    # stdin or a file.
    code = ["\n".join(out.appended)] if out.appended and not sources else []
    out.appended = []
    words.extend(["sh", "-c", *code])
    flags.extend([0] * (2 + len(code)))
    return end


WATCH_OPTIONS = spec("nq", "interval equexit")


def _watch(words: list[str], flags: list[int], out: Peeled) -> int | None:
    end = leading_options_end(words, 0, WATCH_OPTIONS)
    if any(w == "--exec" or "x" in short_letters(w, WATCH_OPTIONS) for w in words[:end]):
        return end if end < len(words) else None
    return None  # without -x, watch hands its words to `sh -c`: a launcher


def _busybox(words: list[str], flags: list[int], out: Peeled) -> int | None:
    return 0 if words and not words[0].startswith("-") else None


def _runner(subcommands: frozenset[str], opts: OptionSpec, before: OptionSpec = EMPTY) -> Peeler:
    """A tool whose subcommand runs a command: `poetry run CMD`, `bundle exec CMD`,
    `perf stat CMD`. `before` are the options allowed ahead of the subcommand
    (`poetry -C dir run`). Other subcommands (`poetry install`) run no command."""

    def peel(words: list[str], flags: list[int], out: Peeled) -> int | None:
        i = leading_options_end(words, 0, before)
        if i >= len(words) or words[i] not in subcommands:
            return None
        start = leading_options_end(words, i + 1, opts)
        return start if start < len(words) else None

    return peel


_SCREEN = spec("cehpsStT")
_SCREEN_NO_COMMAND = frozenset({"-ls", "-list", "-wipe", "-v", "-version", "-help"})


def _screen(words: list[str], flags: list[int], out: Peeled) -> int | None:
    """`screen -dmS name CMD` runs CMD; reattaching, listing or sending to a session
    (`-r`, `-x`, `-X`, `-ls`, `-d name` without `-m`) runs none."""
    end = leading_options_end(words, 0, _SCREEN)
    letters: set[str] = set()
    for word in words[:end]:
        if word in _SCREEN_NO_COMMAND:
            return None
        if word.startswith("-") and not word.startswith("--"):
            letters.update(short_letters(word, _SCREEN))
    if letters & set("rRxXQ") or (letters & set("dD") and "m" not in letters):
        return None
    return end if end < len(words) else None


_UV_GLOBAL = spec("", "directory project cache-dir config-file color")
_UV_RUN = spec("pw", "with with-editable with-requirements python package extra group only-group "
               "no-group env-file directory project index default-index index-url extra-index-url "
               "find-links constraints overrides")
_UVX = spec("pw", "from with with-editable with-requirements python index default-index index-url "
            "extra-index-url find-links constraints overrides")


def _uv(words: list[str], flags: list[int], out: Peeled) -> int | None:
    """`uv run CMD` and `uv tool run CMD` (which `uvx CMD` is)."""
    i = leading_options_end(words, 0, _UV_GLOBAL)
    if words[i : i + 2] == ["tool", "run"]:
        start = leading_options_end(words, i + 2, _UVX)
    elif words[i : i + 1] == ["run"]:
        start = leading_options_end(words, i + 1, _UV_RUN)
    else:
        return None
    return start if start < len(words) else None


def _after(markers: frozenset[str], words: list[str], start: int) -> int | None:
    for i in range(start, len(words)):
        if words[i] in markers:
            return i + 1 if i + 1 < len(words) else None
    return None


def _after_marker(markers: frozenset[str]) -> Peeler:
    """A tool that runs the words after one of `markers` (`xterm -e CMD`,
    `gnome-terminal -- CMD`, `dotenv -- CMD`); with none, it runs no command."""

    def peel(words: list[str], flags: list[int], out: Peeled) -> int | None:
        return _after(markers, words, 0)

    return peel


def _subcommand_then(
    subcommands: frozenset[str], positionals: int, opts: OptionSpec, markers: frozenset[str] = frozenset()
) -> Peeler:
    """`direnv exec DIR CMD`, `aws-vault exec PROFILE [--] CMD`: after the subcommand,
    its options and `positionals` operands, the command. With `markers` (`op run -- CMD`,
    `nix develop -c CMD`), the command follows the first marker."""

    def peel(words: list[str], flags: list[int], out: Peeled) -> int | None:
        if not words or words[0] not in subcommands:
            return None
        if markers:
            return _after(markers, words, 1)
        start = leading_options_end(words, 1, opts) + positionals
        if words[start : start + 1] == ["--"]:
            start += 1
        return start if start < len(words) else None

    return peel


def _tox(words: list[str], flags: list[int], out: Peeled) -> int | None:
    """`tox exec -e py -- CMD` (or `tox e`) runs CMD in the environment; other subcommands
    run the commands tox.ini configures, with the words after `--` as their arguments."""
    if "--" not in words:
        return None
    dashes = words.index("--")
    if not {"exec", "e"} & set(words[:dashes]):
        return None
    return dashes + 1 if dashes + 1 < len(words) else None


_IP = spec("nbf", "netns batch family rcvbuf")


def _ip(words: list[str], flags: list[int], out: Peeled) -> int | None:
    """`ip netns exec NAME CMD` and `ip vrf exec NAME CMD`; other `ip` commands run none."""
    i = leading_options_end(words, 0, _IP)
    if words[i : i + 2] not in (["netns", "exec"], ["vrf", "exec"]):
        return None
    start = i + 3  # past the namespace or VRF name
    return start if start < len(words) else None


_CPULIMIT = spec("lpeP", "limit pid exe path")
_CPULIMIT_TARGETS = frozenset({"--pid", "--exe", "--path"})


def _cpulimit(words: list[str], flags: list[int], out: Peeled) -> int | None:
    """`cpulimit -l 50 [--] CMD`; `-p PID`, `-e NAME` and `-P PATH` limit a running process."""
    end = leading_options_end(words, 0, _CPULIMIT)
    for word in words[:end]:
        if set(short_letters(word, _CPULIMIT)) & set("peP") or word.split("=")[0] in _CPULIMIT_TARGETS:
            return None
    return end if end < len(words) else None


def entr_command(words: list[str]) -> tuple[int, bool] | None:
    """Where entr's command starts in `words` (its arguments) and whether `-s` makes
    that one operand shell code; None when no command follows the options."""
    end = leading_options_end(words, 0, EMPTY)
    if end >= len(words):
        return None
    return end, any("s" in short_letters(w, EMPTY) for w in words[:end])


def _entr(words: list[str], flags: list[int], out: Peeled) -> int | None:
    """`entr CMD ARGS` runs CMD when a file changes; `entr -s CODE` is in the
    embedded-code table."""
    found = entr_command(words)
    return found[0] if found is not None and not found[1] else None


_UNSHARE = spec("SGRwt", "setuid setgid root wd propagation map-user map-group map-users "
                "map-groups setgroups time")
_SYSTEMD_RUN = spec("upEMHs", "unit property setenv description slice machine host uid gid nice "
                    "working-directory on-active on-boot on-startup on-unit-active on-unit-inactive "
                    "on-calendar timer-property path-property socket-property service-type")
_PROOT = spec("rbwqk", "rootfs bind cwd qemu kernel-release")
_DASHES = frozenset({"--"})

# Sandboxes, session launchers and secret injectors: each runs the command it is given.
_LAUNCHING_WRAPPERS: dict[str, Peeler] = {
    "unshare": _simple(_UNSHARE),
    "systemd-run": _simple(_SYSTEMD_RUN),
    "firejail": _simple(spec()),
    "proot": _simple(_PROOT),
    "chronic": _simple(spec()),
    "dbus-launch": _simple(spec()),
    "dbus-run-session": _simple(spec()),
    "flatpak-spawn": _simple(spec("", "env directory forward-fd")),
    "xterm": _after_marker(frozenset({"-e"})),
    "gnome-terminal": _after_marker(frozenset({"--", "-x", "--execute"})),
    "dotenv": _after_marker(_DASHES),
    "op": _subcommand_then(frozenset({"run"}), 0, EMPTY, _DASHES),
    "direnv": _subcommand_then(frozenset({"exec"}), 1, EMPTY),
    "aws-vault": _subcommand_then(frozenset({"exec"}), 1, spec("", "duration region mfa-token")),
    "nix": _subcommand_then(frozenset({"develop", "shell"}), 0, EMPTY, frozenset({"-c", "--command"})),
}


# Project tool runners: the command comes from the project's environment or a
# package registry, and every rule still sees it.
_RUNNER_PEELERS: dict[str, Peeler] = {
    "uv": _uv,
    "uvx": _simple(_UVX),
    "poetry": _runner(_RUN, spec(), spec("CP", "directory project")),
    "pdm": _runner(_RUN, spec("p", "project venv"), spec("p", "project")),
    "hatch": _runner(_RUN, spec(), spec("ep", "env project")),
    "rye": _runner(_RUN, spec()),
    "pipenv": _runner(_RUN, spec()),
    "pipx": _runner(_RUN, spec("", "spec python index-url pip-args")),
    "npx": _simple(NPX_OPTIONS),
    "pnpx": _simple(NPX_OPTIONS),
    "bunx": _simple(NPX_OPTIONS),
    "npm": _runner(frozenset({"exec", "x"}), NPX_OPTIONS, spec("w", "workspace prefix")),
    "pnpm": _runner(frozenset({"exec", "dlx"}), NPX_OPTIONS, spec("C", "dir filter")),
    "yarn": _runner(frozenset({"exec", "dlx"}), NPX_OPTIONS, spec("", "cwd")),
    "bun": _runner(frozenset({"x"}), NPX_OPTIONS),
    "bundle": _runner(frozenset({"exec"}), spec("", "gemfile")),
    "conda": _runner(_RUN, _CONDA),
    "mamba": _runner(_RUN, _CONDA),
    "micromamba": _runner(_RUN, _CONDA),
    # Version managers run a tool from the version they pick: `pyenv exec pytest`.
    "pyenv": _runner(frozenset({"exec"}), spec()),
    "rbenv": _runner(frozenset({"exec"}), spec()),
    "nodenv": _runner(frozenset({"exec"}), spec()),
    "goenv": _runner(frozenset({"exec"}), spec()),
    "jenv": _runner(frozenset({"exec"}), spec()),
    "asdf": _runner(frozenset({"exec"}), spec()),
    "mise": _subcommand_then(frozenset({"exec", "x"}), 0, EMPTY, _DASHES),
    "pixi": _runner(_RUN, spec("e", "environment manifest-path")),
    "devbox": _subcommand_then(frozenset({"run"}), 0, EMPTY, _DASHES),
    "tox": _tox,
}
RUNNERS = frozenset(_RUNNER_PEELERS)

WRAPPERS: dict[str, Peeler] = {
    "sudo": _sudo,
    "doas": _privileged(_DOAS),
    "pkexec": _privileged(_PKEXEC),
    "run0": _privileged(_RUN0),
    "env": _env,
    "command": _command,
    "builtin": _simple(spec()),
    "exec": _simple(spec("a")),
    "nohup": _simple(spec()),
    "nice": _simple(_NICE),
    "renice": _simple(spec("ngpu", "priority")),
    "time": _simple(_TIME),
    "timeout": _simple(_TIMEOUT, positionals=1),
    "stdbuf": _simple(_STDBUF),
    "ionice": _with_pid_mode(_IONICE, 0),
    "chrt": _with_pid_mode(_CHRT, 1),
    "taskset": _with_pid_mode(spec(), 1),
    "setsid": _simple(spec()),
    "flock": _flock,
    "unbuffer": _simple(spec()),
    "xargs": _xargs,
    "parallel": _parallel,
    "watch": _watch,
    "busybox": _busybox,
    "toybox": _busybox,  # Android's multi-call binary, run the same way
    "coproc": _busybox,  # `coproc CMD` runs CMD beside the shell
    "strace": _simple(_STRACE),
    "ltrace": _simple(_LTRACE),
    "chroot": _simple(_CHROOT, positionals=1),
    "runuser": _simple(_RUNUSER),
    "fakeroot": _simple(spec("sil", "")),
    "proxychains": _simple(spec("fq")),
    "proxychains4": _simple(spec("fq")),
    "torsocks": _simple(spec("uapP")),
    "caffeinate": _simple(spec("tw")),
    "valgrind": _simple(spec()),
    # Limits, personality, NUMA placement, a clock or a display for the command they run.
    "prlimit": _with_pid_mode(_PRLIMIT, 0),  # `-p PID` changes a running process
    "setarch": _setarch,
    "linux32": _simple(spec()),
    "linux64": _simple(spec()),
    "numactl": _simple(_NUMACTL),
    "faketime": _simple(spec("", "exclude-monotonic"), positionals=1),
    "xvfb-run": _simple(_XVFB_RUN),
    "dbus-run-session": _simple(spec("", "config-file dbus-daemon")),
    "catchsegv": _simple(spec()),
    # zsh's precommand modifiers
    "nocorrect": _simple(spec()),
    "noglob": _simple(spec()),
    "screen": _screen,
    "ip": _ip,
    "nsenter": _simple(spec("tSG", "target setuid setgid")),
    "rlwrap": _simple(spec("bCDefgHlMOPqSstwz", "break-chars command-name file history-filename logfile "
                           "multi-line-ext prompt-colour pre-given quote-characters substitute-prompt "
                           "histsize set-term-name screen-width filter", attached="amp")),
    "cpulimit": _cpulimit,
    "entr": _entr,
    "perf": _runner(frozenset({"record", "stat", "trace"}), _PERF),
    **_LAUNCHING_WRAPPERS,
    **_RUNNER_PEELERS,
}


_PRIVILEGED_RUNNERS = frozenset({"chroot", "runuser", "nsenter"})


def peel(words: list[str], flags: list[int]) -> Peeled | None:
    """Strip wrappers from the front of `words` (which are not modified).

    None when the first word is no wrapper, the common case.
    """
    if flags[0] & UNRESOLVED or fold_command(words[0])[1] not in WRAPPERS:
        return None
    out = Peeled(list(words), list(flags))
    for _ in range(32):
        if not out.words or out.flags[0] & UNRESOLVED:
            break
        _, name = fold_command(out.words[0])
        peeler = WRAPPERS.get(name)
        if peeler is None:
            break
        rest = out.words[1:]
        rest_flags = out.flags[1:]
        before = (out.context, out.placeholder, out.appended, out.privileged, out.chdir)
        start = peeler(rest, rest_flags, out)
        if start is None:
            # This use runs nothing (`command -v x`): undo what the peeler noted.
            out.context, out.placeholder, out.appended, out.privileged, out.chdir = before
            break
        out.wrappers.append(name)
        out.privileged = out.privileged or name in _PRIVILEGED_RUNNERS
        out.words = rest[start:]
        out.flags = rest_flags[start:]
    return out if out.wrappers else None
