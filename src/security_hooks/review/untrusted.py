"""Prompt-injection checks on what tools bring back (web pages, files, command output,
subagent results, MCP responses), for the post.rules validators.

The tool's response is flattened to its text (string values in order; metadata such as
paths, URLs and status codes left out), scanned once per hook call by the shared
injection scanner, and described in a few words for Claude. Commands the text asks
for (shell code blocks, inline code, `$ ` lines, "run: ..." phrases) are extracted so
the bash rules can say whether any of them would be denied.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from ..engine.families.post import PostView
from ..globs import GlobSet
from ..regex import compile_pattern

if TYPE_CHECKING:
    from ..scanners.injection import InjectionFinding, InjectionReport, InjectionScanner

MAX_TEXT = 4 << 20
MAX_COMMANDS = 40
MAX_COMMAND_CHARS = 1000
LISTED = 5
# Fields of tool responses that describe the call rather than carry fetched content.
METADATA_KEYS = frozenset(
    {
        "filePath", "file_path", "url", "query", "type", "code", "codeText", "durationMs",
        "duration_ms", "bytes", "agentId", "status", "interrupted", "isImage", "numLines",
        "startLine", "totalLines", "totalTokens", "totalDurationMs", "totalToolUseCount",
        "mode", "numFiles", "filenames", "backgroundTaskId", "returnCodeInterpretation",
        "base64", "originalSize", "dimensions",  # Read's image variant: pixels, not text
    }
)  # fmt: skip
SHELL_FENCES = frozenset(
    {"", "sh", "bash", "shell", "zsh", "console", "shell-session", "shellsession", "terminal"}
)
_FENCE = compile_pattern(r"^\s*(?:```|~~~)\s*([A-Za-z0-9_+-]*)")
_INLINE = compile_pattern(r"`([^`\n]{3,400})`")
_RUN_PHRASE = compile_pattern(
    r"(?i)\b(?:run|execute|exec|paste|type|enter)\b[^:\n`]{0,60}:\s*`?([^`\n]{3,400})"
)


@functools.cache
def shared_injection_scanner() -> InjectionScanner:
    """The process's injection scanner: built on first use, immutable, thread-safe.

    Imported here rather than at the top: loading the rules (which imports this module
    through the validators) must not pay for the scanner before the daemon listens.
    """
    from ..scanners.injection import InjectionScanner

    return InjectionScanner()


def warm_scanners() -> None:
    """Build the scanners and run each once, so the first hook call does not pay for it."""
    from ..scanners.risky import BUILTIN_RULES, PatternScanner
    from ..scanners.secrets import shared_scanner

    sample = "Install with `pip install x`.\nexport TOKEN=placeholder\nresult = eval(expression)\n"
    shared_injection_scanner().scan(sample)
    shared_scanner().scan(sample)
    PatternScanner(BUILTIN_RULES).scan("/warm/up.py", sample)


def response_text(response: Any, limit: int = MAX_TEXT) -> str:
    """The text a tool brought back: its string values in document order."""
    parts: list[str] = []
    size = 0
    for text in _strings(response, 0):
        parts.append(text)
        size += len(text) + 1
        if size >= limit:
            break
    return "\n".join(parts)[:limit]


def _strings(value: Any, depth: int) -> Iterator[str]:
    if isinstance(value, str):
        if value.strip():
            yield value
    elif depth > 32:
        return
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in METADATA_KEYS:
                yield from _strings(item, depth + 1)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item, depth + 1)


def injection_report(view: PostView) -> InjectionReport:
    """The injection scan of this call's response, computed once per evaluation."""
    cached: InjectionReport | None = view.memo.get("injection")
    if cached is not None:
        return cached
    report = shared_injection_scanner().scan_report(response_text(view.event.tool_response))
    view.memo["injection"] = report
    return report


def trusted(view: PostView, globs: GlobSet) -> bool:
    """Whether the file (or search root) the tool read is exempt from the scan."""
    return bool(view.path) and globs.match(view.path)


def describe(findings: Sequence[InjectionFinding]) -> str:
    """Each finding's description (the scanner's detail) and line, at most `LISTED`."""
    parts = []
    for finding in findings[:LISTED]:
        what = finding.detail or finding.kind
        parts.append(f"{what} (line {finding.line})")
    if len(findings) > LISTED:
        parts.append(f"and {len(findings) - LISTED} more")
    return "; ".join(parts)


def source_label(view: PostView) -> str:
    """What was read, in a few words: `The WebFetch result (https://...)`."""
    event = view.event
    tool = event.tool_name
    target = event.text("url") or event.text("query") or view.nudge_variables.get("file_path", "")
    if tool in ("Bash", "PowerShell"):
        return f"The output of `{event.text('command')[:80]}`"
    if tool.startswith("mcp__"):
        return f"The result of MCP tool {tool}"
    if tool in ("Agent", "Task"):
        return "The subagent's result"
    return f"The {tool} result ({target[:200]})" if target else f"The {tool} result"


def candidate_commands(text: str, limit: int = MAX_COMMANDS) -> list[str]:
    """Shell commands the text asks to run, in order of appearance, deduplicated."""
    found: dict[str, None] = {}
    for command in _commands(text):
        command = command.strip().strip("`'\"").strip()
        if len(command) < 3 or len(command) > MAX_COMMAND_CHARS:
            continue
        found.setdefault(command)
        if len(found) >= limit:
            break
    return list(found)


def _commands(text: str) -> Iterator[str]:
    fence: str | None = None
    block: list[str] = []
    for line in text.splitlines():
        data = line.encode("utf-8", "replace")
        opening = _FENCE.search(data)
        if opening is not None:
            if fence is None:
                fence = (opening.group(1) or b"").decode("ascii", "replace").lower()
                block = []
            else:
                if fence in SHELL_FENCES:
                    yield from _shell_lines(block)
                fence = None
            continue
        if fence is not None:
            block.append(line)
            continue
        stripped = line.strip()
        if stripped.startswith("$ "):
            yield stripped[2:]
        for match in _INLINE.finditer(data):
            yield (match.group(1) or b"").decode("utf-8", "replace")
        phrase = _RUN_PHRASE.search(data)
        if phrase is not None:
            yield (phrase.group(1) or b"").decode("utf-8", "replace")
    if fence is not None and fence in SHELL_FENCES:
        yield from _shell_lines(block)  # a block left open at the end of the text


def _shell_lines(block: Sequence[str]) -> Iterator[str]:
    """A shell code block's commands: prompts removed, continuation lines joined."""
    pending = ""
    for line in block:
        text = line.strip()
        if text.startswith("$ "):
            text = text[2:]
        if not text or text.startswith("#"):
            continue
        if text.endswith("\\"):
            pending += text[:-1] + " "
            continue
        yield pending + text
        pending = ""
    if pending:
        yield pending
