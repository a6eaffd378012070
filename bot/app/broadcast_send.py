"""The broadcasts' sender: takes a due broadcast (a lease on its row), sends to its pending
recipients in user-id order at the broadcast rate, and records each outcome.

**At most the ones in flight twice.** Only pending rows are sent, and a recipient's place
in the sender's window (``BroadcastTuning.window`` messages handed to the outbox and not yet
recorded) is freed only once its outcome is written (a group commit: one transaction for
whatever ended meanwhile). So after a kill -9 the only recipients who can get the message
again are those whose call Telegram had accepted and whose outcome was not yet written: at
most ``window`` (128 by default; in practice the rate times a write's latency). A lease
renewed every few seconds means a killed instance's broadcast is taken over (by the
restart, or another instance) once it runs out.

**What Telegram answers.** Sent; 403 (blocked, deactivated): blocked, never retried (the
outbox also marks the user, so later audiences leave them out); another 400: failed, with
Telegram's reason; 429: the outbox waits ``retry_after`` and sends that recipient again,
and the whole broadcast pauses as long (bot.app.broadcast_rate); 5xx and timeouts: retried
with backoff for ``BroadcastTuning.retry_for``, then failed.

Pausing and cancelling are a change of the row's state (a button, ``kefu broadcast``, any
instance): the sender reads it at each renewal, stops taking recipients, and lets the ones
in flight end.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta

from bot.app.broadcast_progress import ProgressMessage
from bot.app.broadcast_rate import BroadcastRate
from bot.app.jobs import default_worker_id
from bot.app.render import Renderer
from bot.storage.broadcasts import BroadcastStore, Outcome
from bot.storage.models import BroadcastRow
from bot.support.clock import Clock
from bot.support.group_commit import GroupCommit
from bot.support.waiting import first_done
from bot.telegram.errors import BadRequest, Forbidden, TelegramError
from bot.telegram.ops import MediaItem, Op, OpResult, SendMediaGroup, SendPhoto, SendText, SendVideo
from bot.telegram.outbox import Outbox, OutboxClosed, Priority
from dialogs.notices.broadcast import BroadcastState, Content, MediaKind, Message, RecipientState

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BroadcastTuning:
    """The sender's numbers (seconds unless said otherwise)."""

    rate: float = 25.0  # messages a second (KEFU_BROADCAST_RATE)
    paid_rate: float = 1000.0  # with allow_paid_broadcast (KEFU_BROADCAST_PAID_RATE)
    poll_every: float = 2.0  # a look for due broadcasts (another instance may queue one)
    lease: float = 30.0  # how long a claim holds without renewal
    renew_every: float = 3.0  # the lease renewed, and the state read (pause, cancel)
    page: int = 500  # pending recipients read at once
    window: int = 128  # messages handed to the outbox and not yet recorded, at most
    progress_every: float = 5.0  # the admin's progress message edited at most this often
    retry_for: float = 300.0  # 5xx and timeouts retried this long, then failed


class BroadcastSender:
    """Sends the due broadcasts, one at a time per instance (see the module)."""

    def __init__(
        self,
        store: BroadcastStore,
        outbox: Outbox,
        clock: Clock,
        rate: BroadcastRate,
        renderer: Renderer,
        tuning: BroadcastTuning | None = None,
        worker_id: str | None = None,
    ) -> None:
        self._store = store
        self._outbox = outbox
        self._clock = clock
        self._rate = rate
        self._renderer = renderer
        self.tuning = tuning or BroadcastTuning()
        self.worker_id = worker_id or default_worker_id()
        self._woken = asyncio.Event()
        self._stopping = False
        self._task: asyncio.Task[None] | None = None

    def wake(self) -> None:
        """Look for due broadcasts now (one was queued, resumed or cancelled)."""
        self._woken.set()

    async def start(self) -> None:
        if self._task is None:
            self._stopping = False
            self._task = asyncio.create_task(self._loop(), name="broadcasts")

    async def close(self) -> None:
        """Stop taking recipients; the ones in flight end and are recorded first."""
        self._stopping = True
        self._woken.set()
        task, self._task = self._task, None
        if task is not None:
            await task

    def slow_down(self, seconds: float, priority: Priority) -> None:
        """Telegram answered a broadcast message with 429: every sender waits as long."""
        if priority is Priority.BROADCAST:
            task = asyncio.ensure_future(self._rate.pause(seconds))
            task.add_done_callback(_log_failure)

    async def run_once(self) -> bool:
        """Send one due broadcast to its end (or its pause); whether there was one."""
        lease_until = self._clock.now() + timedelta(seconds=self.tuning.lease)
        row = await self._store.claim(self.worker_id, lease_until, dead=gone)
        if row is None:
            return False
        await _Run(self, row).run()
        return True

    async def _loop(self) -> None:
        while not self._stopping:
            self._woken.clear()
            try:
                busy = await self.run_once()
            except Exception:
                log.exception("sending broadcasts failed; trying again")
                busy = False
            if not busy and not self._stopping:
                await first_done(self._woken.wait(), self._clock.sleep(self.tuning.poll_every))


