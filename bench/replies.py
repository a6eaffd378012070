"""The bots' replies as the double sees them: routed to each user, and judged."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from bot.telegram.double import LoggedCall, RequestLog

Expect = Callable[[str, str], bool]


class FinishedCalls:
    """The double's request log read as it grows: each call handed on once, when it has
    finished (in the log's order among those finished by then)."""

    def __init__(self, log: RequestLog) -> None:
        self._log = log
        self._seen = 0
        self._open: list[LoggedCall] = []

    def take(self) -> list[LoggedCall]:
        """The calls that finished since the last take."""
        entries = self._log.entries
        if self._seen < len(entries):
            self._open.extend(entries[self._seen :])
            self._seen = len(entries)
        finished = [entry for entry in self._open if entry.done]
        self._open = [entry for entry in self._open if not entry.done]
        return finished


class ReplyRouter:
    """Hands every completed sendMessage in the double's request log to its chat's queue.

    One watcher for all users, in place of each user awaiting ``user.next_message()``: that
    wakes every waiting user on every change in the double and re-reads all its messages,
    work that grows as users x messages.
    """

    def __init__(self, log: RequestLog) -> None:
        self._log = log
        self._calls = FinishedCalls(log)
        self.queues: dict[int, asyncio.Queue[LoggedCall]] = {}
        self.failed = 0

    def queue(self, chat_id: int) -> asyncio.Queue[LoggedCall]:
        return self.queues.setdefault(chat_id, asyncio.Queue())

    async def run(self) -> None:
        await self._log.changed.wait_until(self._drain, None)

    def _drain(self) -> bool:
        for entry in self._calls.take():
            if not entry.ok:
                self.failed += 1
            elif entry.method == "sendMessage" and int(entry.chat_id) in self.queues:
                self.queues[int(entry.chat_id)].put_nowait(entry)
        return False  # keep watching until cancelled


def kefu_expected(sent: str, reply: str) -> bool:
    # Free text at the menu is searched in the knowledge base first; the bench's texts
    # match no article, so the answer is the menu's "could not find an answer".
    return "could not find an answer" in reply


def echo_expected(sent: str, reply: str) -> bool:
    return reply == sent


EXPECTATIONS: dict[str, Expect] = {"kefu": kefu_expected, "echo": echo_expected}


def expectation(name: str) -> Expect:
    """The judge of replies named ``name`` ("kefu" or "echo")."""
    return EXPECTATIONS[name]
