"""Desk benchmark: users handed to the agents' desk all at once, then messages relayed
through it both ways, on each runtime, to see what one group and its topics cost.

    python -m bench.desk --users 30 --messages 10 [--runtime aiogram|ptb|both]

The real kefu (runtime, SQLite, outbox) serves a forum supergroup against its own Bot API
double in this process, rate limits out of reach. Phases: hand-off (all users send /human
at once; kefu makes each ticket's topic and posts its card there), user -> desk (each user
a closed loop of texts, the next once the last one's copyMessage reached the double) and
agent -> user (one agent, a closed loop per topic). Prints figures, asserts no speed.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import platform
import re
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TextIO

import aiogram
import telegram

from bench.bots import bench_settings
from bench.figures import Figures
from bench.workload import FIRST_USER_ID, RUNTIMES, UNTHROTTLED, Workload
from bot.app.kefu_app import Tuning
from bot.composition import assembled
from bot.telegram.double import BotApiDouble, Limits, LoggedCall, RequestLog
from bot.telegram.double.driver import Group
from bot.telegram.double.inbox import MessageView

DESK = -1001000000777
AGENT = 7001
PHASES = ("hand-off", "user -> desk", "agent -> user")
# The desk is one group: Telegram's 20 a minute would pace every relay, so it goes too.
DESK_UNTHROTTLED = replace(UNTHROTTLED, group_per_minute=6_000_000, group_burst=100_000)
USERNAME = re.compile(r"@bench_(\d+)")  # how a topic's name tells whose ticket it is

Route = Callable[[LoggedCall], int | None]  # a completed call -> the key of its queue
Send = Callable[[str], Awaitable[MessageView]]  # a person sending a text
Runs = dict[str, dict[str, Figures]]  # runtime -> phase -> what kefu did


class Router:
    """Hands each completed call of the request log to the queue ``route`` names, so one
    watcher serves all conversations (per-conversation polling of the double would wake
    every waiter on every change, work counted against kefu; see bench.inbound)."""

    def __init__(self, log: RequestLog, route: Route) -> None:
        self._log, self._route = log, route
        self._seen = len(log.entries)  # earlier phases' calls are not this phase's
        self._open: list[LoggedCall] = []
        self.queues: dict[int, asyncio.Queue[LoggedCall]] = {}
        self.failed = 0

    def queue(self, key: int) -> asyncio.Queue[LoggedCall]:
        return self.queues.setdefault(key, asyncio.Queue())

    @asynccontextmanager
    async def watching(self) -> AsyncIterator[Router]:
        task = asyncio.create_task(self._log.changed.wait_until(self._drain, None))
        try:
            yield self
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    def _drain(self) -> bool:
        entries = self._log.entries
        self._open.extend(entries[self._seen :])
        self._seen = len(entries)
        for entry in [e for e in self._open if e.done]:
            if not entry.ok:
                self.failed += 1
            elif (key := self._route(entry)) is not None:
                self.queue(key).put_nowait(entry)
        self._open = [e for e in self._open if not e.done]
        return False  # keep watching until cancelled


def _int(value: object) -> int | None:
    return int(str(value)) if value is not None else None


@asynccontextmanager
async def desk_kefu(double: BotApiDouble, workload: Workload, runtime: str) -> AsyncIterator[None]:
    """The real kefu on ``runtime`` (SQLite in a temporary folder) serving the desk."""
    with tempfile.TemporaryDirectory(prefix="kefu-bench-desk-") as folder:
        settings = bench_settings(double, Path(folder), runtime, agent_chat_id=DESK)
        tuning = Tuning(outbox=DESK_UNTHROTTLED, parallel_chats=workload.parallel_chats)
        async with assembled(settings, clock=double.clock, tuning=tuning) as kefu:
            stop = asyncio.Event()
            task = asyncio.create_task(kefu.runtime.run(stop), name="kefu")
            try:
                yield
            finally:
                stop.set()
                await asyncio.wait_for(task, 30)


async def relay(
    double: BotApiDouble, name: str, route: Route, senders: dict[int, Send], workload: Workload
) -> Figures:
    """One relay phase: each sender's closed loop (a text, then wait for its copy), all at
    once, after an uncounted warm-up; latency runs from the text queued to its copy logged."""

    async def converse(key: int, count: int) -> tuple[list[float], int]:
        latencies, wrong = [], 0
        for index in range(count):
            text = f"{name}, {key}, message {index + 1}"
            queued = double.clock.monotonic()  # the driver queues it before it first suspends
            said = await senders[key](text)
            try:
                copy = await asyncio.wait_for(router.queue(key).get(), workload.timeout)
            except TimeoutError:
                raise RuntimeError(f"no copy of {text!r} in {workload.timeout} s") from None
            latencies.append(copy.monotonic - queued)
            wrong += _int(copy.params.get("message_id")) != said.message_id
        return latencies, wrong

    async with Router(double.log, route).watching() as router:
        await asyncio.gather(*(converse(key, workload.warmup) for key in senders))
        failed = router.failed
        wall, cpu = time.perf_counter(), time.process_time()
        results = await asyncio.gather(*(converse(key, workload.messages) for key in senders))
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    latencies = [value for sample, _ in results for value in sample]
    extra = sum(q.qsize() for q in router.queues.values())  # copies nobody asked for
    wrong = sum(bad for _, bad in results) + extra
    return Figures(name, len(latencies), wall, cpu, latencies, wrong, router.failed - failed)


async def hand_off(
    double: BotApiDouble, desk: Group, workload: Workload
) -> tuple[Figures, dict[int, int]]:
    """Every user sends /human at once: the figures (up to each card), each user's topic."""
    ids = range(FIRST_USER_ID, FIRST_USER_ID + workload.users)
    users = [double.driver.private_user(i, f"User {i}", username=f"bench_{i}") for i in ids]

    def card(entry: LoggedCall) -> int | None:  # a sendMessage in a ticket's topic: whose
        thread = _int(entry.params.get("message_thread_id"))
        if entry.method != "sendMessage" or _int(entry.chat_id) != DESK or thread is None:
            return None
        topic = desk.topics.get(thread)
        found = USERNAME.search(topic.name) if topic else None
        return int(found.group(1)) if found else None

    async with Router(double.log, card).watching() as router:
        wall, cpu = time.perf_counter(), time.process_time()
        queued = []
        for user in users:
            queued.append(double.clock.monotonic())
            await user.send_command("human")
        cards = [await asyncio.wait_for(router.queue(i).get(), workload.timeout) for i in ids]
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    latencies = [c.monotonic - at for c, at in zip(cards, queued, strict=True)]
    threads = {i: int(c.params["message_thread_id"]) for i, c in zip(ids, cards, strict=True)}
    shared = len(threads) - len(set(threads.values()))  # tickets put in another's topic
    return Figures(PHASES[0], len(cards), wall, cpu, latencies, shared, router.failed), threads


