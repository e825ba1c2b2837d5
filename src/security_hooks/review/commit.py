"""What a `git commit` or `git push` is about to publish, for the commit gate's validators.

`git commit` publishes the staged changes; with `-a` (`-am`, `--all`) also the tracked
files' unstaged changes; with pathspecs, those paths' changes. A `git add` earlier in
the same command line (`git add -A && git commit -m x`, a common spelling) has not run
yet when PreToolUse fires, so its paths are read as they will be staged: their
unstaged changes and their untracked files.

`git push` publishes the commits the remote does not have: those reachable from what
is pushed (HEAD, the refspecs' sources, or every branch with `--all`) and from no
remote-tracking branch, which is `@{u}..HEAD` when there is an upstream and every
unpublished commit when there is none (at most `MAX_COMMITS`).

The git command's own `-C`, `--git-dir` and `--work-tree` are honoured; its `-c`
options are not (a configuration value can name a program to run).
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from dataclasses import dataclass

from ..engine.event import Event
from ..engine.families.base import Subject
from ..engine.families.bash import BashView
from ..engine.predicates_bash import GIT_OPTIONS_WITH_VALUE
from ..shell.model import Segment
from . import git as gitmod
from .diff import AddedFile, parse_patch
from .findings import Finding

MAX_COMMITS = 200
MAX_UNTRACKED = 50
MAX_UNTRACKED_BYTES = 1 << 20
COMMIT_VALUE_SHORT = frozenset("mFcCt")  # take the rest of the word, or the next word
COMMIT_OPTIONAL_SHORT = frozenset("Su")  # take the rest of the word only
COMMIT_VALUE_LONG = frozenset(
    {
        "--message", "--file", "--reuse-message", "--reedit-message", "--fixup", "--squash",
        "--author", "--date", "--template", "--cleanup", "--trailer", "--pathspec-from-file",
    }
)  # fmt: skip
ADD_VALUE_LONG = frozenset({"--chmod", "--pathspec-from-file"})
PUSH_VALUE = frozenset({"--repo", "--receive-pack", "--exec", "-o", "--push-option"})


@dataclass(frozen=True)
class GitCall:
    """A git command line as git would read it: where it runs and what it does."""

    directory: str
    options: tuple[str, ...]  # --git-dir / --work-tree, to repeat on our own calls
    subcommand: str | None
    args: tuple[str, ...]  # the words after the subcommand


def read_git_call(segment: Segment, event: Event) -> GitCall:
    directory = segment.cwd or event.cwd
    options: list[str] = []
    words = segment.argv[1:]
    i = 0
    while i < len(words):
        word = words[i]
        value = words[i + 1] if i + 1 < len(words) else ""
        if word == "-C":
            directory = os.path.normpath(os.path.join(directory, os.path.expanduser(value)))
        elif word in ("--git-dir", "--work-tree"):
            options.append(f"{word}={_absolute(value, directory)}")
        elif word.startswith(("--git-dir=", "--work-tree=")):
            name, _, path = word.partition("=")
            options.append(f"{name}={_absolute(path, directory)}")
        if word in GIT_OPTIONS_WITH_VALUE:
            i += 2
        elif word.startswith("-"):
            i += 1
        else:
            return GitCall(directory, tuple(options), word, tuple(words[i + 1 :]))
    return GitCall(directory, tuple(options), None, ())


def _absolute(path: str, directory: str) -> str:
    return os.path.normpath(os.path.join(directory, os.path.expanduser(path)))


@dataclass(frozen=True)
class CommitScope:
    all_tracked: bool  # -a / --all
    paths: tuple[str, ...]  # pathspecs given to commit


def commit_scope(args: Sequence[str]) -> CommitScope:
    all_tracked = False
    paths: list[str] = []
    i = 0
    while i < len(args):
        word = args[i]
        if word == "--":
            paths.extend(args[i + 1 :])
            break
        if word == "--all":
            all_tracked = True
        elif word in COMMIT_VALUE_LONG:
            i += 1
        elif word.startswith("--"):
            pass
        elif word.startswith("-") and len(word) > 1:
            letters, takes_next = _short_cluster(word[1:])
            all_tracked = all_tracked or "a" in letters
            i += 1 if takes_next else 0
        else:
            paths.append(word)
        i += 1
    return CommitScope(all_tracked, tuple(paths))


def _short_cluster(cluster: str) -> tuple[str, bool]:
    """(flag letters before any option that takes a value, whether the next word is a value)."""
    for index, letter in enumerate(cluster):
        if letter in COMMIT_VALUE_SHORT:
            return cluster[:index], index == len(cluster) - 1
        if letter in COMMIT_OPTIONAL_SHORT:
            return cluster[:index], False
    return cluster, False


def add_paths(args: Sequence[str]) -> tuple[str, ...]:
    """The pathspecs a `git add` stages (`.` for -A/--all/-u without paths)."""
    paths: list[str] = []
    everything = False
    i = 0
    while i < len(args):
        word = args[i]
        if word == "--":
            paths.extend(args[i + 1 :])
            break
        if word in ADD_VALUE_LONG:
            i += 1
        elif word in ("-A", "--all", "-u", "--update", "--no-ignore-removal"):
            everything = True
        elif not word.startswith("-"):
            paths.append(word)
        i += 1
    return tuple(paths) if paths else ((".",) if everything else ())


def commit_additions(
    call: GitCall, pending_adds: Sequence[str], timeout: float
) -> tuple[str, list[AddedFile]]:
    """(repository root, what the commit would add). Raises GitError."""
    git = gitmod.Git(call.directory, timeout, prefix=call.options, deadline=time.monotonic() + timeout)
    root = git.text("rev-parse", "--show-toplevel")
    scope = commit_scope(call.args)
    files = parse_patch(git.run("diff", "--cached", "-U0", "-M", *gitmod.PATCH_OPTIONS))
    if scope.all_tracked or scope.paths:
        files += parse_patch(git.run("diff", "-U0", "-M", *gitmod.PATCH_OPTIONS, "--", *scope.paths))
    if pending_adds:
        files += parse_patch(git.run("diff", "-U0", "-M", *gitmod.PATCH_OPTIONS, "--", *pending_adds))
        files += untracked_files(git, root, pending_adds)
    return root, files


def untracked_files(git: gitmod.Git, root: str, paths: Sequence[str]) -> list[AddedFile]:
    """Untracked, not ignored files under `paths`, read whole (text files only)."""
    out = git.run("ls-files", "-z", "--others", "--exclude-standard", "--full-name", "--", *paths)
    files: list[AddedFile] = []
    for name in out.decode("utf-8", "replace").split("\0")[:MAX_UNTRACKED]:
        if not name:
            continue
        text = _read_text(os.path.join(root, name))
        if text is None:
            continue
        lines = tuple(text.splitlines())
        files.append(AddedFile(name, lines, tuple(range(1, len(lines) + 1))))
    return files


def _read_text(path: str) -> str | None:
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_UNTRACKED_BYTES)
    except OSError:
        return None
    if b"\0" in data[:8192]:
        return None  # binary
    return data.decode("utf-8", "replace")


def push_revisions(args: Sequence[str]) -> list[str]:
    """What a `git push` sends: HEAD, the refspecs' sources, or every branch."""
    operands: list[str] = []
    revisions: list[str] = []
    i = 0
    while i < len(args):
        word = args[i]
        if word in PUSH_VALUE:
            i += 1
        elif word in ("--all", "--branches", "--mirror"):
            revisions.append("--branches")
        elif word == "--tags":
            revisions.append("--tags")
        elif not word.startswith("-"):
            operands.append(word)
        i += 1
    for refspec in operands[1:]:  # the first operand is the remote
        source = refspec.lstrip("+").split(":", 1)[0]
        if source:
            revisions.append(source)
    return revisions or ["HEAD"]


