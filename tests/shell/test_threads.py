"""Several threads may analyse at once: each gets its own parser."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from shell_testing import run, texts


def test_concurrent_analyses_agree_with_sequential_ones() -> None:
    commands = [f"cd /tmp/{i} && rm -rf x{i} | grep -v y{i}; echo $(id -u {i})" for i in range(200)]
    expected = [texts(run(c)) for c in commands]
    with ThreadPoolExecutor(max_workers=8) as pool:
        got = list(pool.map(lambda c: texts(run(c)), commands * 3))
    assert got == expected * 3
