"""What one bot did in a run, kefu next to its library's echo bot, and how it is printed."""

from __future__ import annotations

import math
import os
import platform
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TextIO

import aiogram
import telegram

from bench.workload import UNTHROTTLED, Workload


@dataclass
class Figures:
    """What one bot did in the measured phase."""

    name: str
    updates: int  # replies received in the measured phase (one per user message)
    seconds: float  # wall time of the measured phase
    cpu_seconds: float  # process CPU time over it (every thread: the loop, SQLite's)
    latencies: list[float] = field(repr=False)  # seconds, one per counted message
    unexpected: int = 0  # replies that were not what this bot should say
    failed_calls: int = 0  # Bot API calls the double answered with an error
    # The open-loop phase at a steady rate (bench.inbound), if there was one.
    paced_latencies: list[float] = field(default_factory=list, repr=False)
    paced_seconds: float = 0.0
    paced_cpu_seconds: float = 0.0
    polls: int = 0  # getUpdates calls in the measured phase
    polled: int = 0  # updates those returned (re-polled ones included)

    @property
    def per_second(self) -> float:
        return self.updates / self.seconds if self.seconds > 0 else 0.0

    @property
    def p50(self) -> float:
        return percentile(self.latencies, 50)

    @property
    def p99(self) -> float:
        return percentile(self.latencies, 99)

    @property
    def cpu_per_update(self) -> float:
        """Process CPU seconds per update handled."""
        return self.cpu_seconds / self.updates if self.updates else math.nan

    @property
    def paced_p99(self) -> float:
        return percentile(self.paced_latencies, 99)

    @property
    def paced_rate(self) -> float:
        """Texts answered per second of the open-loop phase."""
        count = len(self.paced_latencies)
        return count / self.paced_seconds if self.paced_seconds > 0 else 0.0


@dataclass
class Comparison:
    """kefu on one runtime, and the bare echo bot of that runtime's library."""

    runtime: str
    kefu: Figures
    echo: Figures

    @property
    def throughput_ratio(self) -> float:
        return self.kefu.per_second / self.echo.per_second

    @property
    def p50_ratio(self) -> float:
        return self.kefu.p50 / self.echo.p50

    @property
    def cpu_ratio(self) -> float:
        return self.kefu.cpu_per_update / self.echo.cpu_per_update


@dataclass
class Report:
    workload: Workload
    comparisons: list[Comparison]

    def on(self, runtime: str) -> Comparison:
        return next(c for c in self.comparisons if c.runtime == runtime)


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0-100) by linear interpolation between closest ranks."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low = math.floor(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def _cores() -> str:
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    total = os.cpu_count()
    return f"{usable} usable of {total}" if usable not in (None, total) else f"{total}"


def print_header(workload: Workload, out: TextIO) -> None:
    python = f"{platform.python_implementation()} {platform.python_version()}"
    counted = workload.users * workload.messages
    lines = [
        "kefu inbound benchmark",
        f"  machine:     {_cores()} cores, {python}, "
        f"{platform.system()} {platform.release()} {platform.machine()}",
        f"  libraries:   aiogram {aiogram.__version__}, python-telegram-bot {telegram.__version__}",
        f"  workload:    {workload.users} users x {workload.messages} messages "
        f"({counted} counted), closed loop, all users at once;",
        f"               {workload.warmup} warm-up message(s) per user first, not counted",
        f"  open loop:   then {workload.paced_count} texts at {workload.rate:g}/s in all, the "
        "users taking turns",
        "  processes:   the bot in this one (its CPU time is counted), the double and its",
        "               users in a child process (bench.double_process, not counted)",
        f"  kefu:        runtimes {', '.join(workload.runtimes)}; long polling, SQLite in a "
        "temporary file,",
        f"               parallel_chats {workload.parallel_chats}, "
        f"outbox max_in_flight {UNTHROTTLED.max_in_flight}",
        "  echo bots:   aiogram: Dispatcher.start_polling, message.answer(message.text);",
        "               PTB: Application + Updater.start_polling, concurrent_updates(True),",
        "               MessageHandler(filters.TEXT) sending the text back",
        "  rate limits: off in the double (Limits.unlimited()); kefu's outbox limits raised",
        f"               out of reach (private {UNTHROTTLED.private_per_second:g}/s burst "
        f"{UNTHROTTLED.private_burst}, global {UNTHROTTLED.global_per_second:g}/s burst "
        f"{UNTHROTTLED.global_burst})",
        "",
    ]
    print("\n".join(lines), file=out, flush=True)


