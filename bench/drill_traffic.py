"""The crash drill's users: each sends its free texts and files a report, one update at a
time, and every bot message is filed under the update it answers (see the counting rules
in bench/crash_drill.py)."""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from bench.drill_config import DESK_CHAT, DrillConfig
from bench.drill_process import Uptime
from bot.telegram.double import BotApiDouble, DoubleTimeout, LoggedCall, PrivateUser
from bot.telegram.double.models import StoredMessage
from bot.telegram.double.world import Notifier

TICKET_CONFIRMATION = re.compile(r"Your ticket K-[0-9A-Z]{5}")
_RECOVERY_ATTEMPTS = 3


Expect = Callable[[StoredMessage], bool]


@dataclass
class Sent:
    """One counted update: what it was, the user's message (None for a button press), and
    for a report step the answer that identifies its reply."""

    label: str
    message_id: int | None
    expect: Expect | None = None
    relayed: str | None = None  # a text copied into the user's topic: it is the answer


def _shows(fragment: str) -> Expect:
    return lambda m: fragment in (m.text or "")


def is_recovery_answer(m: StoredMessage) -> bool:
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
                self._file(entry.result, entry.chat_id)
        self._open = still_open
        return False  # keep watching until cancelled

    def _file(self, result: object, to: object) -> None:
        """Each message a call returned (sendMediaGroup returns a list) to its chat; a
        copy's answer names only the message, the chat is the call's."""
        for item in result if isinstance(result, list) else [result]:
            if not isinstance(item, dict) or "message_id" not in item:
                continue
            if "chat" in item:
                chat_id = int(item["chat"]["id"])
            elif isinstance(to, int | str) and str(to).lstrip("-").isdigit():
                chat_id = int(to)
            else:
                continue
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
        if config.desk:
            self.inboxes.chat(DESK_CHAT)

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
                # Numbered so that no text is part of another ("01" is not in "10").
                text = f"message {n + 1:02d} from user {user.id}"
                message = await user.send_text(text)
                if self.config.desk and log.submitted and not log.abandoned:
                    # Filed: a person has the ticket, the text goes to its topic.
                    self._count(log, Sent(f"text {n + 1}", message.message_id, relayed=text))
                    await self._answered(DESK_CHAT, lambda m, t=text: t in (m.text or ""))
                    continue
                self._count(log, Sent(f"text {n + 1}", message.message_id))
                await self._answered(user.chat.id, lambda m, i=message.message_id: m.reply_to == i)
        return log

    async def _report(self, log: UserLog) -> None:
        user = log.user
        steps: Sequence[tuple[str, str, Expect]] = (
            ("/start", "command", _shows(f"Hello, {user.user.first_name}!")),
            ("Something else", "press", _shows("Step 1 of 2")),
            ("It does not work since this morning.", "text", _shows("Step 2 of 2")),
            ("Skip", "press", _shows("Your report: Something else")),
            ("Submit", "press", lambda m: bool(TICKET_CONFIRMATION.search(m.text or ""))),
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
            if not await self._answered(user.chat.id, expect):
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
                log.user.chat.id,
                lambda m, after=cancel: m.message_id > after and is_recovery_answer(m),
            ):
                return

    async def _answered(self, chat_id: int, expect: Expect) -> bool:
        """Wait until the bot's messages in ``chat_id`` hold one that ``expect`` accepts,
        or kefu has served ``reply_timeout`` seconds since now without sending it."""
        chat = self.inboxes.chat(chat_id)
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
