"""Git settings read from a command line: `-c KEY=VALUE` and `git config [set] KEY VALUE`."""

from __future__ import annotations

import pytest

from security_hooks.shell.options import git_settings


@pytest.mark.parametrize(
    ("words", "settings"),
    [
        (("-c", "core.pager=less", "log"), [("core.pager", "less")]),
        (("-c", "a.b=1", "-c", "c.d=x=y", "status"), [("a.b", "1"), ("c.d", "x=y")]),
        (("config", "core.hooksPath", ".githooks"), [("core.hooksPath", ".githooks")]),
        (("config", "--global", "user.email", "a@b.c"), [("user.email", "a@b.c")]),
        (("config", "set", "core.editor", "vim"), [("core.editor", "vim")]),
        (("config", "--file", "f.cfg", "core.pager", "cat"), [("core.pager", "cat")]),
        (("config", "--type", "bool", "core.bare", "true"), [("core.bare", "true")]),
        (("-C", "repo", "config", "k.v", "1"), [("k.v", "1")]),
        (("config", "core.pager"), []),  # a read
        (("config", "--unset", "core.pager"), []),
        (("log", "--format=%H"), []),
    ],
)
def test_git_settings(words: tuple[str, ...], settings: list[tuple[str, str]]) -> None:
    assert git_settings(words) == settings
