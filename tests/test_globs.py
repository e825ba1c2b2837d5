from __future__ import annotations

import pytest

from security_hooks.globs import glob_matches, glob_to_regex, normalise_path


@pytest.mark.parametrize(
    ("glob", "path", "expected"),
    [
        ("**/*.py", "/home/dev/app/main.py", True),
        ("**/*.py", "main.py", True),
        ("**/*.py", "/home/dev/app/main.pyc", False),
        ("**/*.py", "C:\\proj\\main.py", True),
        ("*.py", "main.py", True),
        ("*.py", "src/main.py", False),
        ("*", "a/b", False),
        ("src/*.py", "src/a.py", True),
        ("src/*.py", "src/sub/a.py", False),
        ("src/**", "src", True),
        ("src/**", "src/a/b/c.txt", True),
        ("src/**", "srcx/a", False),
        ("a/**/b.txt", "a/b.txt", True),
        ("a/**/b.txt", "a/x/y/b.txt", True),
        ("a/**/b.txt", "a/x/y/c.txt", False),
        ("**/tests/**", "/repo/tests", True),
        ("**/tests/**", "/repo/tests/unit/test_a.py", True),
        ("**/tests/**", "/repo/contests/a.py", False),
        ("**/.github/workflows/**", "/repo/.github/workflows/ci.yml", True),
        ("**/.github/workflows/**", ".github/workflows/ci.yml", True),
        ("**/.github/workflows/**", "/repo/.github/dependabot.yml", False),
        ("**", "/anything/at/all", True),
        ("**/*.py", "odd\nname/c.py", True),
        ("src/**/test_*.py", "src/pkg/tests/test_a.py", True),
        ("a**b", "axxb", True),
        ("a**b", "a/b", False),
        ("?.py", "a.py", True),
        ("?.py", "ab.py", False),
        ("a?b", "a/b", False),
        ("[abc].txt", "b.txt", True),
        ("[abc].txt", "d.txt", False),
        ("[!abc].txt", "d.txt", True),
        ("[!abc].txt", "a.txt", False),
        ("[^abc].txt", "d.txt", True),
        ("x[!a]y", "x/y", False),
        ("[a-c]x", "bx", True),
        ("[a-c]x", "dx", False),
        ("[a-]x", "-x", True),
        ("[]]", "]", True),
        ("x[", "x[", True),
        ("\\*.py", "*.py", True),
        ("\\*.py", "a.py", False),
        ("file.txt", "file.txt", True),
        ("file.txt", "fileXtxt", False),
        ("(a|b)+", "(a|b)+", True),
        ("(a|b)+", "a", False),
        ("über/*.md", "über/ß.md", True),
    ],
)
def test_glob_table(glob: str, path: str, expected: bool) -> None:
    assert glob_matches(glob, path) is expected


def test_translation_shapes() -> None:
    assert glob_to_regex("**/*.py") == r"(?s:.*/)?[^/]*\.py"
    assert glob_to_regex("a/**") == "a(?s:/.*)?"
    assert glob_to_regex("[!a]?") == "[^/a][^/]"


def test_pathological_glob_is_linear() -> None:
    glob = "*a" * 40 + "b"
    assert not glob_matches(glob, "a" * 50_000)


def test_normalise_path() -> None:
    assert normalise_path("C:\\a\\b.py") == "C:/a/b.py"
