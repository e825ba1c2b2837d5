"""The CLI's error family: a FatalError becomes one line and exit 1."""

from __future__ import annotations


class FatalError(Exception):
    """A user-facing failure; its message is printed as one line."""
