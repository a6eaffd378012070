"""The inbound benchmark still runs end to end on both runtimes: a tiny load, no speed
asserted."""

from __future__ import annotations

import io
import re

from bench.inbound import Workload, parse_args, run_benchmark


async def test_the_inbound_benchmark_runs_and_reports_each_runtime_and_its_echo_bot() -> None:
    out = io.StringIO()
    report = await run_benchmark(Workload(users=3, messages=2, timeout=20), out)
    assert [c.runtime for c in report.comparisons] == ["aiogram", "ptb"]
    for comparison in report.comparisons:
        for figures in (comparison.kefu, comparison.echo):
            assert figures.updates == 6
            assert figures.per_second > 0
            assert 0 < figures.p50 <= figures.p99
            assert figures.cpu_per_update > 0
            assert figures.unexpected == 0
            assert figures.failed_calls == 0
            assert len(figures.paced_latencies) == 6, "the open loop: as many as the closed"
        assert comparison.throughput_ratio > 0
        assert comparison.p50_ratio > 0
    printed = out.getvalue()
    assert printed.count("kefu/echo: throughput") == 2
    last = printed.rstrip().splitlines()[-2:]  # one line per runtime, for scripts to read
    ratios = [re.fullmatch(r"ratio kefu/echo (\w+): \d+\.\d\d", line) for line in last]
    assert [m[1] if m else None for m in ratios] == ["aiogram", "ptb"]
    for name in ("kefu (aiogram)", "aiogram echo", "kefu (ptb)", "PTB echo"):
        assert name in printed
    assert "3 users x 2 messages" in printed


def test_one_runtime_can_be_chosen() -> None:
    assert parse_args(["--runtime", "ptb"]).runtimes == ("ptb",)
    assert parse_args([]).runtimes == ("aiogram", "ptb")


async def test_the_ledger_benchmark_runs() -> None:
    from bench.ledger import per_poll

    assert await per_poll(100) > 0


async def test_the_desk_benchmark_runs_its_three_phases_on_each_runtime() -> None:
    from bench.desk import PHASES
    from bench.desk import run_benchmark as run_desk

    out = io.StringIO()
    runs = await run_desk(Workload(users=2, messages=2, timeout=20), out)
    assert list(runs) == ["aiogram", "ptb"]
    for phases in runs.values():
        assert list(phases) == list(PHASES)
        counts = [phases[phase].updates for phase in PHASES]
        assert counts == [2, 4, 4], "two topics, then two messages per user each way"
        for figures in phases.values():
            assert figures.per_second > 0 and figures.cpu_per_update > 0
            assert figures.unexpected == 0 and figures.failed_calls == 0
    printed = out.getvalue()
    assert all(printed.count(phase) >= 2 for phase in PHASES)


async def test_the_desk_burst_benchmark_runs_and_reports_the_groups_budget() -> None:
    from bench.desk_burst import Burst, parse_args
    from bench.desk_burst import run_benchmark as run_burst

    out = io.StringIO()
    burst = Burst(reports=6, follow_ups=2, speed=150, groups=3, timeout=60)
    groups = await run_burst(burst, out)
    assert [f.reports for f in groups] == [2, 2, 2], "each language's users to its group"
    for figures in groups:
        assert figures.rejected == 0 and figures.cards == 2 and figures.in_order == 2
    printed = out.getvalue()
    for line in ("drain time", "floor at 20/min", "429s from the group", "kefu's own share"):
        assert line in printed
    assert parse_args(["--reports", "5", "--no-merge"]) == Burst(reports=5, merge=False)
    assert parse_args(["--groups", "3"]) == Burst(groups=3)


def test_the_knowledge_base_benchmark_runs() -> None:
    from bench.kb import run

    out = io.StringIO()
    figures = run(1, out)
    assert figures["build_seconds"] > 0
    assert all(figures[locale] > 0 for locale in ("en", "zh-Hans", "zh-Hant"))
    assert "searches/s" in out.getvalue()
