"""In the permission modes of `[asks] deny_in_modes` Claude Code may run a call without
putting a hook's question to anyone, so there an ask is a deny (with the reason)."""

from __future__ import annotations

import pytest

from bash_cases import HOME, PROJECT
from helpers import ruleset
from security_hooks.engine.decision import Decision
from security_hooks.engine.evaluate import evaluate
from security_hooks.engine.event import event_from_payload
from security_hooks.engine.payloads import build_payload
from security_hooks.rules.ruleset import RuleSet

ASKED = "cat ~/.ssh/id_rsa"  # secret-file-read asks
DENIED = "rm -rf ~"  # rm-outside-project denies
ALLOWED = "git status"


def decide(
    rules: RuleSet, command: str, mode: str | None, *, tool: str = "Bash", event: str = "PreToolUse"
) -> Decision:
    payload = build_payload(tool, command, file_path=None, event=event, cwd=PROJECT)
    if mode is None:
        del payload["permission_mode"]
    else:
        payload["permission_mode"] = mode
    phase = "pre" if event == "PreToolUse" else "post"
    env = {"HOME": HOME, "CLAUDE_PROJECT_DIR": PROJECT}
    return evaluate(rules, event_from_payload(payload, phase=phase, env=env))


@pytest.fixture(scope="module")
def packaged() -> RuleSet:
    return ruleset(packaged=True)


@pytest.mark.parametrize("mode", ["default", "plan", "acceptEdits", "dontAsk", "bypassPermissions", None])
def test_an_ask_stays_an_ask_where_someone_is_asked(packaged: RuleSet, mode: str | None) -> None:
    decision = decide(packaged, ASKED, mode)
    assert (decision.verdict, decision.rule) == ("ask", "secret-file-read")
    assert decision.note is None


def test_in_auto_mode_an_ask_is_a_deny_that_says_why(packaged: RuleSet) -> None:
    asked = decide(packaged, ASKED, "default")
    denied = decide(packaged, ASKED, "auto")
    assert (denied.verdict, denied.rule, denied.location) == ("deny", "secret-file-read", asked.location)
    assert denied.nudge == (
        f"{asked.nudge} This session's permission mode (auto) would not stop for the question, so it is"
        " denied: ask the user to run it, or to switch to a mode that asks."
    )
    assert denied.note == "asked, denied in permission mode auto"


@pytest.mark.parametrize(("command", "verdict"), [(DENIED, "deny"), (ALLOWED, "allow")])
def test_denies_and_allows_are_the_same_in_every_mode(packaged: RuleSet, command: str, verdict: str) -> None:
    plain = decide(packaged, command, "default")
    assert plain.verdict == verdict
    assert decide(packaged, command, "auto") == plain


def test_the_modes_come_from_config_and_lists_add_up() -> None:
    rules = ruleset(packaged=True, local='[asks]\ndeny_in_modes = ["bypassPermissions"]\n')
    assert decide(rules, ASKED, "bypassPermissions").verdict == "deny"
    assert decide(rules, ASKED, "auto").verdict == "deny"  # the packaged entry stays
    assert decide(rules, ASKED, "default").verdict == "ask"


def test_an_unknown_tool_asked_about_is_denied_in_auto_mode() -> None:
    rules = ruleset(packaged=True, local='[tools]\nunknown = "ask"\n')
    assert decide(rules, "x", "default", tool="BrandNewTool").verdict == "ask"
    assert decide(rules, "x", "auto", tool="BrandNewTool").verdict == "deny"


def test_only_pre_tool_use_asks_are_turned() -> None:
    rules = ruleset({"post": 'suspicious "post-asks"\n  match.tool .\n  nudge "n"\n'})
    decision = decide(rules, ASKED, "auto", event="PostToolUse")
    assert decision.verdict == "ask"


def write(rules: RuleSet, content: str, mode: str) -> Decision:
    payload = build_payload("Write", content, file_path=f"{PROJECT}/scripts/x.sh", event="PreToolUse", cwd=PROJECT)
    payload["permission_mode"] = mode
    env = {"HOME": HOME, "CLAUDE_PROJECT_DIR": PROJECT}
    return evaluate(rules, event_from_payload(payload, phase="pre", env=env))


def test_a_script_is_judged_by_the_rules_alone_and_only_the_call_by_the_mode(packaged: RuleSet) -> None:
    """A validator asks the rules about each command a script holds; an ask there stays an
    ask in every mode, so a script that only holds an asked command is still written."""
    asked_inside = "#!/bin/sh\ngit reset --hard\n"
    assert write(packaged, asked_inside, "default").verdict == "allow"
    assert write(packaged, asked_inside, "auto").verdict == "allow"
    denied_inside = "#!/bin/sh\nrm -rf ~\n"
    plain = write(packaged, denied_inside, "default")
    assert (plain.verdict, plain.rule) == ("ask", "edit-script-runs-blocked-command")
    auto = write(packaged, denied_inside, "auto")
    assert (auto.verdict, auto.rule) == ("deny", "edit-script-runs-blocked-command")
