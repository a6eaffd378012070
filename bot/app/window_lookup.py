"""The dialogs' WindowLookup port over the windows' store.

The dialogs may ask on every report, so the windows that can still be on are read once per
``ttl`` seconds and each question is answered from them with the caller's time: a window
made or ended from a terminal is seen within ``ttl``.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.storage.windows import StoredWindow, WindowStore
from bot.support.clock import Clock
from dialogs.notices.windows import Window


class StoreWindowLookup:
    """Maintenance windows, as the dialogs see them."""

    def __init__(self, windows: WindowStore, clock: Clock, ttl: float = 10.0) -> None:
        self._windows = windows
        self._clock = clock
        self._ttl = ttl
        self._read: tuple[float, list[StoredWindow]] | None = None

    async def active(self, now: datetime) -> list[tuple[int, Window]]:
        return [(w.id, w.window) for w in await self._live() if w.window.current(now) is not None]

    async def starting_within(self, now: datetime, lead: timedelta) -> list[tuple[int, Window]]:
        return [
            (w.id, w.window)
            for w in await self._live()
            if w.window.starting_within(now, lead) is not None
        ]

    def forget(self) -> None:
        """Read the windows afresh at the next question: an admin just made or ended one
        here, and must not see it otherwise for ``ttl`` seconds."""
        self._read = None

    async def _live(self) -> list[StoredWindow]:
        at = self._clock.monotonic()
        if self._read is None or at - self._read[0] >= self._ttl:
            self._read = (at, await self._windows.live())
        return self._read[1]
