"""Text that never runs produces no segment of its own."""

from __future__ import annotations

import pytest
from shell_testing import names, run


@pytest.mark.parametrize(
    ("command", "expected_names"),
    [
        ('echo "rm -rf /"', ["echo"]),
        ("echo 'git reset --hard'", ["echo"]),
        ("printf '%s\\n' 'rm -rf ~'", ["printf"]),
        ('grep "rm -rf" notes.md', ["grep"]),
        ("grep -rn 'git push --force' .", ["grep"]),
        ("rg 'rm -rf /' src", ["rg"]),
        ('git commit -m "Remove rm -rf / from docs"', ["git"]),
        ("git commit -m 'fix: do not $(rm -rf /)'", ["git"]),
        ('gh pr create --title t --body "runs rm -rf / on CI; sudo reboot"', ["gh"]),
        ("gh issue create --body \"bash -c 'rm -rf ~'\"", ["gh"]),
        ('dcg explain "git reset --hard"', ["dcg"]),
        ("ee preflight --cmd 'rm -rf /'", ["ee"]),
        ("cat <<'EOF'\nrm -rf /\ngit reset --hard\nEOF", ["cat"]),
        ("cat > notes.md <<'EOF'\nsudo rm -rf / --no-preserve-root\nEOF", ["cat"]),
        ("git commit -F - <<'EOF'\nbash -c 'rm -rf ~'\nEOF", ["git"]),
        ("sed -n '/rm -rf/p' log", ["sed"]),
        ("awk '/rm -rf/ {print}' log", ["awk"]),
        ("echo rm -rf / > todo.txt", ["echo"]),
        ("jq '.cmd = \"rm -rf /\"' f.json", ["jq"]),
        ("python3 -c \"print('rm -rf /')\"", ["python3"]),
        ("ssh host 'rm -rf /tmp/x'", ["ssh"]),
        ("docker run img sh -c 'rm -rf /'", ["docker"]),
    ],
)
def test_data_is_not_parsed_as_code(command: str, expected_names: list[str]) -> None:
    analysis = run(command)
    assert names(analysis) == expected_names
    assert analysis.parse_ok