def push_additions(call: GitCall, timeout: float) -> tuple[str, list[AddedFile]]:
    """(repository root, the lines the unpublished commits add). Raises GitError."""
    git = gitmod.Git(call.directory, timeout, prefix=call.options, deadline=time.monotonic() + timeout)
    root = git.text("rev-parse", "--show-toplevel")
    out = git.run(
        "log",
        "-p",
        "-U0",
        "-M",
        "--ignore-missing",
        f"--max-count={MAX_COMMITS}",
        "--format=%x00commit %H",
        *gitmod.PATCH_OPTIONS[1:],
        *push_revisions(call.args),
        "--not",
        "--remotes",
        "--",
    )
    return root, parse_patch(out)


Changes = tuple[str, list[AddedFile]]


def gate_changes(subject: Subject, subcommand: str, timeout: float) -> Changes | None:
    """What the unit's `git commit` or `git push` would publish: (root, added lines).

    None when the unit is not that git command, or git cannot tell in `timeout` seconds
    (not a repository, git missing or too slow): the gate then stays out of the way.
    """
    segment = subject.unit
    if not isinstance(segment, Segment) or segment.name != "git":
        return None
    call = read_git_call(segment, subject.event)
    if call.subcommand != subcommand:
        return None
    try:
        if subcommand == "push":
            return push_additions(call, timeout)
        return commit_additions(call, pending_adds(subject, segment), timeout)
    except gitmod.GitError:
        return None


def pending_adds(subject: Subject, segment: Segment) -> tuple[str, ...]:
    """Absolute pathspecs of the `git add` commands that run before `segment`."""
    view = subject.prepared
    if not isinstance(view, BashView):
        return ()
    paths: list[str] = []
    for earlier in view.analysis.segments:
        if earlier is segment:
            break
        if earlier.name != "git":
            continue
        call = read_git_call(earlier, subject.event)
        if call.subcommand == "add":
            paths.extend(_absolute(path, call.directory) for path in add_paths(call.args))
    return tuple(dict.fromkeys(paths))


def finding_variables(findings: Sequence[Finding]) -> dict[str, str] | None:
    """Nudge variables for the gate's rules: {secret_kind}, {location}, {more}, {findings}."""
    if not findings:
        return None
    first = findings[0]
    others = "; ".join(f.summary() for f in findings[1:6])
    extra = len(findings) - 6
    more = f" (also: {others}{f' and {extra} more' if extra > 0 else ''})" if others else ""
    listed = "; ".join(f.summary() for f in findings[:6])
    return {"secret_kind": first.kind, "location": first.where, "more": more, "findings": listed}
