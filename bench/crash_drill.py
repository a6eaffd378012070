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
import os
import random
import re
import signal
import socket
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bot.telegram.double import BotApiDouble, DoubleTimeout, Limits, LoggedCall, PrivateUser
from bot.telegram.double.models import StoredMessage
from bot.telegram.double.world import Notifier

RUNTIMES = ("aiogram", "ptb")
MODES = ("polling", "webhook")
REPORT_STEPS = 5  # updates of one report: /start, category, description, Skip, Submit
WEBHOOK_SECRET = "crash-drill-secret"  # noqa: S105 - a test secret for the local double
_TICKET = re.compile(r"Your ticket K-[0-9A-Z]{5}")
_RECOVERY_ATTEMPTS = 3


@dataclass(frozen=True)
class DrillConfig:
    """One drill: which kefu, how much traffic, how many kills, and its timings (seconds)."""

    runtime: str = "aiogram"
    mode: str = "polling"
    users: int = 50
    messages: int = 20  # free texts per user
    kills: int = 5
    report: bool = True  # each user also files one report (REPORT_STEPS more updates)
    # Seconds of kefu *serving* after a send before the user gives up waiting and moves on.
    reply_timeout: float = 10.0
    # A restarted kefu serves at least this long before the next kill: kills hit a kefu
    # that is working, not one still starting.
    min_uptime: float = 1.0
    kill_jitter: float = 0.3  # a random extra delay (0 to this) before each kill
    start_timeout: float = 60.0  # spawn to serving, per start
    settle_timeout: float = 60.0  # after the traffic, the longest wait for quiet
    quiet_period: float = 1.0  # no call but polling this long (and nothing pending): quiet
    poll_timeout: int = 5  # KEFU_POLL_TIMEOUT
    telegram_limits: bool = False  # the double's flood limits (off: Limits.unlimited())
    seed: int = 0  # the kill jitter's random numbers
    first_user_id: int = 7_100_001
    # Another checkout of kefu to run (put first on the child's PYTHONPATH), to compare a
    # change with the code before it; None: the kefu this Python imports.
    kefu_source: Path | None = None

    def __post_init__(self) -> None:
        if self.runtime not in RUNTIMES or self.mode not in MODES:
            raise ValueError(f"runtime in {RUNTIMES}, mode in {MODES}")
        if self.users < 1 or self.messages < 0 or self.kills < 0:
            raise ValueError("users at least 1, messages and kills 0 or more")
        if self.messages == 0 and not self.report:
            raise ValueError("no traffic: messages 0 and no report")

    @property
    def per_user(self) -> int:
        """Counted updates one user sends when nothing is abandoned."""
        return self.messages + (REPORT_STEPS if self.report else 0)


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


def free_port() -> int:
    """A port nothing listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Uptime:
    """Seconds kefu has been serving, summed over its lives: the users' reply deadlines run
    on it, so that a kill and the restart after it do not use up a user's patience."""

    def __init__(self) -> None:
        self._total = 0.0
        self._since: float | None = None
        self.changed = Notifier()  # wakes the kill loop when kefu comes up

    def up(self) -> None:
        self._since = time.monotonic()
        self.changed.notify()

    def down(self) -> None:
        if self._since is not None:
            self._total += time.monotonic() - self._since
            self._since = None

    def now(self) -> float:
        running = time.monotonic() - self._since if self._since is not None else 0.0
        return self._total + running

    def this_life(self) -> float:
        """Seconds since kefu last came up (0 while it is down)."""
        return time.monotonic() - self._since if self._since is not None else 0.0


