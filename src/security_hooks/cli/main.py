"""Argument parsing for `security-hook` and dispatch to one module per verb.

Every command is a function returning an int. `main(argv)` never calls sys.exit, so
tests call it directly. A FatalError ends in one line and exit 1; anything unexpected
ends in exit 3 with the traceback saved to a crash log.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import traceback
from collections.abc import Sequence
from pathlib import Path

from .. import __version__
from .errors import FatalError
from .install_args import add_layout_options, layout_from

HOOK_PHASES = ("pre", "post", "prompt", "stop", "session")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="security-hook",
        description="Defence-in-depth hooks for AI coding agents.",
    )
    parser.add_argument("--version", action="version", version=f"security-hook {__version__}")
    verbs = parser.add_subparsers(dest="verb", metavar="COMMAND")

    for phase in HOOK_PHASES:
        hook = verbs.add_parser(phase, help=f"hook entry point ({phase}); reads the payload on stdin")
        hook.add_argument("family", nargs="?", default="any", help="the hook family it was registered for")
        hook.add_argument("--in-process", action="store_true", help="evaluate without the daemon")

    rules = verbs.add_parser("rules", help="work with rule files")
    rules_verbs = rules.add_subparsers(dest="rules_verb", metavar="ACTION", required=True)
    check = rules_verbs.add_parser("check", help="load the effective rules and print diagnostics")
    check.add_argument("--json", action="store_true", help="print diagnostics as JSON")

    test = verbs.add_parser("test", help="show the decision for one command, edit or tool call")
    test.add_argument(
        "--tool", default="Bash", help="Bash, Write, Edit, Read, WebFetch, mcp__server__tool, ..."
    )
    test.add_argument("--file-path", help="target file for Write, Edit and Read")
    test.add_argument("--event", default="PreToolUse", help="hook event (default PreToolUse)")
    test.add_argument("--cwd", help="working directory of the call (default: current)")
    test.add_argument("--project-dir", help="project directory (default: the cwd)")
    test.add_argument("--json", action="store_true", help="print the result as JSON")
    test.add_argument("text", nargs=argparse.REMAINDER, help="-- then the command, content or input")

    daemon = verbs.add_parser("daemon", help="control the background daemon")
    daemon.add_argument("action", choices=("status", "start", "stop", "restart"))
    daemon.add_argument("--json", action="store_true", help="status as JSON")

    log = verbs.add_parser("log", help="read the decision log")
    log_verbs = log.add_subparsers(dest="log_verb", metavar="ACTION", required=True)
    tail = log_verbs.add_parser("tail", help="recent decisions, one line each")
    tail.add_argument("-f", "--follow", action="store_true", help="keep printing new decisions")
    tail.add_argument("--decision", choices=("deny", "ask", "warn", "allow"), help="only this decision")
    tail.add_argument("--since", help="only decisions this recent: 30m, 1h, 7d, ...")
    tail.add_argument("-n", "--lines", type=int, help=f"how many (default {20}; all with --since)")
    tail.add_argument("--json", action="store_true", help="print the records as JSON lines")
    stats = log_verbs.add_parser("stats", help="counts by decision, rule and tool; latency")
    stats.add_argument("--since", help="only decisions this recent: 1h, 7d, ...")
    stats.add_argument("--json", action="store_true", help="print the figures as JSON")

    replay = verbs.add_parser("replay", help="re-decide a session transcript's tool calls with today's rules")
    replay.add_argument("transcript", help="a Claude Code transcript (.jsonl)")
    replay.add_argument("--all", action="store_true", help="list every call, not only deny and ask")
    replay.add_argument("--json", action="store_true", help="print the results as JSON")

    ev = verbs.add_parser("eval", help="decide a batch of payloads (JSON Lines in, JSON Lines out)")
    ev.add_argument("file", nargs="?", help="input file (default: stdin)")
    ev.add_argument("--cwd", help="working directory for shorthand lines (default: current)")
    ev.add_argument("--project-dir", help="project directory for shorthand lines")

    doctor = verbs.add_parser("doctor", help="check the installation end to end, with a fix for each problem")
    doctor.add_argument(
        "--settings", type=Path, help="check this settings file (default: managed, then the user's)"
    )

    # install.sh runs these once the private virtualenv exists; no help entry, as users run install.sh.
    install = verbs.add_parser("install", description="Write launchers, config and hook entries.")
    add_layout_options(install)
    install.add_argument("--launchers-only", action="store_true", help="write the launchers and stop")
    uninstall = verbs.add_parser("uninstall", description="Remove our hook entries, then offer the rest.")
    add_layout_options(uninstall)
    uninstall.add_argument("--yes", action="store_true", help="remove files without asking")
    return parser


def _dispatch(args: argparse.Namespace) -> int:
    verb = args.verb
    if verb in HOOK_PHASES:
        from .hook_command import run_hook

        return run_hook(args.verb, args.family)
    if verb == "rules":
        from .rules_check import run_rules_check

        return run_rules_check(as_json=args.json)
    if verb == "test":
        from .test_command import run_test

        return run_test(args)
    if verb == "eval":
        from .eval_command import run_eval

        return run_eval(args.file, cwd=args.cwd, project_dir=args.project_dir)
    if verb == "log":
        from .log_command import run_log_stats, run_log_tail

        if args.log_verb == "tail":
            return run_log_tail(
                follow=args.follow,
                decision=args.decision,
                since=args.since,
                lines=args.lines,
                as_json=args.json,
            )
        return run_log_stats(since=args.since, as_json=args.json)
    if verb == "replay":
        from .replay_command import run_replay

        return run_replay(args.transcript, show_all=args.all, as_json=args.json)
    if verb == "daemon":
        from .daemon_command import run_daemon

        return run_daemon(args.action, as_json=args.json)
    if verb == "doctor":
        from .doctor import run_doctor

        return run_doctor(settings=args.settings)
    if verb == "install":
        from .install_command import run_install

        return run_install(layout_from(args), launchers_only=args.launchers_only)
    if verb == "uninstall":
        from .uninstall_command import run_uninstall

        return run_uninstall(layout_from(args), assume_yes=args.yes)
    _parser().print_help()
    return 0


def crash_log_path() -> Path:
    state = os.environ.get("XDG_STATE_HOME") or os.path.join(os.path.expanduser("~"), ".local", "state")
    return Path(state) / "security-hooks" / "crash.log"


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _dispatch(args)
    except FatalError as exc:
        print(f"security-hook: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception:
        path = crash_log_path()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("a", encoding="utf-8") as log:
                log.write(f"--- {time.strftime('%Y-%m-%dT%H:%M:%S')} security-hook {__version__}\n")
                log.write(traceback.format_exc())
            where = str(path)
        except OSError:
            where = "(crash log unwritable)"
            traceback.print_exc()
        print(f"security-hook: unexpected error; details in {where}", file=sys.stderr)
        return 3


if __name__ == "__main__":  # install.sh runs `python -m security_hooks.cli.main install`
    sys.exit(main())