async def measure(runtime: str, workload: Workload) -> dict[str, Figures]:
    """The three phases, one after another, against kefu on ``runtime`` on a fresh double."""
    async with BotApiDouble(limits=Limits.unlimited()) as double:
        desk = double.driver.forum_group(DESK, "Support desk")
        agent = desk.member(AGENT, "Ann")

        def into_desk(entry: LoggedCall) -> int | None:  # keyed by the user it came from
            copied = entry.method == "copyMessage" and _int(entry.chat_id) == DESK
            return _int(entry.params.get("from_chat_id")) if copied else None

        def to_user(entry: LoggedCall) -> int | None:  # keyed by the user it went to
            from_desk = _int(entry.params.get("from_chat_id")) == DESK
            return _int(entry.chat_id) if entry.method == "copyMessage" and from_desk else None

        async with desk_kefu(double, workload, runtime):
            handed, threads = await hand_off(double, desk, workload)
            users: dict[int, Send] = {u: double.driver.private_user(u).send_text for u in threads}
            inbound = await relay(double, PHASES[1], into_desk, users, workload)
            agents = {u: partial(agent.send_text, thread_id=t) for u, t in threads.items()}
            outbound = await relay(double, PHASES[2], to_user, agents, workload)
        if double.internal_errors:
            raise RuntimeError(f"the Bot API double failed: {double.internal_errors[:3]}")
    return {PHASES[0]: handed, PHASES[1]: inbound, PHASES[2]: outbound}


