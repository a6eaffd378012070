"""The HTTP order backend's benchmark still runs end to end: a tiny load, no speed asserted."""

from __future__ import annotations

import io

import pytest

from bench.orders import Bench, parse_args, run_benchmark


async def test_the_orders_benchmark_runs_and_prints_its_figures() -> None:
    out = io.StringIO()
    bench = Bench(lookups=40, orders=10, concurrency=4, delay_ms=5, jitter_ms=2, slow_lookups=12)
    figures = await run_benchmark(bench, out)
    assert figures.cold_per_second > 0 and figures.warm_per_second > 0
    assert 10 <= figures.warm_asked < 40, "with the cache on, repeats do not reach the shop"
    assert 5 <= figures.slow_p50_ms <= figures.slow_p99_ms
    printed = out.getvalue()
    for line in ("cache off", "cache on", "slow p50", "slow p99", "failed tries"):
        assert line in printed


def test_the_orders_benchmark_flags() -> None:
    assert parse_args([]) == Bench()
    assert parse_args(["--lookups", "10", "--delay-ms", "0"]).lookups == 10
    with pytest.raises(SystemExit):
        parse_args(["--concurrency", "0"])
