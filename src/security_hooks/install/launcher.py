"""The installed `security-hook` launcher: a four-line script in the client's fast form.

Its shebang names the interpreter by absolute path with `-IS` (isolated, no site), and
it puts only the package's own directories on sys.path before importing the client.
"""

from __future__ import annotations

import sys
import sysconfig
from pathlib import Path

import security_hooks


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
