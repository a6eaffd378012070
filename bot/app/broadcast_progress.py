"""The admin's progress message: one message in the chat the broadcast was confirmed in,
edited as it goes (at most every ``BroadcastTuning.progress_every`` seconds, and only when
it says something new): sent, blocked, failed, remaining, rate, ETA, and its buttons.

It is kefu's own word, not the broadcast: it goes at the notices' priority, and a failure
to show it is logged, never a reason to stop sending.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from typing import TYPE_CHECKING

from bot.storage.models import BroadcastRow
from bot.telegram.errors import TelegramError
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
        self._shown: str | None = None
        self._at = float("-inf")
        self._samples: deque[tuple[float, int]] = deque()  # (clock seconds, settled)

    async def show(
        self, state: BroadcastState, *, force: bool = False, counts: dict[str, int] | None = None
    ) -> None:
        """Show the progress now if it is time (``force``: at the start and the end)."""
        s, row = self._s, self._row
        now = s._clock.monotonic()
        if row.progress_chat is None or (not force and now - self._at < s.tuning.progress_every):
            return
        self._at = now
        counts = counts if counts is not None else await s._store.counts(row.id)
        progress = Progress.of(counts, self._rate(now, Progress.of(counts).done))
        if state.finished:
            progress = Progress.of(counts)  # no rate or ETA once it is over
        view = progress_view(row.id, state, progress, row.audience)
        text = s._renderer.text(view, row.locale)
        buttons = s._renderer.keyboard(view.buttons, row.locale)
        if text == self._shown:
            return
        self._shown = text
        try:
            if self._message_id is None:
                op = SendText(chat_id=row.progress_chat, text=text, buttons=buttons)
                sent = await s._outbox.send(op, Priority.NOTICE)
                self._message_id = sent.message_ids[0]
                await s._store.set_progress(row.id, row.progress_chat, self._message_id)
            else:
                edit = EditText(row.progress_chat, self._message_id, text, buttons=buttons)
                s._outbox.submit(edit, Priority.NOTICE).add_done_callback(_logged)
        except (TelegramError, OutboxClosed) as exc:
            log.warning("broadcast %s: its progress could not be shown: %s", row.id, exc)

    def _rate(self, now: float, settled: int) -> float | None:
        """Recipients settled a second over the last ``_RATE_OVER`` seconds (None at first)."""
        self._samples.append((now, settled))
        while len(self._samples) > 2 and now - self._samples[1][0] >= _RATE_OVER:
            self._samples.popleft()
        first_at, first = self._samples[0]
        if now - first_at <= 0:
            return None
        return (settled - first) / (now - first_at)


def _logged(future: asyncio.Future[OpResult]) -> None:
    if not future.cancelled() and future.exception() is not None:
        log.info("a broadcast's progress was not edited: %s", future.exception())
