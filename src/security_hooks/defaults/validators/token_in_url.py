"""TokenInUrl: a URL that would carry a secret off the machine.

Matches when the URL (also once percent-decoded) contains a credential the secrets
scanner recognises, or the value of one of the environment variables listed in
`[secrets] env_vars` (values are taken from the environment the daemon runs in, which
is the environment of the session that started it). Matches with {secret_kind}.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from urllib.parse import unquote

from security_hooks.config.load import Config
from security_hooks.engine.families.base import Subject
from security_hooks.scanners.secrets import shared_scanner

MIN_VALUE = 8  # shorter values would match by accident


class TokenInUrl:
    families = frozenset({"web"})

    def __init__(self, config: Config) -> None:
        self.env_vars = config.strings("secrets.env_vars")

    def check(self, subject: Subject) -> Mapping[str, str] | None:
        for url in subject.prepared.values("url", subject.unit):
            for text in dict.fromkeys((url, unquote(url))):
                findings = shared_scanner().scan(text, limit=1)
                if findings:
                    return {"secret_kind": findings[0].label}
                for name in self.env_vars:
                    value = os.environ.get(name, "")
                    if len(value) >= MIN_VALUE and value in text:
                        return {"secret_kind": f"the value of ${name}"}
        return None
