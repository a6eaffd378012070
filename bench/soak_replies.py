"""The bot's calls as the soak's double logs them, handed to the simulated person waiting for
one (bench.soak_people), and the desk's topics and cards as they are made.

One watcher reads each completed call of the request log once; a person waits on a future
for the call it expects in its chat. Waiting on the double's world instead would re-read the
agents' group (every topic's messages) on every change, a cost that grows over the hours
and would show as a false slope in the soak's latencies.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable

from bench.replies import FinishedCalls
from bot.telegram.double import LoggedCall, RequestLog

Match = Callable[[LoggedCall], bool]
TICKET_ID = re.compile(r"K-[0-9A-HJKMNP-TV-Z]{5}")
SENDS = frozenset({"sendMessage", "copyMessage"})


def _int(value: object) -> int | None:
    return int(str(value)) if value is not None else None


def says(words: str) -> Match:
    """A message sent by the bot whose text contains ``words``."""
    return lambda e: e.method == "sendMessage" and words in str(e.params.get("text", ""))


def copy_of(chat_id: int, message_id: int) -> Match:
    """The bot's copy of message ``message_id`` of chat ``chat_id`` (a relay)."""
    return lambda e: (
        e.method == "copyMessage"
        and _int(e.params.get("from_chat_id")) == chat_id
        and _int(e.params.get("message_id")) == message_id
    )


class Replies:
    """Routes completed calls to the futures waiting for them, per chat; counts the failed
    ones; remembers each ticket's topic (by the ticket id in its name) and the topics that
    have a message of the bot (the card: kefu has recorded the topic by then)."""

    def __init__(self, log: RequestLog, desk: int) -> None:
        self._log = log
        self._desk = desk
        self._calls = FinishedCalls(log)
        self._waiting: dict[int, list[tuple[Match, asyncio.Future[LoggedCall]]]] = {}
        self.topics: dict[str, int] = {}  # ticket id -> thread
        self.carded: set[int] = set()
        self.failed = 0  # calls the double refused (not getUpdates)
        self.last_send = 0  # the seq of the bot's latest call other than getUpdates

    async def run(self) -> None:
        await self._log.changed.wait_until(self.drain, None)

    def expect(self, chat_id: int, match: Match) -> asyncio.Future[LoggedCall]:
        """The first call to come in ``chat_id`` that ``match`` accepts."""
        future: asyncio.Future[LoggedCall] = asyncio.get_running_loop().create_future()
        self._waiting.setdefault(chat_id, []).append((match, future))
        return future

    async def topic(self, public_id: str, timeout: float) -> int:  # noqa: ASYNC109
        """The ticket's topic, once the bot has made it and posted in it."""

        def made() -> int | None:
            self.drain()
            thread = self.topics.get(public_id)
            return thread if thread in self.carded else None

        thread = await self._log.changed.wait_until(made, timeout)
        if thread is None:
            raise TimeoutError(f"no topic with a card for {public_id} in {timeout} s")
        return thread

    def drain(self) -> bool:
        for entry in self._calls.take():
            if entry.method != "getUpdates":
                self._look(entry)
        return False  # keep watching until cancelled

    def _look(self, entry: LoggedCall) -> None:
        self.last_send = max(self.last_send, entry.seq)
        if not entry.ok:
            self.failed += 1
            return
        chat = _int(entry.chat_id)
        if chat == self._desk:
            self._note_desk(entry)
        waiting = self._waiting.get(chat) if chat is not None else None
        if not waiting:
            return
        for item in list(waiting):
            match, future = item
            if future.done():
                waiting.remove(item)
            elif match(entry):
                future.set_result(entry)
                waiting.remove(item)
                return

    def _note_desk(self, entry: LoggedCall) -> None:
        if entry.method == "createForumTopic" and isinstance(entry.result, dict):
            found = TICKET_ID.search(str(entry.params.get("name", "")))
            if found:
                self.topics[found.group(0)] = int(entry.result["message_thread_id"])
        elif entry.method in SENDS:
            thread = _int(entry.params.get("message_thread_id"))
            if thread is not None:
                self.carded.add(thread)
