"""ScriptCommands: an edit writes a file that will run as shell code, and a command in it
is one the bash rules deny when run directly.

Once written, `bash setup.sh`, a git hook, `make` or `npm install` runs the file with no
further look at what it holds, so the text is judged when it is written. The files:
shell scripts (by extension or a `#!` line naming a shell), git and husky hooks and
`.envrc`; the recipes and `$(shell …)` calls of makefiles; the `scripts` of a
package.json; the servers of an `.mcp.json`; VS Code tasks (which can run when the
folder opens) and a dev container's lifecycle commands (`initializeCommand` runs on
the host); and the Python files that run without being asked to: `conftest.py` (pytest),
`setup.py` (an install), `sitecustomize.py`, `usercustomize.py` and `.pth` files (every
interpreter start), whose shell calls and deletes are what is judged. Each command is
judged by the whole rule set as if Claude ran it with the Bash tool, in the project
directory. Matches with {script_command} (cut at 120 characters) and {blocked_by} (the
bash rule).
"""

from __future__ import annotations

import json
import posixpath
import re
import shlex
from collections.abc import Callable, Mapping
from typing import Any

from security_hooks.config.load import Config
from security_hooks.engine.families.base import Subject
from security_hooks.engine.families.edit import EditView, apply_edit
from security_hooks.shell.embedded import makefile_commands
from security_hooks.shell.inline import scan_inline
from security_hooks.shell.model import InlineCode

# Shell, makefile and Python text is judged up to MAX_TEXT, which keeps the judgement
# of a long script to tens of milliseconds; JSON is parsed whole up to MAX_JSON. A file
# longer than its limit cannot be judged whole, and ScriptTooLong (script_too_long.py)
# says so.
MAX_TEXT = 32 * 1024
MAX_JSON = 4 * 1024 * 1024
MAX_COMMANDS = 200

_SHELL_SUFFIXES = (".sh", ".bash", ".zsh", ".ksh", ".dash", ".command")
_SHEBANG = re.compile(r"^#!\s*(?:\S*/)?(?:env\s+(?:-S\s+)?)?(?:ba|z|k|da|a|mk)?sh\b")
_HOOK_DIRS = ("/.git/hooks/", "/.husky/", "/.githooks/")
_MAKEFILES = frozenset({"Makefile", "makefile", "GNUmakefile"})

Reader = Callable[[str], list[str]]


def script_reader(path: str, text: str) -> tuple[Reader, int] | None:
    """How to find the commands in the file at `path`, and how much of it that reads;
    None for a file that runs nothing on its own."""
    name = posixpath.basename(path)
    if name in _MAKEFILES or name.endswith(".mk"):
        return makefile_commands, MAX_TEXT
    if name == "package.json":
        return _package_scripts, MAX_JSON
    if name == ".mcp.json":
        return lambda t: _mcp_commands(_json(t)), MAX_JSON
    if name == "tasks.json" and path.endswith("/.vscode/tasks.json"):
        return lambda t: _vscode_tasks(_json(t)), MAX_JSON
    if name in ("devcontainer.json", ".devcontainer.json"):
        return lambda t: _lifecycle_commands(_json(t)), MAX_JSON
    if name.endswith(".pth"):
        return lambda t: _python_commands(_pth_code(t)), MAX_TEXT
    if name in _PYTHON_AUTORUN:
        return _python_commands, MAX_TEXT
    hooked = any(part in path for part in _HOOK_DIRS) and "/_/" not in path
    if name.endswith(_SHELL_SUFFIXES) or name == ".envrc" or hooked or _SHEBANG.match(text):
        return (lambda t: [t]), MAX_TEXT
    return None


def script_commands(path: str, text: str) -> list[str]:
    """The shell commands the file at `path` will run, given its full text (of which
    the part within its limit is read)."""
    found = script_reader(path, text)
    if found is None:
        return []
    read, limit = found
    return read(text[:limit])


def _package_scripts(text: str) -> list[str]:
    scripts = _json(text).get("scripts")
    return [v for v in scripts.values() if isinstance(v, str)] if isinstance(scripts, dict) else []


def _json(text: str) -> dict[str, Any]:
    """A JSON object; VS Code's files may hold comments and trailing commas (JSONC)."""
    try:
        value = json.loads(text)
    except ValueError:
        try:
            value = json.loads(_TRAILING_COMMA.sub(r"\1", _JSONC_COMMENT.sub(_keep_strings, text)))
        except ValueError:
            return {}
    return value if isinstance(value, dict) else {}


_JSONC_COMMENT = re.compile(r'"(?:[^"\\]|\\.)*"|//[^\n]*|/\*.*?\*/', re.DOTALL)
_TRAILING_COMMA = re.compile(r",(\s*[}\]])")


