"""Hot reload: watch the config and rules directories and reload on change.

Directories are watched, not files, so an editor's atomic save (write a temporary
file, rename it over the old one) is seen. Any change counts except editors' swap
and backup files: a new `rules/` directory must trigger a reload too, because files
written into it before the watch reaches it would otherwise go unseen. A spurious
reload costs a few milliseconds in a worker thread.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path

import watchfiles

IGNORED_SUFFIXES = ("~", ".swp", ".swx", ".swo", ".pyc", ".log")


def relevant(change: watchfiles.Change, path: str) -> bool:
    name = path.rsplit("/", 1)[-1]
    return not (name.endswith(IGNORED_SUFFIXES) or name.startswith(".#") or name == "__pycache__")


async def watch(
    directories: Sequence[Path], on_change: Callable[[str], Awaitable[object]], stop: asyncio.Event
) -> None:
    existing = [str(d) for d in directories if d.is_dir()]
    if not existing:
        return
    async for changes in watchfiles.awatch(
        *existing, watch_filter=relevant, stop_event=stop, debounce=100, step=25, rust_timeout=500
    ):
        names = sorted({path.rsplit("/", 1)[-1] for _, path in changes})
        await on_change("changed: " + ", ".join(names[:5]))
