"""Git, as the review layers use it: read-only on the user's index, stash and refs.

Every call runs with a timeout, `GIT_OPTIONAL_LOCKS=0` (no opportunistic index
refresh), no terminal prompt, no pager, no fsmonitor hook, no external diff or textconv
driver, and literal pathspecs. Variables that would point git at another repository or
index (GIT_DIR, GIT_INDEX_FILE, ...) are removed from the environment.

A working-tree snapshot is a tree object: the user's index is copied to a temporary
file (for its stat data, so unchanged files are not hashed again), `git add -A` runs
against the copy (so .gitignore is respected and untracked files are included), and
`git write-tree` names the result. Blobs land in the object store as unreachable
objects, which `git gc` eventually prunes; nothing else in the repository changes.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from . import proc
from .diff import AddedFile, parse_patch

SAFE_CONFIG = (
    "-c", "core.fsmonitor=false",
    "-c", "core.quotepath=off",
    "-c", "diff.noprefix=false",
    "-c", "diff.mnemonicPrefix=false",
    "-c", "color.ui=false",
    "-c", "log.showSignature=false",
)  # fmt: skip
PATCH_OPTIONS = (
    "-p",
    "--no-color",
    "--no-ext-diff",
    "--no-textconv",
    "--src-prefix=a/",
    "--dst-prefix=b/",
)
DROPPED_ENV = (
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_COMMON_DIR",
    "GIT_NAMESPACE",
    "GIT_CONFIG_PARAMETERS",
    "GIT_CONFIG_COUNT",
    "GIT_EXTERNAL_DIFF",
    "GIT_PAGER",
)
FIXED_ENV = {
    "GIT_OPTIONAL_LOCKS": "0",
    "GIT_TERMINAL_PROMPT": "0",
    "GIT_LITERAL_PATHSPECS": "1",
    "GIT_PAGER": "cat",
    "PAGER": "cat",
    "GIT_EDITOR": "true",
    "LC_ALL": "C",
}
EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"


class GitError(Exception):
    """A git call failed or timed out; the message is one line."""


class GitTimeout(GitError):
    """A git call ran out of time (its own timeout, or the caller's deadline)."""


@dataclass(frozen=True)
class Git:
    """Git in one repository (or one directory to ask about), with a per-call timeout."""

    cwd: str
    timeout: float = 10.0
    environ: Mapping[str, str] | None = None  # default: this process's environment
    prefix: tuple[str, ...] = ()  # global options such as --git-dir=...
    deadline: float | None = None  # time.monotonic() by which every call must be done

    def run(
        self,
        *args: str,
        index_file: str | None = None,
        ok: Sequence[int] = (0,),
        max_output: int = proc.MAX_OUTPUT,
    ) -> bytes:
        env = {k: v for k, v in (self.environ or os.environ).items() if k not in DROPPED_ENV}
        env.update(FIXED_ENV)
        if index_file is not None:
            env["GIT_INDEX_FILE"] = index_file
        argv = ("git", *SAFE_CONFIG, *self.prefix, *args)
        timeout = self.timeout
        if self.deadline is not None:
            timeout = min(timeout, self.deadline - time.monotonic())
            if timeout <= 0:
                raise GitTimeout(f"no time left for git {args[0]}")
        try:
            done = proc.run(argv, cwd=self.cwd, timeout=timeout, env=env, max_output=max_output)
        except OSError as exc:
            raise GitError(f"cannot run git ({exc.strerror or type(exc).__name__})") from None
        if done.timed_out:
            raise GitTimeout(f"git {args[0]} timed out after {timeout:.3g} s")
        if done.returncode not in ok:
            raise GitError(f"git {args[0]} failed: {done.first_error_line() or f'exit {done.returncode}'}")
        return done.stdout

    def text(self, *args: str) -> str:
        return self.run(*args).decode("utf-8", "replace").strip()


def repo_root(directory: str, *, timeout: float, environ: Mapping[str, str] | None = None) -> str | None:
    """The top of the work tree containing `directory`, or None outside a repository."""
    if not os.path.isdir(directory):
        return None
    try:
        root = Git(directory, timeout, environ).text("rev-parse", "--show-toplevel")
    except GitError:
        return None
    return root or None


def snapshot(git: Git) -> str:
    """The tree id of the whole working tree (tracked and untracked, minus ignored files)."""
    index = git.text("rev-parse", "--git-path", "index")
    index = os.path.join(git.cwd, index)
    with tempfile.TemporaryDirectory(prefix="security-hooks-") as scratch:
        temp_index = os.path.join(scratch, "index")
        try:
            shutil.copyfile(index, temp_index)
        except OSError:
            pass  # no index yet (a fresh repository): add -A builds one
        try:
            git.run("add", "-A", "--ignore-errors", index_file=temp_index, ok=(0, 1))
        except GitError:
            # An index git cannot extend (split index, odd extensions): start from nothing.
            if os.path.exists(temp_index):
                os.unlink(temp_index)
            git.run("add", "-A", "--ignore-errors", index_file=temp_index, ok=(0, 1))
        if not os.path.exists(temp_index):
            return EMPTY_TREE
        return git.run("write-tree", index_file=temp_index).decode("ascii", "replace").strip()


@dataclass(frozen=True)
class Change:
    status: str  # A, M, D, R, C, T
    path: str
    old_path: str = ""


def changed_files(git: Git, base: str, current: str) -> list[Change]:
    """Files that differ between two trees, renames detected, in git's order."""
    out = git.run("diff-tree", "-r", "-z", "-M", "--no-ext-diff", "--name-status", base, current)
    fields = out.decode("utf-8", "surrogateescape").split("\0")
    changes: list[Change] = []
    i = 0
    while i < len(fields) - 1:
        status = fields[i]
        if not status:
            i += 1
            continue
        kind = status[0]
        if kind in "RC" and i + 2 < len(fields):
            changes.append(Change(kind, _clean(fields[i + 2]), _clean(fields[i + 1])))
            i += 3
        else:
            changes.append(Change(kind, _clean(fields[i + 1])))
            i += 2
    return changes


def added_lines(git: Git, base: str, current: str, changes: Sequence[Change]) -> list[AddedFile]:
    """The lines the given changes add, with their line numbers in the new version."""
    paths = _pathspec(changes)
    if not paths:
        return []
    out = git.run("diff-tree", "-r", "-M", "-U0", *PATCH_OPTIONS, base, current, "--", *paths)
    return parse_patch(out)


def patch_text(git: Git, base: str, current: str, changes: Sequence[Change], limit: int) -> tuple[str, bool]:
    """A readable patch (3 lines of context) of the changes, cut at `limit` bytes."""
    paths = _pathspec(changes)
    if not paths:
        return "", False
    out = git.run("diff-tree", "-r", "-M", *PATCH_OPTIONS, base, current, "--", *paths, max_output=limit)
    return out.decode("utf-8", "replace"), len(out) >= limit


def _pathspec(changes: Sequence[Change]) -> list[str]:
    paths: list[str] = []
    for change in changes:
        if change.status == "D":
            continue
        paths.append(change.path)
        if change.old_path:
            paths.append(change.old_path)  # rename detection needs both sides in the pathspec
    return list(dict.fromkeys(paths))


def _clean(path: str) -> str:
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
