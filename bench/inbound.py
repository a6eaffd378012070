"""Inbound benchmark: many users writing to kefu at once, on each runtime, next to a bare
echo bot of the same library.

    python bench/inbound.py --users 50 --messages 20 [--runtime aiogram|ptb|both]

Each bot runs in this process against its own Bot API double (``bot.telegram_double``, an
HTTP server on 127.0.0.1 with Telegram's flood limits turned off). Every simulated user
sends a text, waits for the bot's reply, then sends the next one (a closed loop), all users
at once, after a short warm-up that is not counted. kefu is the real thing (the runtime,
SQLite, the outbox, the dialogs) answering free text with its "did not understand" reply.
The reference for the aiogram runtime is aiogram's ``Dispatcher.start_polling`` answering
``message.answer(message.text)``; for the python-telegram-bot runtime, an Application
polling with its Updater (``concurrent_updates(True)``, as aiogram handles updates
concurrently by default) whose MessageHandler sends the text back.

For each bot it prints updates handled per second, the p50/p99 latency from the moment the
user's update was queued in the double to the moment the bot's sendMessage reached the
double, and the CPU time per update, plus the kefu/echo ratios per runtime. It prints
figures only; it asserts nothing about speed.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import math
import os
import platform
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

import aiogram
import telegram
from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import Message
from telegram.ext import Application, ContextTypes, MessageHandler, filters

from bot.app import Tuning
from bot.config import Settings
from bot.outbox import OutboxLimits
from bot.serve import make_runtime, runtime_parts
from bot.telegram_double import BotApiDouble, Limits, LoggedCall, PrivateUser, RequestLog

FIRST_USER_ID = 7_000_001  # simulated users are FIRST_USER_ID, FIRST_USER_ID + 1, ...

# The outbox keeps Telegram's limits (1 message/s per private chat, 30/s in all); here they
# are raised far out of reach, as the double's are switched off, so that the figures show
# how fast the bot handles updates, not how fast Telegram would let it answer.
UNTHROTTLED = OutboxLimits(
    private_per_second=1000, private_burst=1000, global_per_second=100000, global_burst=100000
)

Starter = Callable[[BotApiDouble, "Workload"], AbstractAsyncContextManager[None]]
Expect = Callable[[str, str], bool]
RUNTIMES = {"aiogram": "aiogram", "ptb": "python-telegram-bot"}


@dataclass(frozen=True)
class Workload:
    """What one run does: ``users`` users, each sending ``messages`` counted messages."""

    users: int = 50
    messages: int = 20
    warmup: int = 1  # messages per user before the clock starts (not counted)
    parallel_chats: int = 64  # kefu's Tuning.parallel_chats (its default)
    timeout: float = 30.0  # longest wait for one reply before the run is declared broken
    runtimes: tuple[str, ...] = ("aiogram", "ptb")


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


class ReplyRouter:
    """Hands every completed sendMessage in the double's request log to its chat's queue.

    One watcher for all users, in place of each user awaiting ``user.next_message()``: that
    wakes every waiting user on every change in the double and re-reads all its messages,
    work that grows as users x messages (at 200 users x 10 it took about a quarter off the
    echo bot's figure) and would be counted against the bots.
    """

    def __init__(self, log: RequestLog) -> None:
        self._log = log
        self._seen = 0
        self._open: list[LoggedCall] = []
        self.queues: dict[int, asyncio.Queue[LoggedCall]] = {}
        self.failed = 0

    def queue(self, chat_id: int) -> asyncio.Queue[LoggedCall]:
        return self.queues.setdefault(chat_id, asyncio.Queue())

    async def run(self) -> None:
        await self._log.changed.wait_until(self._drain, None)

    def _drain(self) -> bool:
        entries = self._log.entries
        if self._seen < len(entries):
            self._open.extend(entries[self._seen :])
            self._seen = len(entries)
        pending = []
        for entry in self._open:
            if not entry.done:
                pending.append(entry)
            elif not entry.ok:
                self.failed += 1
            elif entry.method == "sendMessage" and int(entry.chat_id) in self.queues:
                self.queues[int(entry.chat_id)].put_nowait(entry)
        self._open = pending
        return False  # keep watching until cancelled


async def converse(
    user: PrivateUser,
    replies: asyncio.Queue[LoggedCall],
    count: int,
    expect: Expect,
    timeout: float,  # noqa: ASYNC109
) -> tuple[list[float], int]:
    """Send ``count`` texts one after another, each once the previous one was answered;
    the latencies (update queued -> reply reached the double) and the unexpected replies."""
    clock = user.double.clock
    latencies: list[float] = []
    unexpected = 0
    for index in range(count):
        text = f"question {index + 1} from user {user.id}"
        # send_text queues the update synchronously (it never suspends), so this reading is
        # the moment the update was queued; the queue keeps no timestamp of its own.
        queued = clock.monotonic()
        await user.send_text(text)
        try:
            reply = await asyncio.wait_for(replies.get(), timeout)
        except TimeoutError:
            raise RuntimeError(
                f"user {user.id} got no reply to {text!r} within {timeout} s"
            ) from None
        latencies.append(reply.monotonic - queued)
        if not expect(text, str(reply.params.get("text", ""))):
            unexpected += 1
    return latencies, unexpected


async def measure(name: str, start: Starter, expect: Expect, workload: Workload) -> Figures:
    """Run ``workload`` against one bot, started by ``start`` on a fresh double."""
    async with BotApiDouble(limits=Limits.unlimited()) as double:
        router = ReplyRouter(double.log)
        watcher = asyncio.create_task(router.run(), name="reply-router")
        try:
            async with start(double, workload):
                users = [
                    double.driver.private_user(FIRST_USER_ID + i, f"User {i}", language_code="en")
                    for i in range(workload.users)
                ]
                queues = [router.queue(user.id) for user in users]

                async def phase(count: int) -> list[tuple[list[float], int]]:
                    return await asyncio.gather(
                        *(
                            converse(user, queue, count, expect, workload.timeout)
                            for user, queue in zip(users, queues, strict=True)
                        )
                    )

                await phase(workload.warmup)
                failed_before = router.failed
                wall, cpu = time.perf_counter(), time.process_time()
                results = await phase(workload.messages)
                wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
                failed = router.failed - failed_before
                extra = sum(queue.qsize() for queue in queues)
                if extra:
                    raise RuntimeError(f"{name} sent {extra} replies more than one per message")
        finally:
            watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await watcher
        if double.internal_errors:
            raise RuntimeError(f"the Bot API double failed: {double.internal_errors[:3]}")
    latencies = [value for sample, _ in results for value in sample]
    return Figures(
        name,
        updates=len(latencies),
        seconds=wall,
        cpu_seconds=cpu,
        latencies=latencies,
        unexpected=sum(bad for _, bad in results),
        failed_calls=failed,
    )


def kefu_on(runtime: str) -> Starter:
    """Starts the real kefu on ``runtime`` (SQLite in a temporary folder) polling a double."""

    def start(double: BotApiDouble, workload: Workload) -> AbstractAsyncContextManager[None]:
        return running_kefu(double, workload, runtime)

    return start


@asynccontextmanager
async def running_kefu(
    double: BotApiDouble, workload: Workload, runtime: str = "aiogram"
) -> AsyncIterator[None]:
    """The real kefu (on ``runtime``, SQLite in a temporary folder) polling ``double``."""
    with tempfile.TemporaryDirectory(prefix="kefu-bench-") as folder:
        settings = Settings(  # type: ignore[call-arg]
            _env_file=None,
            bot_token=double.token,
            telegram_api_url=double.base_url,
            database_url=f"sqlite+aiosqlite:///{Path(folder) / 'kefu.db'}",
            poll_timeout=5,
            redis_url=None,
            webhook_url=None,
            webhook_secret=None,
            admin_ids=[],
            agent_chat_id=None,
            default_locale="en",
            timezone="UTC",
            runtime=runtime,
        )
        tuning = Tuning(outbox=UNTHROTTLED, parallel_chats=workload.parallel_chats)
        async with runtime_parts(settings, clock=double.clock, tuning=tuning) as parts:
            runtime = make_runtime(parts)
            stop = asyncio.Event()
            task = asyncio.create_task(runtime.run(stop), name="kefu")
            try:
                yield
            finally:
                stop.set()
                await asyncio.wait_for(task, 30)


@asynccontextmanager
async def running_aiogram_echo(double: BotApiDouble, workload: Workload) -> AsyncIterator[None]:
    """A bare aiogram bot answering every text with the same text, polling ``double``."""
    api = TelegramAPIServer.from_base(double.base_url)
    bot = Bot(double.token, session=AiohttpSession(api=api))
    dp = Dispatcher()

    async def echo(message: Message) -> None:
        await message.answer(message.text or "")

    dp.message.register(echo)
    task = asyncio.create_task(
        dp.start_polling(bot, handle_signals=False, polling_timeout=5), name="echo"
    )
    try:
        yield
    finally:
        if not task.done():
            try:
                await dp.stop_polling()
            except RuntimeError:  # polling never got going: just end the task
                task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait_for(task, 30)
        await bot.session.close()


@asynccontextmanager
async def running_ptb_echo(double: BotApiDouble, workload: Workload) -> AsyncIterator[None]:
    """A bare python-telegram-bot Application answering every text with the same text."""
    application = (
        Application.builder()
        .token(double.token)
        .base_url(f"{double.base_url}/bot")
        .base_file_url(f"{double.base_url}/file/bot")
        .concurrent_updates(True)
        .build()
    )

    async def echo(update: telegram.Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        if message is not None:
            await context.bot.send_message(message.chat_id, message.text or "")

    application.add_handler(MessageHandler(filters.TEXT, echo))
    async with application:  # initialize / shutdown
        assert application.updater is not None
        await application.updater.start_polling(timeout=5)
        await application.start()
        try:
            yield
        finally:
            await application.updater.stop()
            await application.stop()


ECHO_BOTS: dict[str, tuple[str, Starter]] = {
    "aiogram": ("aiogram echo", running_aiogram_echo),
    "ptb": ("PTB echo", running_ptb_echo),
}


def _kefu_expected(sent: str, reply: str) -> bool:
    return "did not understand" in reply


def _echo_expected(sent: str, reply: str) -> bool:
    return reply == sent


async def run_benchmark(workload: Workload, out: TextIO | None = None) -> Report:
    """Measure kefu on each runtime, then its library's echo bot, under ``workload``; print
    and return the figures."""
    out = out or sys.stdout
    _print_header(workload, out)
    comparisons = []
    for runtime in workload.runtimes:
        kefu = await measure(f"kefu ({runtime})", kefu_on(runtime), _kefu_expected, workload)
        name, start = ECHO_BOTS[runtime]
        echo = await measure(name, start, _echo_expected, workload)
        comparisons.append(Comparison(runtime, kefu, echo))
    report = Report(workload, comparisons)
    _print_report(report, out)
    return report


def _cores() -> str:
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    total = os.cpu_count()
    return f"{usable} usable of {total}" if usable not in (None, total) else f"{total}"


def _print_header(workload: Workload, out: TextIO) -> None:
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


def _print_report(report: Report, out: TextIO) -> None:
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
        "  Everything (double, simulated users, bot) shares one event loop, so this is\n"
        "  in-process cost on one core, not network latency; CPU is process CPU time over\n"
        "  wall time (it passes 100% only with other threads, such as SQLite's), and CPU\n"
        "  ms/update that time per update answered (the double's and the users' share\n"
        "  included). Each echo bot pays the same double and driver costs and runs on the\n"
        "  same library as the kefu above it, so the ratios show kefu's own work (SQLite\n"
        "  write per message, dialogs, outbox) over a bot of that library doing nothing.\n"
        "  In a closed loop the two figures are tied: mean latency is about users divided\n"
        "  by updates/s, so with many users latency is mostly waiting behind the other\n"
        "  users' updates, not the handling of one.",
        file=out,
        flush=True,
    )


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
