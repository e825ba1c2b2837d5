"""The engine's vocabulary for the rules compiler: families, predicates and validators."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from ..config.load import Config
from ..rules.vocabulary import FamilySpec, PredicateSpec, Validator
from .families import FAMILIES
from .families.base import Family
from .predicates import COMMON
from .predicates_bash import BASH_PREDICATES
from .validators import ValidatorLoader


class EngineVocabulary:
    def __init__(
        self,
        validator_dirs: Sequence[Path],
        families: Mapping[str, Family] = FAMILIES,
        predicates: Mapping[str, PredicateSpec] | None = None,
    ) -> None:
        self.families = families
        self.predicates = predicates if predicates is not None else {**COMMON, **BASH_PREDICATES}
        self.validators = ValidatorLoader(validator_dirs)

    def family(self, name: str) -> FamilySpec | None:
        family = self.families.get(name)
        return family.spec if family is not None else None

    def predicate(self, name: str) -> PredicateSpec | None:
        return self.predicates.get(name)

    def predicate_names(self) -> tuple[str, ...]:
        return tuple(self.predicates)

    def validator(self, name: str, config: Config) -> Validator | None:
        return self.validators.load(name, config)
