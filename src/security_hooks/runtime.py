"""Loading the effective rule set from disk: the one place that ties config files,
rule files and validator directories to the pure loader."""

from __future__ import annotations

from collections.abc import Mapping

from .config.locate import (
    Dirs,
    SourceError,
    config_layers,
    default_dirs,
    rule_sources,
    validator_dirs,
)
from .engine.vocabulary import EngineVocabulary
from .rules.diagnostics import error
from .rules.load import LoadResult, load


def load_from_disk(dirs: Dirs | None = None, env: Mapping[str, str] | None = None) -> LoadResult:
    dirs = dirs or default_dirs(env)
    try:
        layers = config_layers(dirs)
        sources = rule_sources(dirs)
    except SourceError as exc:
        return LoadResult(None, (error("C001", str(exc), None, None),))
    return load(layers, sources, EngineVocabulary(validator_dirs(dirs)))
