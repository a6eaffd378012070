"""The sender: takes committed outbox rows to Telegram and records what became of each.

Rows reach it when their transaction commits (:meth:`Sender.take`) and, at start, every
row still pending from before a crash or a shutdown (:meth:`Sender.start`), oldest first,
so each chat's messages keep their order. The in-memory :class:`Outbox` does the sending
(limits, priorities, retries); the sender records each outcome in the row before the
outbox's in-flight slot is freed, so at most ``max_in_flight`` messages can have reached
Telegram unrecorded at a kill: those, and only those, are sent again after a restart.

Outcomes are written by one writer that gathers whatever finished meanwhile into one
transaction (a group commit): a busy outbox costs one write for many messages.

Rows into the agents' group are given their band, stream and mergeability as they are
queued (bot.app.desk_budget): that is how the group's 20 messages a minute are spent.
Merged messages are fewer calls but still one outcome per row, each with its own ids.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable
from datetime import timedelta

from bot.app.chat_gate import ChatGate
from bot.app.desk_budget import HeaderText, lane_terms, outcome_link
from bot.app.fleet import Fleet
from bot.app.topic_fill import TopicFill
from bot.storage.models import OutboxMessage
from bot.storage.outbox_rows import OutboxRows, Outcome
from bot.support.clock import Clock
from bot.support.group_commit import GroupCommit
from bot.support.instance import gone
from bot.telegram import op_codec
from bot.telegram.errors import failure_reason
from bot.telegram.ops import Op, OpResult
from bot.telegram.outbox import Outbox, OutboxClosed, Priority

log = logging.getLogger(__name__)


# Told a row that failed for good and why: the app tells the user or alerts the admins.
OnFailed = Callable[[OutboxMessage, BaseException], Awaitable[None]]
# Whether a failed row is to wait rather than fail for good (its chat, the agents' group,
# is lost for now: its rows are sent again when it is back).
Hold = Callable[[OutboxMessage, BaseException], bool]


class Sender:
    """Feeds outbox rows to the outbox and records their outcomes; see the module."""

    def __init__(
        self,
        outbox: Outbox,
        rows: OutboxRows,
        clock: Clock,
        horizon: float,
        on_failed: OnFailed,
        topics: TopicFill | None = None,
        hold: Hold | None = None,
        header: HeaderText | None = None,
        fleet: Fleet | None = None,
    ) -> None:
        """``topics`` finds the place of a row for a ticket's topic as it is sent;
        ``hold`` says which failed rows wait rather than fail (a lost agents' group);
        ``header`` words the line above merged copies (None: copies are never merged);
        ``fleet``, shared by other instances: this one sends only its own rows and the
        ones it adopts, each chat's in order across instances (bot.app.chat_gate)."""
        self._fleet = fleet if fleet is not None and fleet.shared else None
        self._gate = None
        if self._fleet is not None:
            poll = self._fleet.tuning.gate_poll
            self._gate = ChatGate(self._blockers, self._queue, clock, poll)
        self._outbox = outbox
        self._header = header
        self._topics = topics
        self._hold = hold
        self._in_hand: set[int] = set()  # rows queued and not yet recorded
        self._rows = rows
        self._clock = clock
        self._horizon = timedelta(seconds=horizon)
        self._on_failed = on_failed
        self._outcomes = GroupCommit[Outcome](self._write, "outbox outcomes")
        self._unwritten: list[Outcome] = []  # their write failed: tried again by beat()
        self._side: set[asyncio.Task[None]] = set()

    async def start(self) -> None:
        """Queue every row left pending (before a crash, or past a shutdown's deadline);
        with other instances, those whose owner is gone."""
        await self.adopt()

    async def adopt(self) -> int:
        """Queue the rows left pending by a stop or a crash (of this instance before its
        start, or of another that died: bot.app.fleet); how many."""
        if self._fleet is None:
            pending = await self._rows.pending()
        else:
            pending = await self._rows.adopt(self._fleet.me, self._clock.now(), gone)
        # Rows committed before this start and already queued are not queued twice.
        pending = [row for row in pending if row.id not in self._in_hand]
        if pending:
            log.info("%s messages left pending by a stop: sending them now", len(pending))
        readable: list[tuple[OutboxMessage, Op]] = []
        for row in pending:
            try:
                readable.append((row, op_codec.load(row.op)))
            except ValueError as exc:  # written by a kefu that had other operations
                log.error("outbox row %s cannot be read: %s", row.id, exc)
                self._spawn(self._record_failed(row, exc))
        self.take(readable)
        return len(pending)

    async def _blockers(self, chats: set[int | None]) -> dict[int | None, int]:
        assert self._fleet is not None
        return await self._rows.blockers(chats, self._fleet.me)

    def take(
        self, rows: Iterable[tuple[OutboxMessage, Op]], *, fresh: bool = False
    ) -> list[asyncio.Future[OpResult]]:
        """Queue committed rows (each with its operation), in order; their sends. If the
        outbox is closing they stay pending, for the next start. ``fresh``: their retry
        horizon counts from now (rows that waited for a lost group)."""
        if self._gate is not None:
            rows = list(rows)
            self._in_hand.update(row.id for row, _ in rows)  # not read again meanwhile
            return self._gate.take(rows, fresh)
        sent: list[asyncio.Future[OpResult]] = []
        for row, op in rows:
            try:
                sent.append(self._queue(row, op, fresh))
            except OutboxClosed:
                log.info("outbox closing: row %s stays pending for the next start", row.id)
        return sent

    async def resend_held(self, chat_id: int) -> int:
        """Queue again the rows of ``chat_id`` left pending while it was lost (the group
        is back); how many."""
        readable = [
            (row, op_codec.load(row.op))
            for row in await self._rows.pending(chat_id, self._fleet.me if self._fleet else None)
            if row.id not in self._in_hand
        ]
        self.take(readable, fresh=True)
        return len(readable)

    def _queue(self, row: OutboxMessage, op: Op, fresh: bool = False) -> asyncio.Future[OpResult]:
        since = self._clock.now() if fresh else row.created_at
        left = (since + self._horizon - self._clock.now()).total_seconds()
        try:
            future = self._outbox.submit(
                op,
                Priority(row.priority),
                prepare=self._preparer(row),
                settle=lambda done: self._settle(row, done),
                give_up_at=self._clock.monotonic() + max(left, 0.0),
                **lane_terms(row, op, self._header),
            )
        except Exception:
            self._in_hand.discard(row.id)  # pending still: read again (a start, a beat)
            raise
        self._in_hand.add(row.id)
        if self._topics is not None:
            self._topics.queued(row)
        # The caller may wait on it, never withdraw it: a withdrawn send would leave its
        # row pending until the next start. Nobody need wait: a failure is settled and
        # told here, so it is marked seen rather than reported as never retrieved.
        shielded = asyncio.shield(future)
        shielded.add_done_callback(_seen)
        return shielded

    def _preparer(self, row: OutboxMessage) -> Callable[[Op], Awaitable[Op]] | None:
        """For a row of a ticket's topic: its place, looked up as it is sent."""
        if row.fill in ("topic", "card", "chain") and self._topics is not None:
            topics = self._topics
            return lambda op: topics.prepare(row, op)
        return None

    async def _settle(self, row: OutboxMessage, future: asyncio.Future[OpResult]) -> None:
        exc = future.exception()
        if self._topics is not None:
            self._topics.settled(row)
        if exc is not None and self._hold is not None and self._hold(row, exc):
            log.info("row %s waits for chat %s to be back", row.id, row.chat_id)
            self._in_hand.discard(row.id)
            return  # left pending: sent again when the chat is back, or at the next start
        if exc is None:
            result = future.result()
            link = outcome_link(row.link, result)  # a merged text's line: linked as such
            outcome = Outcome(
                row.id, True, result.message_ids, result.thread_id, None, link, row.chat_id
            )
        else:
            outcome = Outcome(row.id, False, error=failure_reason(exc))
            log.error("%s to chat %s failed for good (outbox row %s): %s",
                      row.op.get("type"), row.chat_id, row.id, outcome.error)  # fmt: skip
        # Whoever must hear of a failure is told (the notice committed) before the row is
        # recorded failed: a kill in between resends the row rather than leaving it failed
        # with nobody told.
        if exc is not None:
            try:
                await self._on_failed(row, exc)
            except Exception:
                log.exception("telling of failed outbox row %s failed", row.id)
        try:
            await self._record(outcome)
        except Exception:
            # Sent (or failed for good) but not on record: written again at the next beat
            # (bot.app.fleet), and meanwhile still in hand, so never sent twice by this
            # instance; a kill before then resends it at the next start, a double at worst.
            self._unwritten.append(outcome)
            return
        self._in_hand.discard(row.id)  # only now: a pending row read meanwhile is not queued

    async def _record_failed(self, row: OutboxMessage, exc: BaseException) -> None:
        await self._on_failed(row, exc)
        await self._record(Outcome(row.id, False, error=failure_reason(exc)))

    async def _record(self, outcome: Outcome) -> None:
        """Write the outcome with whatever else finished meanwhile (one transaction)."""
        await self._outcomes.add(outcome)

    async def beat(self) -> None:
        """The fleet's heartbeat: outcomes whose write failed are written again; with
        other instances, the rows of a dead one are adopted."""
        if self._unwritten:
            outcomes, self._unwritten = self._unwritten, []
            try:
                await self._write(outcomes)
            except Exception as exc:
                log.warning("%s outcomes still not on record: %s", len(outcomes), exc)
                self._unwritten = outcomes + self._unwritten
            else:
                self._in_hand.difference_update(o.row_id for o in outcomes)
        if self._fleet is not None:
            await self.adopt()

    async def _write(self, outcomes: list[Outcome]) -> None:
        await self._rows.record(outcomes, self._clock.now())

    def _spawn(self, work: Awaitable[None]) -> None:
        task = asyncio.ensure_future(work)
        self._side.add(task)
        task.add_done_callback(self._side.discard)
        task.add_done_callback(_log_failure)

    async def close(self) -> None:
        """Let the outcomes already gathered reach the database."""
        if self._gate is not None:
            await self._gate.close()
        if self._side:
            await asyncio.gather(*self._side, return_exceptions=True)
        await self._outcomes.flush()


def _seen(future: asyncio.Future[OpResult]) -> None:
    if not future.cancelled():
        future.exception()


def _log_failure(task: asyncio.Future[None]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("telling of a failed message failed", exc_info=task.exception())
