"""The Bot API double and its simulated users, as a child process of a benchmark.

    python -m bench.double_process

Serves a fresh ``BotApiDouble`` (flood limits off) on a free port of 127.0.0.1, prints one
JSON line with its address (``{"base_url": ..., "token": ...}``), then obeys one JSON
command per line on stdin and answers each with one JSON line on stdout:

- ``{"do": "users", "count": n}``: n private users (ids from ``FIRST_USER_ID``);
- ``{"do": "closed", "messages": k, "expect": "kefu"|"echo", "timeout": s}``: every user
  sends k texts, each once the previous one was answered (a closed loop), all at once;
- ``{"do": "paced", "count": n, "rate": r, "expect": ..., "timeout": s}``: n texts at r a
  second in all, the users taking turns, whether or not earlier ones were answered;
- ``{"do": "stop"}``.

A phase answers with its latencies (update queued -> the bot's sendMessage reached the
double), wall seconds, unexpected replies, failed Bot API calls, replies beyond one per
text, and the double's internal errors. Running here, the double's and the users' work is
not counted against the bot measured in the parent process.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from collections.abc import Awaitable, Callable
from typing import Any

from bench.replies import ReplyRouter, expectation
from bench.workload import FIRST_USER_ID
from bot.telegram.double import BotApiDouble, Limits, LoggedCall, PrivateUser


class Phases:
    """The double's users, and the phases they play against the bot."""

    def __init__(self, double: BotApiDouble, router: ReplyRouter) -> None:
        self.double = double
        self.router = router
        self.users: list[PrivateUser] = []
        self.sent: dict[int, int] = {}  # texts each user sent so far: each one is new
        self.extra = 0  # replies that no text was waiting for
        self.odd: list[str] = []  # the first unexpected replies, to show
        self._waiting: dict[int, dict[str, asyncio.Future[LoggedCall]]] = {}
        self._matchers: dict[int, asyncio.Task[None]] = {}

    def add_users(self, count: int) -> dict[str, Any]:
        first = FIRST_USER_ID + len(self.users)
        for i in range(count):
            user = self.double.driver.private_user(first + i, f"User {i}", language_code="en")
            self.router.queue(user.id)
            self.users.append(user)
        return {"users": len(self.users)}

    def _text(self, user: PrivateUser) -> str:
        # Numbered per user, as kept low: some numbers (51, 90, 100) are in the knowledge
        # base's articles, and a text with one is answered with them.
        sent = self.sent[user.id] = self.sent.get(user.id, 0) + 1
        return f"question {sent} from user {user.id}"

    async def _ask(self, user: PrivateUser, expect: str, timeout: float) -> tuple[float, bool]:  # noqa: ASYNC109
        """Send one text and wait for its reply: the latency, and whether it was expected.

        A user may have several texts unanswered (the open loop), and a bot handling them
        concurrently may answer out of order: a reply is matched to the text it fits, if
        any, else to the oldest one waiting."""
        text = self._text(user)
        waiting = self._waiting.setdefault(user.id, {})
        reply: asyncio.Future[LoggedCall] = asyncio.get_running_loop().create_future()
        waiting[text] = reply
        if user.id not in self._matchers:
            self._matchers[user.id] = asyncio.ensure_future(self._match(user.id, expect))
        # send_text queues the update synchronously (it never suspends), so this reading is
        # the moment the update was queued; the queue keeps no timestamp of its own.
        queued = self.double.clock.monotonic()
        await user.send_text(text)
        try:
            answered = await asyncio.wait_for(reply, timeout)
        except TimeoutError:
            raise RuntimeError(f"user {user.id} got no reply to {text!r} in {timeout} s") from None
        said = str(answered.params.get("text"))
        ok = expectation(expect)(text, said)
        if not ok and len(self.odd) < 3:
            self.odd.append(said[:200])
        return answered.monotonic - queued, ok

    async def _match(self, user_id: int, expect: str) -> None:
        judge, waiting = expectation(expect), self._waiting[user_id]
        queue = self.router.queue(user_id)
        while True:
            reply = await queue.get()
            if not waiting:
                self.extra += 1
                continue
            said = str(reply.params.get("text"))
            text = next((t for t in waiting if judge(t, said)), next(iter(waiting)))
            waiting.pop(text).set_result(reply)

    async def closed(self, messages: int, expect: str, timeout: float) -> dict[str, Any]:  # noqa: ASYNC109
        async def converse(user: PrivateUser) -> list[tuple[float, bool]]:
            return [await self._ask(user, expect, timeout) for _ in range(messages)]

        return await self._measured(
            lambda: asyncio.gather(*(converse(u) for u in self.users)), flatten=True
        )

    async def paced(self, count: int, rate: float, expect: str, timeout: float) -> dict[str, Any]:  # noqa: ASYNC109
        async def send_all() -> list[tuple[float, bool]]:
            loop = asyncio.get_running_loop()
            start = loop.time()
            asks = []
            for i in range(count):
                delay = start + i / rate - loop.time()
                if delay > 0:
                    await asyncio.sleep(delay)  # an open loop: the pace is the point
                user = self.users[i % len(self.users)]
                asks.append(asyncio.ensure_future(self._ask(user, expect, timeout)))
            return list(await asyncio.gather(*asks))

        return await self._measured(send_all, flatten=False)

    async def _measured(self, run: Any, *, flatten: bool) -> dict[str, Any]:
        failed_before = self.router.failed
        first_call = len(self.double.log.entries)
        wall = time.perf_counter()
        results = await run()
        wall = time.perf_counter() - wall
        polls = [c for c in self.double.log.entries[first_call:] if c.method == "getUpdates"]
        samples = [s for per_user in results for s in per_user] if flatten else results
        # Late extra replies would show in the next phase; a short settle catches most.
        await asyncio.sleep(0.05)
        return {
            "latencies": [latency for latency, _ in samples],
            "unexpected": sum(1 for _, ok in samples if not ok),
            "seconds": wall,
            "failed": self.router.failed - failed_before,
            "extra": self.extra,
            # getUpdates asked, and the updates they returned (those in hand come again
            # until handled: kefu confirms only what it has finished)
            "polls": len(polls),
            "polled": sum(len(c.result or ()) for c in polls),
            "odd": self.odd,
            "internal_errors": [repr(e) for e in self.double.internal_errors[:3]],
        }


async def stdin_reader() -> asyncio.StreamReader:
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    return reader


def answer(message: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


async def obey(do: Callable[[str, dict[str, Any]], Awaitable[bool]]) -> None:
    """Run each JSON command read from stdin with ``do(name, arguments)`` until it answers
    False (or stdin ends); a failure is answered as ``{"error": ...}``, for the parent to
    raise."""
    reader = await stdin_reader()
    while line := await reader.readline():
        command = json.loads(line)
        try:
            if not await do(command.pop("do"), command):
                return
        except Exception as exc:
            answer({"error": f"{type(exc).__name__}: {exc}"})


async def serve() -> None:
    async with BotApiDouble(limits=Limits.unlimited()) as double:
        router = ReplyRouter(double.log)
        watcher = asyncio.create_task(router.run(), name="reply-router")
        phases = Phases(double, router)
        answer({"base_url": double.base_url, "token": double.token})

        async def do(name: str, command: dict[str, Any]) -> bool:
            match name:
                case "users":
                    answer(phases.add_users(**command))
                case "closed":
                    answer(await phases.closed(**command))
                case "paced":
                    answer(await phases.paced(**command))
                case "stop":
                    return False
            return True

        await obey(do)
        watcher.cancel()


if __name__ == "__main__":
    asyncio.run(serve())
