"""The admin's progress message: one message in the chat the broadcast was confirmed in,
edited as it goes (at most every ``BroadcastTuning.progress_every`` seconds, and only when
it says something new): sent, blocked, failed, remaining, rate, ETA, and its buttons.

It is kefu's own word, not the broadcast: it goes at the notices' priority, is never waited
for by the sending, and a failure to show it is logged, never a reason to stop. A progress
message the admin deleted is sent again at the next look.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from typing import TYPE_CHECKING

from bot.storage.models import BroadcastRow
from bot.telegram.errors import BadRequest, TelegramError
from bot.telegram.ops import EditText, OpResult, SendText
from bot.telegram.outbox import OutboxClosed, Priority
from dialogs.notices.broadcast import BroadcastState, Progress
from dialogs.notices.progress import progress_view

if TYPE_CHECKING:
    from bot.app.broadcast_send import BroadcastSender

log = logging.getLogger(__name__)

# The rate shown is over about this many seconds (the samples of the last few looks).
_RATE_OVER = 30.0


class ProgressMessage:
    """Shows one broadcast's progress to the admin who confirmed it (none for a script's)."""

    def __init__(self, sender: BroadcastSender, row: BroadcastRow) -> None:
        self._s = sender
        self._row = row
        self._message_id = row.progress_message
        self._sending: asyncio.Future[OpResult] | None = None  # the first, not answered yet
        self._then: BroadcastState | None = None  # to show once the first is answered
        self._asked = 0  # looks begun: only the latest may show what it read
        self._shown: str | None = None
        self._at = float("-inf")
        self._samples: deque[tuple[float, int]] = deque()  # (clock seconds, settled)

    def show_soon(self, state: BroadcastState) -> None:
        """Show the progress without waiting for it (the start of the sending)."""
        task = asyncio.ensure_future(self.show(state, force=True))
        task.add_done_callback(_logged)

    async def show(self, state: BroadcastState, *, force: bool = False) -> None:
        """Show the progress now if it is time (``force``: at the start and the end)."""
        s, row = self._s, self._row
        now = s.clock.monotonic()
        if row.progress_chat is None or (not force and now - self._at < s.tuning.progress_every):
            return
        self._at = now
        self._asked += 1
        asked = self._asked
        counts = await s.store.counts(row.id)
        if asked != self._asked:
            # A later look began while this one read (the start's, slow, and the end's):
            # what this one read is older, and showing it after the later one would put a
            # finished broadcast back to "sending".
            return
        rate = self._rate(now, Progress.of(counts).done)
        # No rate or ETA unless it is going.
        progress = Progress.of(counts, rate if state is BroadcastState.RUNNING else None)
        view = progress_view(row.id, state, progress, row.audience)
        text = s.renderer.text(view, row.locale)
        if text == self._shown:
            return
        if self._sending is not None:
            # The first message is still on its way (the admin's chat keeps Telegram's
            # pace): it is edited to this once it lands. A small broadcast can end before
            # then, and nothing would show it again.
            self._then = state
            return
        self._shown = text
        buttons = s.renderer.keyboard(view.buttons, row.locale)
        try:
            if self._message_id is None:
                op = SendText(chat_id=row.progress_chat, text=text, buttons=buttons)
                self._sending = s.outbox.submit(op, Priority.NOTICE)
                self._sending.add_done_callback(self._sent)
            else:
                edit = EditText(row.progress_chat, self._message_id, text, buttons=buttons)
                s.outbox.submit(edit, Priority.NOTICE).add_done_callback(self._edited)
        except OutboxClosed:
            pass  # shutting down: the next start shows it

    def _sent(self, future: asyncio.Future[OpResult]) -> None:
        self._sending = None
        then, self._then = self._then, None
        if future.cancelled() or future.exception() is not None:
            self._shown = None  # tried again at the next look
            log.info("broadcast %s: its progress was not shown", self._row.id)
        else:
            self._message_id = future.result().message_ids[0]
            task = asyncio.ensure_future(
                self._s.store.set_progress(self._row.id, self._row.progress_chat, self._message_id)  # type: ignore[arg-type]
            )
            task.add_done_callback(_logged)
        if then is not None:  # a state that came while it was on its way (see show)
            asyncio.ensure_future(self.show(then, force=True)).add_done_callback(_logged)

    def _edited(self, future: asyncio.Future[OpResult]) -> None:
        if future.cancelled() or future.exception() is None:
            return
        error = future.exception()
        if isinstance(error, BadRequest) and "not found" in error.description:
            self._message_id = None  # deleted: a new one at the next look
        self._shown = None
        if isinstance(error, TelegramError | OutboxClosed):
            log.info("broadcast %s: its progress was not edited: %s", self._row.id, error)

    def _rate(self, now: float, settled: int) -> float | None:
        """Recipients settled a second over the last ``_RATE_OVER`` seconds (None at first)."""
        self._samples.append((now, settled))
        while len(self._samples) > 2 and now - self._samples[1][0] >= _RATE_OVER:
            self._samples.popleft()
        first_at, first = self._samples[0]
        if now - first_at <= 0:
            return None
        return (settled - first) / (now - first_at)


def _logged(future: asyncio.Future[None]) -> None:
    if not future.cancelled() and future.exception() is not None:
        log.warning("a broadcast's progress: %s", future.exception())
