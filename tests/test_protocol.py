"""The wire framing's edge cases, and the spool directory the shell client writes into."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from security_hooks.daemon import spool
from security_hooks.protocol import RS, encode_response, encode_shell_response, parse_response


def test_a_shell_answer_keeps_every_byte_of_stdout_and_stderr() -> None:
    assert encode_shell_response(0, b'{"a": "%s\\n"}\n', b"") == b'SH1 0\n{"a": "%s\\n"}\n' + RS + RS + b"."
    assert encode_shell_response(2, b"", b"reason\n") == b"SH1 2\n" + RS + b"reason\n" + RS + b"."


def test_a_shell_answer_cannot_carry_nul_or_the_separator() -> None:
    assert encode_shell_response(2, b"", b"a\x00b" + RS + b"c") == b"SH1 2\n" + RS + b"a?b?c" + RS + b"."
    assert encode_shell_response(0, b"a\x00b", b"") is None
    assert encode_shell_response(0, b"a" + RS, b"") is None


def test_the_spool_directory_is_private_and_swept_of_old_files(tmp_path: Path) -> None:
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    directory = spool.prepare(runtime)
    assert directory == runtime / "spool" and (directory.stat().st_mode & 0o777) == 0o700
    (directory / "1").write_text("left by a client killed mid-call")
    (directory / "2").write_text("a call in progress")
    old = time.time() - spool.STALE_SECONDS - 60
    os.utime(directory / "1", (old, old))
    spool.prepare(runtime)
    assert sorted(os.listdir(directory)) == ["2"]


def test_an_answer_is_read_whole_with_its_exit_code() -> None:
    assert parse_response(encode_response(2, b"", b"denied\n")) == ("ok", 2, b"", b"denied\n")
    assert parse_response(encode_response(0, b"{}", b"")) == ("ok", 0, b"{}", b"")


@pytest.mark.parametrize(
    "answer",
    [
        encode_response(1, b"", b"x"),  # Claude Code reads exit 1 as "go ahead"
        encode_response(3, b"", b""),
        b"SH1 0 12\n{}",  # cut short
        b"SH1 0\n",
        b"HTTP/1.1 200 OK\r\n",
    ],
)
def test_an_answer_hooks_never_get_is_no_answer(answer: bytes) -> None:
    with pytest.raises(ValueError):
        parse_response(answer)
