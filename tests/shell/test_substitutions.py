"""Command and process substitutions run, wherever they are written."""

from __future__ import annotations

import pytest
from shell_testing import find, run, texts


@pytest.mark.parametrize(
    ("command", "inner", "context"),
    [
        ("echo $(git reset --hard)", "git reset --hard", "subst"),
        ("echo `rm -rf /home`", "rm -rf /home", "subst"),
        ("echo $( (rm -rf /) )", "rm -rf /", "subst"),
        ("echo $(( $(rm -rf /) + 1 ))", "rm -rf /", "subst"),
        ("echo $((1+$(git reset --hard)))", "git reset --hard", "subst"),
        ("echo $((`git reset --hard` + 1))", "git reset --hard", "subst"),
        ("diff <(rm -rf /) b", "rm -rf /", "procsub"),
        ("tee >(git reset --hard) < x", "git reset --hard", "procsub"),
        ("echo x > >(git reset --hard)", "git reset --hard", "procsub"),
        ("while read l; do :; done < <(rm -rf /)", "rm -rf /", "procsub"),
        ("echo ${X:-$(rm -rf ~)}", "rm -rf ~", "subst"),
        ("echo ${X:?$(rm -rf ~)}", "rm -rf ~", "subst"),
        ("echo x >$(rm -rf /)", "rm -rf /", "subst"),
        ("echo x >file$(git reset --hard)", "git reset --hard", "subst"),
        ('echo x >"`git reset --hard`"', "git reset --hard", "subst"),
        ('echo "today: $(rm -rf ~)"', "rm -rf ~", "subst"),
        ("X=$(rm -rf ~) ls", "rm -rf ~", "subst"),
        ("X=$(rm -rf ~)", "rm -rf ~", "subst"),
        ("export X=`rm -rf ~`", "rm -rf ~", "subst"),
        ("local x=$(rm -rf ~)", "rm -rf ~", "subst"),
        ("echo foo`git reset --hard`bar", "git reset --hard", "subst"),
        ('cat <<< "$(rm -rf ~)"', "rm -rf ~", "subst"),
        ("echo $(echo $(rm -rf /))", "rm -rf /", "subst"),
        ("case $(rm -rf /) in *) ;; esac", "rm -rf /", "subst"),
        ("for x in $(rm -rf /); do :; done", "rm -rf /", "subst"),
        ("cat <<EOF\n$(rm -rf /)\nEOF", "rm -rf /", "subst"),
    ],
)
def test_substitution_is_walked(command: str, inner: str, context: str) -> None:
    analysis = run(command)
    segment = find(analysis, inner)
    assert segment.context == context
    assert segment.depth == 0


def test_substitution_runs_before_the_command_that_uses_it() -> None:
    analysis = run("echo $(whoami) done")
    assert texts(analysis) == ["whoami", "echo $(whoami) done"]


def test_single_quotes_keep_substitutions_as_text() -> None:
    analysis = run("echo '$(rm -rf /)' '`rm -rf /`'")
    assert texts(analysis) == ["echo $(rm -rf /) `rm -rf /`"]


def test_quoted_heredoc_keeps_substitutions_as_text() -> None:
    analysis = run("cat <<'EOF'\n$(rm -rf /)\nEOF")
    assert texts(analysis) == ["cat"]


def test_substitution_gets_its_own_pipeline() -> None:
    analysis = run("echo $(curl x | sh) | wc -l")
    curl, shell = find(analysis, "curl x"), find(analysis, "sh")
    echo, count = find(analysis, "echo $(curl x | sh)"), find(analysis, "wc -l")
    assert curl.pipeline == shell.pipeline != echo.pipeline == count.pipeline
    assert (curl.position, shell.position, echo.position, count.position) == (0, 1, 0, 1)


def test_cd_inside_substitution_does_not_leak() -> None:
    analysis = run("x=$(cd /etc && pwd); rm -rf *")
    assert find(analysis, "pwd").cwd == "/etc"
    assert find(analysis, "rm -rf *").cwd == "/home/dev/project"


@pytest.mark.parametrize(
    ("command", "text"),
    [
        ('rm -rf "$(pwd)/.."', "rm -rf /home/dev/project/.."),
        ("rm -rf $(pwd -P)", "rm -rf /home/dev/project"),
        ("cd /srv && rm -rf `pwd`", "rm -rf /srv"),
        ("rm -rf $(dirname $PWD)", "rm -rf /home/dev"),
        ('rm -rf "$(dirname "${PWD}/x")"', "rm -rf /home/dev/project"),
        ("rm -rf $(dirname /a/b/)", "rm -rf /a"),
        ("rm -rf $(dirname build)", "rm -rf ."),
        ("rm -rf $(dirname /)", "rm -rf /"),
        # run-time values stay unknown
        ("rm -rf $(dirname $TARGET)", "rm -rf $(dirname $TARGET)"),
        ("cd $X && rm -rf $(pwd)", "rm -rf $(pwd)"),
        ("rm -rf $(pwd | tr a b)", "rm -rf $(pwd | tr a b)"),
        ("find / -exec rm -rf $(dirname {}) \\;", "rm -rf $(dirname {})"),
    ],
)
def test_a_known_directory_is_printed_where_it_is_used(command: str, text: str) -> None:
    assert find(run(command), text).name == "rm"


def test_a_large_heredoc_body_still_runs_its_substitutions() -> None:
    filler = "a line with $HOME and ${USER} in it\n" * 500
    analysis = run(f"cat > notes.md <<EOF\n{filler}$(rm -rf ~)\n{filler}EOF")
    assert find(analysis, "rm -rf ~").context == "subst"
    quiet = run(f"cat > notes.md <<EOF\n{filler}EOF")
    assert texts(quiet) == ["cat"]
