"""SecretAccess: a credential file is read.

Bash: the command being tested reads a file that holds credentials (`[paths]
sensitive`, `.env` files other than `.env.example` and friends, private keys, cloud
and registry credentials), by `cat`, `<`, `cp`, `curl -d @file`, a one-liner's
`open()`, and so on (through a link made earlier in the command, too: `ln -s
~/.ssh/id_rsa k; cat k`); or names such a file at all, unless it is a command that only
lists, moves, hashes or authenticates with files (`secret_paths.NON_READERS`).
Read, Grep, Glob: the path read is such a file. Matches with {secret_path}.
"""

from __future__ import annotations

from collections.abc import Mapping

from security_hooks.config.load import Config
from security_hooks.engine import paths
from security_hooks.engine.families.base import Subject
from security_hooks.engine.families.bash import BashView
from security_hooks.engine.predicates_bash import through_links
from security_hooks.engine.secret_paths import absolute, is_secret_path, named_paths
from security_hooks.shell.model import Segment


class SecretAccess:
    families = frozenset({"bash", "read"})

    def __init__(self, config: Config) -> None:
        self.sensitive = config.strings("paths.sensitive")

    def check(self, subject: Subject) -> Mapping[str, str] | None:
        event = subject.event
        for path in self._paths(subject):
            if is_secret_path(path, home=event.home, sensitive=self.sensitive):
                return {"secret_path": paths.display(path, project_dir=event.project_dir, home=event.home)}
        return None

    def _paths(self, subject: Subject) -> list[str]:
        view = subject.prepared
        event = subject.event
        if not isinstance(view, BashView):
            return list(view.values("file_path", subject.unit))
        found = []
        index = view.index_of(subject.unit)
        segment = view.segment_at(index)
        if segment is not None:
            for use in view.reads_of(index):
                path = through_links(subject, index, use.path, segment.cwd)
                found.append(absolute(path, cwd=segment.cwd or event.cwd, home=event.home))
        unit = subject.unit
        if isinstance(unit, Segment):
            cwd = unit.cwd or event.cwd
            found.extend(absolute(word, cwd=cwd, home=event.home) for word in named_paths(unit))
        return found