class KefuProcess:
    """``kefu run`` as a child process against the double; started, SIGKILLed, started
    again, on one database file. Each life's output goes to ``kefu-<n>.log`` in the folder."""

    def __init__(self, double: BotApiDouble, folder: Path, config: DrillConfig) -> None:
        self.double = double
        self.folder = folder
        self.config = config
        self.database = folder / "kefu.db"
        self.lives = 0
        self._proc: asyncio.subprocess.Process | None = None
        self._port = free_port() if config.mode == "webhook" else 0  # one URL for all lives

    def env(self) -> dict[str, str]:
        # The caller's KEFU_ settings (or a .env: the child runs in the temporary folder)
        # must not leak into the drill.
        env = {k: v for k, v in os.environ.items() if not k.startswith(("KEFU_", "PTB_"))}
        env.update(
            KEFU_RUNTIME=self.config.runtime,
            KEFU_BOT_TOKEN=self.double.token,
            KEFU_TELEGRAM_API_URL=self.double.base_url,
            KEFU_DATABASE_URL=f"sqlite+aiosqlite:///{self.database}",
            KEFU_POLL_TIMEOUT=str(self.config.poll_timeout),
        )
        if self.config.kefu_source is not None:
            paths = [str(self.config.kefu_source.resolve()), env.get("PYTHONPATH", "")]
            env["PYTHONPATH"] = os.pathsep.join(p for p in paths if p)
        if self.config.mode == "webhook":
            env.update(
                KEFU_WEBHOOK_URL=f"http://127.0.0.1:{self._port}/kefu/webhook",
                KEFU_WEBHOOK_SECRET=WEBHOOK_SECRET,
                KEFU_WEBHOOK_LISTEN=f"127.0.0.1:{self._port}",
            )
        return env

    @property
    def log_path(self) -> Path:
        return self.folder / f"kefu-{self.lives}.log"

    async def start(self) -> float:
        """Spawn a new life and wait until it serves (polls, or has set its webhook);
        the seconds that took. RuntimeError, with the log's tail, if it does not."""
        self.lives += 1
        args = ["run", "--webhook"] if self.config.mode == "webhook" else ["run"]
        mark = len(self.double.log.entries)  # calls from here on are this life's
        started = time.monotonic()
        with self.log_path.open("wb") as log:
            self._proc = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", *args,
                cwd=self.folder, env=self.env(), stdin=asyncio.subprocess.DEVNULL,
                stdout=log, stderr=asyncio.subprocess.STDOUT,
            )  # fmt: skip
        ready = "setWebhook" if self.config.mode == "webhook" else "getUpdates"

        def serving() -> bool:
            # A getUpdates is logged when it begins (a long poll finishes much later); a
            # setWebhook once answered, as the double delivers from then on.
            calls = self.double.log.entries[mark:]
            if ready == "getUpdates":
                return any(c.method == ready for c in calls)
            return any(c.method == ready and c.done and c.ok for c in calls)

        deadline = started + self.config.start_timeout
        while not serving():
            if self._proc.returncode is not None:
                raise RuntimeError(f"kefu life {self.lives} exited with {self._proc.returncode}"
                                   f" before serving: {self.tail()}")  # fmt: skip
            if time.monotonic() > deadline:
                raise RuntimeError(f"kefu life {self.lives} did not serve within "
                                   f"{self.config.start_timeout} s: {self.tail()}")  # fmt: skip
            # Re-checked on every call and at least every 50 ms: a begun poll notifies nothing.
            await self.double.log.changed.wait_until(serving, 0.05)
        return time.monotonic() - started

    async def kill(self) -> None:
        """SIGKILL: no handler runs, nothing is flushed or confirmed."""
        proc = self._proc
        if proc is None or proc.returncode is not None:
            raise RuntimeError(f"kefu life {self.lives} was not running: {self.tail()}")
        proc.send_signal(signal.SIGKILL)
        await proc.wait()

    async def stop(self, timeout: float = 20.0) -> int | None:  # noqa: ASYNC109
        """SIGTERM (kefu's clean stop), SIGKILL if it takes longer than ``timeout``; the
        exit code of a clean stop, None if it had to be killed or was not running."""
        proc = self._proc
        if proc is None or proc.returncode is not None:
            return None
        proc.send_signal(signal.SIGTERM)
        try:
            return await asyncio.wait_for(proc.wait(), timeout)
        except TimeoutError:
            proc.send_signal(signal.SIGKILL)
            await proc.wait()
            return None

    @property
    def alive(self) -> bool:
        return self._proc is not None and self._proc.returncode is None

    def tail(self, lines: int = 15) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:]) or "(empty log)"


# --- the users -------------------------------------------------------------------------


Expect = Callable[[StoredMessage], bool]


@dataclass
class Sent:
    """One counted update: what it was, the user's message (None for a button press), and
    for a report step the answer that identifies its reply."""

    label: str
    message_id: int | None
    expect: Expect | None = None


def _shows(fragment: str) -> Expect:
    return lambda m: fragment in (m.text or "")


def _recovery_answer(m: StoredMessage) -> bool:
    text = m.text or ""
    return "Report cancelled" in text or "nothing to cancel" in text


@dataclass
class ChatMessages:
    """The bot's messages in one chat as they reach the double, with a signal for each."""

    messages: list[StoredMessage] = field(default_factory=list)
    arrived: Notifier = field(default_factory=Notifier)


class Inboxes:
    """Hands each message the bot sends to its chat, read from the double's request log.

    One watcher for all users, in place of each user re-reading the double's world on every
    change (the world keeps one dict of every chat's messages: that would cost users x
    messages per change). Webhook replies are in the log too, marked as such.
    """

    def __init__(self, double: BotApiDouble) -> None:
        self.double = double
        self._chats: dict[int, ChatMessages] = {}
        self._seen = 0
        self._open: list[LoggedCall] = []

    def chat(self, chat_id: int) -> ChatMessages:
        return self._chats.setdefault(chat_id, ChatMessages())

    async def run(self) -> None:
        await self.double.log.changed.wait_until(self._drain, None)

    def _drain(self) -> bool:
        entries = self.double.log.entries
        self._open.extend(entries[self._seen :])
        self._seen = len(entries)
        still_open = []
        for entry in self._open:
            if not entry.done:
                still_open.append(entry)
            elif entry.ok:
                self._file(entry.result)
        self._open = still_open
        return False  # keep watching until cancelled

    def _file(self, result: object) -> None:
        """Each message a call returned (sendMediaGroup returns a list) to its chat."""
        for item in result if isinstance(result, list) else [result]:
            if not isinstance(item, dict) or "message_id" not in item or "chat" not in item:
                continue
            chat_id = int(item["chat"]["id"])
            if chat_id not in self._chats:
                continue  # not a drill user's chat
            stored = self.double.world.message(chat_id, int(item["message_id"]))
            if stored is not None and stored.by_bot:
                chat = self._chats[chat_id]
                chat.messages.append(stored)
                chat.arrived.notify()


