"""Inbound benchmark: many users writing to kefu at once, on each runtime, next to a bare
echo bot of the same library.

    python -m bench.inbound --users 50 --messages 20 [--runtime aiogram|ptb|both]

Each bot runs in this process against its own Bot API double (``bot.telegram.double``, an
HTTP server on 127.0.0.1 with Telegram's flood limits turned off). Every simulated user
sends a text, waits for the bot's reply, then sends the next one (a closed loop), all users
at once, after a short warm-up that is not counted. kefu is the real thing (the runtime,
SQLite, the outbox, the dialogs) answering free text: searched in the knowledge base,
which has no answer for the bench's texts, so the reply is "could not find an answer".
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
import sys
import time
from collections.abc import Sequence
from typing import TextIO

from bench.bots import ECHO_BOTS, Expect, Starter, echo_expected, kefu_expected, kefu_on
from bench.figures import Comparison, Figures, Report, print_header, print_report
from bench.workload import FIRST_USER_ID, RUNTIMES, Workload
from bot.telegram.double import BotApiDouble, Limits, LoggedCall, PrivateUser, RequestLog


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


async def run_benchmark(workload: Workload, out: TextIO | None = None) -> Report:
    """Measure kefu on each runtime, then its library's echo bot, under ``workload``; print
    and return the figures."""
    out = out or sys.stdout
    print_header(workload, out)
    comparisons = []
    for runtime in workload.runtimes:
        kefu = await measure(f"kefu ({runtime})", kefu_on(runtime), kefu_expected, workload)
        name, start = ECHO_BOTS[runtime]
        echo = await measure(name, start, echo_expected, workload)
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
        "--ledger-full",
        action="store_true",
        help="start kefu with 10,000 update ids in memory and a day of history in its database",
    )
    args = parser.parse_args(argv)
    if min(args.users, args.messages, args.parallel_chats) < 1 or args.warmup < 0:
        parser.error("users, messages and parallel chats must be at least 1, warm-up 0 or more")
    runtimes = tuple(RUNTIMES) if args.runtime == "both" else (args.runtime,)
    return Workload(
        args.users,
        args.messages,
        args.warmup,
        args.parallel_chats,
        args.timeout,
        runtimes,
        args.ledger_full,
    )


def main(argv: Sequence[str] | None = None) -> None:
    asyncio.run(run_benchmark(parse_args(argv)))


if __name__ == "__main__":
    main()
