"""Soak benchmark: a day of a support desk's traffic against the real kefu, compressed with
its injected clock, one line a simulated hour, so a leak shows as a slope.

    python -m bench.soak [--hours 24] [--users 200] [--runtime aiogram|ptb] [--tickets N]
                         [--broadcast-every 6] [--window-every 8] [--tracemalloc]

kefu (the runtime, the app, SQLite in a temporary folder, the outbox) runs in this process,
long-polling a Bot API double that runs with its simulated people in a child process
(``bench.soak_people``), so that the RSS read here is kefu's. Each simulated hour:

- the traffic, at real speed: now and then an admin opens a maintenance window with
  /maintenance; ``--tickets`` free users (one per 20 of ``--users`` by default) start a
  ticket, ``--parallel`` at a time, half by filing a "Payment failed" report, half by
  /human; an agent in the ticket's topic of the desk answers three in four of them
  (relayed to the user), half are answered back and resolved, a quarter wait silent; last
  hour's unanswered are resolved; the window is ended; now and then a broadcast goes to
  every user (paid, so it is quick);
- then kefu's clock (a ``JumpClock``: real time for waits, the wall clock jumped) is moved
  to the end of the hour in ``--step``-minute jumps, each followed by a pass of kefu's
  durable jobs: the desk's clock (SLA reminders, users reminded after 3 h and resolved
  after 8 h, resolved tickets closed after 1 h), the windows' watch ("service restored"),
  housekeeping's purges (every 6 h here), as they fire over real hours.

One line an hour: updates the people sent, p50/p99 latency (an update queued in the double
-> kefu's awaited call reaching it, wall time), RSS (after a full collection), its change,
live Python objects, the rows of kefu's main tables; then the RSS slope over the second
half and the first and last hours' p99. Figures only; it asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import platform
import sys
import tempfile
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path
from typing import TextIO

from bench.double_client import DoubleProcess
from bench.soak_figures import (
    Growth,
    Hour,
    print_columns,
    print_hour,
    print_summary,
    rss_kib,
    table_rows,
)
from bench.soak_people import ADMIN, DESK
from bench.workload import UNTHROTTLED
from bot.app.tuning import Tuning
from bot.composition import Kefu, assembled
from bot.config import Settings
from bot.storage.broadcasts import NewBroadcast
from bot.support.clock import JumpClock
from dialogs.notices.broadcast import Audience, BroadcastState, Content, Message

REMIND_USER, AUTO_RESOLVE, REOPEN = timedelta(hours=3), timedelta(hours=8), 1  # hours
PURGE_EVERY = 6 * 3600.0
# A user starts a new ticket only once the last one is closed: resolved + reopen window.
REST = {"resolved": REOPEN + 1, "unanswered": REOPEN + 2, "silent": 8 + REOPEN + 1}
# The desk is one group: Telegram's 20 a minute would pace every relay, so it goes too.
LIMITS = replace(UNTHROTTLED, group_per_minute=6_000_000, group_burst=100_000)


@dataclass(frozen=True)
class Soak:
    """What one run does."""

    hours: int = 24
    users: int = 200
    runtime: str = "aiogram"
    tickets: int | None = None  # new tickets an hour (None: one per 20 users)
    parallel: int = 4  # conversations going on at once
    broadcast_every: int = 6  # hours; 0: none
    window_every: int = 8  # hours; 0: none
    step_minutes: float = 5.0
    timeout: float = 30.0  # longest wait for one answer of kefu
    tracemalloc: bool = False

    @property
    def per_hour(self) -> int:
        return self.tickets if self.tickets is not None else max(1, self.users // 20)


class PeopleProcess(DoubleProcess):
    """``python -m bench.soak_people``: the double and the people, in a child process."""

    module = "bench.soak_people"


def soak_settings(people: PeopleProcess, folder: Path, runtime: str) -> Settings:
    return Settings(  # type: ignore[call-arg]
        _env_file=None, bot_token=people.token, telegram_api_url=people.base_url,
        database_url=f"sqlite+aiosqlite:///{folder / 'kefu.db'}", poll_timeout=5,
        redis_url=None, webhook_url=None, webhook_secret=None, admin_ids=[ADMIN],
        agent_chat_id=DESK, default_locale="en", timezone="UTC", runtime=runtime,
        remind_user_after=REMIND_USER, auto_resolve_after=AUTO_RESOLVE, reopen_hours=REOPEN,
    )  # fmt: skip


@asynccontextmanager
async def soak_kefu(people: PeopleProcess, soak: Soak, clock: JumpClock) -> AsyncIterator[Kefu]:
    """The real kefu on the run's runtime, polling the child's double, on ``clock``."""
    with tempfile.TemporaryDirectory(prefix="kefu-soak-") as folder:
        settings = soak_settings(people, Path(folder), soak.runtime)
        tuning = Tuning(outbox=LIMITS, purge_jobs_every=PURGE_EVERY)
        async with assembled(settings, clock=clock, tuning=tuning) as kefu:
            stop = asyncio.Event()
            task = asyncio.create_task(kefu.runtime.run(stop), name="kefu")
            try:
                yield kefu
            finally:
                stop.set()
                await asyncio.wait_for(task, 30)


async def advance(kefu: Kefu, clock: JumpClock, minutes: float, step: float) -> int:
    """Move kefu's wall clock ``minutes`` on, a ``step`` at a time, running the jobs that
    fall due after each jump (as the runner would on its own over real time); how many."""
    ran, left = 0, minutes
    while left > 0:
        jump = min(step, left)
        clock.jump(timedelta(minutes=jump))
        left -= jump
        while done := await kefu.app.jobs.run_due():
            ran += done
    return ran


async def broadcast(kefu: Kefu, hour: int, timeout: float) -> str:  # noqa: ASYNC109
    """A paid broadcast to everyone, queued as ``kefu broadcast send`` would; once done,
    what it counted."""
    parts = kefu.app.notice_parts
    now = kefu.app.clock.now()
    recipients = await parts.audiences.resolve(Audience.parse("all"), now)
    content = Content(Message(f"<b>Maintenance tonight</b> 02:00–04:00 (hour {hour})"))
    made = await parts.broadcasts.create(NewBroadcast(content, "all", now, paid=True), recipients)
    kefu.app.broadcasts.wake()
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        info = await parts.broadcasts.get(made)
        if info is not None and info.state is BroadcastState.DONE and info.row.owner is None:
            return f"broadcast {info.counts.get('sent', 0)} sent"
        await asyncio.sleep(0.05)  # a bench's wait for a state, with a deadline
    return f"broadcast to {len(recipients)} NOT DONE in {timeout:g} s"


def print_header(soak: Soak, out: TextIO) -> None:
    python = f"{platform.python_implementation()} {platform.python_version()}"
    print(
        f"kefu soak: {soak.hours} simulated hours, {soak.users} users, {soak.per_hour} new "
        f"tickets an hour ({soak.parallel} conversations at a time), kefu on {soak.runtime} "
        "(polling, SQLite)\n"
        f"  machine: {os.cpu_count()} cores, {python}, {platform.system()} {platform.release()}\n"
        f"  timers:  users reminded after {REMIND_USER}, resolved after {AUTO_RESOLVE}, "
        f"closed {REOPEN} h later; purge every {PURGE_EVERY / 3600:g} h; clock moved "
        f"{soak.step_minutes:g} min at a time\n"
        f"  every {soak.broadcast_every or '-'} h a broadcast, every {soak.window_every or '-'}"
        " h a maintenance window; latency: update queued -> kefu's call at the double\n",
        file=out,
        flush=True,
    )


async def run_soak(soak: Soak, out: TextIO | None = None) -> list[Hour]:
    """Run ``soak``; print a line an hour and the summary; return the hours' figures."""
    out = out or sys.stdout
    print_header(soak, out)
    clock = JumpClock()
    hours: list[Hour] = []
    async with PeopleProcess() as people:
        await people.command("setup", users=soak.users, rest=REST)
        async with soak_kefu(people, soak, clock) as kefu:
            growth = Growth() if soak.tracemalloc else None
            hours.append(await measure(kefu, 0, 0, [], ["after start"], growth))
            print_columns(out)
            print_hour(hours[0], None, out)
            for hour in range(1, soak.hours + 1):
                hours.append(await one_hour(kefu, people, clock, soak, hour, growth))
                print_hour(hours[-1], hours[-2], out)
    print_summary(hours[1:], out)
    return hours


