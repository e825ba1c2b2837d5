"""Test helpers: rule sets built from strings over the packaged config."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from security_hooks.config.load import ConfigLayer
from security_hooks.config.locate import PACKAGED_DIR, Dirs, RuleSource, rule_sources
from security_hooks.engine.decision import Decision
from security_hooks.engine.vocabulary import EngineVocabulary
from security_hooks.rules.load import LoadResult, load
from security_hooks.rules.ruleset import RuleSet

REPO = Path(__file__).resolve().parent.parent


def packaged_config() -> ConfigLayer:
    return ConfigLayer("config.toml", (PACKAGED_DIR / "config.toml").read_text())


def build(
    rules: Mapping[str, str] | None = None,
    *,
    config: str | None = None,
    local: str | None = None,
    packaged: bool = False,
) -> LoadResult:
    """Load rule texts by family (sources named `<family>.rules`) over the packaged config."""
    layers = [packaged_config()]
    if config is not None:
        layers = [ConfigLayer("config.toml", config)]
    if local is not None:
        layers.append(ConfigLayer("config.local.toml", local))
    sources = [RuleSource(f, f"{f}.rules", text) for f, text in (rules or {}).items()]
    if packaged:
        sources = rule_sources(Dirs(Path("/nonexistent"), None)) + sources
    vocab = EngineVocabulary((PACKAGED_DIR / "validators",))
    return load(layers, sources, vocab)


def ruleset(rules: Mapping[str, str] | None = None, **kw: object) -> RuleSet:
    result = build(rules, **kw)  # type: ignore[arg-type]
    assert result.ruleset is not None, "\n".join(d.render() for d in result.errors)
    return result.ruleset


def decide(
    rs: RuleSet,
    tool: str,
    text: str = "",
    *,
    file_path: str | None = None,
    event: str = "PreToolUse",
    cwd: str | None = None,
    project: str | None = None,
    payload_extra: dict[str, object] | None = None,
) -> Decision:
    """Evaluate one call the way `security-hook test` builds it."""
    import os

    from security_hooks.engine.evaluate import evaluate
    from security_hooks.engine.event import event_from_payload
    from security_hooks.engine.payloads import build_payload

    where = cwd or os.getcwd()
    payload = build_payload(tool, text, file_path=file_path, event=event, cwd=where)
    payload.update(payload_extra or {})
    env = dict(os.environ)
    env["CLAUDE_PROJECT_DIR"] = project or env.get("CLAUDE_PROJECT_DIR") or where
    return evaluate(rs, event_from_payload(payload, phase="pre", env=env))
