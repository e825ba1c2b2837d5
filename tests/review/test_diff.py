"""Reading added lines out of git's patches, including the awkward ones (real git output)."""

from __future__ import annotations

from pathlib import Path

from review_support import git, init_repo, write
from security_hooks.review.diff import AddedFile, parse_patch
from security_hooks.review.git import PATCH_OPTIONS, Git, added_lines, changed_files, snapshot

PATCH = b"""\
diff --git a/app.py b/app.py
index 1111111..2222222 100644
--- a/app.py
+++ b/app.py
@@ -2,0 +3,2 @@ def f():
++++ not a header, an added line
+diff --git a/x b/x
@@ -10 +11 @@
-old
+new
\\ No newline at end of file
diff --git a/gone.py b/gone.py
deleted file mode 100644
--- a/gone.py
+++ /dev/null
@@ -1 +0,0 @@
-bye
diff --git a/img.png b/img.png
new file mode 100644
Binary files /dev/null and b/img.png differ
diff --git "a/sp ace/\\303\\244.py" "b/sp ace/\\303\\244.py"
new file mode 100644
--- /dev/null
+++ "b/sp ace/\\303\\244.py"
@@ -0,0 +1 @@
+x = 1
"""


def test_parse_patch() -> None:
    files = parse_patch(PATCH)
    assert files[0] == AddedFile(
        "app.py", ("+++ not a header, an added line", "diff --git a/x b/x", "new"), (3, 4, 11)
    )
    assert files[1] == AddedFile("img.png", binary=True)
    assert files[2] == AddedFile("sp ace/ä.py", ("x = 1",), (1,))
    assert len(files) == 3  # the deleted file adds nothing


def test_commits_are_tagged() -> None:
    data = b"\x00commit aaaa\n\ndiff --git a/a b/a\n--- a/a\n+++ b/a\n@@ -0,0 +1 @@\n+1\n\x00commit bbbb\n\ndiff --git a/a b/a\n--- a/a\n+++ b/a\n@@ -1 +1 @@\n-1\n+2\n"
    assert [(f.commit, f.lines) for f in parse_patch(data)] == [("aaaa", ("1",)), ("bbbb", ("2",))]


def test_real_git_renames_modes_and_spaces(tmp_path: Path) -> None:
    repo = init_repo(tmp_path / "r", {"old name.py": "a = 1\nb = 2\n", "tool.sh": "echo hi\n"})
    base = snapshot(Git(str(repo)))
    git(repo, "mv", "old name.py", "new name.py")
    write(repo, "new name.py", "a = 1\nb = 2\nc = 3\n")
    (repo / "tool.sh").chmod(0o755)
    write(repo, "dir/ünï.txt", "hello\n")
    current = snapshot(Git(str(repo)))
    g = Git(str(repo))
    changes = changed_files(g, base, current)
    assert {(c.status, c.path, c.old_path) for c in changes} == {
        ("R", "new name.py", "old name.py"),
        ("M", "tool.sh", ""),
        ("A", "dir/ünï.txt", ""),
    }
    added = {f.path: (f.lines, f.numbers) for f in added_lines(g, base, current, changes)}
    assert added == {"new name.py": (("c = 3",), (3,)), "dir/ünï.txt": (("hello",), (1,))}


def test_snapshot_of_an_unborn_repository(tmp_path: Path) -> None:
    repo = tmp_path / "fresh"
    repo.mkdir()
    git(repo, "init", "-q")
    empty = snapshot(Git(str(repo)))
    write(repo, "a.py", "x = 1\n")
    full = snapshot(Git(str(repo)))
    assert empty != full
    assert [c.path for c in changed_files(Git(str(repo)), empty, full)] == ["a.py"]
    assert not (repo / ".git" / "index").exists()


def test_patch_options_are_prefix_safe(tmp_path: Path) -> None:
    """A user's diff.noprefix or external diff must not change what we parse."""
    repo = init_repo(tmp_path / "r", {"a.py": "x = 1\n"})
    git(repo, "config", "diff.noprefix", "true")
    git(repo, "config", "diff.external", "false")
    base = snapshot(Git(str(repo)))
    write(repo, "a.py", "x = 1\ny = 2\n")
    current = snapshot(Git(str(repo)))
    out = Git(str(repo)).run("diff-tree", "-r", "-U0", *PATCH_OPTIONS, base, current)
    assert parse_patch(out) == [AddedFile("a.py", ("y = 2",), (2,))]
