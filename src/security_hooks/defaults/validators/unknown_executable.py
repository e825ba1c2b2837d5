"""UnknownExecutable: a command that is not a known tool.

Known: the names in `[executables] allowed`, shell builtins and keywords, programs
run by a path inside the project (`./scripts/build.sh`, `node_modules/.bin/eslint`,
`.venv/bin/pytest`), and commands a project runner finds (`uv run serve`, `npx eslint`,
`bundle exec rake`: the runner is allowed, and the rules still judge the command).
Wrappers are judged too: `torsocks curl ...` asks about torsocks. A command whose name
is built at run time is not judged here (the `dynamic-command` rule asks about it).
Matches with {base_command}.

Tools left out of the allowed list because they administer the machine (services,
system package managers, mounts, crontabs) are known in the forms that only report its
state: `systemctl status nginx`, `yum info zsh`, `brew --prefix`, `rpm -qa`, `mount`,
`crontab -l`. The first argument decides, so an option placed before it (whose value
could pass for a query word) makes the call a question again.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping

from security_hooks.config.load import Config
from security_hooks.engine.families.base import Subject
from security_hooks.shell.model import Segment
from security_hooks.shell.wrappers import RUNNERS

BUILTINS = frozenset(
    """
    : . [ [[ alias bg bind break builtin caller cd command compgen complete compopt continue
    declare dirs disown echo enable eval exec exit export false fc fg getopts hash help history
    jobs kill let local logout mapfile popd printf pushd pwd read readarray readonly return set
    shift shopt source suspend test time times trap true type typeset ulimit umask unalias unset
    wait if then else elif fi case esac for while until do done function select coproc
    noglob nocorrect
    """.split()
)


# Command name -> first arguments that only report state.
QUERIES: dict[str, frozenset[str]] = {
    name: frozenset(words.split())
    for name, words in {
        "systemctl": "status show cat list-units list-unit-files list-timers list-sockets "
        "list-dependencies list-jobs is-active is-enabled is-failed is-system-running get-default "
        "--version --help",
        "yum": "info list search provides whatprovides repolist check-update deplist --version --help",
        "dnf": "info list search provides repoquery repolist check-update deplist --version --help",
        "apt": "list search show policy --version --help",
        "apt-cache": "search show showpkg showsrc policy depends rdepends madison stats pkgnames",
        "brew": "list ls info search outdated deps uses leaves desc config --prefix --cellar "
        "--repository --cache --version --help",
        "snap": "list info find version",
        "flatpak": "list info search remotes",
        "launchctl": "list print",
        "dpkg": "-l --list -L --listfiles -s --status -S --search --get-selections "
        "--print-architecture --version --help",
        "dpkg-query": "-l --list -L --listfiles -s --status -S --search -W --show",
        "crontab": "-l",
    }.items()
}
MOUNT_LISTING = frozenset({"-l", "--show-labels", "-v", "--verbose", "-h", "--help", "-V", "--version"})
MOUNT_TYPES = frozenset({"-t", "--types"})


def only_queries(name: str, args: tuple[str, ...]) -> bool:
    """True when this call of a machine-administration tool only reports state."""
    if name == "mount":
        return _mount_lists(args)
    first = args[0] if args else ""
    if name == "rpm":  # query mode: rpm -qa, rpm -qf /bin/ls, rpm --query bash
        return first == "--query" or (first.startswith("-q") and not first.startswith("--"))
    return first in QUERIES.get(name, ())


def _mount_lists(args: tuple[str, ...]) -> bool:
    """`mount`, `mount -l`, `mount -t nfs4`: every argument lists, none names a mount."""
    expect_type = False
    for arg in args:
        if expect_type:
            expect_type = False
        elif arg in MOUNT_TYPES:
            expect_type = True
        elif not (arg in MOUNT_LISTING or arg.startswith(("-t", "--types="))):
            return False
    return not expect_type


class UnknownExecutable:
    families = frozenset({"bash"})

    def __init__(self, config: Config) -> None:
        self.allowed = frozenset(config.strings("executables.allowed"))

    def check(self, subject: Subject) -> Mapping[str, str] | None:
        segment = subject.unit
        if not isinstance(segment, Segment) or not segment.argv or not segment.name:
            return None
        for wrapper in segment.wrappers:  # `torsocks curl ...`: the wrapper runs too
            if wrapper not in self.allowed and wrapper not in BUILTINS:
                return {"base_command": wrapper}
        name = segment.name
        if name in self.allowed or name in BUILTINS or "=" in name:
            return None
        if not RUNNERS.isdisjoint(segment.wrappers):
            return None
        if only_queries(name, segment.argv[1:]):
            return None
        first = segment.argv[0]
        if "/" in first and not first.startswith("/"):
            where = posixpath.normpath(posixpath.join(segment.cwd or subject.event.cwd, first))
            project = subject.event.project_dir.rstrip("/")
            if where.startswith(project + "/"):
                return None
        return {"base_command": name}
