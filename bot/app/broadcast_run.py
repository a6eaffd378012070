"""One broadcast sent by this instance (bot/app/broadcast_send.py says how and why).

The send loop takes recipients while the broadcast is this instance's and running; a
heartbeat renews the lease every ``renew_every`` and reads the state, whatever the loop is
waiting for (the rate, a full window, a slow write), so a lease never runs out under a
broadcast still being sent. When the loop stops (done, paused, cancelled, the lease lost,
outcomes that cannot be written, the sender closing, an error), what the outbox has not
sent is taken back and the calls in flight are waited for before the lease is let go.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import TYPE_CHECKING

from bot.app.broadcast_progress import ProgressMessage
from bot.storage.broadcasts import Outcome
from bot.storage.models import BroadcastRow
from bot.support.group_commit import GroupCommit
from bot.support.waiting import first_done
from bot.telegram.errors import Forbidden, RetryAfter, TelegramError
from bot.telegram.ops import MediaItem, Op, OpResult, SendMediaGroup, SendPhoto, SendText, SendVideo
from bot.telegram.outbox import OutboxClosed, Priority, withdrawn
from dialogs.notices.broadcast import BroadcastState, Content, MediaKind, Message, RecipientState

if TYPE_CHECKING:
    from bot.app.broadcast_send import BroadcastSender

log = logging.getLogger(__name__)

# An outcome that cannot be written is tried again after these pauses (seconds), then
# given up: its place in the window stays taken and the lease is not let go, so nobody
# sends that recipient again before the lease runs out.
_WRITE_PAUSES = (0.5, 1.0, 2.0, 4.0, 8.0)
# Outcomes are written together once this many wait, or this long after the first (a
# transaction each at 25 a second would cost more CPU than the sending); well within the
# window at any rate (a fast broadcast gathers them in milliseconds).
_LINGER, _ENOUGH = 0.2, 32


class BroadcastRun:
    """Sends one claimed broadcast until it is done or stopped."""

    def __init__(self, sender: BroadcastSender, row: BroadcastRow) -> None:
        self.s = sender
        self.row = row
        self.content = Content.from_json(row.content)
        self.rate = sender.tuning.paid_rate if row.paid else sender.tuning.rate
        self.slots = asyncio.Semaphore(sender.tuning.window)
        self.flying: dict[asyncio.Future[OpResult], int] = {}  # future -> chat
        self.recording: set[asyncio.Future[None]] = set()
        self.outcomes = GroupCommit[Outcome](
            self._write,
            "broadcast outcomes",
            linger=_LINGER,
            enough=_ENOUGH,
            sleep=sender.clock.sleep,
        )
        self.progress = ProgressMessage(sender, row)
        self.state: BroadcastState | None = BroadcastState.RUNNING  # None: the lease is lost
        self.halt = asyncio.Event()  # take no more recipients
        self.unwritten = 0  # outcomes given up on

    async def run(self) -> None:
        row = self.row
        log.info("broadcast %s: sending (%s recipients)", row.id, row.total)
        self.progress.show_soon(BroadcastState.RUNNING)
        heartbeat = asyncio.create_task(self._heartbeat())
        try:
            await self._send()
        finally:
            # Stopped (paused, cancelled, lost, closing, an error): what is queued is taken
            # back; gone through every recipient: what is queued goes.
            stopped = self.halt.is_set() or sys.exc_info()[0] is not None
            self.halt.set()
            await self._settle(take_back=stopped)
            heartbeat.cancel()
            await asyncio.gather(heartbeat, return_exceptions=True)
            await self._end()

    async def _send(self) -> None:
        after = 0
        while not self.halt.is_set():
            page = await self.s.store.pending(self.row.id, after, self.s.tuning.page)
            if not page:
                return
            queue = list(reversed(page))
            while queue and not self.halt.is_set():
                granted = await self._unless_halted(self.s.rate.acquire(self.rate, self.row.paid))
                for _ in range(min(granted or 0, len(queue))):
                    if not self.slots.locked():
                        await self.slots.acquire()  # a place is free: at once
                    elif not await self._unless_halted(self.slots.acquire()):
                        return
                    user_id, locale = queue.pop()
                    self._submit(user_id, locale)
                    after = user_id

    async def _unless_halted(self, waiting: Awaitable[int | bool]) -> int | bool | None:
        """What ``waiting`` gives, or None if the run halts first (it is then cancelled)."""
        task = asyncio.ensure_future(waiting)
        halted = asyncio.ensure_future(self.halt.wait())
        await asyncio.wait({task, halted}, return_when=asyncio.FIRST_COMPLETED)
        halted.cancel()
        if task.done():
            return task.result()
        task.cancel()
        return None

    def _submit(self, user_id: int, locale: str) -> None:
        op = message_op(self.content.for_locale(locale), user_id, self.row.paid)
        give_up = self.s.clock.monotonic() + self.s.tuning.retry_for
        try:
            future = self.s.outbox.submit(
                op, Priority.BROADCAST, settle=self._settle_for(user_id), give_up_at=give_up
            )
        except OutboxClosed:
            self.slots.release()
            self.halt.set()
            return
        self.flying[future] = user_id
        future.add_done_callback(self._landed)

    def _landed(self, future: asyncio.Future[OpResult]) -> None:
        self.flying.pop(future, None)
        if withdrawn(future):
            self.slots.release()  # never settled: the recipient stays pending

    def _settle_for(self, user_id: int) -> Callable[[asyncio.Future[OpResult]], Awaitable[None]]:
        # The outbox awaits this before its in-flight slot serves another call; returning at
        # once keeps the slot for Telegram alone, while the recipient's place in the window
        # is held until the outcome is written.
        async def settle(future: asyncio.Future[OpResult]) -> None:
            outcome = outcome_of(user_id, future)
            if outcome is None:  # still refused with 429s: pending, for the next pass
                self.slots.release()
                return
            task = asyncio.ensure_future(self._record(outcome))
            self.recording.add(task)
            task.add_done_callback(self.recording.discard)

        return settle

    async def _record(self, outcome: Outcome) -> None:
        for pause in (*_WRITE_PAUSES, None):
            try:
                await self.outcomes.add(outcome)
            except Exception:
                self.halt.set()  # the database is in trouble: no more sends meanwhile
                if pause is None:
                    self.unwritten += 1
                    log.error("broadcast %s: %s's outcome not written", self.row.id, outcome)
                    return  # its place stays taken: see _WRITE_PAUSES
                await self.s.clock.sleep(pause)
            else:
                self.slots.release()
                return

    async def _write(self, outcomes: list[Outcome]) -> None:
        await self.s.store.record(self.row.id, outcomes)

    async def _heartbeat(self) -> None:
        s = self.s
        renewed = s.clock.monotonic()
        while True:
            if s.stopping.is_set():  # shutting down: renewed while the last calls end
                self.halt.set()
                await s.clock.sleep(s.tuning.renew_every)
            else:
                tick = s.clock.sleep(s.tuning.renew_every)
                await first_done(s.nudged.wait(), s.stopping.wait(), tick)
            s.nudged.clear()
            until = s.clock.now() + timedelta(seconds=s.tuning.lease)
            try:
                self.state = await s.store.renew(self.row.id, s.worker_id, until)
                renewed = s.clock.monotonic()
            except Exception:
                log.exception("broadcast %s: renewing its lease failed", self.row.id)
                if s.clock.monotonic() - renewed > s.tuning.lease / 2:
                    self.state = None  # it may be another's soon: stop before it is
            if self.state is not BroadcastState.RUNNING:
                self.halt.set()
            if self.state is not None:
                await self.progress.show(self.state)

    async def _settle(self, take_back: bool) -> None:
        """What the outbox has not sent is taken back if ``take_back`` (it stays pending);
        the calls in flight end and are recorded (at shutdown, ``close_wait`` at most)."""
        for future, chat in list(self.flying.items()) if take_back else ():
            self.s.outbox.withdraw(chat, future)
        waiting = [*self.flying, *self.recording]
        if waiting:
            # Shielded: giving up the wait at shutdown must not cancel the calls themselves.
            everything = asyncio.shield(asyncio.gather(*waiting, return_exceptions=True))
            if self.s.stopping.is_set():
                await first_done(everything, self.s.clock.sleep(self.s.tuning.close_wait))
            else:
                await everything
        if self.recording and not self.s.stopping.is_set():
            await asyncio.gather(*list(self.recording), return_exceptions=True)
        await self.outcomes.flush()

    async def _end(self) -> None:
        s, row = self.s, self.row
        counts = await s.store.counts(row.id)
        finished = not counts.get(RecipientState.PENDING)
        # Let go only if nothing of it is unaccounted for here: a call still in flight or
        # an outcome not written keeps the lease until it runs out.
        if self.state is not None and not self.flying and not self.unwritten:
            await s.store.release(row.id, s.worker_id, finished)
            done = finished and self.state is BroadcastState.RUNNING
            await self.progress.show(BroadcastState.DONE if done else self.state, force=True)
        log.info("broadcast %s: %s", row.id, "finished" if finished else f"stopped ({self.state})")


def outcome_of(user_id: int, future: asyncio.Future[OpResult]) -> Outcome | None:
    """What Telegram's answer means for a recipient (see bot/app/broadcast_send.py); None:
    still refused with 429s when its retries ran out, so it stays pending."""
    error = future.exception()
    if error is None:
        return Outcome(user_id, RecipientState.SENT)
    if isinstance(error, RetryAfter):
        return None
    if isinstance(error, Forbidden):
        return Outcome(user_id, RecipientState.BLOCKED, error.description)
    if isinstance(error, TelegramError):
        return Outcome(user_id, RecipientState.FAILED, error.description)
    return Outcome(user_id, RecipientState.FAILED, f"{type(error).__name__}: {error}")


def message_op(message: Message, chat_id: int, paid: bool) -> Op:
    """The Bot API call that sends ``message`` to ``chat_id``."""
    text = message.text or None
    if not message.media:
        return SendText(chat_id=chat_id, text=message.text, paid_broadcast=paid)
    if len(message.media) == 1:
        media = message.media[0]
        if media.kind is MediaKind.VIDEO:
            return SendVideo(chat_id, media.file_id, caption=text, paid_broadcast=paid)
        return SendPhoto(chat_id, media.file_id, caption=text, paid_broadcast=paid)
    items = tuple(
        MediaItem(m.kind.value, m.file_id, caption=text if i == 0 else None)
        for i, m in enumerate(message.media)
    )
    return SendMediaGroup(chat_id, items, paid_broadcast=paid)