def print_header(workload: Workload, out: TextIO) -> None:
    """What ran, where and under which limits, so a printed table can be compared."""
    python = f"{platform.python_implementation()} {platform.python_version()}"
    limits = DESK_UNTHROTTLED
    lines = [
        "kefu desk benchmark",
        f"  machine:   {os.cpu_count()} cores, {python}, {platform.system()} {platform.release()}"
        f" {platform.machine()}; aiogram {aiogram.__version__}, PTB {telegram.__version__}",
        f"  workload:  {workload.users} users hand off at once, then {workload.messages} messages"
        " per user into the desk, then per topic",
        f"             from one agent; closed loops, all at once, {workload.warmup} uncounted "
        "warm-up message(s) each first",
        f"  kefu:      {', '.join(workload.runtimes)}; long polling, SQLite in a temporary file, "
        f"parallel_chats {workload.parallel_chats}",
        f"  limits:    none in the double; kefu's outbox private {limits.private_per_second:g}/s, "
        f"group {limits.group_per_minute:,.0f}/min,",
        f"             global {limits.global_per_second:,.0f}/s, max_in_flight "
        f"{limits.max_in_flight} (a chat, the desk too, has one call at a time)",
        "",
    ]
    print("\n".join(lines), file=out, flush=True)


def print_report(runs: Runs, out: TextIO) -> None:
    """The table, and what its figures mean."""
    print(
        f"  {'runtime':<10}{'phase':<15}{'count':>7}{'seconds':>9}{'per s':>9}"
        f"{'p50 ms':>9}{'p99 ms':>9}{'CPU':>6}{'CPU ms/msg':>12}",
        file=out,
    )
    for runtime, phases in runs.items():
        for index, (phase, f) in enumerate(phases.items()):
            cpu = f.cpu_seconds / f.seconds if f.seconds > 0 else 0.0
            bad = f.unexpected or f.failed_calls
            print(
                f"  {runtime if index == 0 else '':<10}{phase:<15}{f.updates:>7}{f.seconds:>9.2f}"
                f"{f.per_second:>9.1f}{f.p50 * 1000:>9.2f}{f.p99 * 1000:>9.2f}{cpu:>6.0%}"
                f"{f.cpu_per_update * 1000:>12.2f}"
                + (f"  WARNING {f.unexpected} wrong, {f.failed_calls} failed calls" if bad else ""),
                file=out,
            )
    print(
        "\n  count: topics made (hand-off) or messages copied; per s: count over the phase's\n"
        "  wall time. Latency: from the update queued in the double to kefu's call reaching it\n"
        "  (the card's sendMessage in the new topic, after the ticket, the user's answer and\n"
        "  createForumTopic; or the copyMessage). One event loop for all, so CPU ms/msg (process\n"
        "  CPU per topic or message) includes the double's and the simulated people's share.\n"
        "  In a closed loop mean latency is about senders / per s: mostly waiting in line.",
        file=out,
        flush=True,
    )


async def run_benchmark(workload: Workload, out: TextIO | None = None) -> Runs:
    """Measure the desk on each runtime under ``workload``; print and return the figures."""
    out = out or sys.stdout
    print_header(workload, out)
    runs = {runtime: await measure(runtime, workload) for runtime in workload.runtimes}
    print_report(runs, out)
    return runs


def parse_args(argv: Sequence[str] | None = None) -> Workload:
    """The workload the command line asks for (30 users x 10 messages unless told)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--users", type=int, default=30)
    parser.add_argument("--messages", type=int, default=10, help="per user, and per topic")
    parser.add_argument("--warmup", type=int, default=1, help="per user, and per topic")
    parser.add_argument("--parallel-chats", type=int, default=Workload.parallel_chats)
    parser.add_argument("--timeout", type=float, default=Workload.timeout, help="per copy, s")
    parser.add_argument("--runtime", choices=[*RUNTIMES, "both"], default="both")
    args = parser.parse_args(argv)
    if min(args.users, args.messages, args.parallel_chats) < 1 or args.warmup < 0:
        parser.error("users, messages and parallel chats must be at least 1, warm-up 0 or more")
    runtimes = tuple(RUNTIMES) if args.runtime == "both" else (args.runtime,)
    return Workload(
        args.users, args.messages, args.warmup, args.parallel_chats, args.timeout, runtimes
    )


def main(argv: Sequence[str] | None = None) -> None:
    asyncio.run(run_benchmark(parse_args(argv)))


if __name__ == "__main__":
    main()
