"""The per-session store: atomic, shared between processes, bounded, expiring."""

from __future__ import annotations

import json
import stat
import threading
from dataclasses import replace
from pathlib import Path

from security_hooks.review.state import MAX_SEEN, Baseline, SessionState, SessionStore


class Clock:
    def __init__(self, now: float = 1_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_round_trip_and_a_second_store_reads_the_same(tmp_path: Path) -> None:
    store = SessionStore(tmp_path / "review")
    base = Baseline("/repo", "abc123", 5.0)
    store.update("s1", lambda s: replace(s, baseline=base, stop_blocks=2).remember(("k1", "k2")))
    again = SessionStore(tmp_path / "review").get("s1")
    assert again == SessionState(base, 2, ("k1", "k2"))
    assert SessionStore(tmp_path / "review").get("other") == SessionState()


def test_files_are_private_and_named_by_a_hash(tmp_path: Path) -> None:
    store = SessionStore(tmp_path / "review")
    store.update("../../etc/passwd", lambda s: s.remember(("k",)))
    [path] = (tmp_path / "review").glob("s-*.json")
    assert stat.S_IMODE((tmp_path / "review").stat().st_mode) == 0o700
    assert "passwd" not in path.name and path.parent == tmp_path / "review"


def test_seen_keys_are_bounded_oldest_first(tmp_path: Path) -> None:
    store = SessionStore(tmp_path)
    keys = tuple(f"k{i}" for i in range(MAX_SEEN + 10))
    state = store.update("s", lambda s: s.remember(keys))
    assert len(state.seen) == MAX_SEEN and state.seen[0] == "k10" and state.seen[-1] == keys[-1]


def test_parallel_updates_are_not_lost(tmp_path: Path) -> None:
    store = SessionStore(tmp_path)

    def work(i: int) -> None:
        for j in range(10):
            SessionStore(tmp_path).update("s", lambda s, k=f"{i}-{j}": s.remember((k,)))

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(store.get("s").seen) == 80


def test_unreadable_state_is_forgotten_not_trusted(tmp_path: Path) -> None:
    store = SessionStore(tmp_path)
    store.update("s", lambda s: replace(s, stop_blocks=1))
    path = store.path_for("s")
    for text in ("{not json", "[]", json.dumps({"schema": 99}), json.dumps({"schema": 1, "stop_blocks": -4})):
        path.write_text(text)
        assert store.get("s") == SessionState()


def test_old_and_surplus_sessions_are_pruned(tmp_path: Path) -> None:
    clock = Clock()
    store = SessionStore(tmp_path, clock=clock, max_sessions=3, ttl=100.0)
    store.update("old", lambda s: s.remember(("x",)))
    clock.now += 500
    for name in ("a", "b", "c", "d"):
        clock.now += 1
        store.update(name, lambda s: s.remember(("x",)))
    remaining = {p.name for p in tmp_path.glob("s-*.json")}
    assert remaining == {store.path_for(n).name for n in ("b", "c", "d")}


def test_model_runs_are_capped_per_rolling_window(tmp_path: Path) -> None:
    clock = Clock()
    store = SessionStore(tmp_path, clock=clock)
    assert [store.take_run_slot(limit=2, window=3600)[0] for _ in range(3)] == [True, True, False]
    clock.now += 3599
    assert store.take_run_slot(limit=2, window=3600) == (False, 2)
    clock.now += 2
    assert store.take_run_slot(limit=2, window=3600) == (True, 0)
