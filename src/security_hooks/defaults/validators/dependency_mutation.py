"""DependencyMutation: an edit to a dependency manifest that adds, removes or re-points
a dependency (package.json, pyproject.toml, requirements*.txt, Cargo.toml, go.mod,
Gemfile, composer.json, mix.exs, pom.xml, build.gradle, Pipfile).

Matches with nudge variables {change} (e.g. "adds left-pad") and {package}.
"""

from __future__ import annotations

from collections.abc import Mapping

from security_hooks.config.load import Config
from security_hooks.engine.families.base import Subject
from security_hooks.engine.families.edit import EditView, apply_edit
from security_hooks.engine.manifests import MAX_MANIFEST, manifest_change, parser_for


class DependencyMutation:
    families = frozenset({"edit"})

    def __init__(self, config: Config) -> None:
        self.config = config

    def check(self, subject: Subject) -> Mapping[str, str] | None:
        view = subject.prepared
        if not isinstance(view, EditView) or parser_for(view.path) is None:
            return None
        before = _read(view.path)
        after = apply_edit(before or "", subject.event)
        fragments = None
        if after is None:
            fragments = ("\n".join(view.old_strings), view.content)
        change = manifest_change(view.path, before, after, fragments)
        if not change:
            return None
        package = (change.added or change.repointed or change.removed)[0]
        return {"change": change.describe(), "package": package}


def _read(path: str) -> str | None:
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return handle.read(MAX_MANIFEST + 1)
    except OSError:
        return None
