"""An album arrives as one update per item sharing a media_group_id; kefu takes it as one
answer. Items are held briefly and handed on as a single event with all their media.

Telegram sends an album's items within a moment of each other, but gives no "last item"
mark, so the album is closed when ``wait`` seconds (on the injected clock) pass without a
new item, or when anything else arrives from the same chat (which must come after it).

An item counts as handled once it is held: a webhook must answer it then, because Telegram
sends the album's next item only after that answer. Polling confirms the items only when the
whole album is done. So by webhook, a crash within ``wait`` of an album loses that album
(the user sees no answer to it and sends it again); by polling nothing is lost.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from dataclasses import replace

from bot.app.handling import Handling
from bot.support.clock import Clock
from dialogs.events import Inbound

Forward = Callable[[Inbound], Handling]


class AlbumCollector:
    """Merges album items per chat before handing events to ``forward``."""

    def __init__(self, clock: Clock, forward: Forward, wait: float = 0.8) -> None:
        self._clock = clock
        self._forward = forward
        self._wait = wait
        self._open: dict[int, list[Inbound]] = {}
        self._timers: dict[int, asyncio.Task[None]] = {}
        self._pending: dict[int, Handling] = {}

    def submit(self, event: Inbound) -> Handling:
        """Hand on ``event`` (after any album it closes); the future is its handling."""
        chat = event.chat_id
        held = self._open.get(chat)
        if event.media_group_id and held and held[0].media_group_id == event.media_group_id:
            held.append(event)
            self._restart_timer(chat)
            return self._held(chat)
        self.flush(chat)
        if event.media_group_id:
            self._open[chat] = [event]
            self._pending[chat] = Handling.pending()
            self._restart_timer(chat)
            return self._held(chat)
        return self._forward(event)

    def _held(self, chat: int) -> Handling:
        handled: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        handled.set_result(None)
        return Handling(handled, self._pending[chat].done)

    def flush(self, chat: int) -> None:
        """Close the chat's open album now, handing it on as one event."""
        items = self._open.pop(chat, None)
        timer = self._timers.pop(chat, None)
        if timer is not None and timer is not asyncio.current_task():
            timer.cancel()
        if not items:
            return
        media = tuple(m for item in items for m in item.media)
        text = next((i.text for i in items if i.text), None)
        ids = tuple(u for item in items for u in item.update_ids)
        messages = tuple(sorted(m for item in items for m in item.message_ids))
        album = replace(items[0], media=media, text=text, update_ids=ids, message_ids=messages)
        self._pending.pop(chat).follow(self._forward(album))

    def flush_all(self) -> None:
        for chat in list(self._open):
            self.flush(chat)

    def _restart_timer(self, chat: int) -> None:
        timer = self._timers.get(chat)
        if timer is not None:
            timer.cancel()
        self._timers[chat] = asyncio.create_task(self._close_later(chat))

    async def _close_later(self, chat: int) -> None:
        with contextlib.suppress(asyncio.CancelledError):
            await self._clock.sleep(self._wait)
            self.flush(chat)
