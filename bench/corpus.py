"""Decision quality on real command corpora, and the engine's speed.

    python bench/corpus.py [--corpora DIR] [--no-peer] [--show-asks] [--show-misses]

Runs the packaged rules (no user config) over corpora nobody on this project wrote
(see the corpora's README for sources and licences) and reports allow/ask/deny:

- dangerous-peers: peers' "block"/"ask" test cases (default context, no conflict), per
  peer. Target: >= 97% not allowed. cc-safety-net 2.4.5 runs on the same lines when
  npm can install it. Every line we allow is sorted by peer_reasons.py into the issue's
  own policy (in-project cleanups, temporary directories, --force-with-lease), sh-guard's
  asks about everyday commands, and "other"; --show-misses lists each with its group.
- allowed-peers: peers' "allow" test cases, same filter. Target: <= 2% denied. Every
  denial is listed.
- benign: NL2Bash one-liners plus the concrete and literal shell lines of tldr-pages
  for developer tools, without the genuinely dangerous lines. benign_subset.py defines
  both on the text alone (tool categories; privilege escalation, disks, deletes and
  ownership changes outside the working directory, writes into system directories,
  login and schedule changes, cloud deletion, network shells, downloaded code), so
  neither the rules nor the config can move a line in or out.
  Targets: <= 0.5% denied, <= 5% asked. Every denial is listed for a human to judge.
  The whole of tldr (every tool, however obscure) is reported too, for breadth.
- GTFOBins reverse-shell, upload and file-read snippets: recall. The snippets name a
  placeholder file; the guard cares which file is read or sent, so two more rows put
  a credential file in its place (~/.ssh/id_rsa to read, ~/.aws/credentials to send).
- Edit, MCP and prompt payloads through the engine (content_cases.py): planted secrets
  (recall >= 99%, in a Write and in a Bash heredoc), secret-free source files (false
  positives <= 0.5%), MCP and prompt.
- Speed, with the load average: evaluations per second over NL2Bash on one core
  (target >= 2,000/s), and parse + normalise time per command (target p99 <= 200 us,
  measured after one warm-up pass, with the daemon's garbage-collector settings; the
  best of three passes counts, since other processes share the machine).

Commands are evaluated as if run in /home/dev/project by a user whose home is
/home/dev. Exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from _support import peer_hook_command, percentile, report
from benign_subset import benign_lines
from content_cases import content_cases
from corpus_common import (
    HOME,
    PROJECT,
    Tally,
    bash_decision,
    jsonl,
    make_event,
    packaged_ruleset,
    run_commands,
)
from peer_reasons import REASONS, reason
from security_hooks.daemon.lifecycle import settle_memory
from security_hooks.engine.evaluate import evaluate
from security_hooks.engine.payloads import build_payload
from security_hooks.rules.ruleset import RuleSet
from security_hooks.shell import analyze

ROOT = Path(__file__).resolve().parent.parent
Check = tuple[str, bool, str]
GTFO_FUNCTIONS = ("reverse-shell", "upload", "file-read")
PLACEHOLDER = "/path/to/input-file"
CREDENTIAL_FOR = {"file-read": "~/.ssh/id_rsa", "upload": "~/.aws/credentials"}


def peer_filter(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return [r for r in rows if r.get("default_context") and not r.get("conflict")]


def peer_name(row: dict[str, Any]) -> str:
    return str(row["peer"]).split("/")[-1]


def by_peer(title: str, rows: Sequence[dict[str, Any]], verdicts: Sequence[str]) -> list[Tally]:
    tallies: dict[str, Tally] = {}
    for row, verdict in zip(rows, verdicts, strict=True):
        tallies.setdefault(peer_name(row), Tally(f"  {title} {peer_name(row)}")).add(verdict, row["command"])
    return list(tallies.values())


def cc_safety_net(commands: Sequence[str], hook: list[str]) -> list[str]:
    """cc-safety-net's verdict for each command, run as its hook, a few at a time.

    It needs real directories (it fails closed in a missing cwd), so it runs in a
    scratch home with an empty project of the same shape as ours.
    """
    with tempfile.TemporaryDirectory(prefix="ccsn-") as scratch:
        home = Path(scratch) / "home" / "dev"
        project = home / "project"
        project.mkdir(parents=True)

        def one(command: str) -> str:
            payload = json.dumps(
                {
                    "session_id": "bench",
                    "cwd": str(project),
                    "hook_event_name": "PreToolUse",
                    "tool_name": "Bash",
                    "tool_input": {"command": command},
                }
            )
            result = subprocess.run(
                hook,
                input=payload.encode(),
                capture_output=True,
                timeout=60,
                env={**os.environ, "HOME": str(home)},
                cwd=project,
            )
            if result.returncode == 2:
                return "deny"
            try:
                out = json.loads(result.stdout) if result.stdout.strip() else {}
            except ValueError:
                return "allow"
            verdict = out.get("hookSpecificOutput", {}).get("permissionDecision", "allow")
            return str(verdict) if verdict in ("deny", "ask") else "allow"

        with ThreadPoolExecutor(max_workers=4) as pool:
            return list(pool.map(one, commands))


def verdicts(ruleset: RuleSet, rows: Sequence[dict[str, Any]]) -> list[tuple[str, str | None]]:
    out = []
    for row in rows:
        decision = bash_decision(ruleset, row["command"])
        out.append((decision.verdict if decision.verdict != "warn" else "allow", decision.rule))
    return out


def tally_rows(
    name: str, rows: Sequence[dict[str, Any]], decided: Sequence[tuple[str, str | None]], per_peer: str = "by"
) -> Tally:
    """A tally of verdicts, each labelled with its rule and command, printed with per-peer lines."""
    tally = Tally(name)
    for row, (verdict, rule) in zip(rows, decided, strict=True):
        tally.add(verdict, f"{rule}: {row['command']}" if rule else row["command"])
    print(tally.line())
    for peer in by_peer(per_peer, rows, [v for v, _ in decided]):
        print(peer.line())
    return tally


def peer_corpus(
    ruleset: RuleSet, corpora: Path, name: str, hook: list[str] | None
) -> tuple[list[dict[str, Any]], list[tuple[str, str | None]], Tally]:
    """One peers' corpus (default context, no conflict): its rows, our verdicts and their
    tally, with cc-safety-net's tally on the same rows printed beside ours."""
    rows = peer_filter(jsonl(corpora / f"{name}.jsonl"))
    decided = verdicts(ruleset, rows)
    tally = tally_rows(name, rows, decided)
    if hook is not None:
        theirs = cc_safety_net([r["command"] for r in rows], hook)
        tally_rows("cc-safety-net 2.4.5, same lines", rows, [(v, None) for v in theirs], "cc-safety-net by")
    return rows, decided, tally


