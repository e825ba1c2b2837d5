"""The options install and uninstall share, turned into a Layout. Standard library only."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from ..install.layout import Layout, system_layout, user_layout
from .errors import FatalError


def add_layout_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--prefix", type=Path, help="directory for the launchers (default ~/.local/bin)")
    parser.add_argument("--settings", type=Path, help="the Claude Code settings file to change")
    parser.add_argument("--system", action="store_true", help="for every user: managed settings (root)")
    parser.add_argument("--root", type=Path, help="with --system: treat DIR as / (image builds, tests)")


def layout_from(args: argparse.Namespace) -> Layout:
    prefix = Path(os.path.abspath(args.prefix)) if args.prefix else None
    settings = Path(os.path.abspath(args.settings)) if args.settings else None
    if args.root and not args.system:
        raise FatalError("--root only applies with --system")
    if not args.system:
        return user_layout(bin_dir=prefix, settings=settings)
    if args.root is None and os.geteuid() != 0:
        raise FatalError("--system changes files for every user; run it as root")
    root = Path(os.path.abspath(args.root)) if args.root else Path("/")
    return system_layout(root, bin_dir=prefix, settings=settings)
