"""Commands that print a credential, read from their words."""

from __future__ import annotations

import pytest

from security_hooks.engine.credential_commands import prints_credential
from security_hooks.shell import analyze


@pytest.mark.parametrize(
    ("command", "prints"),
    [
        ("gh auth token", True),
        ("gh auth token --hostname github.example.com", True),
        ("gh auth status", False),
        ("glab auth status --show-token", True),
        ("glab auth status", False),
        ("gcloud --project p auth print-access-token", True),
        ("gcloud auth application-default print-access-token", True),
        ("gcloud auth list", False),
        ("aws --profile prod sts get-session-token", True),
        ("aws configure get aws_secret_access_key", True),
        ("aws configure get region", False),
        ("aws ecr get-login-password --region eu-west-1", True),
        ("az account get-access-token", True),
        ("kubectl config view --raw", True),
        ("kubectl config view", False),
        ("security find-generic-password -w -s github", True),
        ("security find-generic-password -ws github", True),
        ("security find-generic-password -s github", False),
        ("pass show work/github", True),
        ("pass work/github", True),
        ("pass ls", False),
        ("op read op://vault/item/password", True),
        ("vault kv get secret/app", True),
        ("gpg --armor --export-secret-keys me@example.com", True),
        ("gpg --armor --export me@example.com", False),
        ("git credential fill", True),
        ("git status", False),
        ("echo gh auth token", False),
    ],
)
def test_prints_credential(command: str, prints: bool) -> None:
    segments = analyze(command).segments
    assert len(segments) == 1
    assert prints_credential(segments[0]) is prints