async def one_hour(
    kefu: Kefu, people: PeopleProcess, clock: JumpClock, soak: Soak, hour: int,
    growth: Growth | None,
) -> Hour:  # fmt: skip
    began = clock.now()
    window = bool(soak.window_every) and hour % soak.window_every == 1 % soak.window_every
    tickets = soak.per_hour
    traffic = await people.command(
        "hour", hour=hour, tickets=tickets, reports=(tickets + 1) // 2, window=window,
        parallel=soak.parallel, timeout=soak.timeout,
    )  # fmt: skip
    notes = [f"{traffic['tickets']} new tickets"] + (["window"] if window else [])
    if soak.broadcast_every and hour % soak.broadcast_every == 0:
        notes.append(await broadcast(kefu, hour, soak.timeout * 4))
    rest = (began + timedelta(hours=1) - clock.now()).total_seconds() / 60
    jobs = await advance(kefu, clock, rest, soak.step_minutes)
    await people.command("jump", minutes=rest)
    notes.append(f"{jobs} jobs")
    if not (await people.command("quiet", seconds=0.3, timeout=soak.timeout))["quiet"]:
        notes.append("NOT QUIET")
    if traffic["failed"]:
        notes.append(f"{traffic['failed']} refused calls")
    for problem in [*traffic["errors"], *traffic["internal_errors"]][:3]:
        print(f"  hour {hour}: {problem}", file=sys.stderr)
    if traffic["errors"]:
        notes.append(f"{len(traffic['errors'])} STUCK")
    return await measure(kefu, hour, traffic["updates"], traffic["latencies"], notes, growth)


