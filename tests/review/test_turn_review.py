"""The end-of-turn review: baseline on UserPromptSubmit, diff and scan at Stop."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from review_support import Session, fake_program, git, make_session, write
from scanners.fake_secrets import make, planted


@pytest.fixture
def session(tmp_path: Path) -> Session:
    return make_session(tmp_path)


def test_a_secret_written_by_bash_during_the_turn_blocks_stop(session: Session) -> None:
    session.prompt()
    snippet, secret = planted("aws-access-key-id", 3)
    # Written the way a Bash command would: no Edit or Write hook ever saw it.
    subprocess.run(["sh", "-c", f"printf '%s\\n' '{snippet}' > settings.py"], cwd=session.project, check=True)
    decision, output = session.stop()
    assert decision.verdict == "deny" and decision.rule == "end-of-turn-review"
    assert output["decision"] == "block"
    assert "settings.py:1 AWS access key" in output["reason"]
    assert secret not in str(output)
    assert "hookSpecificOutput" not in output  # the reason alone carries the instruction


def test_a_clean_turn_passes_silently(session: Session) -> None:
    session.prompt()
    write(session.project, "src/app.py", "def add(a, b):\n    return a + b\n")
    decision, output = session.stop()
    assert decision.verdict == "allow" and output == {}


def test_only_this_turns_additions_count(session: Session) -> None:
    """A secret that was already in the tree when the turn began is not this turn's doing."""
    write(session.project, "old.env.py", planted("github-token", 1)[0] + "\n")
    session.prompt()
    write(session.project, "new.py", "print('hello')\n")
    assert session.stop()[0].verdict == "allow"


def test_edits_to_tracked_files_are_reported_at_their_line(session: Session) -> None:
    write(session.project, "app.py", "a = 1\nb = 2\nc = 3\n")
    git(session.project, "add", "-A")
    git(session.project, "commit", "-q", "-m", "app")
    session.prompt()
    write(session.project, "app.py", "a = 1\nb = 2\nresult = eval(user_input)\nc = 3\n")
    decision, output = session.stop()
    assert decision.verdict == "deny"
    assert "app.py:3 eval_call" in output["reason"]
    assert "eval() runs a string as code" in output["reason"]  # the pattern's advice


def test_ignored_files_are_not_reviewed(session: Session) -> None:
    write(session.project, ".gitignore", "local/\n")
    git(session.project, "add", "-A")
    git(session.project, "commit", "-q", "-m", "ignore")
    session.prompt()
    write(session.project, "local/secrets.py", planted("stripe-live-key", 0)[0] + "\n")
    assert session.stop()[0].verdict == "allow"


def test_the_users_index_and_stash_are_untouched(session: Session) -> None:
    write(session.project, "staged.py", "x = 1\n")
    git(session.project, "add", "staged.py")
    index = (session.project / ".git" / "index").read_bytes()
    status = git(session.project, "status", "--porcelain")
    session.prompt()
    write(session.project, "leak.py", planted("openai-api-key", 2)[0] + "\n")
    session.stop()
    assert (session.project / ".git" / "index").read_bytes() == index
    assert git(session.project, "status", "--porcelain") == status + "?? leak.py\n"
    assert git(session.project, "stash", "list") == ""


def test_stop_hook_active_and_three_consecutive_blocks(session: Session) -> None:
    session.prompt()
    write(session.project, "leak.py", planted("anthropic-api-key", 0)[0] + "\n")
    for attempt in (1, 2, 3):
        decision, output = session.stop(active=attempt > 1)
        assert decision.verdict == "deny", attempt
        assert f"block {attempt} of at most 3" in output["reason"]
    decision, output = session.stop(active=True)
    assert decision.verdict == "allow"
    assert "decision" not in output
    assert "after 3 blocks in a row" in output["systemMessage"]
    assert "leak.py:1" in output["systemMessage"]


def test_a_fresh_stop_resets_the_count(session: Session) -> None:
    """stop_hook_active false means Claude stopped on its own: a new chain begins."""
    session.prompt()
    write(session.project, "leak.py", planted("slack-token", 0)[0] + "\n")
    for _ in range(3):
        session.stop(active=True)
    decision, output = session.stop(active=False)
    assert decision.verdict == "deny" and "block 1 of" in output["reason"]


def test_a_new_prompt_takes_a_new_baseline(session: Session) -> None:
    session.prompt()
    write(session.project, "leak.py", planted("google-api-key", 0)[0] + "\n")
    assert session.stop()[0].verdict == "deny"
    session.prompt("leave it, it is a test key")
    write(session.project, "other.py", "print(1)\n")
    assert session.stop()[0].verdict == "allow"


