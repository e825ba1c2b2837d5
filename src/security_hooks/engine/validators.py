"""Validators: Python classes for checks a regex cannot express.

A rule says `validator UnknownExecutable`; the class lives in `unknown_executable.py`
in one of the validator directories (managed, then the user's, then the packaged
defaults). Nothing is ever loaded from a project directory or a path named by config.

A validator class has a `families` attribute, takes the Config in its constructor and
has `check(subject)`, which returns a mapping of extra nudge variables when the rule
should fire and None otherwise.
"""

from __future__ import annotations

import hashlib
import importlib.util
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..config.load import Config
from ..rules.vocabulary import Validator

_NAME = re.compile(r"^[A-Z][A-Za-z0-9]*$")


def module_name(class_name: str) -> str:
    """`UnknownExecutable` -> `unknown_executable`."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", class_name).lower()


class ValidatorLoader:
    """Finds and instantiates validators; one loader per rule-set load, so edits reload."""

    def __init__(self, directories: Sequence[Path]) -> None:
        self.directories = tuple(directories)
        self._classes: dict[str, Any] = {}

    def find(self, class_name: str) -> Path | None:
        if not _NAME.match(class_name):
            return None
        filename = module_name(class_name) + ".py"
        for directory in self.directories:
            candidate = directory / filename
            if candidate.is_file():
                return candidate
        return None

    def load(self, class_name: str, config: Config) -> Validator | None:
        path = self.find(class_name)
        if path is None:
            return None
        cls = self._classes.get(class_name)
        if cls is None:
            cls = self._classes[class_name] = _import_class(path, class_name)
        try:
            instance = cls(config)
        except Exception as exc:
            raise ValueError(f"{type(exc).__name__}: {exc}") from None
        families = getattr(instance, "families", None)
        if not isinstance(families, frozenset) or not callable(getattr(instance, "check", None)):
            raise ValueError("the class needs a frozenset `families` and a `check` method")
        return instance  # type: ignore[no-any-return]


def _import_class(path: Path, class_name: str) -> Any:
    source = path.read_bytes()
    digest = hashlib.sha256(source).hexdigest()[:12]
    name = f"security_hooks_validators.{path.stem}_{digest}"
    module = sys.modules.get(name)
    if module is None:
        spec = importlib.util.spec_from_file_location(name, path)
        if spec is None or spec.loader is None:
            raise ValueError(f"cannot import {path.name}")
        module = importlib.util.module_from_spec(spec)
        try:
            spec.loader.exec_module(module)
        except Exception as exc:
            raise ValueError(f"{path.name}: {type(exc).__name__}: {exc}") from None
        sys.modules[name] = module
    cls = getattr(module, class_name, None)
    if cls is None:
        raise ValueError(f"{path.name} does not define class {class_name}")
    return cls
