"""`security-hook log tail` and `security-hook log stats`: the decision log, for people.

Both read the live file and its rotated predecessors, and skip (and count) lines that
are not records. Colour only when stdout is a terminal.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from ..config.load import build_config
from ..config.locate import SourceError, config_layers, default_dirs
from ..daemon.locations import locations
from ..eventlog.read import DurationError, ReadCounts, parse_duration, parse_line, read_records, record_time
from ..eventlog.settings import log_settings
from .errors import FatalError

COLOURS = {"deny": "\033[31;1m", "ask": "\033[33;1m", "warn": "\033[35m", "allow": "\033[32m"}
DIM, RESET = "\033[2m", "\033[0m"
FOLLOW_POLL = 0.2
DEFAULT_LINES = 20


def decision_log_path() -> Path:
    """The configured log file (log.path), or the default location."""
    env = dict(os.environ)
    default = locations(env).decision_log
    try:
        result = build_config(config_layers(default_dirs(env)))
    except SourceError:
        return default
    return log_settings(result.config, default, env).path


def _since(text: str | None) -> float | None:
    if text is None:
        return None
    try:
        return parse_duration(text)
    except DurationError as exc:
        raise FatalError(str(exc)) from None


def short(text: Any, width: int) -> str:
    flat = " ".join(str(text or "").split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def render_line(record: dict[str, Any], *, colour: bool, width: int = 100) -> str:
    moment = record_time(record)
    when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(moment)) if moment else str(record.get("ts"))
    decision = str(record.get("decision") or "?")
    tool = short(record.get("tool") or record.get("event") or "-", 24)
    rule = str(record.get("rule") or "-")
    text = short(record.get("input"), width)
    if not colour:
        return f"{when}  {decision:<5}  {tool:<12}  {rule:<26}  {text}"
    paint = COLOURS.get(decision, "")
    return f"{DIM}{when}{RESET}  {paint}{decision:<5}{RESET}  {tool:<12}  {rule:<26}  {DIM}{text}{RESET}"


def _wanted(record: dict[str, Any], decision: str | None) -> bool:
    return decision is None or record.get("decision") == decision


def _emit(records: Iterable[dict[str, Any]], out: IO[str], *, as_json: bool, colour: bool) -> None:
    for record in records:
        if as_json:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            out.write(render_line(record, colour=colour) + "\n")
    out.flush()


def run_log_tail(
    *, follow: bool, decision: str | None, since: str | None, lines: int | None, as_json: bool
) -> int:
    path = decision_log_path()
    counts = ReadCounts()
    window = _since(since)
    records = [r for r in read_records(path, counts, since=window) if _wanted(r, decision)]
    limit = lines if lines is not None else (None if window is not None else DEFAULT_LINES)
    if limit is not None:
        records = records[-limit:] if limit else []
    out = sys.stdout
    colour = out.isatty() and not as_json and "NO_COLOR" not in os.environ
    _emit(records, out, as_json=as_json, colour=colour)
    if counts.corrupt:
        print(f"security-hook: skipped {counts.corrupt} line(s) that are not records", file=sys.stderr)
    if not follow:
        if not counts.files:
            print(f"security-hook: no decision log yet at {path}", file=sys.stderr)
        return 0
    try:
        _follow(path, out, decision=decision, as_json=as_json, colour=colour)
    except KeyboardInterrupt:
        pass
    return 0


def _follow(path: Path, out: IO[str], *, decision: str | None, as_json: bool, colour: bool) -> None:
    """Print records as they are appended; survive rotation (a new inode or a shorter file)."""
    handle, inode = _open_at_end(path)
    pending = b""
    while True:
        chunk = handle.read() if handle else b""
        if chunk:
            pending += chunk
            *complete, pending = pending.split(b"\n")
            parsed = (parse_line(line) for line in complete if line.strip())
            fresh = (r for r in parsed if r is not None and _wanted(r, decision))
            _emit(fresh, out, as_json=as_json, colour=colour)
            continue
        time.sleep(FOLLOW_POLL)
        try:
            info = path.stat()
        except OSError:
            continue
        if handle is None or info.st_ino != inode or info.st_size < handle.tell():
            if handle is not None:
                handle.close()
            handle, inode = open(path, "rb"), info.st_ino  # noqa: SIM115 - kept open while following
            pending = b""


def _open_at_end(path: Path) -> tuple[IO[bytes] | None, int | None]:
    try:
        handle = open(path, "rb")  # noqa: SIM115 - kept open while following
    except OSError:
        return None, None
    handle.seek(0, os.SEEK_END)
    return handle, os.fstat(handle.fileno()).st_ino


def percentile(values: list[int], pct: float) -> int | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))]


def compute_stats(records: Iterable[dict[str, Any]]) -> dict[str, Any]:
    decisions: Counter[str] = Counter()
    rules: Counter[str] = Counter()
    tools: Counter[str] = Counter()
    asking: Counter[str] = Counter()
    latencies: list[int] = []
    first = last = None
    for record in records:
        verdict = str(record.get("decision"))
        decisions[verdict] += 1
        tools[str(record.get("tool") or record.get("event") or "-")] += 1
        if record.get("rule"):
            rules[str(record["rule"])] += 1
            if verdict == "ask":
                asking[str(record["rule"])] += 1
        if isinstance(record.get("latency_us"), int):
            latencies.append(record["latency_us"])
        first = first or record.get("ts")
        last = record.get("ts")
    return {
        "records": sum(decisions.values()),
        "first": first,
        "last": last,
        "decisions": dict(decisions.most_common()),
        "rules": dict(rules.most_common()),
        "tools": dict(tools.most_common()),
        "top_asking_rules": dict(asking.most_common(10)),
        "latency_us": {"p50": percentile(latencies, 50), "p99": percentile(latencies, 99)},
    }


def _table(title: str, counts: dict[str, int], total: int, limit: int = 10) -> list[str]:
    if not counts:
        return [f"{title}: none"]
    lines = [f"{title}:"]
    for name, count in list(counts.items())[:limit]:
        share = 100 * count / total if total else 0
        lines.append(f"  {name:<32} {count:>8}  {share:5.1f}%")
    if len(counts) > limit:
        lines.append(f"  ... and {len(counts) - limit} more")
    return lines


def format_stats(stats: dict[str, Any], counts: ReadCounts) -> str:
    total = stats["records"]
    latency = stats["latency_us"]
    lines = [
        f"{total} decision(s) from {counts.files} file(s)"
        + (f", {stats['first']} to {stats['last']}" if total else ""),
        "decisions: " + (", ".join(f"{k} {v}" for k, v in stats["decisions"].items()) or "none"),
        *_table("by tool", stats["tools"], total),
        *_table("by rule", stats["rules"], total),
        *_table("top asking rules", stats["top_asking_rules"], stats["decisions"].get("ask", 0)),
        f"latency: p50 {latency['p50'] if latency['p50'] is not None else '-'} us, "
        f"p99 {latency['p99'] if latency['p99'] is not None else '-'} us",
    ]
    if counts.corrupt:
        lines.append(f"skipped {counts.corrupt} line(s) that are not records")
    return "\n".join(lines)


def run_log_stats(*, since: str | None, as_json: bool) -> int:
    path = decision_log_path()
    counts = ReadCounts()
    stats = compute_stats(read_records(path, counts, since=_since(since)))
    if as_json:
        print(json.dumps({**stats, "files": counts.files, "corrupt_lines": counts.corrupt}, indent=2))
    else:
        print(format_stats(stats, counts))
    return 0