async def measure(
    kefu: Kefu, hour: int, updates: int, latencies: list[float], notes: list[str],
    growth: Growth | None,
) -> Hour:  # fmt: skip
    rows = await table_rows(kefu.engine)
    lines = growth.since_last() if growth else []
    return Hour(hour, updates, latencies, rss_kib(), len(gc.get_objects()), rows, notes, lines)


def parse_args(argv: Sequence[str] | None = None) -> Soak:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--hours", type=int, default=Soak.hours)
    parser.add_argument("--users", type=int, default=Soak.users)
    parser.add_argument("--runtime", choices=["aiogram", "ptb"], default=Soak.runtime)
    parser.add_argument("--tickets", type=int, default=None, help="new tickets an hour")
    parser.add_argument("--parallel", type=int, default=Soak.parallel, help="conversations")
    parser.add_argument("--broadcast-every", type=int, default=Soak.broadcast_every)
    parser.add_argument("--window-every", type=int, default=Soak.window_every)
    parser.add_argument("--step", type=float, default=Soak.step_minutes, help="minutes")
    parser.add_argument("--timeout", type=float, default=Soak.timeout, help="per answer, s")
    parser.add_argument("--tracemalloc", action="store_true", help="top growths an hour")
    args = parser.parse_args(argv)
    if min(args.hours, args.users, args.parallel) < 1 or (
        args.tickets is not None and args.tickets < 1
    ):
        parser.error("hours, users and tickets must be at least 1")
    if min(args.broadcast_every, args.window_every) < 0 or args.step <= 0:
        parser.error("the periods must be 0 (none) or more, the step positive")
    return Soak(
        args.hours, args.users, args.runtime, args.tickets, args.parallel, args.broadcast_every,
        args.window_every, args.step, args.timeout, args.tracemalloc,
    )  # fmt: skip


def main(argv: Sequence[str] | None = None) -> None:
    asyncio.run(run_soak(parse_args(argv)))


if __name__ == "__main__":
    main()
