"""`paths.realpath` gives exactly what `os.path.realpath` gives, on every kind of path."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from security_hooks.engine import paths


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A project with the links an agent could plant: into a secret directory, to a
    file, dangling, in a loop, and a directory reached through a linked parent."""
    root = tmp_path.resolve()
    (root / "project" / "src").mkdir(parents=True)
    (root / "project" / "src" / "app.py").write_text("x")
    (root / "home" / ".ssh").mkdir(parents=True)
    (root / "home" / ".ssh" / "id_rsa").write_text("key")
    (root / "project" / "keys").symlink_to(root / "home" / ".ssh")
    (root / "project" / "key").symlink_to(root / "home" / ".ssh" / "id_rsa")
    (root / "project" / "dangling").symlink_to(root / "home" / ".ssh" / "authorized_keys")
    (root / "project" / "loop").symlink_to(root / "project" / "loop")
    (root / "project" / "relative").symlink_to("src")
    (root / "linked-project").symlink_to(root / "project")
    (root / "project" / "dangling-dir").symlink_to(root / "home" / ".config" / "not-yet")
    return root


CASES = [
    "project",
    "project/src",
    "project/src/app.py",
    "project/src/new.py",
    "project/missing/dir/new.py",
    "project/keys",
    "project/keys/id_rsa",
    "project/keys/authorized_keys",
    "project/key",
    "project/dangling",
    "project/loop",
    "project/loop/x",
    "project/relative/app.py",
    "linked-project/src/app.py",
    "linked-project/keys/new",
    "linked-project",
    "nowhere/at/all",
    "project/dangling-dir/new/file",  # a dangling link on the way, not at the end
    "project/dangling-dir/file",
    "project/new-dir/deeper/file.txt",
    "project/src/app.py/not-a-dir",  # a file where a directory should be
    "project/key/x",  # a link to a file, on the way
    "project/dangling/x",  # a dangling link to a file, on the way
    "project/relative",  # a relative link to a directory, at the end
    "project/loop/x/y",
    "linked-project/missing/new.py",
]


@pytest.mark.parametrize("relative", CASES)
def test_realpath_agrees_with_the_standard_library(tree: Path, relative: str) -> None:
    path = os.path.normpath(str(tree / relative))
    assert paths.realpath(path) == os.path.realpath(path)


@pytest.mark.parametrize("path", ["/", "/etc", "/etc/passwd", "/no-such-dir-here", "/no-such/file"])
def test_realpath_at_the_root(path: str) -> None:
    assert paths.realpath(path) == os.path.realpath(path)


def test_a_link_into_a_secret_directory_is_resolved(tree: Path) -> None:
    resolved = paths.resolve("keys/authorized_keys", home=str(tree / "home"), cwd=str(tree / "project"))
    assert resolved == str(tree / "home" / ".ssh" / "authorized_keys")


def test_real_dir_of_a_linked_project(tree: Path) -> None:
    assert paths.real_dir(str(tree / "linked-project") + "/") == str(tree / "project")
