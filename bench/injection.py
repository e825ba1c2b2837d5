"""Benchmark for the prompt-injection scanner: recall, false positives, speed.

    python bench/injection.py [--extra DIR ...] [--show-missed] [--json]

Injected samples come from ``bench/data/injection/injected.jsonl`` (regenerate with
``make_injected.py`` beside it).  Benign samples are collected when the benchmark
runs, from text already on the machine, with no network access:

* installed distributions: the long description in their metadata, and the
  ``.md`` / ``.rst`` / ``.txt`` files they ship;
* the Python standard library's ``.py`` files;
* ``/usr/share/doc`` text files (plain or gzipped), where present;
* this repository's own files (minus the injection fixtures);
* any ``--extra`` directories.

Documents are cut into chunks of about 2-8 KB.  Selection is sorted and seeded, so
the same machine gives the same set.  Documents that talk about LLMs, prompts or
prompt injection are always kept whole: they are the hard negatives.

Exit status is 1 when overall recall is below 95%, the false-positive rate is above
1%, fewer than 1,000 benign chunks were found, or a 1 MB scan takes 50 ms or more of
CPU time (CPU rather than wall time, so a busy machine does not fail the run).
"""

from __future__ import annotations

import argparse
import gzip
import importlib.metadata
import json
import random
import statistics
import subprocess
import sys
import sysconfig
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import re2  # noqa: E402

from security_hooks.scanners.injection import KINDS, InjectionScanner  # noqa: E402

DATA = ROOT / "bench" / "data" / "injection"
SEED = 1729
CHUNK_TARGET = 4096
CHUNK_MAX = 8192
CHUNK_MIN = 2048
PER_SOURCE = {"package": 3000, "stdlib": 3000, "doc": 3000, "repo": 1000, "extra": 4000}
MAX_FILE_BYTES = 2_000_000
HARD_WORDS = re2.compile(
    r"(?i)\bprompt[\s-]injection|\bsystem\s+prompt|\bjailbreak|\bllms?\b|\blanguage\s+model|"
    r"\bchatgpt\b|\bopenai\b|\banthropic\b|\bclaude\b|\bchat\s+template|\bai\s+agents?\b"
)
MAX_HARD = 2500
# Test fixtures that are injections on purpose are not benign samples.
SKIP_REPO = (
    "bench/data/injection/",
    "tests/scanners/test_injection",
    "tests/review/test_post_untrusted",
    "tests/e2e/test_review_layers",
)
TEXT_SUFFIXES = {".md", ".rst", ".txt"}
TARGET_RECALL = 0.95
TARGET_FP = 0.01
TARGET_1MB_MS = 50.0
MIN_BENIGN = 1000


@dataclass(frozen=True)
class Sample:
    source: str
    text: str
    hard: bool


# --------------------------------------------------------------------------- collection


def chunk(text: str) -> list[str]:
    """Cut at line ends into pieces of CHUNK_TARGET..CHUNK_MAX characters."""
    out: list[str] = []
    current: list[str] = []
    size = 0
    for line in text.splitlines(keepends=True):
        while len(line) > CHUNK_MAX:
            out.append(line[:CHUNK_MAX])
            line = line[CHUNK_MAX:]
        current.append(line)
        size += len(line)
        if size >= CHUNK_TARGET:
            out.append("".join(current))
            current, size = [], 0
    if current and (size >= CHUNK_MIN or not out):
        out.append("".join(current))
    elif current:
        out[-1] += "".join(current)
    return [c for c in out if c.strip()]


def is_hard(text: str) -> bool:
    return HARD_WORDS.search(text) is not None


def read_text(path: Path) -> str:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return ""
        raw = path.read_bytes()
        if path.suffix == ".gz":
            raw = gzip.decompress(raw)[:MAX_FILE_BYTES]
    except (OSError, EOFError, gzip.BadGzipFile):
        return ""
    if b"\x00" in raw[:4096]:
        return ""
    return raw.decode("utf-8", "replace")


