"""`security-hook test [--tool T] [--file-path P] -- TEXT`: one decision, explained."""

from __future__ import annotations

import argparse
import json

from ..engine.evaluate import evaluate
from ..engine.event import event_from_payload
from ..engine.output import render
from ..engine.payloads import build_payload
from .common import call_env, effective_ruleset
from .errors import FatalError


def run_test(args: argparse.Namespace) -> int:
    words = list(args.text)
    if words and words[0] == "--":
        words = words[1:]
    if not words and args.tool not in ("Read",):
        raise FatalError("nothing to test; give the text after --, e.g. security-hook test -- 'rm -rf /'")
    text = " ".join(words)
    cwd, env = call_env(cwd=args.cwd, project_dir=args.project_dir)
    ruleset = effective_ruleset()
    payload = build_payload(args.tool, text, file_path=args.file_path, event=args.event, cwd=cwd)
    event = event_from_payload(payload, phase="pre", env=env)
    decision = evaluate(ruleset, event)
    response = render(decision, event.hook_event)
    if args.json:
        output = json.loads(response.stdout) if response.stdout else None
        print(
            json.dumps(
                {
                    "decision": decision.verdict,
                    "rule": decision.rule,
                    "location": decision.location,
                    "nudge": decision.nudge,
                    "family": decision.family,
                    "context": list(decision.context),
                    "note": decision.note,
                    "output": output,
                },
                indent=2,
            )
        )
        return 0
    print(f"decision  {decision.verdict}")
    if decision.rule:
        print(f"rule      {decision.rule}  ({decision.location})")
    if decision.nudge:
        print(f"nudge     {decision.nudge}")
    for note in decision.context[1:] if decision.nudge else decision.context:
        print(f"context   {note}")
    if decision.note:
        print(f"note      {decision.note}")
    return 0
