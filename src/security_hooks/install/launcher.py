"""The installed launchers.

The Python ones are four-line scripts in the client's fast form: the shebang names the
interpreter by absolute path with `-IS` (isolated, no site), and they put only the
package's own directories on sys.path before importing the client or the daemon.

Where perl is found, the hook command is the perl client (`fast-hook.pl`) instead;
where only socat is, it is the shell client (`fast-hook.sh`). Either way the Python
client sits beside it as `security-hook-client`, and takes every call they cannot.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import sysconfig
from collections.abc import Mapping
from pathlib import Path

import security_hooks

SHELL_TEMPLATE = Path(__file__).with_name("fast-hook.sh")
SHELL_MARK = b"# security-hooks: shell hook command"
PERL_TEMPLATE = Path(__file__).with_name("fast-hook.pl")
PERL_MARK = b"# security-hooks: perl hook command"


def import_roots() -> list[str]:
    """Directories that must be on sys.path: the package's parent, then site-packages."""
    package_parent = str(Path(security_hooks.__file__).resolve().parent.parent)
    paths = sysconfig.get_paths()
    roots = [package_parent, paths["purelib"], paths["platlib"]]
    return list(dict.fromkeys(roots))


def launcher_script(
    python: str | None = None, roots: list[str] | None = None, *, daemon: bool = False
) -> str:
    python = python or sys.executable
    roots = roots if roots is not None else import_roots()
    target = (
        "from security_hooks.daemon.app import main" if daemon else "from security_hooks.client import main"
    )
    call = "sys.exit(main())" if daemon else "main()"
    flags = "-I" if daemon else "-IS"
    return f"#!{python} {flags}\nimport sys\nsys.path[:0] = {roots!r}\n{target}\n{call}\n"


def write_launcher(path: Path, text: str) -> None:
    temp = path.with_name(f".{path.name}.tmp")
    temp.write_text(text)
    temp.chmod(0o755)
    temp.replace(path)


def find_socat(env: Mapping[str, str]) -> str | None:
    """socat's absolute path; `SECURITY_HOOKS_SOCAT` names another, or "none" for none.

    Raises ValueError when that variable names something that cannot be run: a typo
    there must not quietly give the slower client.
    """
    return _find_program("socat", "SECURITY_HOOKS_SOCAT", env)


def find_perl(env: Mapping[str, str]) -> str | None:
    """perl's absolute path, when it runs; `SECURITY_HOOKS_PERL` names another, or "none"
    for none. Raises ValueError as `find_socat` does.

    A perl that is a script (a version manager's shim, which can take tens of
    milliseconds to pick a perl) is replaced by the perl it runs.
    """
    perl = _find_program("perl", "SECURITY_HOOKS_PERL", env)
    if perl is None:
        return None
    running = perl_executable(perl)
    if running is not None and not any(c.isspace() for c in running):
        return running if _is_script(perl) else perl
    if env.get("SECURITY_HOOKS_PERL", "").strip():
        raise ValueError(f"SECURITY_HOOKS_PERL={perl} does not run a perl script (or its path has a space)")
    return None


