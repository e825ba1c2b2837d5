"""The loader's edge: config layers and rule texts in, a LoadResult out.

Stages: parse every file, build the config, collect, compile. The result holds a
RuleSet only when no stage reported an error; otherwise the caller keeps what it had.
The CLI, the daemon's reload and the tests all go through `load`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from ..config.load import ConfigLayer, build_config
from ..config.locate import RuleSource
from .compile import compile_rules
from .diagnostics import Diagnostic, error
from .model import ParsedFile
from .parser import parse_rules
from .ruleset import RuleSet
from .vocabulary import Vocabulary


@dataclass(frozen=True)
class LoadResult:
    ruleset: RuleSet | None
    diagnostics: tuple[Diagnostic, ...]

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.is_error)

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if not d.is_error)

    @property
    def ok(self) -> bool:
        return self.ruleset is not None

    def summary(self) -> str:
        """One line for logs and system messages."""
        if self.ruleset is not None:
            return f"loaded {self.ruleset.rule_count} rules ({len(self.warnings)} warnings)"
        first = self.errors[0].headline() if self.errors else "unknown error"
        more = len(self.errors) - 1
        tail = f" (+{more} more)" if more > 0 else ""
        return f"rules failed to load: {first}{tail}"


def load(
    layers: Sequence[ConfigLayer],
    sources: Sequence[RuleSource],
    vocab: Vocabulary,
) -> LoadResult:
    diagnostics: list[Diagnostic] = []
    parsed: list[tuple[ParsedFile, str, bool]] = []
    for source in sources:
        file, problems = parse_rules(source.text, source.source)
        diagnostics.extend(problems)
        parsed.append((file, source.family, source.managed))
    config_result = build_config(layers)
    diagnostics.extend(config_result.diagnostics)
    config = config_result.config
    if config is None:
        return LoadResult(None, tuple(diagnostics))
    try:
        families, problems = compile_rules(parsed, config, vocab)
    except Exception as exc:  # a rule set we cannot build must not take the caller down
        diagnostics.append(error("R302", f"rule set could not be compiled: {exc}", None, None))
        return LoadResult(None, tuple(diagnostics))
    diagnostics.extend(problems)
    if any(d.is_error for d in diagnostics):
        return LoadResult(None, tuple(diagnostics))
    digest = hashlib.sha256()
    for name, text in [(x.source, x.text) for x in layers] + [(x.source, x.text) for x in sources]:
        digest.update(name.encode() + b"\0" + text.encode() + b"\0")
    ruleset = RuleSet(families, config, tuple(s.source for s in sources), digest.hexdigest()[:16])
    return LoadResult(ruleset, tuple(diagnostics))
