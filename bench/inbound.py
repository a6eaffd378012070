"""Inbound benchmark: many users writing to kefu at once, on each runtime, next to a bare
echo bot of the same library.

    python -m bench.inbound --users 50 --messages 20 [--runtime aiogram|ptb|both]

Each bot runs in this process against its own Bot API double, which runs with its
simulated users in a child process (``bench.double_process``: the double's HTTP server on
127.0.0.1 with Telegram's flood limits turned off), so this process's CPU time is the
bot's alone. Every simulated user sends a text, waits for the bot's reply, then sends the
next one (a closed loop), all users at once, after a short warm-up that is not counted.
Then an open loop: texts at ``--rate`` a second (100 by default), the users taking turns,
for the latency at a steady load. kefu is the real thing (the runtime, SQLite, the outbox,
the dialogs) answering free text: searched in the knowledge base, which has no answer for
the bench's texts, so the reply is "could not find an answer". The reference for the
aiogram runtime is aiogram's ``Dispatcher.start_polling`` answering
``message.answer(message.text)``; for the python-telegram-bot runtime, an Application
polling with its Updater (``concurrent_updates(True)``, as aiogram handles updates
concurrently by default) whose MessageHandler sends the text back.

For each bot it prints updates handled per second, the p50/p99 latency from the moment the
user's update was queued in the double to the moment the bot's sendMessage reached the
double, and the bot's CPU time per update, plus the kefu/echo ratios per runtime; it ends
with one line per runtime, ``ratio kefu/echo aiogram: 0.52``, the throughput ratio, for
scripts. It prints figures only; it asserts nothing about speed.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from collections.abc import Sequence
from typing import Any, TextIO

from bench.bots import ECHO_BOTS, Starter, kefu_on
from bench.double_client import DoubleProcess
from bench.figures import Comparison, Figures, Report, print_header, print_report
from bench.workload import RUNTIMES, Workload
from bot.support.heap import server_heap


def _checked(name: str, phase: dict[str, Any]) -> dict[str, Any]:
    if phase["internal_errors"]:
        raise RuntimeError(f"the Bot API double failed: {phase['internal_errors']}")
    if phase["extra"]:
        raise RuntimeError(f"{name} sent {phase['extra']} replies more than one per message")
    if phase["odd"]:
        print(f"{name} replied unexpectedly, e.g. {phase['odd']}", file=sys.stderr)
    return phase


async def measure(name: str, start: Starter, expect: str, workload: Workload) -> Figures:
    """Run ``workload`` against one bot, started by ``start`` on a fresh double (in a child
    process); ``expect`` names the judge of its replies ("kefu" or "echo"). Each bot runs
    with the collector set as `kefu run` sets it (bot.support.heap), so that neither pays
    for walking the objects of this process that are not its own (the other bot's
    modules, the bench's)."""
    async with DoubleProcess() as double:
        await double.command("users", count=workload.users)
        async with start(double, workload):
            phase = {"expect": expect, "timeout": workload.timeout}
            if workload.warmup:
                _checked(name, await double.command("closed", messages=workload.warmup, **phase))
            with server_heap():
                cpu = time.process_time()
                closed = await double.command("closed", messages=workload.messages, **phase)
                cpu = time.process_time() - cpu
                _checked(name, closed)
                paced_cpu = time.process_time()
                paced = await double.command(
                    "paced", count=workload.paced_count, rate=workload.rate, **phase
                )
                paced_cpu = time.process_time() - paced_cpu
                _checked(name, paced)
    return Figures(
        name,
        updates=len(closed["latencies"]),
        seconds=closed["seconds"],
        cpu_seconds=cpu,
        latencies=closed["latencies"],
        unexpected=closed["unexpected"] + paced["unexpected"],
        failed_calls=closed["failed"] + paced["failed"],
        paced_latencies=paced["latencies"],
        paced_seconds=paced["seconds"],
        paced_cpu_seconds=paced_cpu,
        polls=closed["polls"],
        polled=closed["polled"],
    )


async def run_benchmark(workload: Workload, out: TextIO | None = None) -> Report:
    """Measure kefu on each runtime, then its library's echo bot, under ``workload``; print
    and return the figures."""
    out = out or sys.stdout
    print_header(workload, out)
    comparisons = []
    for runtime in workload.runtimes:
        kefu = await measure(f"kefu ({runtime})", kefu_on(runtime), "kefu", workload)
        name, start = ECHO_BOTS[runtime]
        echo = await measure(name, start, "echo", workload)
        comparisons.append(Comparison(runtime, kefu, echo))
    report = Report(workload, comparisons)
    print_report(report, out)
    return report


def parse_args(argv: Sequence[str] | None = None) -> Workload:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    defaults = Workload()
    parser.add_argument("--users", type=int, default=defaults.users)
    parser.add_argument("--messages", type=int, default=defaults.messages, help="per user")
    parser.add_argument("--warmup", type=int, default=defaults.warmup, help="per user")
    parser.add_argument("--parallel-chats", type=int, default=defaults.parallel_chats)
    parser.add_argument("--timeout", type=float, default=defaults.timeout, help="per reply, s")
    parser.add_argument(
        "--runtime", choices=[*RUNTIMES, "both"], default="both", help="kefu's runtime(s)"
    )
    parser.add_argument(
        "--rate", type=float, default=defaults.rate, help="texts/s in the open-loop phase"
    )
    parser.add_argument(
        "--paced",
        type=int,
        default=None,
        help="texts in the open-loop phase (default: as many as the closed loop's)",
    )
    parser.add_argument(
        "--ledger-full",
        action="store_true",
        help="start kefu with 10,000 update ids in memory and a day of history in its database",
    )
    args = parser.parse_args(argv)
    if min(args.users, args.messages, args.parallel_chats) < 1 or args.warmup < 0:
        parser.error("users, messages and parallel chats must be at least 1, warm-up 0 or more")
    if args.rate <= 0 or (args.paced is not None and args.paced < 1):
        parser.error("the rate must be positive and the paced texts at least 1")
    runtimes = tuple(RUNTIMES) if args.runtime == "both" else (args.runtime,)
    return Workload(
        args.users,
        args.messages,
        args.warmup,
        args.parallel_chats,
        args.timeout,
        runtimes,
        args.ledger_full,
        args.rate,
        args.paced,
    )


def main(argv: Sequence[str] | None = None) -> None:
    asyncio.run(run_benchmark(parse_args(argv)))


if __name__ == "__main__":
    main()
