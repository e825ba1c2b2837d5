"""Linters after an edit: detected from the project's files, run with a timeout.

| Linter | Files | Runs when | Scope |
|---|---|---|---|
| ruff | .py .pyi | ruff.toml, .ruff.toml or [tool.ruff] in pyproject.toml | the file |
| flake8 | .py | .flake8, or [flake8] in setup.cfg / tox.ini (and no ruff config) | the file |
| eslint | .js .jsx .mjs .cjs .ts .tsx .mts .cts .vue | ESLint config + node_modules/.bin/eslint | the file |
| shellcheck | .sh .bash .ksh, or a shell shebang | always | the file |
| go_vet | .go | go.mod | the file's package |
| clippy | .rs | Cargo.toml | the crate |
| credo | .ex .exs | mix.exs that mentions credo | the file |

The marker is looked for from the file's directory up to the project root; the linter
runs in the directory where it was found. Programs are looked up in the project's own
tool directories first (`.venv/bin`, `venv/bin`, `node_modules/.bin`), then on PATH;
eslint only from `node_modules/.bin`. Each linter's command line, timeout and
on/off switch come from `[lint.<name>]` in config.

A run yields diagnostics (`path:line:col message`) or a problem: the program is
missing, it timed out, or it failed without a diagnostic. Linters run project code
(config files, build scripts); `lint.enabled = false` turns them all off.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
from collections.abc import Sequence
from dataclasses import dataclass

from ..config.load import Config
from ..engine.families.post import PostView
from ..regex import compile_pattern
from . import proc

MAX_DIAGNOSTICS = 200
MAX_MARKER_BYTES = 256 * 1024
_LINE = compile_pattern(r"^\s*([^\s:][^:]*):(\d+):(?:(\d+):)?\s*(.+)$")
SHELLS = ("sh", "bash", "dash", "ksh", "zsh", "ash", "mksh")


@dataclass(frozen=True)
class Linter:
    name: str
    command: str  # default command line; the target file or package is appended
    suffixes: tuple[str, ...]
    markers: tuple[tuple[str, str], ...]  # (file name, text it must contain or "")
    scope: str  # "file", "package" or "project"
    local_bins: tuple[str, ...] = ()
    local_only: bool = False
    output: str = "lines"  # or "eslint-json"
    shebang: bool = False  # also files whose #! names a shell


LINTERS: tuple[Linter, ...] = (
    Linter(
        "ruff",
        "ruff check --output-format=concise --no-fix --quiet --force-exclude",
        (".py", ".pyi"),
        (("ruff.toml", ""), (".ruff.toml", ""), ("pyproject.toml", "[tool.ruff")),
        "file",
        local_bins=(".venv/bin", "venv/bin"),
    ),
    Linter(
        "flake8",
        "flake8",
        (".py",),
        ((".flake8", ""), ("setup.cfg", "[flake8]"), ("tox.ini", "[flake8]")),
        "file",
        local_bins=(".venv/bin", "venv/bin"),
    ),
    Linter(
        "eslint",
        "eslint --format json --quiet",
        (".js", ".jsx", ".mjs", ".cjs", ".ts", ".tsx", ".mts", ".cts", ".vue"),
        (
            ("eslint.config.js", ""), ("eslint.config.mjs", ""), ("eslint.config.cjs", ""),
            ("eslint.config.ts", ""), ("eslint.config.mts", ""), ("eslint.config.cts", ""),
            (".eslintrc", ""), (".eslintrc.js", ""), (".eslintrc.cjs", ""), (".eslintrc.json", ""),
            (".eslintrc.yml", ""), (".eslintrc.yaml", ""), ("package.json", '"eslintConfig"'),
        ),  # fmt: skip
        "file",
        local_bins=("node_modules/.bin",),
        local_only=True,
        output="eslint-json",
    ),
    Linter(
        "shellcheck",
        "shellcheck --format=gcc --severity=warning",
        (".sh", ".bash", ".ksh"),
        (),
        "file",
        shebang=True,
    ),
    Linter("go_vet", "go vet", (".go",), (("go.mod", ""),), "package"),
    Linter(
        "clippy", "cargo clippy --quiet --message-format=short", (".rs",), (("Cargo.toml", ""),), "project"
    ),
    Linter("credo", "mix credo --format=flycheck", (".ex", ".exs"), (("mix.exs", "credo"),), "file"),
)
BY_NAME = {linter.name: linter for linter in LINTERS}
PREFERRED_OVER = {"flake8": "ruff"}  # run flake8 only when ruff does not apply


@dataclass(frozen=True)
class Diagnostic:
    path: str  # absolute, resolved
    line: int
    column: int
    message: str

    def short(self) -> str:
        column = f":{self.column}" if self.column else ""
        return f"{self.line}{column} {self.message}"


@dataclass(frozen=True)
class LintRun:
    linter: str
    diagnostics: tuple[Diagnostic, ...] = ()
    problem: str | None = None  # why there are no results
    problem_kind: str = ""  # "missing", "timeout" or "failed"
    marker: str = ""  # the file that made the linter apply


def lint_runs(view: PostView, config: Config) -> tuple[LintRun, ...]:
    """The linters' results for the file this call edited, computed once per evaluation."""
    cached = view.memo.get("lint")
    if isinstance(cached, tuple):
        return cached
    runs = tuple(run_linters(view.path, view.project_dir, config)) if view.path else ()
    view.memo["lint"] = runs
    return runs