def test_fixing_the_finding_lets_claude_stop(session: Session) -> None:
    session.prompt()
    path = write(session.project, "leak.py", f'TOKEN = "{make("github-token", 4)}"\n')
    assert session.stop()[0].verdict == "deny"
    path.write_text('import os\nTOKEN = os.environ["GITHUB_TOKEN"]\n')
    decision, output = session.stop(active=True)
    assert decision.verdict == "allow" and output == {}


def test_at_most_thirty_files_are_reviewed_and_the_rest_are_named(session: Session) -> None:
    session.prompt()
    for i in range(35):
        write(session.project, f"pkg/m{i:02d}.py", f"value = {i}\n")
    write(session.project, "zz_last.py", planted("aws-access-key-id", 9)[0] + "\n")  # sorts last: skipped
    decision, output = session.stop()
    assert decision.verdict == "allow"
    assert "first 30 changed files were reviewed; 6 more were skipped" in output["systemMessage"]


def test_skipped_files_are_named_in_the_block_reason_too(session: Session) -> None:
    session.prompt()
    write(session.project, "a_leak.py", planted("aws-access-key-id", 9)[0] + "\n")
    for i in range(31):
        write(session.project, f"pkg/m{i:02d}.py", f"value = {i}\n")
    decision, output = session.stop()
    assert decision.verdict == "deny"
    assert "2 more were skipped" in output["reason"]


def test_outside_a_git_repository_the_review_is_skipped_silently(tmp_path: Path) -> None:
    session = make_session(tmp_path, repo=False)
    assert session.prompt()[1] == {}
    write(session.project, "leak.py", planted("aws-access-key-id", 1)[0] + "\n")
    decision, output = session.stop()
    assert decision.verdict == "allow" and output == {}


def test_without_a_baseline_the_review_is_skipped(session: Session) -> None:
    write(session.project, "leak.py", planted("aws-access-key-id", 1)[0] + "\n")
    decision, output = session.stop()  # no prompt was seen in this session
    assert decision.verdict == "allow" and output == {}


def test_a_blocked_prompt_takes_no_baseline(session: Session) -> None:
    decision, _ = session.prompt(f"use this key {make('openai-api-key', 1)}")
    assert decision.verdict == "deny"
    assert session.layers.store.get(session.session_id).baseline is None


def test_the_review_can_be_switched_off(tmp_path: Path) -> None:
    session = make_session(tmp_path, local="[review]\nenabled = false\n")
    session.prompt()
    write(session.project, "leak.py", planted("aws-access-key-id", 1)[0] + "\n")
    assert session.stop()[0].verdict == "allow"


def test_state_survives_a_new_process(session: Session, tmp_path: Path) -> None:
    """The daemon and the in-process fallback share state on disk: a restart loses nothing."""
    session.prompt()
    write(session.project, "leak.py", planted("aws-access-key-id", 1)[0] + "\n")
    session.stop()
    again = Session(session.project, session.home, session.state, session.rules)  # fresh layers
    decision, output = again.stop(active=True)
    assert "block 2 of at most 3" in output["reason"]


def test_sessions_are_independent(session: Session) -> None:
    session.prompt()
    write(session.project, "leak.py", planted("aws-access-key-id", 1)[0] + "\n")
    other = Session(session.project, session.home, session.state, session.rules, session_id="session-2")
    other.prompt()  # its baseline already contains leak.py
    assert other.stop()[0].verdict == "allow"
    assert session.stop()[0].verdict == "deny"


def test_a_slow_repository_switches_the_review_off_for_the_session(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_git = shutil.which("git")
    calls = tmp_path / "git-calls"
    fake_program(
        tmp_path / "bin",
        "git",
        f'echo "$*" >> {calls}\ncase "$*" in *--ignore-errors*) sleep 5;; esac\nexec {real_git} "$@"\n',
    )
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    session = make_session(tmp_path, local="[review]\ngit_timeout_seconds = 0.5\n")
    decision, output = session.prompt()
    assert decision.verdict == "allow"
    assert "end-of-turn review is off for this session: git add timed out" in output["systemMessage"]
    calls.unlink()
    assert session.prompt()[1] == {}
    assert not calls.exists()  # no second attempt in this session
    write(session.project, "leak.py", planted("aws-access-key-id", 1)[0] + "\n")
    assert session.stop()[0].verdict == "allow"
