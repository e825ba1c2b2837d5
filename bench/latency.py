"""Latency and throughput of the hook as Claude Code runs it.

    python bench/latency.py [--runs 300] [--command /path/to/security-hook] [--no-peer]

Measures, in one run and in an isolated HOME:
- the registered hook command (as install writes it, or --command) on small Bash
  payloads with a warm daemon, interleaved with `python3 -I -S -c pass`, the Python
  client alone when the hook command is the perl or shell client, the shell client
  when perl took its place and socat is found, and, when npm can install it,
  cc-safety-net 2.4.5's hook on the same payloads: p50, p90, p99;
- the daemon's own decision time (socket in to socket out) for a 1 KB command;
- the same hook with 10,000 generated rules added;
- cold start: the first call with no daemon running;
- throughput with 32 concurrent socket clients;
- a 10 MB Write payload, round trip, median of 5 calls, each made once the daemon has
  logged the one before (as an agent writes a large file: once, not in a burst); then
  the same through each hook command, process start included.

Targets (from the project's issues) are checked at the end; the exit status is 1 if
any is missed.
"""

from __future__ import annotations

import argparse
import json
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Sequence

from _support import Sandbox, peer_hook_command, percentile, report
from security_hooks import __version__
from security_hooks.protocol import encode_head, parse_response

PAYLOAD_COMMANDS = [
    "ls -la",
    "git status",
    "npm test",
    "pytest -q tests/",
    "cat README.md | grep -n install",
    "rm -rf /",
    "git push --force origin main",
    "find . -name '*.pyc' -delete",
]


def bash_payload(command: str, cwd: str) -> bytes:
    return json.dumps(
        {
            "session_id": "bench",
            "cwd": cwd,
            "hook_event_name": "PreToolUse",
            "permission_mode": "default",
            "tool_name": "Bash",
            "tool_input": {"command": command, "description": "bench"},
        }
    ).encode()


