"""The current rule set, and replacing it without ever taking the daemon down.

A reload builds a new RuleSet beside the old one (in a worker thread) and swaps one
reference only if the build succeeded. A failed reload keeps the old rules serving,
logs every diagnostic, and leaves a one-line notice for the next hook call.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from ..rules.load import LoadResult
from ..rules.ruleset import RuleSet
from .lifecycle import log


class RuleSetHolder:
    def __init__(self, loader: Callable[[], LoadResult]) -> None:
        self._loader = loader
        self.current: RuleSet | None = None
        self.last: LoadResult | None = None
        self.last_at = 0.0
        self.reloads = 0
        self.failures = 0
        self._notice: str | None = None
        self._lock = asyncio.Lock()

    def load_now(self) -> LoadResult:
        return self._apply(self._loader(), "start")

    async def reload(self, reason: str) -> LoadResult:
        async with self._lock:
            result = await asyncio.to_thread(self._loader)
            return self._apply(result, reason)

    def take_notice(self) -> str | None:
        """The failed-reload notice, given to exactly one hook call."""
        notice, self._notice = self._notice, None
        return notice

    @property
    def problem(self) -> str | None:
        """The same notice for as long as the last load has failed; reading it keeps it."""
        if self.last is None or self.last.ruleset is not None:
            return None
        return self._failure_notice(self.last)

    def _failure_notice(self, result: LoadResult) -> str:
        return f"security-hooks: {result.summary()}; {self._kept()}. Run `security-hook rules check`."

    def _kept(self) -> str:
        return "the previous rules stay in force" if self.current else "no rules are loaded"

    def _apply(self, result: LoadResult, reason: str) -> LoadResult:
        self.last = result
        self.last_at = time.time()
        self.reloads += 1
        for diagnostic in result.diagnostics:
            log(diagnostic.render())
        if result.ruleset is not None:
            self.current = result.ruleset
            self._notice = None
            log(f"{reason}: {result.summary()} (digest {result.ruleset.digest})")
        else:
            self.failures += 1
            self._notice = self._failure_notice(result)
            log(f"{reason}: {result.summary()}; {self._kept()}")
        return result
