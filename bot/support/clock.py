"""One clock for everything time-dependent in kefu.

The engine, timers, the outbox and the Bot API double all take a :class:`Clock`, so
tests can move time forward (:class:`ManualClock`) instead of sleeping for real.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import time
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """What kefu asks of time: wall time (aware, UTC), a monotonic reading, and sleeping."""

    def now(self) -> datetime: ...

    def monotonic(self) -> float: ...

    async def sleep(self, seconds: float) -> None: ...


class SystemClock:
    """The real clock."""

    def now(self) -> datetime:
        return datetime.now(UTC)

    def monotonic(self) -> float:
        return time.monotonic()

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(max(0.0, seconds))


class ManualClock:
    """A clock that only moves when a test calls :meth:`advance`.

    Sleepers wake, in deadline order, when the clock passes their deadline; ``sleep(0)``
    (or a negative delay) only yields to the event loop, as ``asyncio.sleep(0)`` does.
    """

    def __init__(self, start: datetime | None = None) -> None:
        self._wall0 = start or datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
        self._elapsed = 0.0
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._seq = itertools.count()

    def now(self) -> datetime:
        return self._wall0 + timedelta(seconds=self._elapsed)

    def monotonic(self) -> float:
        return self._elapsed

    async def sleep(self, seconds: float) -> None:
        if seconds <= 0:
            await asyncio.sleep(0)
            return
        fut: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._sleepers, (self._elapsed + seconds, next(self._seq), fut))
        await fut

    @property
    def sleepers(self) -> int:
        """How many tasks are waiting on this clock (tests wait for this to reach a count)."""
        return sum(1 for _, _, f in self._sleepers if not f.done())

    def advance(self, seconds: float) -> None:
        """Move time forward and wake every sleeper whose deadline has come."""
        if seconds < 0:
            raise ValueError("time only moves forward")
        self._elapsed += seconds
        while self._sleepers and self._sleepers[0][0] <= self._elapsed:
            _, _, fut = heapq.heappop(self._sleepers)
            if not fut.done():
                fut.set_result(None)


class JumpClock(SystemClock):
    """Real time, except that the wall clock can be moved forward by hand: everything
    that waits (sleeps, timeouts, rate limits) runs at real speed, while what counts days
    and hours by the wall clock (the desk's SLA, auto-resolve, closing) sees them pass.
    For scenario tests and demonstrations of timers that are hours long."""

    def __init__(self) -> None:
        self.ahead = timedelta()

    def now(self) -> datetime:
        return super().now() + self.ahead

    def jump(self, by: timedelta) -> None:
        """Move the wall clock forward by ``by``."""
        if by < timedelta():
            raise ValueError("time only moves forward")
        self.ahead += by