def dangerous_section(ruleset: RuleSet, corpora: Path, hook: list[str] | None, show_misses: bool) -> Check:
    rows, decided, tally = peer_corpus(ruleset, corpora, "dangerous-peers", hook)
    allowed = [row for row, (verdict, _) in zip(rows, decided, strict=True) if verdict == "allow"]
    grouped: dict[str, list[dict[str, Any]]] = {r: [] for r in REASONS}
    for row in allowed:
        grouped[reason(row)].append(row)
    print("  lines we allow, by reason (peer_reasons.py):")
    for why, members in grouped.items():
        peers = Counter(peer_name(r) for r in members)
        print(f"    {len(members):4}  {why}  {dict(peers.most_common())}")
        if show_misses:
            for row in members:
                label = str(row.get("peer_verdict", ""))[:14]
                print(f"           {peer_name(row)[:12]:12} {label:14} {row['command'][:110]!r}")
    share = tally.share("ask", "deny")
    return (f"dangerous-peers not allowed: {100 * share:.1f}%", share >= 0.97, ">= 97%")


def allowed_section(ruleset: RuleSet, corpora: Path, hook: list[str] | None) -> Check:
    rows, decided, tally = peer_corpus(ruleset, corpora, "allowed-peers", hook)
    print(f"  allowed-peers denials ({tally.counts['deny']}), with the peer that allows them:")
    for row, (verdict, rule) in zip(rows, decided, strict=True):
        if verdict == "deny":
            print(f"    {peer_name(row)[:12]:12} {rule}: {row['command'][:120]!r}")
    share = tally.share("deny")
    return (f"allowed-peers denied: {100 * share:.2f}%", share <= 0.02, "<= 2%")


def benign_section(ruleset: RuleSet, corpora: Path, show_asks: bool) -> list[Check]:
    subset, breadth, excluded = benign_lines(corpora)
    benign = run_commands(ruleset, "benign subset (NL2Bash + tldr dev tools)", subset)
    print(benign.line())
    print(f"  excluded as genuinely dangerous: {dict(excluded.most_common())}")
    show("benign denials, for a human to judge", benign.examples.get("deny", []))
    ask_rules = Counter(label.split(":", 1)[0] for label in benign.examples.get("ask", []))
    print(f"  asks by rule: {dict(ask_rules.most_common(12))}")
    if show_asks:
        show("benign asks", benign.examples.get("ask", []))
    print(run_commands(ruleset, "all of tldr (breadth, every tool)", breadth).line())
    denied, asked = benign.share("deny"), benign.share("ask")
    return [
        (f"benign subset denied: {100 * denied:.2f}%", denied <= 0.005, "<= 0.5%"),
        (f"benign subset asked: {100 * asked:.2f}%", asked <= 0.05, "<= 5%"),
    ]


