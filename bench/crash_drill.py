"""Crash drill: the real ``kefu run`` as its own OS process, SIGKILLed several times while
users write to it and restarted each time; then what the users lost and what they got twice.

    result = await run_drill(DrillConfig(runtime="ptb", mode="webhook", users=4, kills=3))
    print(result.lost, result.doubled, result.doubled_tickets)

The Bot API double (``bot.telegram.double``) serves on 127.0.0.1 in this process and plays
the users; kefu runs as a child process (``python -m bot run``, ``--webhook`` in webhook
mode) with ``KEFU_TELEGRAM_API_URL`` pointing at the double and a SQLite file in a
temporary folder. Each kill is a SIGKILL (nothing is flushed, no offset confirmed); the
restart is a new process on the same database file and the same double, as a supervisor
would start it. By webhook the double retries an update until kefu answers 2xx (a refused
connection, a reset or a 5xx leaves it pending), so an update in flight at a kill comes
back to the next process, as Telegram's does. The double's flood limits are off (kefu's
outbox still keeps Telegram's): the drill is about crashes, not about 429s.

Traffic. Every user sends ``messages`` free texts and, at a point of its own among them
(spread over the users, so that reports are under way at every kill), files one report:
/start, the "Something else" button, a description, Skip, Submit (5 updates). A user
sends its next update once the reply to the previous one has arrived, or once kefu has
*served* for ``reply_timeout`` seconds since the send without answering (time while kefu
is down or starting does not count, so a restart alone never makes a user move on). A
report whose step goes unanswered is abandoned: the user sends /cancel (again, up to 3
times) until kefu says it cancelled or had nothing to cancel, so the following free texts
are read by the main menu again. Those /cancel messages and their replies are not counted.

Counting, after kefu has gone quiet (nothing pending in the double, no call but polling
for ``quiet_period``) and then been stopped cleanly. A bot message in a user's chat is
*attributed* to one counted update of that user:

* to the update whose message it replies to (kefu answers free text "I did not
  understand that..." as a reply to it: Telegram's ``reply_to_message``), else
* to the report step whose expected answer it shows, each one distinct within a chat:
  /start "Hello, <name>!", the button "Step 1 of 2", the description "Step 2 of 2",
  Skip "Your report: Something else", Submit "Your ticket K-....".

An update with no attributed message is **lost**; with two or more it is **doubled**
(``extra_replies`` counts the surplus messages). A bot message attributed to nothing and
not the answer to a recovery /cancel is **stray**: a reply to a step handled twice that
answered differently the second time (a resume offer, a refused button), or an apology.
**Doubled tickets**: rows in the ``tickets`` table beyond one per Submit the user pressed;
**missing tickets**: tickets a user was told were filed ("Your ticket K-...") that are not
in the table. The attribution does not depend on timing: a reply that comes late, after
the user moved on, is still counted for the update it answers.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import sqlite3
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bench.drill_config import MODES, REPORT_STEPS, RUNTIMES, DrillConfig
from bench.drill_process import KefuProcess, Uptime
from bench.drill_traffic import TICKET_CONFIRMATION, Traffic, UserLog, is_recovery_answer
from bot.telegram.double import BotApiDouble, Limits

__all__ = ["MODES", "REPORT_STEPS", "RUNTIMES", "DrillConfig", "DrillResult", "run_drill"]


@dataclass
class DrillResult:
    """What the users of one drill sent, lost and got twice; see the module docstring."""

    config: DrillConfig
    sent: int = 0  # counted updates sent (recovery /cancels not included)
    lost: int = 0  # counted updates with no reply at all
    doubled: int = 0  # counted updates with two or more replies
    extra_replies: int = 0  # replies beyond the first, over the doubled updates
    stray: int = 0  # bot messages attributed to no update
    reports: int = 0  # Submit pressed
    tickets: int = 0  # rows in the tickets table for the drill's users
    doubled_tickets: int = 0  # tickets beyond one per Submit pressed, over the users
    missing_tickets: int = 0  # tickets confirmed to the user but not in the table
    abandoned_reports: int = 0  # reports given up after an unanswered step
    recoveries: int = 0  # /cancel sent to get out of an abandoned report
    kills: int = 0
    starts: list[float] = field(default_factory=list)  # spawn-to-serving seconds, per start
    seconds: float = 0.0  # first spawn to counted
    settled: bool = True  # quiet was reached before settle_timeout
    double_errors: int = 0  # internal errors of the Bot API double (should be 0)
    examples: list[str] = field(default_factory=list)  # a few lost / doubled updates

    @property
    def answered(self) -> int:
        return self.sent - self.lost

    @property
    def surplus_replies(self) -> int:
        """Messages the users got beyond one per update: doubled surplus plus stray."""
        return self.extra_replies + self.stray


class Drill:
    """One run of the drill; :func:`run_drill` is the way in."""

    def __init__(self, double: BotApiDouble, folder: Path, config: DrillConfig) -> None:
        self.double = double
        self.config = config
        self.kefu = KefuProcess(double, folder, config)
        self.uptime = Uptime()
        self.traffic = Traffic(double, config, self.uptime)
        self.result = DrillResult(config)
        self._rng = random.Random(config.seed)

    async def run(self) -> DrillResult:
        began = time.monotonic()
        try:
            await self._start()
            logs = await self._traffic_and_kills()
            self.result.settled = await self._settle()
        finally:
            await self.kefu.stop()
            self.uptime.down()
        self.result.seconds = time.monotonic() - began
        self._count(logs)
        return self.result

    async def _traffic_and_kills(self) -> list[UserLog]:
        users = asyncio.create_task(self.traffic.run(), name="crash-drill-users")
        killer = asyncio.create_task(self._kill_loop(), name="crash-drill-kills")
        try:
            # A failed restart ends the drill at once rather than after every deadline.
            done, _ = await asyncio.wait({users, killer}, return_when=asyncio.FIRST_EXCEPTION)
            for task in done:
                task.result()
            await killer
            return await users
        finally:
            for task in (users, killer):
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task

    async def _start(self) -> None:
        self.result.starts.append(await self.kefu.start())
        self.uptime.up()

    async def _kill_loop(self) -> None:
        """Kill i of K once i/(K+1) of the planned updates are sent (or the users are done)
        and kefu has served ``min_uptime``; restart at once."""
        planned = self.config.users * self.config.per_user
        for i in range(1, self.config.kills + 1):
            threshold = planned * i / (self.config.kills + 1)
            await self.traffic.progress.wait_until(
                lambda t=threshold: self.traffic.sent >= t or self.traffic.done, None
            )
            # Deliberate spacing, not a wait for an event: a kefu killed as it comes up
            # would test its start, not the messages in hand.
            await asyncio.sleep(max(0.0, self.config.min_uptime - self.uptime.this_life()))
            await asyncio.sleep(self._rng.uniform(0, self.config.kill_jitter))
            await self.kefu.kill()
            self.uptime.down()
            self.result.kills += 1
            await self._start()

    async def _settle(self) -> bool:
        """Wait (up to ``settle_timeout``) until nothing is pending in the double and kefu
        has called nothing but getUpdates for ``quiet_period``: all it will answer is sent."""
        log, updates = self.double.log, self.double.updates
        quiet_methods = {"getUpdates", "getWebhookInfo"}

        def last_activity() -> float:
            for entry in reversed(log.entries):
                if entry.method not in quiet_methods:
                    return entry.monotonic
            return 0.0

        deadline = time.monotonic() + self.config.settle_timeout
        while time.monotonic() < deadline:
            if not self.kefu.alive:
                raise RuntimeError(f"kefu exited during the drill: {self.kefu.tail()}")
            idle = self.double.clock.monotonic() - last_activity()
            if updates.pending_count == 0 and idle >= self.config.quiet_period:
                return True
            await log.changed.wait_until(lambda: False, 0.05)
        return False

    def _count(self, logs: Sequence[UserLog]) -> None:
        result = self.result
        tickets = self._tickets()
        world = self.double.world
        for log in logs:
            replies: dict[int, int] = {index: 0 for index in range(len(log.sent))}
            by_message = {s.message_id: i for i, s in enumerate(log.sent) if s.message_id}
            confirmed = 0
            for m in world.chat_messages(log.user.chat.id):
                if not m.by_bot:
                    continue
                target = by_message.get(m.reply_to) if m.reply_to else None
                if target is None:
                    target = next((i for i, s in enumerate(log.sent)
                                   if s.expect is not None and s.expect(m)), None)  # fmt: skip
                if target is not None:
                    replies[target] += 1
                    confirmed += bool(TICKET_CONFIRMATION.search(m.text or ""))
                elif not is_recovery_answer(m):
                    result.stray += 1
                    self._example(f"user {log.user.id}: stray reply {(m.text or '')[:60]!r}")
            for index, count in replies.items():
                label = log.sent[index].label
                if count == 0:
                    result.lost += 1
                    self._example(f"user {log.user.id}: {label} lost")
                elif count > 1:
                    result.doubled += 1
                    result.extra_replies += count - 1
                    self._example(f"user {log.user.id}: {label} answered {count} times")
            filed = tickets.get(log.user.id, 0)
            result.sent += len(log.sent)
            result.reports += log.submitted
            result.tickets += filed
            result.doubled_tickets += max(0, filed - log.submitted)
            result.missing_tickets += max(0, min(confirmed, 1) - filed)
            result.abandoned_reports += log.abandoned
            result.recoveries += log.recoveries
        result.double_errors = len(self.double.internal_errors)

    def _example(self, text: str) -> None:
        if len(self.result.examples) < 20:
            self.result.examples.append(text)

    def _tickets(self) -> dict[int, int]:
        """Tickets per user id, read from the SQLite file once kefu has stopped."""
        with contextlib.closing(sqlite3.connect(self.kefu.database)) as db:
            rows = db.execute("SELECT user_id, COUNT(*) FROM tickets GROUP BY user_id")
            return {int(user): int(count) for user, count in rows}


def _not_a_killed_client(record: logging.LogRecord) -> bool:
    """aiohttp logs "Error handling request" with a traceback when a client goes away in
    the middle of sending its request: at every kill, kefu's calls in flight do. Noise here;
    anything else the server logs still shows."""
    error = record.exc_info[1] if record.exc_info else None
    return not isinstance(error, ConnectionResetError)


@contextlib.contextmanager
def _quiet_kills() -> Iterator[None]:
    server_log = logging.getLogger("aiohttp.server")
    server_log.addFilter(_not_a_killed_client)
    try:
        yield
    finally:
        server_log.removeFilter(_not_a_killed_client)


async def run_drill(config: DrillConfig, folder: Path | None = None) -> DrillResult:
    """Run one drill against a fresh double; the database and kefu's logs go to ``folder``
    (kept), or to a temporary folder removed afterwards."""
    limits = Limits() if config.telegram_limits else Limits.unlimited()
    with _quiet_kills():
        return await _run_drill(config, limits, folder)


async def _run_drill(config: DrillConfig, limits: Limits, folder: Path | None) -> DrillResult:
    async with BotApiDouble(limits=limits) as double:
        if folder is not None:
            await asyncio.to_thread(folder.mkdir, parents=True, exist_ok=True)
            if await asyncio.to_thread((folder / "kefu.db").exists):
                # Another double's update ids start where this one's do: a database that
                # has handled them would take the new updates for ones it already did.
                raise ValueError(f"{folder} already holds a kefu.db: give a fresh folder")
            return await Drill(double, folder, config).run()
        with tempfile.TemporaryDirectory(prefix="kefu-crash-") as temporary:
            return await Drill(double, Path(temporary), config).run()
