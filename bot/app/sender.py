"""The sender: takes committed outbox rows to Telegram and records what became of each.

Rows reach it when their transaction commits (:meth:`Sender.take`) and, at start, every
row still pending from before a crash or a shutdown (:meth:`Sender.start`), oldest first,
so each chat's messages keep their order. The in-memory :class:`Outbox` does the sending
(limits, priorities, retries); the sender records each outcome in the row before the
outbox's in-flight slot is freed, so at most ``max_in_flight`` messages can have reached
Telegram unrecorded at a kill: those, and only those, are sent again after a restart.

Outcomes are written by one writer that gathers whatever finished meanwhile into one
transaction (a group commit): a busy outbox costs one write for many messages.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import Awaitable, Callable, Iterable
from datetime import timedelta

from bot.storage.models import OutboxMessage
from bot.storage.outbox_rows import OutboxRows, Outcome
from bot.support.clock import Clock
from bot.telegram import op_codec
from bot.telegram.errors import failure_reason
from bot.telegram.ops import Op, OpResult
from bot.telegram.outbox import Outbox, OutboxClosed, Priority

log = logging.getLogger(__name__)


class EarlierFailed(RuntimeError):
    """A row needs the result of an earlier one (its topic, the message it answers), and
    that one failed."""


class TopicMissing(RuntimeError):
    """A message for a ticket's topic, and the ticket has no topic now (not made yet by
    another instance in time, or its making failed)."""


# Told a row that failed for good and why: the app tells the user or alerts the admins.
OnFailed = Callable[[OutboxMessage, BaseException], Awaitable[None]]
# Whether a failed row is to wait rather than fail for good (its chat, the agents' group,
# is lost for now: its rows are sent again when it is back).
Hold = Callable[[OutboxMessage, BaseException], bool]
# A ticket's topic thread and card message as recorded now, None while not made.
PlaceOf = Callable[[int], Awaitable[tuple[int | None, int | None]]]


class Sender:
    """Feeds outbox rows to the outbox and records their outcomes; see the module."""

    def __init__(
        self,
        outbox: Outbox,
        rows: OutboxRows,
        clock: Clock,
        horizon: float,
        on_failed: OnFailed,
        place_of: PlaceOf | None = None,
        topic_wait: float = 30.0,
        hold: Hold | None = None,
    ) -> None:
        """``place_of`` finds a ticket's topic (and card) for rows that go to one;
        ``topic_wait`` is how long such a row waits for a topic another instance is making."""
        self._outbox = outbox
        self._hold = hold
        self._in_hand: set[int] = set()  # rows queued and not yet settled
        self._place_of = place_of
        self._topic_wait = topic_wait
        self._rows = rows
        self._clock = clock
        self._horizon = timedelta(seconds=horizon)
        self._on_failed = on_failed
        # Tickets whose topic a queued row is making: a message for one that finds no
        # thread is ahead of its making in the queue, and fails at once to be sent again.
        self._making: dict[int, int] = {}
        # Outcomes of rows that later rows need, until those are sent.
        self._needed: dict[int, int] = {}  # row id -> rows waiting for it
        self._known: dict[int, Outcome] = {}
        self._unrecorded: list[tuple[Outcome, asyncio.Future[None]]] = []
        self._writer: asyncio.Task[None] | None = None
        self._side: set[asyncio.Task[None]] = set()

    async def start(self) -> None:
        """Queue every row left pending (before a crash, or past a shutdown's deadline)."""
        pending = await self._rows.pending()
        ids = {row.id for row in pending}
        earlier = {row.after for row in pending if row.after is not None and row.after not in ids}
        self._known.update(await self._rows.outcomes(earlier))
        if pending:
            log.info("%s messages left pending before this start: sending them now", len(pending))
        readable: list[tuple[OutboxMessage, Op]] = []
        for row in pending:
            try:
                readable.append((row, op_codec.load(row.op)))
            except ValueError as exc:  # written by a kefu that had other operations
                log.error("outbox row %s cannot be read: %s", row.id, exc)
                self._spawn(self._record_failed(row, exc))
        self.take(readable)

    def take(self, rows: Iterable[tuple[OutboxMessage, Op]]) -> list[asyncio.Future[OpResult]]:
        """Queue committed rows (each with its operation), in order; their sends. If the
        outbox is closing they stay pending, for the next start."""
        sent: list[asyncio.Future[OpResult]] = []
        for row, op in rows:
            try:
                sent.append(self._queue(row, op))
            except OutboxClosed:
                log.info("outbox closing: row %s stays pending for the next start", row.id)
        return sent

    async def resend_held(self, chat_id: int) -> int:
        """Queue again the rows of ``chat_id`` left pending while it was lost (the group
        is back); how many."""
        readable = [
            (row, op_codec.load(row.op))
            for row in await self._rows.pending(chat_id)
            if row.id not in self._in_hand
        ]
        self.take(readable)
        return len(readable)

    def _queue(self, row: OutboxMessage, op: Op) -> asyncio.Future[OpResult]:
        left = (row.created_at + self._horizon - self._clock.now()).total_seconds()
        self._in_hand.add(row.id)
        if (making := _topic_made_by(row)) is not None:
            self._making[making] = self._making.get(making, 0) + 1
        if row.after is not None:
            self._needed[row.after] = self._needed.get(row.after, 0) + 1
        future = self._outbox.submit(
            op,
            Priority(row.priority),
            prepare=self._preparer(row),
            settle=lambda done: self._settle(row, done),
            give_up_at=self._clock.monotonic() + max(left, 0.0),
        )
        # The caller may wait on it, never withdraw it: a withdrawn send would leave its
        # row pending until the next start. Nobody need wait: a failure is settled and
        # told here, so it is marked seen rather than reported as never retrieved.
        shielded = asyncio.shield(future)
        shielded.add_done_callback(_seen)
        return shielded

    def _preparer(self, row: OutboxMessage) -> Callable[[Op], Awaitable[Op]] | None:
        """Fills in what the row needs: a ticket's topic (looked up as it is sent), or the
        earlier row's result (the earlier row is of the same chat, so the outbox has
        settled it by the time this one is at the head of the chat's queue)."""
        if row.fill in ("topic", "card", "chain"):
            return lambda op: self._into_topic(row, op)
        if row.after is None:
            return None
        after, fill = row.after, row.fill

        async def prepare(op: Op) -> Op:
            earlier = self._known.get(after)  # type: ignore[arg-type]
            if earlier is None or not earlier.sent:
                why = earlier.error if earlier else "its outcome is unknown"
                raise EarlierFailed(f"row {row.id} needs row {after}, which failed: {why}")
            if fill != "thread":
                raise ValueError(f"row {row.id}: cannot fill {fill!r}")
            return dataclasses.replace(op, thread_id=earlier.thread_id)  # type: ignore[arg-type]

        return prepare

    async def _into_topic(self, row: OutboxMessage, op: Op) -> Op:
        """``op`` into its ticket's topic (``fill`` "topic"), onto its card ("card"), or
        answering its card ("chain": a group without topics), unless it answers another
        message already. Made earlier in this chat's queue, or by another instance, whose
        answer is waited for a while."""
        if self._place_of is None or row.ticket_id is None:
            raise TopicMissing(f"row {row.id} names no ticket whose topic it could go to")
        index = 0 if row.fill == "topic" else 1
        waited, pause = 0.0, 0.1
        while (found := (await self._place_of(row.ticket_id))[index]) is None:
            if waited >= self._topic_wait or row.ticket_id in self._making:
                raise TopicMissing(f"ticket {row.ticket_id} has no {row.fill} (row {row.id})")
            await self._clock.sleep(pause)
            waited += pause
            pause = min(pause * 2, 2.0)
        if row.fill == "card":
            return dataclasses.replace(op, message_id=found)  # type: ignore[arg-type]
        if row.fill == "chain":
            if getattr(op, "reply_to", False) is None:
                return dataclasses.replace(op, reply_to=found)  # type: ignore[arg-type]
            return op
        return dataclasses.replace(op, thread_id=found)  # type: ignore[arg-type]

    async def _settle(self, row: OutboxMessage, future: asyncio.Future[OpResult]) -> None:
        self._in_hand.discard(row.id)
        exc = future.exception()
        if exc is not None and self._hold is not None and self._hold(row, exc):
            log.info("row %s waits for chat %s to be back", row.id, row.chat_id)
            self._forget_need(row)
            self._forget_making(row)
            return  # left pending: sent again when the chat is back, or at the next start
        if exc is None:
            result = future.result()
            outcome = Outcome(
                row.id, True, result.message_ids, result.thread_id, None, row.link, row.chat_id
            )
        else:
            outcome = Outcome(row.id, False, error=failure_reason(exc))
            log.error("%s to chat %s failed for good (outbox row %s): %s",
                      row.op.get("type"), row.chat_id, row.id, outcome.error)  # fmt: skip
        self._forget_need(row)
        self._forget_making(row)
        if self._needed.get(row.id):
            self._known[row.id] = outcome
        # Whoever must hear of a failure is told (the notice committed) before the row is
        # recorded failed: a kill in between resends the row rather than leaving it failed
        # with nobody told. A row that failed because an earlier one did says nothing
        # more: the earlier one's failure was told.
        if exc is not None and not isinstance(exc, EarlierFailed):
            try:
                await self._on_failed(row, exc)
            except Exception:
                log.exception("telling of failed outbox row %s failed", row.id)
        await self._record(outcome)

    def _forget_making(self, row: OutboxMessage) -> None:
        if (making := _topic_made_by(row)) is not None:
            left = self._making.pop(making, 1) - 1
            if left > 0:
                self._making[making] = left

    def _forget_need(self, row: OutboxMessage) -> None:
        if row.after is None:
            return
        left = self._needed.get(row.after, 0) - 1
        if left > 0:
            self._needed[row.after] = left
        else:
            self._needed.pop(row.after, None)
            self._known.pop(row.after, None)

    async def _record_failed(self, row: OutboxMessage, exc: BaseException) -> None:
        await self._on_failed(row, exc)
        await self._record(Outcome(row.id, False, error=failure_reason(exc)))

    async def _record(self, outcome: Outcome) -> None:
        """Write the outcome with whatever else finished meanwhile (one transaction)."""
        written: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._unrecorded.append((outcome, written))
        if self._writer is None:
            self._writer = asyncio.create_task(self._write(), name="outbox-recorder")
        await asyncio.shield(written)

    async def _write(self) -> None:
        try:
            while self._unrecorded:
                batch, self._unrecorded = self._unrecorded, []
                try:
                    await self._rows.record([o for o, _ in batch], self._clock.now())
                except Exception as exc:
                    # The rows stay pending: sent again at the next start (a double at
                    # worst), which beats pretending they were recorded.
                    log.exception("recording %s outbox outcomes failed", len(batch))
                    for _, written in batch:
                        if not written.done():
                            written.set_exception(exc)
                    continue
                for _, written in batch:
                    if not written.done():
                        written.set_result(None)
        finally:
            self._writer = None

    def _spawn(self, work: Awaitable[None]) -> None:
        task = asyncio.ensure_future(work)
        self._side.add(task)
        task.add_done_callback(self._side.discard)
        task.add_done_callback(_log_failure)

    async def close(self) -> None:
        """Let the outcomes already gathered reach the database."""
        if self._side:
            await asyncio.gather(*self._side, return_exceptions=True)
        writer = self._writer
        if writer is not None:
            await asyncio.gather(writer, return_exceptions=True)


def _seen(future: asyncio.Future[OpResult]) -> None:
    if not future.cancelled():
        future.exception()


def _topic_made_by(row: OutboxMessage) -> int | None:
    """The ticket whose topic ``row`` makes, if it makes one."""
    return row.ticket_id if (row.link or {}).get("kind") == "topic" else None


def _log_failure(task: asyncio.Future[None]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("telling of a failed message failed", exc_info=task.exception())