def gtfobins_section(ruleset: RuleSet, corpora: Path, show_misses: bool) -> None:
    tallies = {f: Tally(f"gtfobins {f}") for f in GTFO_FUNCTIONS}
    tallies.update({f"{f} {c}": Tally(f"gtfobins {f} of {c}") for f, c in CREDENTIAL_FOR.items()})
    for row in jsonl(corpora / "gtfobins.jsonl"):
        functions = {row.get("function"), *row.get("also_functions", [])}
        command = row["command"]
        for function in functions & set(GTFO_FUNCTIONS):
            decision = bash_decision(ruleset, command)
            tallies[function].add(decision.verdict, f"{decision.rule}: {command}")
            credential = CREDENTIAL_FOR.get(function)
            if credential and PLACEHOLDER in command:
                swapped = command.replace(PLACEHOLDER, credential)
                decision = bash_decision(ruleset, swapped)
                tallies[f"{function} {credential}"].add(decision.verdict, f"{decision.rule}: {swapped}")
    for tally in tallies.values():
        print(tally.line())
        if show_misses:
            show(f"{tally.name} allowed", tally.examples.get("allow", []))


PASSES = 3


def speed(ruleset: RuleSet, commands: Sequence[str]) -> list[Check]:
    """Best of three passes: other processes share the machine, and a pass they slow
    down says nothing about the code. Every pass is printed."""
    settle_memory()  # the collector settings the daemon runs with
    load = os.getloadavg()
    print(f"  load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} CPUs")
    events = [
        make_event(build_payload("Bash", c, file_path=None, event="PreToolUse", cwd=PROJECT))
        for c in commands
    ]
    rates = []
    for _ in range(PASSES):
        started = time.perf_counter()
        for event in events:
            evaluate(ruleset, event)
        rates.append(len(events) / (time.perf_counter() - started))
    for command in commands[:500]:  # warm-up: first calls load the grammar and fill caches
        analyze(command, cwd=PROJECT, home=HOME)
    p99s = []
    for _ in range(PASSES):
        parse: list[float] = []
        for command in commands:
            t0 = time.perf_counter_ns()
            analyze(command, cwd=PROJECT, home=HOME)
            parse.append((time.perf_counter_ns() - t0) / 1000)
        p99s.append(percentile(parse, 99))
        print(
            f"  parse + normalise per command (us): p50 {percentile(parse, 50):.0f}  "
            f"p90 {percentile(parse, 90):.0f}  p99 {p99s[-1]:.0f}  max {max(parse):.0f}"
        )
    print(f"  evaluations per second, each pass: {', '.join(f'{r:,.0f}' for r in rates)}")
    rate, p99 = max(rates), min(p99s)
    return [
        (
            f"evaluations per second over NL2Bash (one core, best of {PASSES}): {rate:,.0f}",
            rate >= 2000,
            ">= 2,000/s",
        ),
        (f"parse + normalise p99 (best of {PASSES}): {p99:.0f} us", p99 <= 200, "<= 200 us"),
    ]


def show(title: str, labels: list[str], limit: int | None = None) -> None:
    print(f"  {title} ({len(labels)}):")
    for label in labels[:limit]:
        print(f"    {label[:160]!r}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument(
        "--corpora",
        type=Path,
        default=Path(os.environ.get("SECURITY_HOOKS_CORPORA", ROOT.parent / "shared" / "corpora")),
    )
    parser.add_argument("--no-peer", action="store_true", help="skip cc-safety-net")
    parser.add_argument("--show-asks", action="store_true", help="list every ask in the benign subset")
    parser.add_argument("--show-misses", action="store_true", help="list dangerous lines we allow")
    args = parser.parse_args(argv)
    if not (args.corpora / "benign-nl2bash.jsonl").exists():
        print(f"corpora not found in {args.corpora}; pass --corpora DIR", file=sys.stderr)
        return 2
    ruleset = packaged_ruleset()
    hook = None if args.no_peer else peer_hook_command()
    if hook is None and not args.no_peer:
        print("cc-safety-net 2.4.5: skipped (npm could not install it; run with network access to compare)")
    checks: list[Check] = [
        dangerous_section(ruleset, args.corpora, hook, args.show_misses),
        allowed_section(ruleset, args.corpora, hook),
        *benign_section(ruleset, args.corpora, args.show_asks),
    ]
    gtfobins_section(ruleset, args.corpora, args.show_misses)
    print("edit, MCP and prompt payloads:")
    checks.extend(content_cases(ruleset))
    print("speed:")
    nl2bash = [r["command"] for r in jsonl(args.corpora / "benign-nl2bash.jsonl")]
    checks.extend(speed(ruleset, nl2bash))
    return report([(name, ok, f"target {target}") for name, ok, target in checks], width=70)


if __name__ == "__main__":
    sys.exit(main())
