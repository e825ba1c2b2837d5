"""SecretInContent: a credential in text the agent writes or the user types.

Edit family: the text an edit writes (Write content, Edit new_string, cell source).
Prompt family: the user's prompt. Agent family: a subagent's prompt. MCP family: every
string parameter. Matches with {secret_kind} and {line}; the secret itself is never
put into a variable, a message or the log.
"""

from __future__ import annotations

from collections.abc import Mapping

from security_hooks.config.load import Config
from security_hooks.engine.families.base import Subject
from security_hooks.scanners.secrets import shared_scanner

FIELDS = {"edit": "content", "prompt": "prompt", "agent": "prompt", "mcp": "params"}


class SecretInContent:
    families = frozenset(FIELDS)

    def __init__(self, config: Config) -> None:
        """Nothing to configure: the scanner is shared and compiled on first use."""

    def check(self, subject: Subject) -> Mapping[str, str] | None:
        for text in subject.prepared.values(FIELDS[subject.family], subject.unit):
            findings = shared_scanner().scan(text, limit=1)
            if findings:
                found = findings[0]
                return {"secret_kind": found.label, "line": str(found.line)}
        return None