class _Run:
    """One broadcast being sent by this instance."""

    def __init__(self, sender: BroadcastSender, row: BroadcastRow) -> None:
        self.s = sender
        self.row = row
        self.content = Content.from_json(row.content)
        self.rate = sender.tuning.paid_rate if row.paid else sender.tuning.rate
        self.slots = asyncio.Semaphore(sender.tuning.window)
        self.flying: set[asyncio.Future[OpResult]] = set()
        self.recording: set[asyncio.Future[None]] = set()
        self.outcomes = GroupCommit[Outcome](self._write, "broadcast outcomes")
        self.progress = ProgressMessage(sender, row)
        self.renewed = sender._clock.monotonic()

    async def run(self) -> None:
        s, row = self.s, self.row
        log.info("broadcast %s: sending (%s recipients)", row.id, row.total)
        state: BroadcastState | None = BroadcastState.RUNNING
        await self.progress.show(state, force=True)
        after = 0
        try:
            while state is BroadcastState.RUNNING and not s._stopping:
                page = await s._store.pending(row.id, after, s.tuning.page)
                if not page:
                    break
                queue = list(reversed(page))
                while queue and state is BroadcastState.RUNNING and not s._stopping:
                    granted = await s._rate.acquire(self.rate)
                    for _ in range(min(granted, len(queue))):
                        await self.slots.acquire()
                        user_id, locale = queue.pop()
                        self._submit(user_id, locale)
                        after = user_id
                    state = await self._checkpoint()
            await self._settled()
        finally:
            left = await s._store.counts(row.id)
            finished = not left.get(RecipientState.PENDING)
            if state is not None:  # None: another instance holds it now
                await s._store.release(row.id, s.worker_id, finished)
                done = finished and state is BroadcastState.RUNNING
                shown = BroadcastState.DONE if done else state
                await self.progress.show(shown, force=True, counts=left)
        log.info("broadcast %s: %s", row.id, "finished" if finished else f"stopped ({state})")

    def _submit(self, user_id: int, locale: str) -> None:
        op = message_op(self.content.for_locale(locale), user_id, self.row.paid)
        give_up = self.s._clock.monotonic() + self.s.tuning.retry_for
        try:
            future = self.s._outbox.submit(
                op, Priority.BROADCAST, settle=self._settle_for(user_id), give_up_at=give_up
            )
        except OutboxClosed:
            self.slots.release()
            return
        self.flying.add(future)
        future.add_done_callback(self._landed)

    def _landed(self, future: asyncio.Future[OpResult]) -> None:
        self.flying.discard(future)
        if future.cancelled() or isinstance(future.exception(), OutboxClosed):
            self.slots.release()  # never settled: the recipient stays pending

    def _settle_for(self, user_id: int) -> Callable[[asyncio.Future[OpResult]], Awaitable[None]]:
        # The outbox awaits this before its in-flight slot serves another call; returning at
        # once keeps the slot for Telegram alone, while the recipient's place in the window
        # is held until the outcome is written (so a kill doubles at most the window).
        async def settle(future: asyncio.Future[OpResult]) -> None:
            task = asyncio.ensure_future(self._record(outcome_of(user_id, future)))
            self.recording.add(task)
            task.add_done_callback(self.recording.discard)

        return settle

    async def _record(self, outcome: Outcome) -> None:
        try:
            await self.outcomes.add(outcome)
        finally:
            self.slots.release()

    async def _write(self, outcomes: list[Outcome]) -> None:
        await self.s._store.record(self.row.id, outcomes)

    async def _checkpoint(self) -> BroadcastState | None:
        """Every ``renew_every``: the lease renewed, the state read, the progress shown."""
        now = self.s._clock.monotonic()
        if now - self.renewed < self.s.tuning.renew_every:
            return BroadcastState.RUNNING
        self.renewed = now
        until = self.s._clock.now() + timedelta(seconds=self.s.tuning.lease)
        state = await self.s._store.renew(self.row.id, self.s.worker_id, until)
        if state is not None:
            await self.progress.show(state)
        return state

    async def _settled(self) -> None:
        """The messages in flight end (sent, or failed for good) and are recorded."""
        if self.flying:
            await asyncio.gather(*list(self.flying), return_exceptions=True)
        if self.recording:
            await asyncio.gather(*list(self.recording), return_exceptions=True)
        await self.outcomes.flush()


def gone(owner: str) -> bool:
    """Whether a broadcast's owner (a worker id: host, pid, tail) is a process of this machine
    that no longer runs: a restart after a kill -9 then carries on at once rather than after
    the dead one's lease. Another machine's owner is never known gone (its lease tells)."""
    host, _, rest = owner.partition(":")
    pid = rest.partition(":")[0]
    if host != socket.gethostname()[:40] or not pid.isdigit() or int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except OSError:  # alive, or not ours to ask about
        return False
    return False


def outcome_of(user_id: int, future: asyncio.Future[OpResult]) -> Outcome:
    """What Telegram's answer means for a recipient (see the module)."""
    error = future.exception()
    if error is None:
        return Outcome(user_id, RecipientState.SENT)
    if isinstance(error, Forbidden):
        return Outcome(user_id, RecipientState.BLOCKED, error.description)
    if isinstance(error, BadRequest | TelegramError):
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


def _log_failure(task: asyncio.Future[None]) -> None:
    with contextlib.suppress(asyncio.CancelledError):
        if task.exception() is not None:
            log.warning("pausing the broadcasts failed: %s", task.exception())
