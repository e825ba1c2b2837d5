"""`security-hook doctor`: prove the installation works, the way Claude Code will use it.

A guard installed wrong fails open without a word, so every check here ends in ok,
warn or FAIL with a fix. Everything after the settings check goes through the hook
command registered in settings.json, spawned as Claude Code spawns it: its version,
its rules, its daemon, and its verdicts on calls that must be denied or allowed.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import __version__
from ..install.entries import HOOKS, MIN_SAFE_TIMEOUT, HookSpec, matches_all
from ..install.launcher import perl_settings, shell_settings, socat_streams
from ..install.layout import managed_settings, user_config_dir, user_settings
from ..install.probe import hook_argv, run_entry, run_probes, session_payload
from ..install.settings import Settings, SettingsError, ours, read_settings

REINSTALL = "run ./install.sh again from the security-hooks checkout"


class Stop(Exception):
    """A check failed that the later checks depend on."""


@dataclass
class Report:
    lines: list[tuple[str, str, str, str]] = field(default_factory=list)

    def add(self, status: str, name: str, detail: str, fix: str = "") -> None:
        self.lines.append((status, name, detail, fix))

    def ok(self, name: str, detail: str) -> None:
        self.add("ok", name, detail)

    def warn(self, name: str, detail: str, fix: str = "") -> None:
        self.add("warn", name, detail, fix)

    def fail(self, name: str, detail: str, fix: str) -> None:
        self.add("FAIL", name, detail, fix)

    @property
    def failed(self) -> int:
        return sum(1 for line in self.lines if line[0] == "FAIL")

    def render(self) -> str:
        out = []
        for status, name, detail, fix in self.lines:
            out.append(f"{status:<5} {name:<12} {detail}")
            if fix:
                out.append(f"{'':<18} fix: {fix}")
        return "\n".join(out)


@dataclass
class Doctor:
    env: dict[str, str]
    settings_files: list[Path]
    report: Report = field(default_factory=Report)
    managed: Path | None = None  # the managed settings file, when it is among those checked
    entries: dict[str, Mapping[str, Any]] = field(default_factory=dict)  # event -> our handler
    rules_load: bool = True

    # -- settings and the registered command ---------------------------------------

    def check_settings(self) -> None:
        found: list[Settings] = []
        managed_only = False
        for path in self.settings_files:
            try:
                settings = read_settings(path)
            except SettingsError as exc:
                self.report.fail("settings", str(exc), "fix the JSON by hand, then " + REINSTALL)
                continue
            if settings.data.get("disableAllHooks") is True:
                self.report.fail("settings", f"{path} sets disableAllHooks: no hook runs", "remove that key")
            managed_only |= path == self.managed and settings.data.get("allowManagedHooksOnly") is True
            if ours(settings.data):
                found.append(settings)
        if not found:
            names = " or ".join(str(p) for p in self.settings_files)
            raise self._stop("settings", f"no security-hook entries in {names}", REINSTALL)
        if len(found) > 1:
            self.report.warn("settings", "our hooks are registered in more than one file; each runs")
        settings = found[0]
        if managed_only and settings.path != self.managed:
            detail = f"managed settings set allowManagedHooksOnly, so the hooks in {settings.path} never run"
            self.report.fail("settings", detail, "install with --system (see docs/install.md)")
        problems = self._entry_problems(settings.data)
        if problems:
            raise self._stop("settings", f"{settings.path}: " + "; ".join(problems), REINSTALL)
        self.report.ok("settings", f"{settings.path} registers {len(HOOKS)} hooks, exec form, timeouts ok")

    def _entry_problems(self, data: Mapping[str, Any]) -> list[str]:
        problems = []
        registered = ours(data)
        for spec in HOOKS:
            mine = [(group, h) for event, group, h in registered if event == spec.event]
            if not mine:
                problems.append(f"{spec.event} is not registered")
                continue
            group, handler = mine[0]
            self.entries[spec.event] = handler
            problems += _handler_problems(spec, group, handler, len(mine))
        commands = {str(h.get("command")) for h in self.entries.values()}
        if len(commands) > 1:
            problems.append(f"the entries name different commands: {', '.join(sorted(commands))}")
        return problems

    def check_command(self) -> None:
        argv = hook_argv(self.entries["PreToolUse"], self.env)
        path = Path(argv[0])
        if not path.is_file() or not os.access(path, os.X_OK):
            what = "does not exist" if not path.exists() else "is not executable"
            detail = f"{path} {what}: Claude Code would skip every hook and let every call through"
            raise self._stop("command", detail, REINSTALL)
        shell = shell_settings(path)
        perl = perl_settings(path) if shell is None else None
        forwarder = shell if shell is not None else perl
        if perl is not None and not os.access(perl["perl"], os.X_OK):
            detail = f"{path} runs {perl['perl']}, which is missing: Claude Code would let every call through"
            raise self._stop("command", detail, REINSTALL)
        client = Path(forwarder.get("client", "")) if forwarder is not None else path
        if forwarder is not None and (not client.is_file() or not os.access(client, os.X_OK)):
            detail = f"{path} hands calls to {client}, which is missing (was it removed?)"
            raise self._stop("command", detail, REINSTALL)
        interpreter = _shebang(client)
        if interpreter and not os.access(interpreter[0], os.X_OK):
            detail = f"{client} runs {interpreter[0]}, which is missing (was the virtualenv removed?)"
            raise self._stop("command", detail, REINSTALL)
        writable = [p for p in (path, path.parent, client, client.parent) if _writable_by_others(p)]
        if writable:
            self.report.fail(
                "command", f"{writable[0]} is writable by other users", f"chmod go-w {writable[0]}"
            )
        flags = " ".join(interpreter[1:]) if interpreter else ""
        form = f"{interpreter[0]} {flags}".strip() if interpreter else "no #! line"
        if perl is not None:
            self.report.ok("command", f"{path} is the perl client; it hands calls over to {client} ({form})")
            if perl.get("version") != __version__:
                self.report.warn(
                    "perl",
                    f"written by version {perl.get('version')}, installed is {__version__}: every call"
                    " takes the Python client, which is slower",
                    "run `security-hook install` again",
                )
            else:
                self.report.ok("perl", f"the perl client sends each call to the daemon ({perl['perl']})")
            return
        if shell is None:
            self.report.ok("command", f"{path} is executable ({form})")
            return
        self.report.ok("command", f"{path} is the shell client; it hands calls over to {client} ({form})")
        socat = shell.get("socat", "")
        if not os.access(socat, os.X_OK):
            self.report.warn(
                "shell",
                f"{socat} is missing: every call takes the Python client, which is slower",
                "install socat, or run `security-hook install` again",
            )
        elif shell.get("version") != __version__:
            self.report.warn(
                "shell",
                f"written by version {shell.get('version')}, installed is {__version__}: every call"
                " takes the Python client, which is slower",
                "run `security-hook install` again",
            )
        elif shell.get("stream") == "yes" and not socat_streams(socat):
            self.report.warn(
                "shell",
                f"{socat} cannot keep a copy of what it sends (-r), which the shell client was"
                " written for: every call takes the Python client, which is slower",
                "run `security-hook install` again",
            )
        elif shell.get("stream") == "yes":
            self.report.ok("shell", f"the shell client streams each call to the daemon through {socat}")
        else:
            self.report.ok("shell", f"the shell client reaches the daemon through cat and {socat}")

    # -- through the registered command ----------------------------------------------

    def cli(self, *args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
        argv = [hook_argv(self.entries["PreToolUse"], self.env)[0], *args]
        return subprocess.run(argv, input=stdin, capture_output=True, env=self.env, timeout=60)

    def check_versions(self) -> str:
        done = self.cli("--version")
        version = done.stdout.decode().strip().rsplit(" ", 1)[-1]
        if done.returncode != 0 or not version:
            raise self._stop("versions", f"the command does not start: {_first_line(done.stderr)}", REINSTALL)
        return version

    def check_rules(self) -> None:
        done = self.cli("rules", "check", "--json")
        try:
            result = json.loads(done.stdout)
        except ValueError:
            self.report.fail("rules", f"rules check did not answer: {_first_line(done.stderr)}", REINSTALL)
            return
        if not result["ok"]:
            errors = [str(d["rendered"]) for d in result["diagnostics"] if d["severity"] == "error"]
            first = _first_line(errors[0].encode()) if errors else "?"
            detail = f"{result['errors']} error(s), the first: {first}"
            self.report.fail("rules", detail, "run `security-hook rules check` and fix what it names")
            self.rules_load = False
            return
        self.report.ok(
            "rules",
            f"{result['rules']} rules from {len(result['sources'])} files, {result['warnings']} warning(s)",
        )

    def check_daemon(self, client_version: str) -> None:
        done = self.cli("daemon", "start")
        if done.returncode != 0:
            detail = f"it does not start: {_first_line(done.stderr)}"
            self.report.fail("daemon", detail, "see daemon.log in the state directory")
            return
        status = self.cli("daemon", "status", "--json")
        try:
            data = json.loads(status.stdout)
        except ValueError:
            self.report.fail(
                "daemon", f"it does not answer: {_first_line(status.stderr)}", "security-hook daemon restart"
            )
            return
        self.report.ok("daemon", f"pid {data['pid']} answers on {data['socket']}")
        self._check_versions(client_version, str(data["version"]))
        self._check_permissions(Path(data["socket"]))

    def _check_versions(self, client: str, daemon: str) -> None:
        if client != daemon:
            self.report.fail("versions", f"client {client}, daemon {daemon}", "security-hook daemon restart")
        elif client != __version__:
            self.report.warn(
                "versions",
                f"client and daemon {client}, but this doctor is {__version__}",
                "run the registered command's own doctor",
            )
        else:
            self.report.ok("versions", f"client and daemon {client}")

    def _check_permissions(self, socket: Path) -> None:
        problems = []
        runtime = socket.parent
        info = runtime.lstat()
        if info.st_uid != os.getuid() or info.st_mode & 0o077:
            problems.append(f"{runtime} is mode {stat.S_IMODE(info.st_mode):o}, owner {info.st_uid}")
        if stat.S_IMODE(socket.lstat().st_mode) & 0o077:
            problems.append(f"{socket} is mode {stat.S_IMODE(socket.lstat().st_mode):o}")
        config = user_config_dir(self.env)
        if config.is_dir() and _writable_by_others(config):
            problems.append(f"{config} is writable by other users")
        if problems:
            self.report.fail("permissions", "; ".join(problems), "chmod go-rwx on each; see docs/install.md")
        else:
            self.report.ok(
                "permissions", f"{runtime} and its socket are private; config not writable by others"
            )

    def check_verdicts(self) -> None:
        with tempfile.TemporaryDirectory(prefix="security-hook-doctor-") as workdir:
            env = {**self.env, "CLAUDE_PROJECT_DIR": workdir}
            runs = run_probes(self.entries["PreToolUse"], self.env, workdir)
            engine = self._engine_verdicts([call.payload for call, _ in runs], workdir)
            denied = 0
            for (call, run), rules_say in zip(runs, engine, strict=True):
                verdict = run.verdict()
                denied += verdict == call.expected == "deny"
                self._judge(call.label, call.expected, rules_say, verdict, run.reason(), run.elapsed_ms)
            if denied == 0:
                self.report.fail("hook", "no known-bad call was denied: the gate is open", REINSTALL)
            self._check_session(env, workdir)

    def _engine_verdicts(self, payloads: list[dict[str, Any]], workdir: str) -> list[str | None]:
        lines = "".join(json.dumps(p) + "\n" for p in payloads).encode()
        done = self.cli("eval", "--cwd", workdir, "--project-dir", workdir, stdin=lines)
        try:
            answers = [json.loads(line)["decision"] for line in done.stdout.decode().splitlines()]
        except (ValueError, KeyError):
            return [None] * len(payloads)
        verdicts: list[str | None] = ["allow" if a == "warn" else a for a in answers]
        return verdicts if len(verdicts) == len(payloads) else [None] * len(payloads)

    def _judge(self, label: str, expected: str, rules_say: str | None, got: str, why: str, ms: float) -> None:
        because = f" ({_clip(why, 90)})" if why and got != "allow" else ""
        detail = f"{label}: {got}{because} in {ms:.0f} ms"
        if rules_say is not None and rules_say != expected:
            if got == rules_say:
                self.report.warn(
                    "hook",
                    f"{detail}: your rules say {rules_say}, not {expected}",
                    "if that is not what you want, add or re-enable a rule for it",
                )
                return
            expected = rules_say
        if got == expected:
            self.report.ok("hook", detail)
        elif not self.rules_load:
            self.report.fail("hook", f"{detail}, expected {expected}", "fix the rules first (see above)")
        else:
            self.report.fail(
                "hook", f"{detail}, expected {expected}", "security-hook daemon restart; " + REINSTALL
            )

    def _check_session(self, env: Mapping[str, str], workdir: str) -> None:
        entry = self.entries["SessionStart"]
        run = run_entry(entry, json.dumps(session_payload(workdir)).encode(), env=env, cwd=workdir)
        message = (run.output() or {}).get("systemMessage")
        if run.exit_code != 0 or message:
            self.report.fail(
                "session",
                f"the SessionStart check says: {message or run.reason()}",
                "fix what it names, then run the doctor again",
            )
        else:
            self.report.ok("session", "the SessionStart health check is silent (healthy)")

    def _stop(self, name: str, detail: str, fix: str) -> Stop:
        self.report.fail(name, detail, fix)
        return Stop(name)


def _handler_problems(
    spec: HookSpec, group: Mapping[str, Any], handler: Mapping[str, Any], count: int
) -> list[str]:
    problems = []
    if count > 1:
        problems.append(f"{spec.event} is registered {count} times")
    if spec.matcher is not None and not matches_all(group.get("matcher")):
        problems.append(f"{spec.event} matcher is {group.get('matcher')!r}, not '*': some tools go unchecked")
    if list(handler.get("args") or []) != list(spec.args):
        problems.append(f"{spec.event} runs with {handler.get('args')!r}, not {list(spec.args)!r}")
    timeout = handler.get("timeout")
    if not isinstance(timeout, (int, float)) or timeout < MIN_SAFE_TIMEOUT:
        problems.append(
            f"{spec.event} timeout is {timeout!r}; below {MIN_SAFE_TIMEOUT} s a slow start fails open"
        )
    if not os.path.isabs(str(handler.get("command", ""))):
        problems.append(f"{spec.event} command {handler.get('command')!r} is not an absolute path")
    return problems


def _shebang(path: Path) -> list[str] | None:
    try:
        with path.open("rb") as handle:
            first = handle.readline(1024)
    except OSError:
        return None
    return first[2:].decode("utf-8", "replace").split() if first.startswith(b"#!") else None


def _writable_by_others(path: Path) -> bool:
    try:
        info = path.stat()
    except OSError:
        return False
    return bool(info.st_mode & 0o022) and not (path.is_dir() and info.st_mode & stat.S_ISVTX)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _first_line(data: bytes) -> str:
    text = data.decode("utf-8", "replace").strip()
    return text.splitlines()[0] if text else "no output"


def run_doctor(*, settings: Path | None = None, out: Callable[[str], None] = print) -> int:
    """Check `settings`, or else the managed settings and then the user's."""
    env = dict(os.environ)
    if settings is not None:
        doctor = Doctor(env, [settings])
    else:
        doctor = Doctor(env, [managed_settings(), user_settings(env)], managed=managed_settings())
    out(f"security-hook doctor {__version__}")
    try:
        doctor.check_settings()
        doctor.check_command()
        client_version = doctor.check_versions()
        doctor.check_rules()
        doctor.check_verdicts()
        doctor.check_daemon(client_version)
    except Stop:
        pass
    out(doctor.report.render())
    failed = doctor.report.failed
    out(f"{failed} check(s) failed" if failed else "all checks passed")
    return 1 if failed else 0