def run_linters(path: str, project_dir: str, config: Config) -> list[LintRun]:
    if not config.get("lint.enabled", True) or not os.path.isfile(path):
        return []
    if not (path == project_dir or path.startswith(project_dir.rstrip("/") + "/")):
        return []  # outside the project: nothing of ours to lint
    runs: list[LintRun] = []
    applied: set[str] = set()
    for linter in LINTERS:
        if not config.get(f"lint.{linter.name}.enabled", True):
            continue
        if PREFERRED_OVER.get(linter.name) in applied:
            continue
        found = applies(linter, path, project_dir)
        if found is None:
            continue
        applied.add(linter.name)
        runs.append(run_linter(linter, path, project_dir, found, config))
    return runs


def applies(linter: Linter, path: str, project_dir: str) -> tuple[str, str] | None:
    """(directory to run in, marker file) when the linter applies to `path`, else None."""
    if not (path.endswith(linter.suffixes) or (linter.shebang and _shell_shebang(path))):
        return None
    if not linter.markers:
        return project_dir, ""
    directory = os.path.dirname(path)
    while True:
        for name, needle in linter.markers:
            marker = os.path.join(directory, name)
            if _has_marker(marker, needle):
                return directory, marker
        if directory == project_dir or len(directory) <= len(project_dir):
            return None
        directory = os.path.dirname(directory)


def run_linter(
    linter: Linter, path: str, project_dir: str, found: tuple[str, str], config: Config
) -> LintRun:
    cwd, marker = found
    shown = os.path.relpath(marker, project_dir) if marker else ""
    command = config.get(f"lint.{linter.name}.command", linter.command)
    default_timeout = config.get("lint.timeout_seconds", 20)
    timeout = float(config.get(f"lint.{linter.name}.timeout_seconds", default_timeout))
    try:
        argv = shlex.split(str(command))
    except ValueError:
        argv = str(command).split()
    program = _find_program(argv[0], linter, cwd, project_dir) if argv else None
    if program is None:
        name = argv[0] if argv else linter.name
        return LintRun(linter.name, problem=f"{name} was not found", problem_kind="missing", marker=shown)
    argv = [program, *argv[1:], *_targets(linter, path, cwd)]
    try:
        done = proc.run(argv, cwd=cwd, timeout=timeout, max_output=4 << 20)
    except OSError as exc:
        why = exc.strerror or type(exc).__name__
        return LintRun(linter.name, problem=f"could not run: {why}", problem_kind="missing", marker=shown)
    if done.timed_out:
        problem = f"timed out after {timeout:g} s"
        return LintRun(linter.name, problem=problem, problem_kind="timeout", marker=shown)
    diagnostics = _parse(linter, done, cwd)
    if not diagnostics and done.returncode not in (0, 1):
        problem = f"failed (exit {done.returncode}): {done.first_error_line() or 'no output'}"
        return LintRun(linter.name, problem=problem, problem_kind="failed", marker=shown)
    return LintRun(linter.name, tuple(diagnostics[:MAX_DIAGNOSTICS]), marker=shown)


