"""The `security-hook` executable."""

from __future__ import annotations

import sys


def main() -> None:
    from .cli.main import main as cli_main

    sys.exit(cli_main())