def package_docs() -> list[tuple[str, str]]:
    docs: list[tuple[str, str]] = []
    dists = sorted(importlib.metadata.distributions(), key=lambda d: d.metadata["Name"] or "")
    for dist in dists:
        name = dist.metadata["Name"] or "?"
        body = dist.metadata.get_payload()  # type: ignore[attr-defined]
        if isinstance(body, str) and body.strip():
            docs.append((f"{name}:METADATA", body))
        for file in sorted(dist.files or [], key=str):
            if file.suffix in TEXT_SUFFIXES and "dist-info" not in str(file):
                text = read_text(Path(str(file.locate())))
                if text:
                    docs.append((f"{name}:{file}", text))
    return docs


def stdlib_docs() -> list[tuple[str, str]]:
    base = Path(sysconfig.get_paths()["stdlib"])
    files = sorted(p for p in base.rglob("*.py") if "site-packages" not in p.parts)
    return [(f"stdlib:{p.relative_to(base)}", read_text(p)) for p in files]


def tree_docs(base: Path, label: str, skip: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    if not base.is_dir():
        return []
    out = []
    for path in sorted(base.rglob("*")):
        rel = path.relative_to(base).as_posix()
        parts = path.relative_to(base).parts
        if not path.is_file() or any(part.startswith(".") for part in parts):
            continue
        if rel.startswith(skip) or "__pycache__" in rel or ".egg-info" in rel or "/.venv" in rel:
            continue
        text = read_text(path)
        if text:
            out.append((f"{label}:{rel}", text))
    return out


def repo_docs() -> list[tuple[str, str]]:
    """Files git tracks here (so no virtualenv or caches), minus the injection fixtures."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
        ).stdout.decode("utf-8", "replace")
    except (OSError, subprocess.CalledProcessError):
        return tree_docs(ROOT, "repo", SKIP_REPO)
    out = []
    for rel in sorted(filter(None, listed.split("\0"))):
        if rel.startswith(SKIP_REPO):
            continue
        text = read_text(ROOT / rel)
        if text:
            out.append((f"repo:{rel}", text))
    return out


def doc_docs() -> list[tuple[str, str]]:
    base = Path("/usr/share/doc")
    docs = tree_docs(base, "doc")
    return [(s, t) for s, t in docs if not s.endswith((".html", ".htm", ".png", ".svg"))]


def select(docs: list[tuple[str, str]], cap: int, rng: random.Random) -> list[Sample]:
    hard: list[Sample] = []
    pool: list[Sample] = []
    for source, text in docs:
        pieces = chunk(text)
        keep_all = is_hard(text)
        for i, piece in enumerate(pieces):
            sample = Sample(f"{source}#{i}", piece, keep_all)
            (hard if keep_all else pool).append(sample)
    rng.shuffle(pool)
    rng.shuffle(hard)
    hard = hard[:MAX_HARD]
    return hard + pool[: max(0, cap - len(hard))]


def collect_benign(extra: list[Path]) -> list[Sample]:
    rng = random.Random(SEED)
    sources = {
        "package": package_docs(),
        "stdlib": stdlib_docs(),
        "doc": doc_docs(),
        "repo": repo_docs(),
    }
    samples: list[Sample] = []
    for name, docs in sources.items():
        samples += select(docs, PER_SOURCE[name], rng)
    for path in extra:
        samples += select(tree_docs(path, f"extra:{path.name}"), PER_SOURCE["extra"], rng)
    return samples


# --------------------------------------------------------------------------- measuring


def load_injected() -> list[dict[str, str]]:
    with (DATA / "injected.jsonl").open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def measure(scanner: InjectionScanner, extra: list[Path]) -> dict[str, object]:
    injected = load_injected()
    hits: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    missed = []
    for row in injected:
        totals[row["kind"]] += 1
        found = scanner.scan(row["text"])
        if any(f.kind == row["kind"] for f in found):
            hits[row["kind"]] += 1
        else:
            missed.append({"note": row["note"], "found": [f.kind for f in found]})
    benign = collect_benign(extra)
    fps = []
    times = []
    total_bytes = 0
    for sample in benign:
        start = time.process_time()
        found = scanner.scan(sample.text)
        times.append(time.process_time() - start)
        total_bytes += len(sample.text.encode("utf-8", "replace"))
        for f in found:
            fps.append(
                {
                    "source": sample.source,
                    "kind": f.kind,
                    "line": f.line,
                    "severity": f.severity,
                    "detail": f.detail,
                    "hard": sample.hard,
                }
            )
    fp_samples = len({fp["source"] for fp in fps})
    big = "".join(s.text for s in benign)[: 1024 * 1024]
    big_ms = min(_timed(scanner, big) for _ in range(5)) * 1000
    return {
        "recall": {k: (hits[k], totals[k]) for k in KINDS},
        "recall_overall": sum(hits.values()) / max(1, sum(totals.values())),
        "missed": missed,
        "benign": len(benign),
        "benign_hard": sum(1 for s in benign if s.hard),
        "fp_samples": fp_samples,
        "fp_rate": fp_samples / max(1, len(benign)),
        "false_positives": fps,
        "throughput_mb_s": total_bytes / 1e6 / max(1e-9, sum(times)),
        "median_chunk_ms": statistics.median(times) * 1000 if times else 0.0,
        "one_mb_ms": big_ms,
        "ten_kb_ms": min(_timed(scanner, big[:10_240]) for _ in range(20)) * 1000,
    }


def _timed(scanner: InjectionScanner, text: str) -> float:
    """CPU seconds for one scan: steadier than wall time on a shared machine."""
    start = time.process_time()
    scanner.scan(text)
    return time.process_time() - start


# --------------------------------------------------------------------------- report


def report(result: dict[str, object], show_missed: bool) -> list[str]:
    recall = result["recall"]
    assert isinstance(recall, dict)
    print(f"{'kind':<20} {'found':>6} {'total':>6} {'recall':>8}")
    for kind, (hit, total) in recall.items():
        print(f"{kind:<20} {hit:>6} {total:>6} {hit / max(1, total):>8.1%}")
    print(f"{'overall':<20} {'':>6} {'':>6} {result['recall_overall']:>8.1%}")
    print()
    print(f"benign chunks: {result['benign']} ({result['benign_hard']} hard negatives)")
    print(f"false positives: {result['fp_samples']} chunks = {result['fp_rate']:.2%}")
    fps = result["false_positives"]
    assert isinstance(fps, list)
    for fp in fps:
        print(f"  FP {fp['source']}:{fp['line']} [{fp['kind']}/{fp['severity']}] {fp['detail']}")
    print(
        f"throughput (CPU time): {result['throughput_mb_s']:.1f} MB/s over benign chunks, "
        f"first pass; median chunk {result['median_chunk_ms']:.3f} ms"
    )
    print(
        f"1 MB scan: {result['one_mb_ms']:.1f} ms CPU; 10 KB scan: "
        f"{result['ten_kb_ms']:.3f} ms CPU (best of several runs)"
    )
    missed = result["missed"]
    assert isinstance(missed, list)
    print(f"missed injected samples: {len(missed)}")
    if show_missed:
        for m in missed:
            print(f"  MISS {m['note']} (found: {', '.join(m['found']) or 'nothing'})")
    return failures(result)


def failures(result: dict[str, object]) -> list[str]:
    bad = []
    recall = result["recall_overall"]
    fp_rate = result["fp_rate"]
    benign = result["benign"]
    one_mb = result["one_mb_ms"]
    assert isinstance(recall, float) and isinstance(fp_rate, float)
    assert isinstance(benign, int) and isinstance(one_mb, float)
    if recall < TARGET_RECALL:
        bad.append(f"recall {recall:.1%} < {TARGET_RECALL:.0%}")
    if fp_rate > TARGET_FP:
        bad.append(f"false-positive rate {fp_rate:.2%} > {TARGET_FP:.0%}")
    if benign < MIN_BENIGN:
        bad.append(f"only {benign} benign chunks (need {MIN_BENIGN})")
    if one_mb >= TARGET_1MB_MS:
        bad.append(f"1 MB scan took {one_mb:.1f} ms (target < {TARGET_1MB_MS:.0f} ms)")
    return bad


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--extra",
        type=Path,
        action="append",
        default=[],
        help="another directory of benign text (repeatable)",
    )
    parser.add_argument("--show-missed", action="store_true")
    parser.add_argument("--json", action="store_true", help="print the raw result as JSON")
    args = parser.parse_args(argv)
    result = measure(InjectionScanner(), args.extra)
    if args.json:
        print(json.dumps(result, indent=2))
        return 1 if failures(result) else 0
    bad = report(result, args.show_missed)
    for line in bad:
        print(f"TARGET MISSED: {line}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
