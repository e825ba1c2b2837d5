from __future__ import annotations

import pytest
import re2

from security_hooks.regex import Re2Error, compile_pattern, compile_set, escape
from security_hooks.scanners._text import char_offsets, encode, lines_and_columns

EVERY_ASCII = "".join(chr(code) for code in range(128))


def test_escape_matches_re2_quotemeta_and_only_the_literal() -> None:
    text = EVERY_ASCII + "é日🔑"
    assert escape(text) == re2.escape(text)
    pattern = compile_pattern(escape(text))
    assert pattern.fullmatch(text.encode()) is not None
    assert compile_pattern(escape("a.b")).fullmatch(b"axb") is None


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [
        ("(?=secret-value)", "invalid perl operator"),
        ("(secret-value", "missing )"),
        ("secret\\1", "invalid escape sequence"),
        ("\ud800", "not valid Unicode text"),
    ],
)
def test_compile_errors_name_the_problem_not_the_pattern(pattern: str, reason: str) -> None:
    with pytest.raises(Re2Error) as caught:
        compile_pattern(pattern)
    assert str(caught.value) == reason
    assert "secret" not in str(caught.value)


def test_set_reports_indices_and_rejects_by_index() -> None:
    pattern_set = compile_set(["abc", r"\d+", "zzz"])
    assert sorted(pattern_set.Match(b"abc 42") or ()) == [0, 1]
    assert pattern_set.Match(b"nothing") is None
    with pytest.raises(Re2Error, match="^pattern 1 rejected by the set$"):
        compile_set(["ok", "(?=secret)"])


def test_anchored_set_matches_whole_input_only() -> None:
    pattern_set = compile_set(["a+", "b"], anchored=True)
    assert pattern_set.Match(b"aaa") == [0]
    assert pattern_set.Match(b"aab") is None


def test_char_offsets_and_lines() -> None:
    text = "añ\n日x\ud800y"
    data = encode(text)
    offsets = char_offsets(text, data, [0, len("añ\n".encode()), len(data)])
    assert offsets == {0: 0, 4: 3, len(data): len(text)}
    assert lines_and_columns(text, [0, 3, 5, 6]) == [(1, 1), (2, 1), (2, 3), (2, 4)]