def print_report(report: Report, out: TextIO) -> None:
    header = (
        f"  {'runtime':<10}{'bot':<16}{'updates':>8}{'seconds':>9}{'updates/s':>11}"
        f"{'p50 ms':>9}{'p99 ms':>9}{'CPU':>6}{'CPU ms/update':>15}"
    )
    print(header, file=out)
    for comparison in report.comparisons:
        for label, figures in ((comparison.runtime, comparison.kefu), ("", comparison.echo)):
            cpu = figures.cpu_seconds / figures.seconds if figures.seconds > 0 else 0.0
            print(
                f"  {label:<10}{figures.name:<16}{figures.updates:>8}{figures.seconds:>9.2f}"
                f"{figures.per_second:>11.1f}{figures.p50 * 1000:>9.2f}"
                f"{figures.p99 * 1000:>9.2f}{cpu:>6.0%}{figures.cpu_per_update * 1000:>15.2f}",
                file=out,
            )
        print(
            f"  {'':<10}kefu/echo: throughput {comparison.throughput_ratio:.2f}x, "
            f"p50 latency {comparison.p50_ratio:.2f}x, CPU per update {comparison.cpu_ratio:.2f}x",
            file=out,
        )
    if len(report.comparisons) > 1:
        first, *others = report.comparisons
        for other in others:
            ratio = other.kefu.cpu_per_update / first.kefu.cpu_per_update
            print(
                f"  kefu on {other.runtime} / kefu on {first.runtime}: CPU per update "
                f"{ratio:.2f}x, throughput "
                f"{other.kefu.per_second / first.kefu.per_second:.2f}x",
                file=out,
            )
    print_paced(report, out)
    print_polls(report, out)
    for comparison in report.comparisons:
        for figures in (comparison.kefu, comparison.echo):
            if figures.unexpected or figures.failed_calls:
                print(
                    f"  WARNING {figures.name}: {figures.unexpected} unexpected replies, "
                    f"{figures.failed_calls} failed Bot API calls",
                    file=out,
                )
    print(
        "\n  What the numbers mean: updates/s is user messages answered per second of wall\n"
        "  time in the measured phase. Latency runs from the moment the double queued a\n"
        "  user's update (read just before the driver's send_text, which queues it at once)\n"
        "  to the moment the bot's sendMessage request reached the double (its request-log\n"
        "  time): getUpdates long-poll pickup, the bot's handling, and the HTTP call out.\n"
        "  The double and the simulated users run in a child process, so this is loopback\n"
        "  HTTP on one machine, not network latency; CPU is the bot's process CPU time\n"
        "  over wall time (it passes 100% only with other threads, such as SQLite's), and\n"
        "  CPU ms/update that time per update answered (the double's and the users' share\n"
        "  not included). Each echo bot runs on the same library as the kefu above it, so\n"
        "  the ratios show kefu's own work (SQLite write per message, dialogs, outbox)\n"
        "  over a bot of that library doing nothing.\n"
        "  In a closed loop the two figures are tied: mean latency is about users divided\n"
        "  by updates/s, so with many users latency is mostly waiting behind the other\n"
        "  users' updates, not the handling of one; the open loop's p99 is the latency\n"
        "  at a steady load instead.",
        file=out,
        flush=True,
    )
    print("", file=out)
    for comparison in report.comparisons:
        print(
            f"ratio kefu/echo {comparison.runtime}: {comparison.throughput_ratio:.2f}",
            file=out,
            flush=True,
        )


def print_polls(report: Report, out: TextIO) -> None:
    """How often each bot polled in the closed loop, and how many updates came back."""
    rows = [f for c in report.comparisons for f in (c.kefu, c.echo) if f.polls]
    if rows:
        print("\n  getUpdates in the closed loop (updates returned, per update handled):", file=out)
    for figures in rows:
        print(
            f"  {figures.name:<16}{figures.polls:>7} polls{figures.polled:>8} updates "
            f"({figures.polled / max(figures.updates, 1):.2f} per update handled)",
            file=out,
        )


def print_paced(report: Report, out: TextIO) -> None:
    """The open-loop phase: latency at a steady rate, and CPU per update there."""
    rows = [(c.runtime, f) for c in report.comparisons for f in (c.kefu, c.echo)]
    if not any(f.paced_latencies for _, f in rows):
        return
    rate = report.workload.rate
    print(f"\n  open loop at {rate:g} texts/s:", file=out)
    print(
        f"  {'runtime':<10}{'bot':<16}{'updates':>8}{'answered/s':>12}{'p50 ms':>9}"
        f"{'p99 ms':>9}{'CPU ms/update':>15}",
        file=out,
    )
    for runtime, figures in rows:
        count = len(figures.paced_latencies)
        cpu = figures.paced_cpu_seconds / count * 1000 if count else math.nan
        label = runtime if figures is report.on(runtime).kefu else ""
        print(
            f"  {label:<10}{figures.name:<16}{count:>8}{figures.paced_rate:>12.1f}"
            f"{percentile(figures.paced_latencies, 50) * 1000:>9.2f}"
            f"{figures.paced_p99 * 1000:>9.2f}{cpu:>15.2f}",
            file=out,
        )