def _targets(linter: Linter, path: str, cwd: str) -> list[str]:
    if linter.scope == "file":
        return [path]
    if linter.scope == "package":
        relative = os.path.relpath(os.path.dirname(path), cwd)
        return ["./" + relative if relative != "." else "."]
    return []


def _find_program(name: str, linter: Linter, cwd: str, project_dir: str) -> str | None:
    if "/" in name:
        candidate = name if os.path.isabs(name) else os.path.join(cwd, name)
        return candidate if os.access(candidate, os.X_OK) else None
    for base in dict.fromkeys((cwd, project_dir)):
        for directory in linter.local_bins:
            candidate = os.path.join(base, directory, name)
            if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
                return candidate
    if linter.local_only:
        return None
    return shutil.which(name)


def _parse(linter: Linter, done: proc.Completed, cwd: str) -> list[Diagnostic]:
    if linter.output == "eslint-json":
        return _parse_eslint(done.stdout)
    return _parse_lines(done.stdout + b"\n" + done.stderr, cwd)


def _parse_lines(output: bytes, cwd: str) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for raw in output.splitlines():
        match = _LINE.search(raw)
        if match is None:
            continue
        name = (match.group(1) or b"").decode("utf-8", "replace").strip()
        full = os.path.realpath(os.path.join(cwd, name))
        if not os.path.isfile(full):
            continue  # "error: could not compile", URLs and other look-alikes
        column = match.group(3)
        message = (match.group(4) or b"").decode("utf-8", "replace").strip()
        found.append(Diagnostic(full, int(match.group(2) or b"0"), int(column) if column else 0, message))
        if len(found) >= MAX_DIAGNOSTICS:
            break
    return found


def _parse_eslint(output: bytes) -> list[Diagnostic]:
    try:
        results = json.loads(output or b"[]")
    except (ValueError, RecursionError):
        return []
    found: list[Diagnostic] = []
    for result in results if isinstance(results, list) else []:
        if not isinstance(result, dict) or not isinstance(result.get("filePath"), str):
            continue
        full = os.path.realpath(result["filePath"])
        for message in result.get("messages") or []:
            if not isinstance(message, dict):
                continue
            rule = message.get("ruleId")
            text = str(message.get("message", "")).strip() + (f" ({rule})" if rule else "")
            line, column = message.get("line"), message.get("column")
            line = line if isinstance(line, int) else 0
            found.append(Diagnostic(full, line, column if isinstance(column, int) else 0, text))
    return found[:MAX_DIAGNOSTICS]


def _has_marker(path: str, needle: str) -> bool:
    if not needle:
        return os.path.isfile(path)
    try:
        with open(path, "rb") as handle:
            return needle.encode() in handle.read(MAX_MARKER_BYTES)
    except OSError:
        return False


def _shell_shebang(path: str) -> bool:
    if "." in os.path.basename(path):
        return False  # a file with another extension is not a script of ours
    try:
        with open(path, "rb") as handle:
            first = handle.readline(128)
    except OSError:
        return False
    if not first.startswith(b"#!"):
        return False
    words = first[2:].decode("utf-8", "replace").split()
    if not words:
        return False
    program = os.path.basename(words[0])
    if program == "env" and len(words) > 1:
        program = os.path.basename(words[-1] if words[1].startswith("-") else words[1])
    return program in SHELLS


Tagged = list[tuple[str, Diagnostic]]


def split_by_file(runs: Sequence[LintRun], path: str) -> tuple[Tagged, Tagged]:
    """(diagnostics in `path`, diagnostics elsewhere), each tagged with its linter."""
    mine: Tagged = []
    other: Tagged = []
    for run in runs:
        for diagnostic in run.diagnostics:
            (mine if diagnostic.path == path else other).append((run.linter, diagnostic))
    return mine, other

