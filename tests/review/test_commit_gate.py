"""The commit and push gate: bash rules whose validators read what git would publish."""

from __future__ import annotations

from pathlib import Path

import pytest

from review_support import Session, git, init_repo, make_session, write
from scanners.fake_secrets import planted
from security_hooks.review.commit import add_paths, commit_scope, push_revisions


@pytest.fixture
def session(tmp_path: Path) -> Session:
    return make_session(tmp_path)


def leak(session: Session, name: str = "config.py", seed: int = 1) -> str:
    """A one-line credential on line 2 of `name`."""
    snippet, secret = planted("aws-secret-access-key", seed)
    assert "\n" not in snippet
    write(session.project, name, "import os\n" + snippet + "\n")
    return secret


@pytest.mark.parametrize(
    ("args", "all_tracked", "paths"),
    [
        (["-m", "x"], False, ()),
        (["-am", "x"], True, ()),
        (["-a", "-m", "x"], True, ()),
        (["--all", "--message", "x"], True, ()),
        (["-ma"], False, ()),  # -m takes "a" as its message
        (["-vam", "x"], True, ()),
        (["-m", "x", "--", "src/a.py"], False, ("src/a.py",)),
        (["-m", "x", "src/a.py"], False, ("src/a.py",)),
        (["--amend", "--no-edit"], False, ()),
        (["-F", "msg.txt", "-a"], True, ()),
        (["-Sabc", "-m", "x"], False, ()),
    ],
)
def test_commit_scope(args: list[str], all_tracked: bool, paths: tuple[str, ...]) -> None:
    scope = commit_scope(args)
    assert (scope.all_tracked, scope.paths) == (all_tracked, paths)


@pytest.mark.parametrize(
    ("args", "paths"),
    [(["-A"], (".",)), (["."], (".",)), (["src", "b.py"], ("src", "b.py")), (["-u"], (".",)), (["-p"], ())],
)
def test_add_paths(args: list[str], paths: tuple[str, ...]) -> None:
    assert add_paths(args) == paths


@pytest.mark.parametrize(
    ("args", "revisions"),
    [
        ([], ["HEAD"]),
        (["origin"], ["HEAD"]),
        (["origin", "main"], ["main"]),
        (["-u", "origin", "+feature:main", ":old"], ["feature"]),
        (["--all", "origin"], ["--branches"]),
        (["--push-option", "ci.skip", "origin", "dev"], ["dev"]),
    ],
)
def test_push_revisions(args: list[str], revisions: list[str]) -> None:
    assert push_revisions(args) == revisions


@pytest.mark.parametrize(
    "command",
    [
        "git commit -m 'add config'",
        "git commit -am x",
        "git -C {project} commit -m x",
        "cd {project} && git commit -m x",
        "bash -c 'git commit -m x'",
        "git -c core.editor=true commit --no-edit -m x",
    ],
)
def test_a_staged_secret_denies_the_commit(session: Session, command: str) -> None:
    secret = leak(session)
    git(session.project, "add", "config.py")
    decision, output = session.bash(command.format(project=session.project))
    assert decision.verdict == "deny" and decision.rule == "git-commit-secret"
    reason = output["hookSpecificOutput"]["permissionDecisionReason"]
    assert "AWS secret access key at config.py:2" in reason
    assert secret not in str(output)


def test_commit_dash_a_includes_unstaged_tracked_changes(session: Session) -> None:
    write(session.project, "config.py", "import os\n")
    git(session.project, "add", "config.py")
    git(session.project, "commit", "-q", "-m", "config")
    leak(session)  # modified, not staged
    assert session.bash("git commit -m x")[0].verdict == "allow"
    assert session.bash("git commit -am x")[0].rule == "git-commit-secret"
    assert session.bash("git commit -m x config.py")[0].rule == "git-commit-secret"


