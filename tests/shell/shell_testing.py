"""Helpers shared by the shell tests: look segments up by what they run."""

from __future__ import annotations

from security_hooks.shell import Segment, ShellAnalysis, analyze

CWD = "/home/dev/project"
HOME = "/home/dev"


def run(command: str, **kwargs: object) -> ShellAnalysis:
    """`analyze` with a fixed project directory and home, unless overridden."""
    options: dict[str, object] = {"cwd": CWD, "home": HOME}
    options.update(kwargs)
    return analyze(command, **options)  # type: ignore[arg-type]


def texts(analysis: ShellAnalysis) -> list[str]:
    return [segment.text for segment in analysis.segments]


def names(analysis: ShellAnalysis) -> list[str]:
    return [segment.name for segment in analysis.segments]


def find(analysis: ShellAnalysis, text: str) -> Segment:
    """The one segment whose normalised text is `text`."""
    matches = [s for s in analysis.segments if s.text == text]
    assert len(matches) == 1, f"expected one {text!r} in {texts(analysis)}"
    return matches[0]


def named(analysis: ShellAnalysis, name: str) -> list[Segment]:
    return [s for s in analysis.segments if s.name == name]