def _keep_strings(match: re.Match[str]) -> str:
    found = match.group(0)
    return found if found.startswith('"') else ""


def _command_words(value: object) -> list[str]:
    """A command given as a string (shell), or as a list of words (run directly)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and value and all(isinstance(w, str) for w in value):
        return [shlex.join(value)]
    return []


def _vscode_tasks(config: dict[str, Any]) -> list[str]:
    commands = []
    tasks = config.get("tasks")
    for task in tasks if isinstance(tasks, list) else ():
        if not isinstance(task, dict):
            continue
        for where in (task, *(task.get(p) for p in ("linux", "osx", "windows"))):
            if not isinstance(where, dict) or not isinstance(where.get("command"), str):
                continue
            args = where.get("args")
            words = [where["command"]]
            for arg in args if isinstance(args, list) else ():
                value = arg.get("value") if isinstance(arg, dict) else arg  # {"value": …, "quoting": …}
                if isinstance(value, str):
                    words.append(value)
            commands.append(" ".join(words))
    return commands


_LIFECYCLE = (
    "initializeCommand",
    "onCreateCommand",
    "updateContentCommand",
    "postCreateCommand",
    "postStartCommand",
    "postAttachCommand",
)


def _lifecycle_commands(config: dict[str, Any]) -> list[str]:
    commands = []
    for key in _LIFECYCLE:
        value = config.get(key)
        parallel = value.values() if isinstance(value, dict) else (value,)  # named, run in parallel
        for each in parallel:
            commands.extend(_command_words(each))
    return commands


_PYTHON_AUTORUN = frozenset({"conftest.py", "setup.py", "sitecustomize.py", "usercustomize.py"})


def _python_commands(code: str) -> list[str]:
    """The shell strings Python code runs (`os.system`, `subprocess`), and its deletes as
    the `rm -rf` they amount to."""
    commands = []
    for finding in scan_inline(InlineCode(code=code, language="python", segment=0)):
        if finding.argument is None:
            continue
        if finding.kind == "exec":
            commands.append(finding.argument)
        elif finding.kind == "delete":
            commands.append(shlex.join(["rm", "-rf", finding.argument]))
    return commands


def _pth_code(text: str) -> str:
    """The lines of a .pth file that Python runs: those starting with `import`."""
    return "\n".join(line for line in text.splitlines() if line.startswith(("import ", "import\t")))


def _mcp_commands(config: dict[str, Any]) -> list[str]:
    servers = config.get("mcpServers")
    commands = []
    for server in servers.values() if isinstance(servers, dict) else ():
        if not isinstance(server, dict) or not isinstance(server.get("command"), str):
            continue
        args = server.get("args")
        extra = [a for a in args if isinstance(a, str)] if isinstance(args, list) else []
        commands.extend(_command_words([server["command"], *extra]))
    return commands


class ScriptCommands:
    families = frozenset({"edit"})

    def __init__(self, config: Config) -> None:
        """Nothing to configure: the bash rules in force decide."""

    def check(self, subject: Subject) -> Mapping[str, str] | None:
        view = subject.prepared
        judge = subject.judge
        if not isinstance(view, EditView) or judge is None or not runs_on_its_own(view):
            return None
        text = written_text(view, subject)
        if not text:
            return None
        event = subject.event

        def denied(command: str) -> str | None:
            decision = judge(event.as_bash(command, cwd=view.project_dir))
            return (decision.rule or "the bash rules") if decision.verdict == "deny" else None

        for command in script_commands(view.path, text)[:MAX_COMMANDS]:
            blocked_by = denied(command)
            if blocked_by is None:
                continue
            # Name the line that does it, where one does it on its own.
            lines = (ln.strip() for ln in command.splitlines())
            shown = next((ln for ln in lines if ln and not ln.startswith("#") and denied(ln)), command)
            shown = " ".join(shown.split())
            return {
                "script_command": shown if len(shown) <= 120 else shown[:119] + "…",
                "blocked_by": blocked_by,
            }
        return None


def runs_on_its_own(view: EditView) -> bool:
    """The edited file is one `script_reader` reads: decided by its name, or for a script by
    its first line, before any file is read (a JSON file's name is enough)."""
    return bool(view.path) and script_reader(view.path, view.content) is not None


def written_text(view: EditView, subject: Subject) -> str:
    """A Write's text; an Edit's new text, or for a JSON file the whole file after it."""
    if not view.path.endswith(".json") or "content" in subject.event.tool_input:
        return view.content
    try:
        with open(view.path, encoding="utf-8", errors="replace") as handle:
            before = handle.read(MAX_JSON + 1)
    except OSError:
        return view.content
    return apply_edit(before, subject.event) or view.content
