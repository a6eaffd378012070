"""Crash drill: the real ``kefu run`` as its own OS process, SIGKILLed several times while
users write to it and restarted each time; then what the users lost and what they got twice.

    result = await run_drill(DrillConfig(runtime="ptb", mode="webhook", users=4, kills=3))
    print(result.lost, result.doubled, result.doubled_tickets)

The Bot API double (``bot.telegram.double``) serves on 127.0.0.1 in this process and plays
the users; kefu runs as a child process (``python -m bot run``, ``--webhook`` in webhook
mode) with ``KEFU_TELEGRAM_API_URL`` pointing at the double and a SQLite file in a
temporary folder (several instances: a PostgreSQL database, and Redis). Each kill is a
SIGKILL (nothing is flushed, no offset confirmed); the restart is a new process on the
same database and the same double, as a supervisor would start it. By webhook the double
retries an update until kefu answers 2xx (a refused connection, a reset or a 5xx leaves it
pending), so an update in flight at a kill comes back to the next process, as Telegram's
does. The double's flood limits are off (kefu's outbox still keeps Telegram's): the drill
is about crashes, not about 429s.

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

**Several instances** (``instances`` > 1: webhook mode, PostgreSQL and Redis): the kefu
processes run behind a round-robin balancer (bench/drill_balancer.py), each kill hits the
next instance in turn while the others serve, and the killed one is restarted. **Desk**
(``desk``): an agents' forum group; a report files a ticket with its topic, and the texts
a user sends after it are answered by their copy in the topic (a copy that holds the
text, alone or merged with others). Then also: **out of order** (an update answered, in
the user's chat or in the topic, before an earlier one), and **doubled topics** (topics
beyond one per ticket).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import tempfile
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import yaml

from bench.drill_balancer import Balancer
from bench.drill_config import DESK_CHAT, MODES, REPORT_STEPS, RUNTIMES, TUNING_FILE, DrillConfig
from bench.drill_count import DrillResult, count, tickets_by_user
from bench.drill_process import KefuProcess, Uptime
from bench.drill_traffic import Traffic, UserLog
from bot.telegram.double import BotApiDouble, Limits

__all__ = ["MODES", "REPORT_STEPS", "RUNTIMES", "DrillConfig", "DrillResult", "run_drill"]


class Drill:
    """One run of the drill; :func:`run_drill` is the way in."""

    def __init__(self, double: BotApiDouble, folder: Path, config: DrillConfig) -> None:
        self.double = double
        self.folder = folder
        self.config = config
        self.kefus = [KefuProcess(double, folder, config, i) for i in range(config.instances)]
        self.uptime = Uptime()
        if config.desk:
            double.driver.forum_group(DESK_CHAT, "Drill desk").member(7001, "Ann")
        self.traffic = Traffic(double, config, self.uptime)
        self.result = DrillResult(config)
        self._rng = random.Random(config.seed)
        self._balancer: Balancer | None = None

    async def run(self) -> DrillResult:
        began = time.monotonic()
        self._write_tuning()
        try:
            async with self._front():
                if self.config.database_url:
                    await self.kefus[0].migrate()
                for kefu in self.kefus:
                    await self._start(kefu)
                logs = await self._traffic_and_kills()
                self.result.settled = await self._settle()
        finally:
            for kefu in self.kefus:
                await kefu.stop()
            self.uptime.down()
        self.result.seconds = time.monotonic() - began
        url = self.config.database_url or f"sqlite+aiosqlite:///{self.kefus[0].database}"
        count(self.result, self.double, logs, await tickets_by_user(url))
        if self._balancer is not None:
            self.result.unbalanced = self._balancer.refused
        return self.result

    def _write_tuning(self) -> None:
        """kefu's numbers for the drill: the desk's group roomy (the drill is not about its
        20 messages a minute); with several instances, short leases and chat locks, so a
        killed instance's rows are taken over, and its chats free, within seconds."""
        tuning: dict[str, object] = {}
        if self.config.desk:
            tuning["outbox"] = {"group_per_minute": 1200, "group_burst": 50}
        if self.config.instances > 1:
            # Five seconds, not three: three kefus, the double and the database on two
            # cores can leave a heartbeat waiting for seconds, and a lease run out stops
            # the instance (the drill would count a failed life, not a kill).
            tuning["fleet"] = {"lease": 5, "renew_every": 1, "chat_lock_ttl": 3}
        (self.folder / TUNING_FILE).write_text(yaml.safe_dump(tuning), encoding="utf-8")

    @contextlib.asynccontextmanager
    async def _front(self) -> AsyncIterator[None]:
        """Several instances: Telegram is given the balancer's address."""
        if self.config.instances == 1:
            yield
            return
        self._balancer = Balancer([kefu.url for kefu in self.kefus])
        async with self._balancer.serving() as url:
            for kefu in self.kefus:
                kefu.webhook_url = url
            yield

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

    async def _start(self, kefu: KefuProcess) -> None:
        self.result.starts.append(await kefu.start())
        self.uptime.up()  # serving (again, or still: another instance was)

    async def _kill_loop(self) -> None:
        """Kill i of K once i/(K+1) of the planned updates are sent (or the users are done)
        and kefu has served ``min_uptime``; restart at once. With several instances, each
        kill hits the next one in turn, and the others serve meanwhile."""
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
            kefu = self.kefus[(i - 1) % len(self.kefus)]
            await kefu.kill()
            if len(self.kefus) == 1:
                self.uptime.down()
            self.result.kills += 1
            await self._start(kefu)

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
            for kefu in self.kefus:
                if not kefu.alive:
                    raise RuntimeError(f"kefu exited during the drill: {kefu.tail()}")
            idle = self.double.clock.monotonic() - last_activity()
            if updates.pending_count == 0 and idle >= self.config.quiet_period:
                return True
            await log.changed.wait_until(lambda: False, 0.05)
        return False


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
    if config.instances > 1 and not (config.database_url or "").startswith("postgresql"):
        raise ValueError("several instances need a PostgreSQL database_url")
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
