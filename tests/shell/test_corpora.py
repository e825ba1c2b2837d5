"""Every real one-liner of the benign corpora parses without an internal error.

The corpora live outside the repository; `SECURITY_HOOKS_CORPORA` points at
them (default: `../shared/corpora` from the repository root). They are third-party
data that a checkout may not have beside it: without them these tests are skipped,
and the skip names the directory they looked in (shown by pytest's `-ra` summary).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from security_hooks.shell.analyze import _analyze

REPO_ROOT = Path(__file__).resolve().parents[2]


def _corpora_dir() -> Path:
    configured = os.environ.get("SECURITY_HOOKS_CORPORA")
    return Path(configured) if configured else (REPO_ROOT / ".." / "shared" / "corpora").resolve()


def _read(name: str) -> list[dict[str, object]]:
    path = _corpora_dir() / name
    if not path.is_file():
        pytest.skip(
            f"corpus {path} is not there: set SECURITY_HOOKS_CORPORA to the directory holding "
            f"benign-nl2bash.jsonl and benign-tldr.jsonl to run this test"
        )
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _nl2bash() -> list[str]:
    return [str(entry["command"]) for entry in _read("benign-nl2bash.jsonl")]


def _tldr_shell() -> list[str]:
    return [
        str(entry["command"])
        for entry in _read("benign-tldr.jsonl")
        if entry.get("variant") in ("concrete", "literal") and entry.get("kind") == "shell"
    ]


def _check_all(commands: list[str]) -> None:
    failures: list[str] = []
    total_segments = 0
    for command in commands:
        try:
            analysis = _analyze(command, "/home/dev/project", "/home/dev", 6)
        except Exception as error:  # noqa: BLE001 - collect them all, then report
            failures.append(f"{command!r}: {type(error).__name__}: {error}")
            continue
        assert analysis.raw == command
        total_segments += len(analysis.segments)
    assert not failures, f"{len(failures)} commands raised:\n" + "\n".join(failures[:20])
    # Real commands run something: nearly every line yields at least one segment.
    assert total_segments >= len(commands)


def test_nl2bash_corpus_never_raises() -> None:
    commands = _nl2bash()
    assert len(commands) > 10_000
    _check_all(commands)


def test_tldr_shell_lines_never_raise() -> None:
    commands = _tldr_shell()
    assert len(commands) > 20_000
    _check_all(commands)


def test_nl2bash_parses_cleanly_for_the_most_part() -> None:
    commands = _nl2bash()
    clean = sum(_analyze(c, "/p", "/h", 6).parse_ok for c in commands)
    assert clean / len(commands) > 0.97


def test_plain_word_shortcut_agrees_with_the_full_word_walk(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from security_hooks.shell import commands

    shortcut = commands.plain_words
    taken = 0

    def counting(text: str) -> list[str] | None:
        nonlocal taken
        words = shortcut(text)
        taken += words is not None
        return words

    corpus = _nl2bash() + _tldr_shell()
    monkeypatch.setattr(commands, "plain_words", counting)
    fast = [_analyze(c, "/home/dev/project", "/home/dev", 6) for c in corpus]
    monkeypatch.setattr(commands, "plain_words", lambda text: None)
    slow = [_analyze(c, "/home/dev/project", "/home/dev", 6) for c in corpus]
    assert taken > len(corpus) // 2  # the shortcut is the common case
    differing = [c for c, a, b in zip(corpus, fast, slow, strict=True) if a != b]
    assert not differing, f"{len(differing)} differ, e.g. {differing[:5]}"
