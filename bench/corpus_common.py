"""What bench/corpus.py and its parts share: the simulated user, corpora reading, tallies."""

from __future__ import annotations

import json
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from security_hooks.config.locate import Dirs
from security_hooks.engine.decision import Decision
from security_hooks.engine.evaluate import evaluate
from security_hooks.engine.event import Event, event_from_payload
from security_hooks.engine.payloads import build_payload
from security_hooks.rules.ruleset import RuleSet
from security_hooks.runtime import load_from_disk

HOME = "/home/dev"
PROJECT = "/home/dev/project"


@dataclass
class Tally:
    name: str
    counts: Counter[str] = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=dict)

    def add(self, verdict: str, label: str) -> None:
        self.counts[verdict] += 1
        self.examples.setdefault(verdict, []).append(label)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def share(self, *verdicts: str) -> float:
        return sum(self.counts[v] for v in verdicts) / self.total if self.total else 0.0

    def line(self) -> str:
        c = self.counts
        return (
            f"{self.name:38} {self.total:6}  allow {c['allow']:6}  ask {c['ask']:5}  deny {c['deny']:5}"
            f"  (not allowed {100 * self.share('ask', 'deny'):5.1f}%)"
        )


def jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def make_event(payload: dict[str, Any]) -> Event:
    env = {"HOME": HOME, "CLAUDE_PROJECT_DIR": PROJECT}
    return event_from_payload(payload, phase="pre", env=env)


def bash_decision(ruleset: RuleSet, command: str) -> Decision:
    payload = build_payload("Bash", command, file_path=None, event="PreToolUse", cwd=PROJECT)
    return evaluate(ruleset, make_event(payload))


def run_commands(ruleset: RuleSet, name: str, commands: Iterable[str]) -> Tally:
    tally = Tally(name)
    for command in commands:
        decision = bash_decision(ruleset, command)
        tally.add(decision.verdict if decision.verdict != "warn" else "allow", f"{decision.rule}: {command}")
    return tally


def packaged_ruleset() -> RuleSet:
    with tempfile.TemporaryDirectory() as empty:
        result = load_from_disk(Dirs(Path(empty), None))
    if result.ruleset is None:
        raise SystemExit(result.summary())
    return result.ruleset
