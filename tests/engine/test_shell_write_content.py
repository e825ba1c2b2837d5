"""A file written through Bash whose text the command line shows is judged by the edit
rules with that text, as a Write would be: a secret in `cat > f <<EOF`, a dependency
added with `echo pkg >> requirements.txt`."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from helpers import decide
from scanners import fake_secrets as fake
from security_hooks.rules.ruleset import RuleSet
from security_hooks.shell import analyze

KEY = fake.aws_access_key_id(random.Random(4))


def bash(rs: RuleSet, project: Path, command: str) -> tuple[str, str | None]:
    decision = decide(rs, "Bash", command, cwd=str(project), project=str(project))
    return decision.verdict, decision.rule


@pytest.mark.parametrize(
    "command",
    [
        f"cat > config.py <<'EOF'\nAWS_ACCESS_KEY_ID = '{KEY}'\nEOF",
        f"cat <<EOF > config.py\nkey: {KEY}\nEOF",
        f"echo 'AWS_ACCESS_KEY_ID={KEY}' >> settings.ini",
        f"echo -n {KEY} > key.txt",
        f"printf 'key=%s\\n' {KEY} > app.cfg",
        f"tee config.yml <<< 'key: {KEY}'",
        f"mkdir -p conf && echo 'key={KEY}' > conf/app.cfg",
        f"bash -c \"echo 'key={KEY}' > app.cfg\"",
        f"echo 'AWS_ACCESS_KEY_ID={KEY}' | tee settings.ini",
        f"cat <<'EOF' | tee -a app.cfg\nkey={KEY}\nEOF",
    ],
    ids=[
        "heredoc",
        "heredoc-first",
        "echo-append",
        "echo-n",
        "printf",
        "tee-here-string",
        "list",
        "nested",
        "piped-to-tee",
        "heredoc-piped-to-tee",
    ],
)
def test_a_secret_written_through_the_shell_is_denied(
    packaged_ruleset: RuleSet, project: Path, command: str
) -> None:
    assert bash(packaged_ruleset, project, command) == ("deny", "edit-secret-in-content")


@pytest.mark.parametrize(
    "command",
    [
        "cat > notes.md <<'EOF'\n# Plan\n- ship it\nEOF",
        "echo 'AWS_ACCESS_KEY_ID=$AWS_ACCESS_KEY_ID' >> .env.example",
        'echo "token: ${GITHUB_TOKEN}" > ci.env.tmpl',
        f"echo {KEY} 2> errors.log",  # stderr gets none of what echo prints
        f"grep {KEY} notes.md > found.txt",  # grep's output is not on the command line
        "ls | tee listing.txt",
    ],
    ids=["plain", "reference", "interpolation", "stderr", "unknown-output", "piped-unknown"],
)
def test_text_without_a_secret_is_written(packaged_ruleset: RuleSet, project: Path, command: str) -> None:
    assert bash(packaged_ruleset, project, command) == ("allow", None)


def test_a_dependency_added_through_the_shell_is_asked_about(
    packaged_ruleset: RuleSet, project: Path
) -> None:
    (project / "requirements.txt").write_text("flask==3.0\n")
    (project / "package.json").write_text('{"dependencies": {"express": "^4.0.0"}}\n')
    appended = bash(packaged_ruleset, project, "echo 'requests==2.31' >> requirements.txt")
    assert appended == ("ask", "edit-dependency-change")
    rewritten = bash(
        packaged_ruleset,
        project,
        'cat > package.json <<\'EOF\'\n{"dependencies": {"express": "^4.0.0", "left-pad": "1.0.0"}}\nEOF',
    )
    assert rewritten == ("ask", "edit-dependency-change")
    same = bash(packaged_ruleset, project, "echo 'flask==3.0' > requirements.txt")
    assert same == ("allow", None)  # the file's text does not change


def test_writes_carry_the_text_and_whether_they_append() -> None:
    analysis = analyze("cat > a.txt <<'EOF'\none\nEOF\necho two >> b.txt; ls > c.txt")
    found = {use.path: (use.content, use.append) for use in analysis.writes}
    assert found == {"a.txt": ("one\n", False), "b.txt": ("two\n", True), "c.txt": (None, False)}
