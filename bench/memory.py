"""Memory benchmark: kefu's resident memory right after start, and with many users each
part-way through a report, on each runtime.

    python -m bench.memory [--users 10000] [--runtime aiogram|ptb|both]

For each runtime: a fresh SQLite file is given ``--users`` users, each with a draft at the
third step of a "Payment failed" report (written straight into the database, as kefu
would have left them); then the real ``kefu run`` starts as a child process, polling a Bot
API double in this process (flood limits off). Its RSS is read from /proc once it polls
("at start"); then every user sends the amount the report asks for (at most ``--parallel``
users waiting for a reply at a time), which kefu reads their user row and draft for and
writes the next step of; its RSS is read again once all are answered ("mid-report").
It prints figures only; it asserts nothing (the goal: at most 150 MB mid-report with
10,000 users).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import insert

from bench.drill_config import DrillConfig
from bench.drill_process import KefuProcess
from bench.replies import ReplyRouter
from bot.storage import migrate
from bot.storage.database import make_engine, make_sessionmaker
from bot.storage.models import DraftRow, User
from bot.support.clock import SystemClock
from bot.telegram.double import BotApiDouble, Limits

FIRST_USER_ID = 7_200_001
# Part-way through a report: the channel answered, the amount asked (the next text).
DRAFT = {"category": "payment_failed", "step": "amount",
         "answers": {"payment_channel": "alipay"}, "token": "abcd"}  # fmt: skip
ANSWER = "100"
MIB = 1024 * 1024


@dataclass(frozen=True)
class Memory:
    """One runtime's figures: RSS in bytes at start and mid-report, and the seconds the
    users' messages took."""

    runtime: str
    users: int
    at_start: int
    mid_report: int
    peak: int
    seconds: float
    replies: list[tuple[str, int]]  # the commonest replies' first lines, and how many


def rss(pid: int) -> tuple[int, int]:
    """The process's resident set now and at its peak, in bytes (Linux /proc)."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        fields[key] = value.strip()
    return int(fields["VmRSS"].split()[0]) * 1024, int(fields["VmHWM"].split()[0]) * 1024


async def seed(database: Path, users: int) -> None:
    """``users`` users, each with a draft part-way through a report."""
    engine = make_engine(f"sqlite+aiosqlite:///{database}")
    try:
        await migrate.upgrade(engine)
        now = SystemClock().now()
        ids = range(FIRST_USER_ID, FIRST_USER_ID + users)
        async with make_sessionmaker(engine).begin() as session:
            await session.execute(
                insert(User),
                [{"id": u, "language": "en", "first_seen": now, "last_seen": now,
                  "first_name": f"User {u - FIRST_USER_ID}"} for u in ids],
            )  # fmt: skip
            await session.execute(
                insert(DraftRow), [{"user_id": u, "data": DRAFT, "updated_at": now} for u in ids]
            )
    finally:
        await engine.dispose()


async def answer_all(
    double: BotApiDouble,
    users: int,
    parallel: int,
    timeout: float,  # noqa: ASYNC109
) -> tuple[float, Counter[str]]:
    """Each user sends the amount and waits for kefu's next question; the seconds taken,
    and what kefu said (the first line of each reply, counted)."""
    said: Counter[str] = Counter()
    router = ReplyRouter(double.log)
    watcher = asyncio.create_task(router.run(), name="reply-router")
    gate = asyncio.Semaphore(parallel)

    async def one(index: int) -> None:
        async with gate:
            user = double.driver.private_user(
                FIRST_USER_ID + index, f"User {index}", language_code="en"
            )
            replies = router.queue(user.id)
            await user.send_text(ANSWER)
            reply = await asyncio.wait_for(replies.get(), timeout)
            said[str(reply.params.get("text", "")).split("\n")[0][:60]] += 1

    started = time.perf_counter()
    try:
        await asyncio.gather(*(one(i) for i in range(users)))
    finally:
        watcher.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await watcher
    return time.perf_counter() - started, said


async def measure(runtime: str, users: int, parallel: int, timeout: float) -> Memory:  # noqa: ASYNC109
    with tempfile.TemporaryDirectory(prefix="kefu-memory-") as name:
        folder = Path(name)
        await seed(folder / "kefu.db", users)
        async with BotApiDouble(limits=Limits.unlimited()) as double:
            kefu = KefuProcess(double, folder, DrillConfig(runtime=runtime, poll_timeout=5))
            await kefu.start()
            try:
                assert kefu._proc is not None  # started: the child's pid
                pid = kefu._proc.pid
                await asyncio.sleep(1.0)  # the startup's own work (commands, jobs) settles
                at_start, _ = rss(pid)
                seconds, said = await answer_all(double, users, parallel, timeout)
                await asyncio.sleep(1.0)  # the outbox records its last outcomes
                mid_report, peak = rss(pid)
            finally:
                await kefu.stop()
    return Memory(runtime, users, at_start, mid_report, peak, seconds, said.most_common(2))


def print_memory(memory: Memory) -> None:
    per_user = (memory.mid_report - memory.at_start) / memory.users / 1024
    print(
        f"  {memory.runtime:<9}{memory.at_start / MIB:>10.1f}{memory.mid_report / MIB:>16.1f}"
        f"{memory.mid_report / 1e6:>8.1f}{memory.peak / MIB:>10.1f}{per_user:>10.2f}"
        f"{memory.users / memory.seconds:>11.1f}",
        flush=True,
    )
    print(f"  {'':<9}kefu replied: {memory.replies}", flush=True)


async def run(runtimes: Sequence[str], users: int, parallel: int, timeout: float) -> None:  # noqa: ASYNC109
    print(f"kefu memory: `kefu run` (polling, SQLite), {users} users each part-way through "
          "a report, one message each")  # fmt: skip
    print(f"  {'runtime':<9}{'start MiB':>10}{'mid-report MiB':>16}{'(MB)':>8}"
          f"{'peak MiB':>10}{'KiB/user':>10}{'updates/s':>11}")  # fmt: skip
    for runtime in runtimes:
        print_memory(await measure(runtime, users, parallel, timeout))


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--runtime", choices=["aiogram", "ptb", "both"], default="both")
    parser.add_argument("--parallel", type=int, default=100, help="users waiting at a time")
    parser.add_argument("--timeout", type=float, default=60.0, help="per reply, s")
    args = parser.parse_args(argv)
    if args.users < 1 or args.parallel < 1:
        parser.error("users and parallel at least 1")
    runtimes = ("aiogram", "ptb") if args.runtime == "both" else (args.runtime,)
    asyncio.run(run(runtimes, args.users, args.parallel, args.timeout))


if __name__ == "__main__":
    main()