def perl_executable(perl: str) -> str | None:
    """The executable of the perl that `perl` starts, when it runs a script in taint mode
    and has the socket calls the client makes; None otherwise."""
    probe = "socket(my $s, 1, 1, 0) or exit 1; print $^X"
    try:
        ran = subprocess.run([perl, "-t", "-e", probe], capture_output=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    found = ran.stdout.decode("utf-8", "replace")
    if ran.returncode != 0 or not os.path.isabs(found) or not os.access(found, os.X_OK) or _is_script(found):
        return None
    return found


def _is_script(path: str) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(2) == b"#!"
    except OSError:
        return False


def _find_program(name: str, variable: str, env: Mapping[str, str]) -> str | None:
    chosen = env.get(variable)
    if chosen is not None:
        chosen = chosen.strip()
        if chosen.lower() in ("", "none"):
            return None
        if not (os.path.isabs(chosen) and os.path.isfile(chosen) and os.access(chosen, os.X_OK)):
            raise ValueError(f"{variable}={chosen} is not an executable file (by absolute path)")
        return chosen
    found = shutil.which(name, path=env.get("PATH"))
    return os.path.abspath(found) if found else None


def socat_streams(socat: str) -> bool:
    """Whether this socat keeps a copy of what it sends (`-r FILE`, socat 1.7.4 and newer):
    then the shell client streams the payload instead of spooling it with cat first."""
    try:
        shown = subprocess.run([socat, "-h"], capture_output=True, timeout=10, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    return re.search(rb"^\s*-r <file>", shown, re.MULTILINE) is not None


def shell_script(
    client: Path,
    socat: str,
    *,
    system: bool,
    python: str | None = None,
    platform: str = sys.platform,
    stream: bool | None = None,
) -> str:
    """The shell hook command; `system` installs serve every user, so no uid is built in.
    `stream` (default: ask socat) picks the way that needs no cat."""
    per_user_tmp = "" if system else f"/tmp/security-hooks-{os.getuid()}"
    if stream is None:
        stream = socat_streams(socat)
    values = {
        "@STREAM@": "yes" if stream else "no",
        "@CLIENT@": shlex.quote(str(client)),
        "@PYTHON@": shlex.quote(python or sys.executable),
        "@SOCAT@": shlex.quote(socat),
        "@VERSION@": shlex.quote(security_hooks.__version__),
        "@PLATFORM@": "darwin" if platform == "darwin" else "other",
        "@PER_USER_TMP@": per_user_tmp,
        "@RS@": "\x1e",
    }
    text = SHELL_TEMPLATE.read_text()
    for key, value in values.items():
        text = text.replace(key, value)
    return text


def perl_script(client: Path, perl: str, *, python: str | None = None) -> str:
    """The perl hook command. It finds the runtime directory as the Python client does, so
    one text serves a user install and a system one."""
    values = {
        "@PERL@": perl,
        "@CLIENT@": perl_quote(str(client)),
        "@PYTHON@": perl_quote(python or sys.executable),
        "@VERSION@": perl_quote(security_hooks.__version__),
    }
    text = PERL_TEMPLATE.read_text()
    for key, value in values.items():
        text = text.replace(key, value)
    return text


def perl_quote(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def hook_launchers(
    hook: Path,
    client: Path,
    socat: str | None,
    *,
    perl: str | None = None,
    system: bool = False,
    python: str | None = None,
    stream: bool | None = None,
) -> list[tuple[Path, str]]:
    """(path, text) of the hook command and, with perl or socat, the Python client it
    hands over to. perl is preferred: it starts faster than a shell and socat together."""
    script = launcher_script(python)
    if perl is not None:
        return [(client, script), (hook, perl_script(client, perl, python=python))]
    if socat is None:
        return [(hook, script)]
    shell = shell_script(client, socat, system=system, python=python, stream=stream)
    return [(client, script), (hook, shell)]


def shell_settings(path: Path) -> dict[str, str] | None:
    """The client, socat, version and way (`stream`) a shell hook command names; None if
    `path` is not one."""
    text = _marked_text(path, SHELL_MARK)
    if text is None:
        return None
    found = {}
    for line in text.splitlines():
        name, sep, value = line.partition("=")
        if sep and name in ("client", "socat", "version", "stream") and name not in found:
            try:
                found[name] = " ".join(shlex.split(value, comments=True))
            except ValueError:
                found[name] = value
    return found


PERL_SETTING = re.compile(r"^my \$(client|python|version) += '((?:[^'\\]|\\.)*)';$", re.MULTILINE)


def perl_settings(path: Path) -> dict[str, str] | None:
    """The perl, client, python and version a perl hook command names; None if `path` is
    not one."""
    text = _marked_text(path, PERL_MARK)
    if text is None:
        return None
    found = {"perl": text.split("\n", 1)[0].removeprefix("#!").split(" ")[0]}
    for name, value in PERL_SETTING.findall(text):
        found.setdefault(name, re.sub(r"\\(.)", r"\1", value))
    return found


def _marked_text(path: Path, mark: bytes) -> str | None:
    """The text of `path` when its head carries `mark` (it is that hook command), else None."""
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return None
    return text if mark.decode() in text[:512] else None
