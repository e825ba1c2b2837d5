"""ScriptTooLong: an edit writes a file that will run as code (as ScriptCommands reads
it: scripts, hooks, makefiles, package.json scripts, ...) and that is longer than the
part ScriptCommands judges, so padding could hide a command past the limit. Matches
with {checked}, how much is judged.
"""

from __future__ import annotations

from collections.abc import Mapping

from security_hooks.config.load import Config
from security_hooks.defaults.validators.script_commands import runs_on_its_own, script_reader, written_text
from security_hooks.engine.families.base import Subject
from security_hooks.engine.families.edit import EditView


class ScriptTooLong:
    families = frozenset({"edit"})

    def __init__(self, config: Config) -> None:
        """Nothing to configure."""

    def check(self, subject: Subject) -> Mapping[str, str] | None:
        view = subject.prepared
        if not isinstance(view, EditView) or not runs_on_its_own(view):
            return None
        text = written_text(view, subject)
        found = script_reader(view.path, text)
        if found is None or len(text) <= found[1]:
            return None
        return {"checked": f"{found[1] // 1024} KiB"}
