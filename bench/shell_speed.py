"""How fast `analyze` turns real one-liners into segments.

Runs `security_hooks.shell.analyze` over every command of the NL2Bash corpus
and prints commands per second and the p50/p90/p99 of per-command time
(parse plus normalisation) in microseconds.

    python bench/shell_speed.py [--corpora DIR] [--repeat N]

Each command is timed `--repeat` times and its fastest run kept, so that a
busy neighbour on a shared machine does not decide the tail; `--repeat 1`
gives the raw single-shot figures. Both wall time and the thread's CPU time
are reported.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from security_hooks.shell import analyze

DEFAULT_CORPORA = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora"


def load_commands(corpora: Path) -> list[str]:
    path = corpora / "benign-nl2bash.jsonl"
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line)["command"] for line in handle if line.strip()]


def percentile(sorted_values: list[float], fraction: float) -> float:
    index = min(len(sorted_values) - 1, int(len(sorted_values) * fraction))
    return sorted_values[index]


def measure(commands: list[str], repeat: int) -> tuple[list[float], list[float], float]:
    """Per-command best wall and CPU time in µs, and total wall seconds of one pass."""
    walls = [float("inf")] * len(commands)
    cpus = [float("inf")] * len(commands)
    pass_seconds = float("inf")
    for _ in range(repeat):
        pass_start = time.perf_counter()
        for index, command in enumerate(commands):
            wall_start = time.perf_counter_ns()
            cpu_start = time.thread_time_ns()
            analyze(command, cwd="/home/dev/project", home="/home/dev")
            cpu = (time.thread_time_ns() - cpu_start) / 1000
            wall = (time.perf_counter_ns() - wall_start) / 1000
            walls[index] = min(walls[index], wall)
            cpus[index] = min(cpus[index], cpu)
        pass_seconds = min(pass_seconds, time.perf_counter() - pass_start)
    return walls, cpus, pass_seconds


def report(label: str, values: list[float]) -> str:
    ordered = sorted(values)
    p50, p90, p99 = (percentile(ordered, f) for f in (0.50, 0.90, 0.99))
    return f"{label:5s} p50 {p50:7.1f} µs   p90 {p90:7.1f} µs   p99 {p99:7.1f} µs   max {ordered[-1]:8.1f} µs"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    try:
        commands = load_commands(args.corpora)
    except OSError as error:
        print(f"cannot read the corpus: {error}", file=sys.stderr)
        return 1
    for command in commands[:500]:  # warm up: grammar load, caches, branch predictors
        analyze(command)
    walls, cpus, pass_seconds = measure(commands, max(1, args.repeat))
    print(f"{len(commands)} commands, best of {max(1, args.repeat)} runs each")
    print(f"throughput {len(commands) / pass_seconds:,.0f} commands/s (one full pass)")
    print(report("wall", walls))
    print(report("cpu", cpus))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
