"""Why a line a peer calls dangerous is allowed here: the issue's own policy, or not.

The peers' test cases are their opinions. Issue 4 states some policy of its own that
contradicts them: cleanups inside the project are allowed (`rm -rf build/`, `find .
-name '*.pyc' -delete`), `--force-with-lease` is allowed, and destructive operations are
graded by their target, so deletes in a temporary directory are allowed too. sh-guard,
by its own README, asks about nearly every write, install and network call.

`reason()` sorts an allowed line into one of those groups on its text (and, for
sh-guard, on the peer's own label); whatever is left is "other": a gap, or a line that
does nothing harmful as written. The bench lists every line with its group, so the
sorting can be checked by eye. It never changes a verdict or the headline figure.
"""

from __future__ import annotations

import re
from typing import Any

DELETE = re.compile(r"\b(rm|rmdir|unlink)\b|-delete\b|\brmtree\b")
# A path that leaves the working directory, or names all of it or its history.
OUTSIDE = r"(/|~|\$(?!\{?TMPDIR\b))"
WHOLE = r"(\.|\./|\*|\.\*|\.git/?)"
NOT_CLEANUP = re.compile(
    rf"(^|[\s'\"(=]){OUTSIDE}|(^|/|\s)\.\.(/|\s|$)"
    rf"|\b(rm|rmdir)\b[^|;&]*\s{WHOLE}(\s|$|;|\))"
    r"|\bfind\s+(\.|\./)?\s*(-print0?\s*)?(-delete|-exec|\|)"  # an unfiltered find at the root
)
TEMP = re.compile(r"(^|[\s'\"(])(/tmp/|/var/tmp/|\$\{?TMPDIR\}?/)(?!\.\.)")

CLEANUP = "in-project cleanup (issue: allowed)"
IN_TEMP = "delete in a temporary directory (targets graded: allowed)"
LEASE = "--force-with-lease (issue: allowed)"
SH_GUARD_ASKS = "sh-guard asks about an everyday command (its design)"
OTHER = "other: a gap, or harmless as written (judge each)"
REASONS = (CLEANUP, IN_TEMP, LEASE, SH_GUARD_ASKS, OTHER)


def _deletes_in_temp(command: str) -> bool:
    if not DELETE.search(command) or not TEMP.search(command):
        return False
    return ".." not in command


REDIRECT = re.compile(r"\d*>>?\s*\S+")


def reason(row: dict[str, Any]) -> str:
    command = REDIRECT.sub("", row["command"])
    if "--force-with-lease" in command and not re.search(r"\s(-f|--force)(\s|$)|\s\+\w", command):
        return LEASE
    if _deletes_in_temp(command):
        return IN_TEMP
    if DELETE.search(command) and not NOT_CLEANUP.search(command):
        return CLEANUP
    if row.get("peer", "").endswith("sh-guard") and row.get("peer_verdict") in ("caution", "danger"):
        return SH_GUARD_ASKS
    return OTHER
