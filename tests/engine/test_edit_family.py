"""edit.rules over Write, Edit, MultiEdit and NotebookEdit, with real path resolution."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from helpers import decide
from security_hooks.rules.ruleset import RuleSet

CASES = [
    # (relative-or-absolute path, expected verdict, expected rule)
    ("src/app.py", "allow", None),
    ("README.md", "allow", None),
    (".env", "deny", "edit-env-file"),
    (".env.local", "deny", "edit-env-file"),
    ("config/.env.production", "deny", "edit-env-file"),
    (".env.example", "allow", None),
    (".env.sample", "allow", None),
    (".env.template", "allow", None),
    ("src/../../outside.txt", "deny", "edit-outside-project"),
    ("/etc/hosts", "deny", "edit-system-path"),
    ("/usr/local/bin/tool", "deny", "edit-system-path"),
    ("~/Library/LaunchAgents/x.plist", "deny", "edit-autostart"),
    ("~/.config/systemd/user/x.service", "deny", "edit-autostart"),
    ("~/.bashrc", "deny", "edit-shell-rc"),
    ("~/.zshrc", "deny", "edit-shell-rc"),
    ("~/.profile", "deny", "edit-shell-rc"),
    ("~/.config/fish/config.fish", "deny", "edit-shell-rc"),
    ("~/.bash_aliases", "deny", "edit-shell-rc"),
    ("dotfiles/.bash_aliases", "allow", None),  # a dotfiles repository's copy is only a file
    ("~/.config/nushell/config.nu", "deny", "edit-shell-rc"),
    ("~/.config/powershell/Microsoft.PowerShell_profile.ps1", "deny", "edit-shell-rc"),
    # files a tool runs commands from each time it starts
    ("~/.vimrc", "deny", "edit-tool-startup"),
    ("~/.config/nvim/init.lua", "deny", "edit-tool-startup"),
    ("~/.tmux.conf", "deny", "edit-tool-startup"),
    ("~/.gitconfig", "deny", "edit-tool-startup"),
    ("~/.config/git/config", "deny", "edit-tool-startup"),
    ("~/.curlrc", "deny", "edit-tool-startup"),
    ("~/.emacs.d/init.el", "deny", "edit-tool-startup"),
    ("~/.ipython/profile_default/startup/00-x.py", "deny", "edit-tool-startup"),
    ("dotfiles/.vimrc", "allow", None),
    ("docs/tmux.conf", "allow", None),
    # what runs at every start of Python, the project's own virtualenv included
    (".venv/lib/python3.11/site-packages/sitecustomize.py", "ask", "edit-python-customize"),
    (".venv/lib/python3.11/site-packages/usercustomize.py", "ask", "edit-python-customize"),
    (".venv/lib/python3.11/site-packages/pkg/mod.py", "allow", None),
    ("~/.ssh/authorized_keys", "deny", "edit-credentials-dir"),
    ("~/.aws/credentials", "deny", "edit-credentials-dir"),
    ("~/.config/gcloud/credentials.db", "deny", "edit-credentials-dir"),
    ("~/.claude/settings.json", "deny", "edit-guard-config"),
    (".claude/settings.json", "deny", "edit-guard-config"),
    (".claude/settings.local.json", "deny", "edit-guard-config"),
    ("~/.config/security-hooks/config.local.toml", "deny", "edit-guard-config"),
    ("/tmp/scratch-notes.txt", "allow", None),
    ("~/.claude/plans/plan.md", "allow", None),
    (".github/workflows/ci.yml", "ask", "edit-ci-config"),
    (".gitlab-ci.yml", "ask", "edit-ci-config"),
    ("Jenkinsfile", "ask", "edit-ci-config"),
    (".git/hooks/pre-commit", "ask", "edit-git-internals"),
    (".git/config", "ask", "edit-git-internals"),
    (".git/info/exclude", "allow", None),
    (".githooks/pre-commit", "allow", None),  # versioned: the diff review sees it
    ("Dockerfile", "ask", "edit-container-config"),
    ("docker/app.Dockerfile", "ask", "edit-container-config"),
    ("docker-compose.yml", "ask", "edit-container-config"),
    ("package-lock.json", "ask", "edit-lockfile"),
    ("mix.lock", "ask", "edit-lockfile"),
    ("Cargo.lock", "ask", "edit-lockfile"),
    ("poetry.lock", "ask", "edit-lockfile"),
    (".pre-commit-config.yaml", "ask", "edit-commit-hook-config"),
    ("lefthook.yml", "ask", "edit-commit-hook-config"),
]

SOURCES = [
    # (path, text written, verdict, rule): where packages come from, set in a project file
    (".npmrc", "registry=https://x.example/\n", "ask", "edit-package-source"),
    (".npmrc", "@acme:registry=https://x.example/\n", "ask", "edit-package-source"),
    (".npmrc", "save-exact=true\n", "allow", None),
    (".yarnrc.yml", "npmRegistryServer: https://x.example\n", "ask", "edit-package-source"),
    (".yarnrc.yml", "nodeLinker: node-modules\n", "allow", None),
    ("pip.conf", "[global]\nindex-url = https://x.example/simple\n", "ask", "edit-package-source"),
    ("pip.conf", "[global]\ntimeout = 60\n", "allow", None),
    (
        "pyproject.toml",
        '[[tool.uv.index]]\nname = "x"\nurl = "https://x.example/simple"\n',
        "ask",
        "edit-package-source",
    ),
    (
        "pyproject.toml",
        '[[tool.poetry.source]]\nname = "x"\nurl = "https://x.example"\n',
        "ask",
        "edit-package-source",
    ),
    ("pyproject.toml", '[project]\nname = "x"\nversion = "1"\n', "allow", None),
    (".cargo/config.toml", '[source.crates-io]\nreplace-with = "mirror"\n', "ask", "edit-package-source"),
    (
        ".cargo/config.toml",
        '[target.x86_64-unknown-linux-gnu]\nrunner = "sh run.sh"\n',
        "ask",
        "edit-cargo-runner",
    ),
    (".cargo/config.toml", '[build]\nrustc-wrapper = "/tmp/w"\n', "ask", "edit-cargo-runner"),
    (".cargo/config.toml", "[build]\njobs = 4\n", "allow", None),
    ("docs/registry.md", "registry=https://x.example/\n", "allow", None),  # not a config file
    # invisible Unicode that makes code read differently from how it runs
    ("src/auth.py", "access = 'user\u202e \u2066# admin\u2069 \u2066'\n", "ask", "edit-hidden-unicode"),
    ("src/app.js", "if (isAd\u200bmin) { grant() }\n", "ask", "edit-hidden-unicode"),
    ("src/app.ts", "const ok = true;\U000e0041\U000e0042\n", "ask", "edit-hidden-unicode"),
    ("config.yml", "admin: false\u2067\n", "ask", "edit-hidden-unicode"),
    ("locale/ar.json", '{"hello": "\u2067\u0645\u0631\u062d\u0628\u0627\u2069"}\n', "allow", None),  # translations
    ("locale/ar.po", 'msgstr "\u2067\u0645\u0631\u062d\u0628\u0627\u2069"\n', "allow", None),
    ("docs/family.md", "Family: \U0001f468\u200d\U0001f469\u200d\U0001f467\n", "allow", None),  # emoji
    ("src/emoji.py", "FAMILY = '\U0001f468\u200d\U0001f469\u200d\U0001f467'\n", "allow", None),
    ("src/App.cs", "\ufeffusing System;\n", "allow", None),  # a byte-order mark opening the file
    ("src/app.py", "is_ad\ufeffmin = False\n", "ask", "edit-hidden-unicode"),
]


@pytest.mark.parametrize(("path", "text", "verdict", "rule"), SOURCES)
def test_package_sources_in_project_files(
    packaged_ruleset: RuleSet, project: Path, path: str, text: str, verdict: str, rule: str | None
) -> None:
    decision = decide(packaged_ruleset, "Write", text, file_path=str(project / path))
    assert (decision.verdict, decision.rule) == (verdict, rule), decision.nudge


def absolute(path: str, project: Path, home: Path) -> str:
    if path.startswith("~/"):
        return str(home / path[2:])
    return path if path.startswith("/") else str(project / path)


@pytest.mark.parametrize(("path", "verdict", "rule"), CASES)
@pytest.mark.parametrize("tool", ["Write", "Edit"])
def test_edit_rules(
    packaged_ruleset: RuleSet,
    project: Path,
    isolated_home: Path,
    tool: str,
    path: str,
    verdict: str,
    rule: str | None,
) -> None:
    target = (
        absolute(path, project, isolated_home) if not path.startswith("src/..") else str(project) + "/" + path
    )
    decision = decide(packaged_ruleset, tool, "print('hello')\n", file_path=target)
    assert (decision.verdict, decision.rule) == (verdict, rule)


def test_notebook_and_multiedit_are_covered(packaged_ruleset: RuleSet, project: Path) -> None:
    nb = decide(packaged_ruleset, "NotebookEdit", "x = 1", file_path=str(project / ".env"))
    assert nb.rule == "edit-env-file"
    multi = decide(
        packaged_ruleset,
        "MultiEdit",
        file_path=str(project / ".env"),
        payload_extra={
            "tool_input": {
                "file_path": str(project / ".env"),
                "edits": [{"old_string": "a", "new_string": "b"}],
            }
        },
    )
    assert multi.rule == "edit-env-file"


def test_relative_paths_resolve_against_cwd(packaged_ruleset: RuleSet, project: Path) -> None:
    (project / "sub").mkdir()
    decision = decide(
        packaged_ruleset, "Write", "x", file_path="../../elsewhere.txt", cwd=str(project / "sub")
    )
    assert decision.rule == "edit-outside-project"


def test_symlink_into_a_secret_dir_is_resolved(
    packaged_ruleset: RuleSet, project: Path, isolated_home: Path
) -> None:
    ssh = isolated_home / ".ssh"
    ssh.mkdir()
    os.symlink(ssh, project / "innocent")
    decision = decide(packaged_ruleset, "Write", "x", file_path=str(project / "innocent" / "authorized_keys"))
    assert decision.rule == "edit-credentials-dir"


def test_a_dangling_symlink_on_the_way_is_followed(
    packaged_ruleset: RuleSet, project: Path, isolated_home: Path
) -> None:
    """`innocent` points at a directory under ~/.ssh that does not exist yet: a write
    below it creates nothing in the project, it fails or lands in ~/.ssh."""
    os.symlink(isolated_home / ".ssh" / "keys.d", project / "innocent")
    target = project / "innocent" / "sub" / "authorized_keys"
    decision = decide(packaged_ruleset, "Write", "x", file_path=str(target))
    assert decision.rule == "edit-credentials-dir"


def test_nudge_interpolates_a_readable_path(packaged_ruleset: RuleSet, project: Path) -> None:
    decision = decide(packaged_ruleset, "Write", "x", file_path=str(project / ".env"))
    assert decision.nudge is not None and decision.nudge.startswith(".env holds secrets")


MANIFEST_CASES = [
    (
        "package.json",
        '{"name": "a", "dependencies": {"left-pad": "1.0.0"}}',
        '{"name": "a", "dependencies": {"left-pad": "1.0.0", "event-stream": "3.3.6"}}',
        "adds event-stream",
    ),
    (
        "package.json",
        '{"name": "a", "description": "old", "dependencies": {"x": "1"}}',
        '{"name": "a", "description": "new", "dependencies": {"x": "1"}}',
        None,
    ),
    (
        "package.json",
        '{"dependencies": {"x": "1"}}',
        '{"dependencies": {"x": "github:evil/x"}}',
        "re-points x",
    ),
    (
        "package.json",
        '{"dependencies": {"x": "1", "y": "2"}}',
        '{"dependencies": {"x": "1"}}',
        "removes y",
    ),
    (
        "pyproject.toml",
        '[project]\nname = "a"\ndependencies = ["requests>=2"]\n',
        '[project]\nname = "a"\ndependencies = ["requests>=2", "reqeusts"]\n',
        "adds reqeusts",
    ),
    (
        "pyproject.toml",
        '[project]\nname = "a"\ndescription = "x"\n',
        '[project]\nname = "a"\ndescription = "y"\n',
        None,
    ),
    (
        "requirements.txt",
        "flask==2.0\n",
        "flask==2.0\n--extra-index-url https://evil.example/simple\n",
        "adds option:--extra-index-url",
    ),
    ("requirements-dev.txt", "pytest\n", "pytest\nblack==24.1\n", "adds black"),
    (
        "Cargo.toml",
        '[package]\nname = "a"\n[dependencies]\nserde = "1"\n',
        '[package]\nname = "a"\n[dependencies]\nserde = "1"\ntokio = "1"\n',
        "adds tokio",
    ),
    (
        "go.mod",
        "module a\n\nrequire (\n\tgithub.com/x/y v1.0.0\n)\n",
        "module a\n\nrequire (\n\tgithub.com/x/y v1.0.1\n)\n",
        "re-points github.com/x/y",
    ),
    (
        "Gemfile",
        'source "https://rubygems.org"\ngem "rails"\n',
        'source "https://rubygems.org"\ngem "rails"\ngem "pry"\n',
        "adds pry",
    ),
    (
        "composer.json",
        '{"require": {"a/b": "^1"}}',
        '{"require": {"a/b": "^1", "c/d": "^2"}}',
        "adds c/d",
    ),
    (
        "mix.exs",
        'defp deps do\n  [{:jason, "~> 1.4"}]\nend\n',
        'defp deps do\n  [{:jason, "~> 1.4"}, {:evil, "~> 0.1"}]\nend\n',
        "adds evil",
    ),
    (
        "pom.xml",
        "<dependencies></dependencies>",
        "<dependencies><dependency><groupId>g</groupId><artifactId>a</artifactId><version>1</version></dependency></dependencies>",
        "adds g:a",
    ),
    (
        "build.gradle",
        "dependencies {\n}\n",
        "dependencies {\n  implementation 'com.x:lib:1.0'\n}\n",
        "adds implementation:com.x:lib",
    ),
]


@pytest.mark.parametrize(("name", "before", "after", "change"), MANIFEST_CASES)
def test_dependency_mutation_compares_before_and_after(
    packaged_ruleset: RuleSet, project: Path, name: str, before: str, after: str, change: str | None
) -> None:
    path = project / name
    path.write_text(before)
    write = decide(packaged_ruleset, "Write", after, file_path=str(path))
    edit = decide(
        packaged_ruleset,
        "Edit",
        file_path=str(path),
        payload_extra={"tool_input": {"file_path": str(path), "old_string": before, "new_string": after}},
    )
    for decision in (write, edit):
        if change is None:
            assert decision.verdict == "allow", decision
        else:
            assert decision.rule == "edit-dependency-change"
            assert decision.verdict == "ask"
            assert change in (decision.nudge or "")


def test_new_manifest_names_its_packages(packaged_ruleset: RuleSet, project: Path) -> None:
    decision = decide(
        packaged_ruleset,
        "Write",
        '{"dependencies": {"lodash": "^4"}}',
        file_path=str(project / "package.json"),
    )
    assert decision.verdict == "ask" and "adds lodash" in (decision.nudge or "")
