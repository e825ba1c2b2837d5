"""What `printf` prints, as the feeds into xargs and the written files read it."""

from __future__ import annotations

import pytest

from security_hooks.shell.effects import printf_output


@pytest.mark.parametrize(
    ("args", "printed"),
    [
        (["/etc\\n"], "/etc\n"),
        (["%s\\0", "/root"], "/root\0"),
        (["%s\\n", "a", "b"], "a\nb\n"),  # the format is used again while arguments are left
        (["%s=%s\\n", "a", "1", "b"], "a=1\nb=\n"),
        (["%b", "x\\ty"], "x\ty"),
        (["100%%"], "100%"),
        (["--", "x\\ty"], "x\ty"),
        (["%5.2f", "3"], "%5.2f 3"),  # a conversion it does not read: the words, joined
        (["-v", "name", "%s", "x"], None),  # into a variable: prints nothing
        ([], ""),
    ],
)
def test_printf_output(args: list[str], printed: str | None) -> None:
    assert printf_output(args) == printed
