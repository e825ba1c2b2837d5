"""UnknownExecutable: a command that is not a known tool.

Known: the names in `[executables] allowed`, shell builtins and keywords, and programs
run by a path inside the project (`./scripts/build.sh`, `node_modules/.bin/eslint`,
`.venv/bin/pytest`). A command whose name is built at run time is not judged here
(the `dynamic-command` rule asks about it). Matches with {base_command}.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping

from security_hooks.config.load import Config
from security_hooks.engine.families.base import Subject
from security_hooks.shell.model import Segment

BUILTINS = frozenset(
    """
    : . [ [[ alias bg bind break builtin caller cd command compgen complete compopt continue
    declare dirs disown echo enable eval exec exit export false fc fg getopts hash help history
    jobs kill let local logout mapfile popd printf pushd pwd read readarray readonly return set
    shift shopt source suspend test time times trap true type typeset ulimit umask unalias unset
    wait if then else elif fi case esac for while until do done function select coproc
    """.split()
)


class UnknownExecutable:
    families = frozenset({"bash"})

    def __init__(self, config: Config) -> None:
        self.allowed = frozenset(config.strings("executables.allowed"))

    def check(self, subject: Subject) -> Mapping[str, str] | None:
        segment = subject.unit
        if not isinstance(segment, Segment) or not segment.argv or not segment.name:
            return None
        name = segment.name
        if name in self.allowed or name in BUILTINS or "=" in name:
            return None
        first = segment.argv[0]
        if "/" in first and not first.startswith("/"):
            where = posixpath.normpath(posixpath.join(segment.cwd or subject.event.cwd, first))
            project = subject.event.project_dir.rstrip("/")
            if where.startswith(project + "/"):
                return None
        return {"base_command": name}
