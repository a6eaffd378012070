"""The outbox: one per process; every message kefu sends to Telegram leaves through it.

It keeps Telegram's limits (per private chat, per group, overall), serves chats by priority,
keeps each chat's messages in order with at most one in flight, and lets
:class:`~bot.telegram.outbox.delivery.Delivery` deal with Telegram's errors. Button answers
(answerCallbackQuery) never wait in the queue. A paid broadcast spends only its chat's
budget; broadcasts have ``broadcast_in_flight`` slots of their own beside the others'
``max_in_flight``, a 429 on a broadcast message pauses broadcasts only, and
``on_retry_after`` hears of every 429 (so a broadcast's sender can slow down).

Within one chat, independent streams (the agents' group's tickets) share the chat's budget
by band (``lanes.py``), and when the budget is short a stream's queued copies of a user's
messages go out as fewer messages (``merge.py``: their texts as one).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
from collections.abc import Hashable

from bot.support.clock import Clock
from bot.support.waiting import first_done
from bot.telegram.ops import AnswerCallback, Op, OpResult, is_paid
from bot.telegram.outbox.delivery import Delivery
from bot.telegram.outbox.errors import OutboxClosed, report_crash, withdrawn
from bot.telegram.outbox.lanes import Item, Lane, Lanes, Prepare, Settle
from bot.telegram.outbox.limiter import Limiter, op_cost
from bot.telegram.outbox.limits import OutboxLimits
from bot.telegram.outbox.merge import Merge, merge_head
from bot.telegram.outbox.priority import Band, Priority
from bot.telegram.outbox.shared_budget import SharedBudget
from bot.telegram.outbox.split import expand
from bot.telegram.outbox.transport import OnBlocked, OnGroupForbidden, OnRetryAfter, Transport

log = logging.getLogger(__name__)

# Idle chats' buckets are swept this often (clock seconds), so memory follows activity.
_SWEEP_EVERY = 60.0


class Outbox:
    """Queues operations and sends them within Telegram's limits, by priority."""

    def __init__(
        self,
        transport: Transport,
        clock: Clock,
        limits: OutboxLimits | None = None,
        on_blocked: OnBlocked | None = None,
        on_group_forbidden: OnGroupForbidden | None = None,
        on_retry_after: OnRetryAfter | None = None,
        shared: SharedBudget | None = None,
    ) -> None:
        """``shared``: the budgets every instance of this bot spends (Redis), asked as
        each counted call goes, beside this instance's own (``shared_budget.py``)."""
        self._transport = transport
        self._clock = clock
        self._limits = limits = limits or OutboxLimits()
        self._limiter = limiter = Limiter(limits, clock.monotonic(), shared)
        self._delivery = Delivery(
            transport, clock, limits, limiter, on_blocked, on_group_forbidden, on_retry_after
        )
        self._lanes = Lanes()
        self._seq = itertools.count()
        self._in_flight: set[asyncio.Task[None]] = set()
        self._broadcasts_flying = 0  # of those, broadcast messages (their own slots)
        self._side: set[asyncio.Future[OpResult]] = set()
        self._wake = asyncio.Event()  # something changed: look at the queue again
        self._idle = asyncio.Event()  # nothing queued, nothing in flight
        self._idle.set()
        self._runner: asyncio.Task[None] | None = None
        self._closing = False
        self._last_sweep = clock.monotonic()

    @property
    def _others_flying(self) -> int:
        return len(self._in_flight) - self._broadcasts_flying

    @property
    def queued(self) -> int:
        """Operations submitted and not finished yet (in flight included)."""
        return len(self._lanes)

    async def start(self) -> None:
        """Begin sending (operations submitted before are kept and go first)."""
        if self._runner is None:
            self._runner = asyncio.create_task(self._run(), name="outbox")
            self._runner.add_done_callback(report_crash)

    def submit(
        self,
        op: Op,
        priority: Priority,
        *,
        prepare: Prepare | None = None,
        settle: Settle | None = None,
        give_up_at: float | None = None,
        band: Band = Band.RELAY,
        stream: Hashable | None = None,
        merge: Merge | None = None,
    ) -> asyncio.Future[OpResult]:
        """Queue ``op``; the future gets its result, or the error it finally failed with.

        A text or caption over Telegram's limits is split here; the result then carries
        every message id. An :class:`AnswerCallback` does not queue (see
        :meth:`answer_callback`). Raises :class:`OutboxClosed` once :meth:`close` began.

        ``prepare`` fills in a part just before it is sent (see :data:`Prepare`);
        ``settle`` is awaited once ``op`` has ended, sent or failed (not when the outbox
        closed before it ended), before its in-flight slot serves another call;
        ``give_up_at`` (clock seconds) ends its retries, by default ``retry_horizon``
        from now. ``band`` and ``stream`` order it within its chat (``lanes.py``: a chat's
        items of one stream stay in order); ``merge`` lets it go in one call with its
        stream's next items when the chat's budget is short (``merge.py``).
        """
        if self._closing:
            raise OutboxClosed("the outbox is closed")
        if isinstance(op, AnswerCallback):
            task = asyncio.ensure_future(self.answer_callback(op))
            self._side.add(task)  # the loop keeps only weak references to tasks
            task.add_done_callback(self._side.discard)
            return task
        future: asyncio.Future[OpResult] = asyncio.get_running_loop().create_future()
        if give_up_at is None:
            give_up_at = self._clock.monotonic() + self._limits.retry_horizon
        item = Item(
            parts=expand(op),
            priority=priority,
            future=future,
            seq=next(self._seq),
            give_up_at=give_up_at,
            prepare=prepare,
            settle=settle,
            band=band,
            stream=stream,
            merge=merge,
        )
        if settle is not None:
            future.add_done_callback(lambda _: self._settle_elsewhere(item))
        self._lanes.push(getattr(op, "chat_id", None), item)
        self._idle.clear()
        self._wake.set()
        return future

    async def send(self, op: Op, priority: Priority) -> OpResult:
        """Submit ``op`` and wait for its result (cancelling the wait withdraws an unsent op)."""
        return await self.submit(op, priority)

    def withdraw(self, chat_id: int | None, future: asyncio.Future[OpResult]) -> bool:
        """Take back an operation nothing of which has gone yet (its future is cancelled);
        False if it is in flight, being retried, or over."""
        item = self._lanes.unsent(chat_id, future)
        if item is not None:
            item.future.cancel()  # the dispatcher drops it when it comes to it
        return item is not None

    async def answer_callback(self, op: AnswerCallback) -> OpResult:
        """Answer a button press at once: Telegram wants it within seconds, and it is not
        counted against the send limits. Errors are logged and raised to the caller."""
        if self._closing:
            raise OutboxClosed("the outbox is closed")
        try:
            return await self._transport.execute(op)
        except Exception as exc:
            log.warning("Answering callback %s failed: %s", op.callback_id, exc)
            raise

    # The timeout is in the injected clock's seconds, which asyncio.timeout cannot follow.
    async def close(self, timeout: float = 10.0) -> None:  # noqa: ASYNC109
        """Take no new work, send what is queued within ``timeout`` clock seconds, stop.

        Whatever is still queued (or in flight) at the deadline fails with
        :class:`OutboxClosed`, and is logged.
        """
        self._closing = True
        self._wake.set()
        if self._runner is not None and not self._idle.is_set():
            await first_done(self._idle.wait(), self._clock.sleep(timeout))
        left = self._lanes.drain()
        for item in left:
            if not item.future.done():
                item.future.set_exception(OutboxClosed("not sent before the outbox closed"))
        if left or self._in_flight:
            log.error("Outbox closed with %d queued and %d in flight unsent",
                      len(left), len(self._in_flight))  # fmt: skip
        tasks = [*self._in_flight, *([self._runner] if self._runner else [])]
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._runner = None

    async def _run(self) -> None:
        while True:
            self._wake.clear()  # before looking, so a change during the look is not missed
            delay = self._dispatch()
            if delay is None:
                await self._wake.wait()
            else:
                await first_done(self._wake.wait(), self._clock.sleep(delay))

    def _dispatch(self) -> float | None:
        """Start every call the limits allow now; return how long until one may be allowed
        (None: nothing to wait for but a change)."""
        now = self._clock.monotonic()
        if now - self._last_sweep >= _SWEEP_EVERY:
            self._limiter.forget_idle(now, self._lanes.keys())
            self._last_sweep = now
        self._lanes.release_due(now)
        lim = self._limits
        while True:
            lane = self._lanes.peek()
            if lane is None:
                break
            # Broadcasts have slots of their own (a fast one never holds an answer back);
            # lanes come by priority, so after a full pool's lane every other waits too.
            broadcast = lane.rank()[0] == Priority.BROADCAST
            flying = self._broadcasts_flying if broadcast else self._others_flying
            if flying >= (lim.broadcast_in_flight if broadcast else lim.max_in_flight):
                break
            item = lane.head()
            if item.future.done():  # cancelled by its caller: nothing to send
                lane.remove(item)
                self._lanes.settle(lane, now)
                continue
            item = self._merged(lane, item, now)
            cost = op_cost(item.part)
            wait = self._limiter.chat_wait(lane.key, cost, now)
            paid = is_paid(item.part)  # outside the overall budget: only a pause holds it
            if wait <= 0:
                wait = self._limiter.global_wait(cost, now, broadcast, paid)
            if wait > 0:  # its chat's limit or the overall budget: it waits, and the lanes
                # after it may go (a paid broadcast needs nothing of the overall budget)
                self._lanes.defer(lane, now + wait)
                continue
            self._limiter.take(lane.key, cost, now, paid)
            self._lanes.start(lane, item)
            task = asyncio.create_task(self._deliver(lane, item, broadcast))
            self._in_flight.add(task)
            self._broadcasts_flying += broadcast
        self._update_idle()
        due = self._lanes.next_due()
        return max(due - now, 0.0) if due is not None else None

    def _merged(self, lane: Lane, item: Item, now: float) -> Item:
        """``item``, or its stream's copies merged into fewer messages (``merge.py``)."""
        wait = self._limiter.chat_wait
        return merge_head(lane, item, self._limits.merge_from, wait, now, self._settle_elsewhere)

    async def _deliver(self, lane: Lane, item: Item, broadcast: bool = False) -> None:
        try:
            wait = await self._limiter.shared_wait(lane.key, item.part, broadcast, self._clock)
            if wait > 0:  # the other instances' sends leave no room now: the lane waits
                lane.paused_until = max(lane.paused_until, self._clock.monotonic() + wait)
                return
            await self._delivery.send_part(lane, item)
            if item.future.done():
                await self._settle(item)
        except asyncio.CancelledError:
            # Only close() cancels; the call may or may not have reached Telegram.
            if not item.future.done():
                item.future.set_exception(OutboxClosed("in flight when the outbox closed"))
            raise
        finally:
            self._in_flight.discard(asyncio.current_task())  # type: ignore[arg-type]
            self._broadcasts_flying -= broadcast
            self._lanes.settle(lane, self._clock.monotonic())
            self._update_idle()
            self._wake.set()

    async def _settle(self, item: Item) -> None:
        """Tell ``item.settle`` how it ended, once; its failure is logged, not raised."""
        if item.settle is None or item.settled or withdrawn(item.future):
            return
        item.settled = True
        try:
            await item.settle(item.future)
        except Exception:
            log.exception("recording how an operation ended failed")

    def _settle_elsewhere(self, item: Item) -> None:
        """An item that ended while not in flight (a 403 dropped its chat's queue)."""
        if not item.settled and not withdrawn(item.future):
            task = asyncio.ensure_future(self._settle(item))
            self._side.add(task)  # type: ignore[arg-type]
            task.add_done_callback(self._side.discard)  # type: ignore[arg-type]

    def _update_idle(self) -> None:
        if self._lanes.empty and not self._in_flight:
            self._idle.set()

    def depth_by_chat(self) -> dict[int | None, int]:
        """Operations queued per lane (in flight included), by chat id (None: bot-wide
        calls); read by /metrics."""
        return self._lanes.depths()
