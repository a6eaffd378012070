"""The inbound benchmark still runs end to end: a tiny load, and no speed asserted."""

from __future__ import annotations

import io

from bench.inbound import Workload, run_benchmark


async def test_the_inbound_benchmark_runs_and_reports_both_bots() -> None:
    out = io.StringIO()
    report = await run_benchmark(Workload(users=3, messages=2, timeout=20), out)
    for figures in (report.kefu, report.echo):
        assert figures.updates == 6
        assert figures.per_second > 0
        assert 0 < figures.p50 <= figures.p99
        assert figures.unexpected == 0
        assert figures.failed_calls == 0
    assert report.throughput_ratio > 0
    assert report.p50_ratio > 0
    printed = out.getvalue()
    assert "kefu/echo" in printed
    assert "3 users x 2 messages" in printed