@dataclass
class UserLog:
    """What one user sent, and the report it pressed Submit for."""

    user: PrivateUser
    sent: list[Sent] = field(default_factory=list)
    submitted: int = 0
    abandoned: bool = False
    recoveries: int = 0


class Traffic:
    """Plays the users: each sends its free texts and its report one update at a time (see
    the module docstring), counting sends so the kill loop can spread the kills."""

    def __init__(self, double: BotApiDouble, config: DrillConfig, uptime: Uptime) -> None:
        self.double = double
        self.config = config
        self.uptime = uptime
        self.sent = 0
        self.done = False
        self.progress = Notifier()
        self.users = [
            double.driver.private_user(config.first_user_id + i, f"User {i}", language_code="en")
            for i in range(config.users)
        ]
        self.inboxes = Inboxes(double)
        for user in self.users:
            self.inboxes.chat(user.chat.id)

    async def run(self) -> list[UserLog]:
        watcher = asyncio.create_task(self.inboxes.run(), name="crash-drill-inboxes")
        try:
            return await asyncio.gather(*(self._converse(i, u) for i, u in enumerate(self.users)))
        finally:
            self.done = True
            self.progress.notify()
            watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await watcher

    def _count(self, log: UserLog, sent: Sent) -> None:
        log.sent.append(sent)
        self.sent += 1
        self.progress.notify()

    async def _converse(self, index: int, user: PrivateUser) -> UserLog:
        log = UserLog(user)
        # Reports spread over the run: user 0 files first, the last user last.
        report_at = index * (self.config.messages + 1) // self.config.users
        for n in range(self.config.messages + 1):
            if n == report_at and self.config.report:
                await self._report(log)
            if n < self.config.messages:
                message = await user.send_text(f"message {n + 1} from user {user.id}")
                sent = Sent(f"text {n + 1}", message.message_id)
                self._count(log, sent)
                await self._answered(user, lambda m, i=message.message_id: m.reply_to == i)
        return log

    async def _report(self, log: UserLog) -> None:
        user = log.user
        steps: Sequence[tuple[str, str, Expect]] = (
            ("/start", "command", _shows(f"Hello, {user.user.first_name}!")),
            ("Something else", "press", _shows("Step 1 of 2")),
            ("It does not work since this morning.", "text", _shows("Step 2 of 2")),
            ("Skip", "press", _shows("Your report: Something else")),
            ("Submit", "press", lambda m: bool(_TICKET.search(m.text or ""))),
        )
        for what, how, expect in steps:
            message_id: int | None = None
            if how == "press":
                try:
                    await user.press(what, timeout=self.config.reply_timeout)
                except DoubleTimeout:  # the button is not there: nothing was sent
                    break
                if what == "Submit":
                    log.submitted += 1
            else:
                message_id = (await user.send_text(what)).message_id
            self._count(log, Sent(f"report: {what}", message_id, expect))
            if not await self._answered(user, expect):
                break
        else:
            return
        log.abandoned = True
        await self._recover(log)

    async def _recover(self, log: UserLog) -> None:
        """/cancel until kefu answers it, so the free texts after it reach the main menu."""
        for _ in range(_RECOVERY_ATTEMPTS):
            log.recoveries += 1
            cancel = (await log.user.send_command("cancel")).message_id
            if await self._answered(
                log.user, lambda m, after=cancel: m.message_id > after and _recovery_answer(m)
            ):
                return

    async def _answered(self, user: PrivateUser, expect: Expect) -> bool:
        """Wait until the bot's messages to ``user`` hold one that ``expect`` accepts, or
        kefu has served ``reply_timeout`` seconds since now without sending it."""
        chat = self.inboxes.chat(user.chat.id)
        start = self.uptime.now()

        def found() -> bool:
            return any(expect(m) for m in chat.messages)

        while True:
            left = self.config.reply_timeout - (self.uptime.now() - start)
            if left <= 0:
                return found()
            # Serving time never runs faster than wall time: after ``left`` wall seconds,
            # look at the serving clock again (it stood still while kefu was down).
            if await chat.arrived.wait_until(found, left):
                return True


# --- the drill -------------------------------------------------------------------------


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
                    confirmed += bool(_TICKET.search(m.text or ""))
                elif not _recovery_answer(m):
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
