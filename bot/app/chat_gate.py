"""Across instances, a chat's messages leave in the order they were committed.

With several kefu processes, one chat's updates are handled by whichever instance the load
balancer picks (one at a time: the Redis chat lock), and each instance sends the outbox
rows it committed. Without a gate, an instance could send its answer to a user's second
message while another still has the answer to the first in its outbox (in flight, waiting
for the chat's budget, or orphaned by a kill until an instance adopts it).

So a row waits here while an earlier row of its chat is pending at another instance, and
rows of a chat with rows waiting queue behind them, in id order (ids follow commit order
within a chat: a chat's units of work commit one after the other under its lock). One
pump serves every waiting chat with one query a round, every ``poll`` seconds while any
waits; nothing waits when no other instance has a row of the chat pending.
"""

from __future__ import annotations

import asyncio
import bisect
import logging
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field

from bot.storage.models import OutboxMessage
from bot.support.clock import Clock
from bot.support.waiting import first_done
from bot.telegram.ops import Op, OpResult
from bot.telegram.outbox import OutboxClosed

log = logging.getLogger(__name__)
_CLOSE_WAIT = 5.0  # seconds a closing gate lets a round under way finish

# The oldest pending row other instances own, per chat asked about.
Blockers = Callable[[set[int | None]], Awaitable[dict[int | None, int]]]
# Queues a row in this instance's outbox; its send.
Queue = Callable[[OutboxMessage, Op, bool], "asyncio.Future[OpResult]"]


@dataclass(order=True)
class _Waiting:
    row_id: int
    row: OutboxMessage = field(compare=False)
    op: Op = field(compare=False)
    fresh: bool = field(compare=False)
    sent: asyncio.Future[OpResult] = field(compare=False)


class ChatGate:
    """Holds rows whose chat has earlier rows pending at another instance; see the module."""

    def __init__(self, blockers: Blockers, queue: Queue, clock: Clock, poll: float) -> None:
        self._blockers = blockers
        self._queue = queue
        self._clock = clock
        self._poll = poll
        self._waiting: dict[int | None, list[_Waiting]] = {}
        self._wake = asyncio.Event()
        self._pump: asyncio.Task[None] | None = None
        self._closed = False

    def take(
        self, rows: Iterable[tuple[OutboxMessage, Op]], fresh: bool = False
    ) -> list[asyncio.Future[OpResult]]:
        """Rows to send once the gate lets them; their sends (fail with OutboxClosed if
        the gate closes first: they stay pending, for whoever adopts them)."""
        sent = []
        loop = asyncio.get_running_loop()
        for row, op in rows:
            waiting = _Waiting(row.id, row, op, fresh, loop.create_future())
            sent.append(waiting.sent)
            if self._closed:
                _settle(waiting.sent, OutboxClosed("kefu is stopping: it stays pending"))
                continue
            bisect.insort(self._waiting.setdefault(row.chat_id, []), waiting)
        if self._closed:
            return sent
        if self._pump is None:
            self._pump = asyncio.create_task(self._run(), name="chat gate")
        self._wake.set()
        return sent

    async def _run(self) -> None:
        while not self._closed:
            self._wake.clear()
            try:
                await self._round()
            except Exception:  # the database did not answer: rows wait for the next round
                log.exception("the chat gate could not ask for other instances' rows")
            if not self._waiting:
                await self._wake.wait()
            else:
                await first_done(self._wake.wait(), self._clock.sleep(self._poll))

    async def _round(self) -> None:
        # Only rows waiting before the question are judged by its answer: a row that came
        # meanwhile (another chat's, or an adopted one put ahead in its own) waits for the
        # next round.
        asked = {chat: {w.row_id for w in rows} for chat, rows in self._waiting.items()}
        blockers = await self._blockers(set(asked))
        for chat, ids in asked.items():
            waiting = self._waiting.get(chat, [])
            first_other = blockers.get(chat)
            while (
                waiting
                and waiting[0].row_id in ids
                and (first_other is None or waiting[0].row_id < first_other)
            ):
                self._release(waiting.pop(0))
            if not waiting:
                self._waiting.pop(chat, None)

    def _release(self, waiting: _Waiting) -> None:
        try:
            send = self._queue(waiting.row, waiting.op, waiting.fresh)
        except Exception as exc:  # closing (it stays pending), or a bug: never left hanging
            if not isinstance(exc, OutboxClosed):
                log.exception("queueing outbox row %s failed", waiting.row_id)
            _settle(waiting.sent, exc)
            return
        send.add_done_callback(lambda done: _copy(done, waiting.sent))

    async def close(self) -> None:
        """Stop; what still waits (or comes later) stays pending in the database."""
        self._closed = True
        self._wake.set()
        if self._pump is not None:
            # A round under way ends first (cancelled mid-query, it would strand its
            # connection); one that hangs is cancelled.
            done, _ = await asyncio.wait({self._pump}, timeout=_CLOSE_WAIT)
            if not done:
                self._pump.cancel()
                await asyncio.wait({self._pump})
            self._pump = None
        for waiting in (w for rows in self._waiting.values() for w in rows):
            _settle(waiting.sent, OutboxClosed("held for order when kefu stopped"))
        self._waiting.clear()


def _copy(done: asyncio.Future[OpResult], to: asyncio.Future[OpResult]) -> None:
    if to.done():
        return
    if done.cancelled():
        to.cancel()
    elif done.exception() is not None:
        _settle(to, done.exception())  # type: ignore[arg-type]
    else:
        to.set_result(done.result())


def _settle(future: asyncio.Future[OpResult], exc: BaseException) -> None:
    if not future.done():
        future.set_exception(exc)
        future.exception()  # marked seen: nobody need wait for a row's send
