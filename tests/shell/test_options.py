"""Options read from a command line: git settings (`-c KEY=VALUE`, `git config [set] KEY
VALUE`), and one option's values, with or without the command's own option table."""

from __future__ import annotations

import pytest

from security_hooks.shell.options import COMMAND_OPTIONS, git_settings, option_value, spec, values_of


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


# mysql's table: -e/-u/... take a value, -p only attached, --execute and --user long.
MYSQL = spec("eDhuPSO", "execute user", attached="p")


@pytest.mark.parametrize(
    ("words", "values"),
    [
        (("mysql", "-e", "SQL"), ["SQL"]),
        (("mysql", "-eSQL"), ["SQL"]),
        (("mysql", "-Bse", "SQL", "db"), ["SQL"]),  # a cluster ending in it
        (("mysql", "--execute=SQL"), ["SQL"]),
        (("mysql", "--execute", "SQL"), ["SQL"]),
        (("mysql", "-e", "A", "-e", "B"), ["A", "B"]),
        (("mysql", "-pSecret", "db"), []),  # the e of a password is no option
        (("mysql", "-p", "-e", "SQL"), ["SQL"]),  # a bare -p takes nothing
        (("mysql", "-u", "-e", "db"), []),  # -u's value, however it looks
        (("mysql", "--user", "-e", "db"), []),
        (("mysql", "--", "-e", "SQL"), []),
        (("mysql", "db", "-e"), []),  # no value left
    ],
)
def test_values_of_follows_the_option_table(words: tuple[str, ...], values: list[str]) -> None:
    assert values_of(words, 1, MYSQL, "e", "execute") == values


def test_values_of_a_long_option_not_in_the_table_are_attached_only() -> None:
    """`--pager` alone means the default pager; the next word is the database."""
    assert values_of(("mysql", "--pager", "db"), 1, MYSQL, "", "pager") == []
    assert values_of(("mysql", "--pager=less -S", "db"), 1, MYSQL, "", "pager") == ["less -S"]


CURL = COMMAND_OPTIONS["curl"]


@pytest.mark.parametrize(
    ("words", "with_table", "without"),
    [
        (("-d", "@f"), ["@f"], ["@f"]),
        (("-d@f",), ["@f"], ["@f"]),
        (("--data", "@f"), ["@f"], ["@f"]),
        (("--data=@f",), ["@f"], ["@f"]),
        (("-sd", "@f"), ["@f"], ["@f"]),  # a cluster ending in it
        (("-Hx-d", "-d", "@f"), ["@f"], ["-d", "@f"]),  # `x-d` is -H's value; -d still read
        # -H's value, however it looks; only the table knows -H takes one
        (("-H", "-d", "-d", "@f"), ["@f"], ["-d"]),
        (("--header", "-d", "-d", "@f"), ["@f"], ["-d"]),
        (("-oout-d", "-d", "@f"), ["@f"], ["-d", "@f"]),
        (("--", "-d", "@f"), [], ["@f"]),  # no options after --
        (("--data-binary", "@f"), [], []),  # another option
        (("url", "-d"), [], []),  # no value left
    ],
)
def test_option_value_reads_clusters_without_hiding_the_next_option(
    words: tuple[str, ...], with_table: list[str], without: list[str]
) -> None:
    """Without the table, a letter late in a cluster may belong to another option's
    value; its value is taken, but the next word is still read as an option."""
    assert option_value(words, "d", "data", CURL) == with_table
    assert option_value(words, "d", "data") == without
