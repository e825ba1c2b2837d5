"""The installed launchers.

The Python ones are four-line scripts in the client's fast form: the shebang names the
interpreter by absolute path with `-IS` (isolated, no site), and they put only the
package's own directories on sys.path before importing the client or the daemon.

Where socat is found, the hook command is the shell client (`fast-hook.sh`) instead,
and the Python client sits beside it as `security-hook-client`.
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
    chosen = env.get("SECURITY_HOOKS_SOCAT")
    if chosen is not None:
        chosen = chosen.strip()
        if chosen.lower() in ("", "none"):
            return None
        if not (os.path.isabs(chosen) and os.path.isfile(chosen) and os.access(chosen, os.X_OK)):
            raise ValueError(f"SECURITY_HOOKS_SOCAT={chosen} is not an executable file (by absolute path)")
        return chosen
    found = shutil.which("socat", path=env.get("PATH"))
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


def hook_launchers(
    hook: Path,
    client: Path,
    socat: str | None,
    *,
    system: bool = False,
    python: str | None = None,
    stream: bool | None = None,
) -> list[tuple[Path, str]]:
    """(path, text) of the hook command and, with socat, the Python client it hands over to."""
    script = launcher_script(python)
    if socat is None:
        return [(hook, script)]
    shell = shell_script(client, socat, system=system, python=python, stream=stream)
    return [(client, script), (hook, shell)]


def shell_settings(path: Path) -> dict[str, str] | None:
    """The client, socat, version and way (`stream`) a shell hook command names; None if
    `path` is not one."""
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return None
    if SHELL_MARK.decode() not in text[:512]:
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