def test_a_git_add_earlier_in_the_same_command_counts(session: Session) -> None:
    leak(session, "new/creds.py")  # untracked: only the add stages it
    assert session.bash("git commit -m x")[0].verdict == "allow"
    assert session.bash("git add -A && git commit -m x")[0].rule == "git-commit-secret"
    assert session.bash("git add new && git commit -m x")[0].rule == "git-commit-secret"
    assert session.bash("git add README.md && git commit -m x")[0].verdict == "allow"


def test_risky_code_in_a_commit_asks(session: Session) -> None:
    write(session.project, "run.py", "import subprocess\nsubprocess.run(cmd, shell=True)\n")
    git(session.project, "add", "run.py")
    decision, output = session.bash("git commit -m run")
    assert decision.verdict == "ask" and decision.rule == "git-commit-risky-code"
    assert "run.py:2 subprocess_shell_true" in output["hookSpecificOutput"]["permissionDecisionReason"]


def test_the_users_pattern_files_apply_to_commits(session: Session) -> None:
    rules = '{"patterns": [{"rule_name": "no_print", "substrings": ["print("], "reminder": "use logging"}]}'
    write(session.project, ".claude/security-patterns.json", rules)
    write(session.project, "app.py", "print('hi')\n")
    git(session.project, "add", "app.py")
    assert session.bash("git commit -m x")[0].rule == "git-commit-risky-code"


def test_a_clean_commit_is_left_alone(session: Session) -> None:
    write(session.project, "app.py", "def f():\n    return 1\n")
    git(session.project, "add", "app.py")
    decision, output = session.bash("git commit -m clean")
    assert decision.verdict == "allow" and output == {}


def test_outside_a_repository_the_gate_stays_out_of_the_way(tmp_path: Path) -> None:
    session = make_session(tmp_path, repo=False)
    assert session.bash("git commit -m x")[0].verdict == "allow"


def test_a_push_of_a_commit_with_a_secret_is_denied(tmp_path: Path) -> None:
    remote = tmp_path / "remote.git"
    remote.mkdir()
    git(remote, "init", "-q", "--bare")
    session = make_session(tmp_path)
    git(session.project, "remote", "add", "origin", str(remote))
    git(session.project, "push", "-q", "-u", "origin", "main")
    assert session.bash("git push")[0].verdict == "allow"  # nothing unpushed
    leak(session)
    git(session.project, "add", "-A")
    git(session.project, "commit", "-q", "-m", "oops")
    write(session.project, "later.py", "x = 1\n")
    git(session.project, "add", "-A")
    git(session.project, "commit", "-q", "-m", "later")
    decision, output = session.bash("git push origin main")
    assert decision.rule == "git-push-secret"
    reason = output["hookSpecificOutput"]["permissionDecisionReason"]
    assert "config.py:2 (commit " in reason
    assert session.bash("git push")[0].rule == "git-push-secret"


def test_a_push_without_upstream_scans_every_unpublished_commit(tmp_path: Path) -> None:
    project = init_repo(tmp_path / "project", {"config.py": planted("github-token", 5)[0] + "\n"})
    session = make_session(tmp_path, repo=False)
    assert session.project == project
    assert session.bash("git push -u origin main")[0].rule == "git-push-secret"


def test_already_pushed_secrets_are_not_the_pushs_business(tmp_path: Path) -> None:
    remote = tmp_path / "remote.git"
    remote.mkdir()
    git(remote, "init", "-q", "--bare")
    init_repo(tmp_path / "project", {"config.py": planted("github-token", 5)[0] + "\n"})
    session = make_session(tmp_path, repo=False)
    git(session.project, "remote", "add", "origin", str(remote))
    git(session.project, "push", "-q", "-u", "origin", "main")
    write(session.project, "b.py", "y = 2\n")
    git(session.project, "add", "-A")
    git(session.project, "commit", "-q", "-m", "b")
    assert session.bash("git push")[0].verdict == "allow"


def test_the_gate_can_be_disabled_like_any_rule(tmp_path: Path) -> None:
    session = make_session(tmp_path, local='[rules]\ndisabled = ["git-commit-secret"]\n')
    leak(session)
    git(session.project, "add", "-A")
    assert session.bash("git commit -m x")[0].verdict == "allow"