def time_process(argv: Sequence[str], payload: bytes, env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(
        argv, input=payload, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False
    )
    return (time.perf_counter() - started) * 1000


def summary(values: list[float]) -> str:
    return "  ".join(f"p{p} {percentile(values, p):7.2f}" for p in (50, 90, 99))


def interleaved(
    box: Sandbox,
    hook: list[str],
    runs: int,
    *,
    peer: list[str] | None = None,
    python: list[str] | None = None,
    shell: list[str] | None = None,
) -> dict[str, list[float]]:
    commands = {"hook": hook, "floor": [box.python, "-I", "-S", "-c", "pass"]}
    if python:
        commands["python"] = python
    if shell:
        commands["shell"] = shell
    if peer:
        commands["peer"] = peer
    payloads = [bash_payload(c, str(box.project)) for c in PAYLOAD_COMMANDS]
    series: dict[str, list[float]] = {name: [] for name in commands}
    for payload in payloads:  # warm the daemon and the page cache
        time_process(hook, payload, box.env)
    for i in range(runs):
        payload = payloads[i % len(payloads)]
        for name, argv in commands.items():
            series[name].append(time_process(argv, payload, box.env))
    return series


def raw_request(path: str, phase: str, payload: bytes) -> tuple[float, bytes]:
    started = time.perf_counter()
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.connect(path)
    sock.sendall(encode_head([(b"v", __version__.encode()), (b"phase", phase.encode())]) + payload)
    sock.shutdown(socket.SHUT_WR)
    chunks = []
    while chunk := sock.recv(1 << 16):
        chunks.append(chunk)
    sock.close()
    elapsed = (time.perf_counter() - started) * 1e6
    kind, code, out, _ = parse_response(b"".join(chunks))
    assert kind == "ok", kind
    return elapsed, out


ONE_KB_COMMANDS = {
    # Claude writes files and commit messages through Bash heredocs: the typical 1 KB command.
    "heredoc into a file": "cat > notes/plan.md <<'EOF'\n# Plan\n\n"
    + "\n".join(f"- step {i}: run the parser over the corpus and compare the results" for i in range(15))
    + "\nEOF",
    "60 file arguments": "git log --oneline " + " ".join(f"src/module_{i}.py" for i in range(60)),
}


def daemon_side(box: Sandbox, runs: int) -> dict[str, tuple[list[float], dict[str, int]]]:
    """Per 1 KB command: the client's round trips (us) and the daemon's own socket-in to
    socket-out percentiles (from `daemon status`), each on a freshly started daemon."""
    results = {}
    for name, command in ONE_KB_COMMANDS.items():
        box.stop_daemon()
        box.start_daemon()
        payload = bash_payload(command[:1024], str(box.project))
        trips = [raw_request(box.socket, "pre", payload)[0] for _ in range(runs)]
        status = json.loads(raw_request(box.socket, "control", b"status")[1])
        results[name] = (trips, status["decision_us"])
    return results


def throughput(box: Sandbox, clients: int, seconds: float) -> float:
    payloads = [bash_payload(c, str(box.project)) for c in PAYLOAD_COMMANDS]
    counts = [0] * clients
    stop = time.monotonic() + seconds

    def worker(index: int) -> None:
        while time.monotonic() < stop:
            raw_request(box.socket, "pre", payloads[(index + counts[index]) % len(payloads)])
            counts[index] += 1

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(counts) / (time.monotonic() - started)


def big_write_payload(box: Sandbox) -> bytes:
    content = ("def handler(event):\n    return {'ok': True, 'items': [1, 2, 3]}\n" * 200_000)[: 10 << 20]
    return json.dumps(
        {
            "session_id": "bench",
            "cwd": str(box.project),
            "hook_event_name": "PreToolUse",
            "tool_name": "Write",
            "tool_input": {"file_path": str(box.project / "big.py"), "content": content},
        }
    ).encode()


def big_write(box: Sandbox) -> float:
    """The daemon's round trip for a 10 MB Write, median of 5 (ms)."""
    payload = big_write_payload(box)
    times = []
    for _ in range(5):
        settle_log(box)
        times.append(raw_request(box.socket, "pre", payload)[0] / 1000)
    return statistics.median(times)


def big_write_through(box: Sandbox, argv: list[str]) -> float:
    """The same Write through a hook command, process start included, median of 5 (ms):
    the perl client reads the payload whole before it sends it, the shell client streams."""
    payload = big_write_payload(box)
    times = []
    for _ in range(5):
        settle_log(box)
        times.append(time_process(argv, payload, box.env))
    return statistics.median(times)


def settle_log(box: Sandbox, timeout: float = 10.0) -> None:
    """Wait until the daemon has logged every call it decided. A large call's log line
    (hashing its whole input) is built after its answer: each call is timed on its own."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = json.loads(raw_request(box.socket, "control", b"status")[1])
        if status["log"]["written"] + status["log"]["failed"] >= sum(status["decisions"].values()):
            return
        time.sleep(0.005)
    raise RuntimeError(f"the daemon did not log its calls within {timeout:.0f} s")


def cold_starts(box: Sandbox, hook: list[str], runs: int) -> list[float]:
    payload = bash_payload("ls -la", str(box.project))
    times = []
    for _ in range(runs):
        box.stop_daemon()
        times.append(time_process(hook, payload, box.env))
    return times


def generated_rules(count: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    words = ["deploy", "sync", "render", "backup", "archive", "migrate", "index", "purge", "rotate", "ship"]
    lines = []
    for i in range(count):
        tool = f"tool{i}{rng.choice(words)}"
        pattern = f"^{tool}\\s+--{rng.choice(words)}\\b"
        lines.append(f'suspicious "generated-{i}"\n  match {pattern}\n  nudge "generated rule {i}"\n')
    return "".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--command", help="the hook command as registered (default: a fresh fast launcher)")
    parser.add_argument("--no-peer", action="store_true", help="skip cc-safety-net")
    args = parser.parse_args(argv)
    results: list[tuple[str, bool, str]] = []
    with Sandbox() as box:
        hook = [args.command, "pre", "bash"] if args.command else [str(box.launcher), "pre", "bash"]
        peer = None if args.no_peer else peer_hook_command(box.cache)
        if peer is None and not args.no_peer:
            print("cc-safety-net: skipped (npm could not install cc-safety-net@2.4.5)")
        print(f"hook command: {' '.join(hook)}")
        python = shell = None
        if not args.command and box.client != box.launcher:
            python = [str(box.client), "pre", "bash"]
            print(f"python client (the hook command without perl or socat): {' '.join(python)}")
        elif not args.command:
            print("the hook command is the Python client: neither perl nor socat was found")
        if not args.command and box.shell is not None:
            shell = [str(box.shell), "pre", "bash"]
            print(f"shell client (the hook command where socat is found but perl is not): {' '.join(shell)}")
        series = interleaved(box, hook, args.runs, peer=peer, python=python, shell=shell)
        for name, values in series.items():
            print(f"{name:6} (ms)  {summary(values)}")
        ratio = percentile(series["hook"], 50) / percentile(series["floor"], 50)
        results.append(("hook p50 <= 1.25 x python3 -I -S -c pass", ratio <= 1.25, f"{ratio:.2f}x"))
        for name in ("python", "shell"):
            if name in series:
                alone = percentile(series[name], 50) / percentile(series["floor"], 50)
                print(f"{name} client p50 / floor p50: {alone:.2f}x")
        if peer:
            speedup = percentile(series["peer"], 50) / percentile(series["hook"], 50)
            results.append(("hook p50 >= 10x faster than cc-safety-net", speedup >= 10, f"{speedup:.1f}x"))
        for name, (trips, inside) in daemon_side(box, 2000).items():
            print(
                f"1 KB command, {name}: daemon socket in to out (us)  p50 {inside['p50']}  "
                f"p90 {inside['p90']}  p99 {inside['p99']}; client round trip  {summary(trips)}"
            )
            if name == "heredoc into a file":
                results.append(
                    (
                        "daemon decision p99 <= 300 us (1 KB heredoc)",
                        inside["p99"] <= 300,
                        f"{inside['p99']} us",
                    )
                )
        rate = throughput(box, 32, 5.0)
        print(f"throughput, 32 concurrent clients: {rate:,.0f} decisions/s")
        results.append(("throughput >= 2,000 decisions/s", rate >= 2000, f"{rate:,.0f}/s"))
        big = big_write(box)
        print(f"10 MB Write payload: {big:.1f} ms")
        for name, argv in (("hook command", hook), ("shell client", shell), ("python client", python)):
            if argv:
                print(f"10 MB Write payload through the {name}: {big_write_through(box, argv):.1f} ms")
        results.append(("10 MB Write decided in <= 100 ms", big <= 100, f"{big:.1f} ms"))
        cold = cold_starts(box, hook, 20)
        print(f"cold start (ms)  {summary(cold)}")
        results.append(
            ("cold start p50 <= 400 ms", percentile(cold, 50) <= 400, f"{percentile(cold, 50):.0f} ms")
        )
        default_p50 = percentile(series["hook"], 50)
        box.add_user_rules("bash.rules", (box.packaged / "bash.rules").read_text() + generated_rules(10_000))
        box.stop_daemon()
        many = interleaved(box, hook, max(100, args.runs // 3))
        print(f"10,000 extra rules: hook (ms)  {summary(many['hook'])}")
        slow = percentile(many["hook"], 50) / default_p50
        results.append(("10,000 rules p50 <= 2 x default", slow <= 2, f"{slow:.2f}x"))
    return report(results)


if __name__ == "__main__":
    sys.exit(main())
