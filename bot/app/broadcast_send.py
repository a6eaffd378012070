"""The broadcasts' sender: takes a due broadcast (a lease on its row), sends to its pending
recipients in user-id order at the broadcast rate, and records each outcome
(bot/app/broadcast_run.py sends one broadcast).

**At most the ones in flight twice.** Only pending rows are sent, and a recipient's place
in the sender's window (``BroadcastTuning.window`` messages handed to the outbox and not yet
recorded) is freed only once its outcome is written (a group commit: one transaction for
whatever ended meanwhile). So after a kill -9 the only recipients who can get the message
again are those whose call Telegram had accepted and whose outcome was not yet written: at
most ``window`` (128 by default; in practice the rate times a write's latency). A lease
renewed every second by a heartbeat means a killed instance's broadcast is taken over (by
another instance once it runs out; by a restart on the same machine at once, its process
being gone).

**What Telegram answers.** Sent; 403 (blocked, deactivated): blocked, never retried (the
outbox also marks the user, so later audiences leave them out); another 400: failed, with
Telegram's reason; 429: the outbox waits ``retry_after`` and sends that recipient again, and
every broadcast pauses as long (bot.app.broadcast_rate, and the outbox holds its broadcast
lanes); 5xx and timeouts: retried with backoff for ``BroadcastTuning.retry_for``, then
failed. A recipient still refused with 429s at that point stays pending, for the next pass.

Pausing and cancelling are a change of the row's state (a button, ``kefu broadcast``, any
instance): the heartbeat reads it (at once when this process made the move), the sender
takes back what the outbox has not sent yet, and lets the calls in flight end.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass
from datetime import timedelta

from bot.app.broadcast_progress import ProgressMessage
from bot.app.broadcast_rate import BroadcastRate
from bot.app.broadcast_run import BroadcastRun
from bot.app.render import Renderer
from bot.storage.broadcasts import BroadcastStore
from bot.support.clock import Clock
from bot.support.instance import gone, worker_id_here
from bot.support.waiting import first_done
from bot.telegram.outbox import Outbox, Priority

log = logging.getLogger(__name__)

# A broadcast whose sending keeps failing (a bug, a message Telegram's library cannot even
# build) is set aside in this process after this many tries in a row, so later ones go.
_TRIES = 5


@dataclass(frozen=True)
class BroadcastTuning:
    """The sender's numbers (seconds unless said otherwise)."""

    rate: float = 25.0  # messages a second (KEFU_BROADCAST_RATE)
    paid_rate: float = 1000.0  # with allow_paid_broadcast (KEFU_BROADCAST_PAID_RATE)
    poll_every: float = 2.0  # a look for due broadcasts (another instance may queue one)
    lease: float = 30.0  # how long a claim holds without renewal
    renew_every: float = 1.0  # the lease renewed, and the state read (pause, cancel)
    page: int = 500  # pending recipients read at once
    window: int = 128  # messages handed to the outbox and not yet recorded, at most
    progress_every: float = 5.0  # the admin's progress message edited at most this often
    retry_for: float = 300.0  # 5xx and timeouts retried this long, then failed
    close_wait: float = 5.0  # at shutdown, how long calls in flight are waited for


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
        self.store = store
        self.outbox = outbox
        self.clock = clock
        self.rate = rate
        self.renderer = renderer
        self.tuning = tuning or BroadcastTuning()
        self.worker_id = worker_id or worker_id_here()
        self.stopping = asyncio.Event()
        self.nudged = asyncio.Event()  # a move made here: the state is read at once
        self._woken = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._failures: dict[int, int] = {}
        self._side: set[asyncio.Task[None]] = set()

    def wake(self) -> None:
        """Look for due broadcasts now, and at the one being sent (one was queued, or one
        was paused, resumed or cancelled here)."""
        self._woken.set()
        self.nudged.set()

    def moved(self, broadcast_id: int) -> None:
        """An admin moved a broadcast here: the one being sent notices at once; another
        one's progress message shows its new state."""
        self.wake()
        task = asyncio.ensure_future(self._show_moved(broadcast_id))
        self._side.add(task)
        task.add_done_callback(self._side.discard)

    async def _show_moved(self, broadcast_id: int) -> None:
        try:
            info = await self.store.get(broadcast_id)
            if info is not None and info.row.owner is None:  # nobody sending it shows it
                await ProgressMessage(self, info.row).show(info.state, force=True)
        except Exception:
            log.exception("showing broadcast %s's new state failed", broadcast_id)

    async def start(self) -> None:
        if self._task is None:
            self.stopping.clear()
            self._task = asyncio.create_task(self._loop(), name="broadcasts")

    async def close(self) -> None:
        """Stop taking recipients; what the outbox has not sent is taken back (it stays
        pending), the calls in flight are waited for (``close_wait`` at most)."""
        self.stopping.set()
        self._woken.set()
        task, self._task = self._task, None
        if task is not None:
            await task
        if self._side:
            await asyncio.gather(*self._side, return_exceptions=True)

    def slow_down(self, seconds: float, priority: Priority) -> None:
        """Telegram answered a broadcast message with 429: every sender waits as long."""
        if priority is Priority.BROADCAST:
            task = asyncio.ensure_future(self.rate.pause(seconds))
            task.add_done_callback(_log_failure)

    async def run_once(self) -> bool:
        """Send one due broadcast to its end (or its pause); whether there was one."""
        lease_until = self.clock.now() + timedelta(seconds=self.tuning.lease)
        aside = {b for b, n in self._failures.items() if n >= _TRIES}
        row = await self.store.claim(self.worker_id, lease_until, dead=gone, exclude=aside)
        if row is None:
            return False
        try:
            await BroadcastRun(self, row).run()
        except Exception:
            tries = self._failures[row.id] = self._failures.get(row.id, 0) + 1
            log.exception("broadcast %s: sending failed (%s of %s tries)", row.id, tries, _TRIES)
            if tries >= _TRIES:
                log.error("broadcast %s is set aside until kefu restarts", row.id)
            raise
        self._failures.pop(row.id, None)
        return True

    async def _loop(self) -> None:
        while not self.stopping.is_set():
            self._woken.clear()
            try:
                busy = await self.run_once()
            except Exception:
                log.exception("sending broadcasts failed; trying again")
                busy = False
            if not busy and not self.stopping.is_set():
                await first_done(self._woken.wait(), self.clock.sleep(self.tuning.poll_every))


def _log_failure(task: asyncio.Future[None]) -> None:
    with contextlib.suppress(asyncio.CancelledError):
        if task.exception() is not None:
            log.warning("pausing the broadcasts failed: %s", task.exception())
